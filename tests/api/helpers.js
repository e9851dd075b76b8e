'use strict';
/*
 * helpers.js — what the black-box API tests share: starting a server on a
 * fresh temporary database (under AddressSanitizer), the CLI, an HTTP
 * client with cookie and bearer sign-in, valid organisation numbers, error
 * assertions, and "nothing was written" checks via the audit chain.
 *
 * Not a test file itself (node --test runs only *.test.js).
 */
const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.resolve(ROOT, process.env.KUNDVAL_BIN || 'build/san/kundval');
const RULES = path.join(ROOT, 'rules');
const DATA = path.join(ROOT, 'data');
const LIMIT_BODY = 1048576;
const PASSWORD = 'correct horse battery';

/* Sanitizer reports in a process's stderr: each is a bug. */
const SANITIZER_RE = /ERROR: AddressSanitizer|LeakSanitizer|runtime error/;

function assertNoSanitizerReport(stderr, what) {
  assert.doesNotMatch(stderr, SANITIZER_RE,
    `${what}: sanitizer report on stderr:\n${stderr}`);
}

/* ---- the command line ---------------------------------------------- */

function cli(args, { env = {}, input } = {}) {
  const r = spawnSync(BIN, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    input: input === undefined ? '' : input,
    encoding: 'utf8',
    /* A guard against a hung command, not a measure: \`kundval demo\`
     * takes about a minute under the sanitizers on a busy machine. */
    timeout: 300000,
  });
  if (r.error) throw r.error;
  assertNoSanitizerReport(r.stderr, `kundval ${args.join(' ')}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function cliOk(args, opts) {
  const r = cli(args, opts);
  assert.equal(r.status, 0,
    `kundval ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r;
}

function tempDb(label) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kundval-${label}-`));
  return { dir, db: path.join(dir, 'kundval.db') };
}

function initDb(db) {
  return cliOk(['init', '--db', db, '--rules', RULES, '--data', DATA]);
}

function addUserCli(db, { username, role, displayName, providerId,
  password = PASSWORD }) {
  const args = ['user', 'add', '--db', db, '--rules', RULES, '--data', DATA,
    '--username', username, '--role', role,
    '--display-name', displayName || username];
  if (providerId) args.push('--provider-id', String(providerId));
  return cliOk(args, { env: { KUNDVAL_PASSWORD: password } });
}

/* ---- the server ----------------------------------------------------- */

/* Servers this process started; killed by pid if the tests end without
 * stopping them (a failed before() hook), so no server outlives the run. */
const live = new Set();
process.on('exit', () => {
  for (const p of live) p.kill('SIGKILL');
});

class Server {
  constructor(db, { today } = {}) {
    this.db = db;
    this.today = today;
    this.stderr = '';
    this.stdout = '';
    this.proc = null;
    this.base = null;
  }

  start() {
    const env = { ...process.env };
    if (this.today) env.KUNDVAL_TODAY = this.today;
    else delete env.KUNDVAL_TODAY;
    this.stderr = '';
    this.stdout = '';
    this.proc = spawn(BIN, ['serve', '--db', this.db, '--rules', RULES,
      '--data', DATA, '--port', '0', '--bind', '127.0.0.1'],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(this.proc);
    this.proc.on('exit', () => live.delete(this.proc));
    this.exited = new Promise((resolve) => {
      this.proc.on('exit', (code, signal) => resolve({ code, signal }));
    });
    this.proc.stderr.setEncoding('utf8');
    this.proc.stderr.on('data', (d) => { this.stderr += d; });
    this.proc.stdout.setEncoding('utf8');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(
        `server did not start in 30 s; stderr:\n${this.stderr}`)), 30000);
      this.proc.stdout.on('data', (d) => {
        this.stdout += d;
        const m = /kundval: listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(
          this.stdout);
        if (m && !this.base) {
          this.base = m[1];
          clearTimeout(timer);
          resolve(this);
        }
      });
      this.exited.then(({ code, signal }) => {
        if (!this.base) {
          clearTimeout(timer);
          reject(new Error(`server exited (${code}, ${signal}) before` +
            ` listening; stderr:\n${this.stderr}`));
        }
      });
    });
  }

  /* SIGTERM; resolves with the exit status once the process is gone. */
  async stop() {
    if (!this.proc) return null;
    const proc = this.proc;
    this.proc = null;
    this.base = null;
    if (proc.exitCode === null && proc.signalCode === null)
      proc.kill('SIGTERM');
    const kill = setTimeout(() => proc.kill('SIGKILL'), 20000);
    const r = await this.exited;
    clearTimeout(kill);
    return { ...r, stderr: this.stderr };
  }

  /* Stop and assert a clean exit: status 0, no sanitizer report. */
  async stopClean() {
    const r = await this.stop();
    if (!r) return;
    assertNoSanitizerReport(r.stderr, 'kundval serve');
    assert.equal(r.signal, null, `server died of ${r.signal}: ${r.stderr}`);
    assert.equal(r.code, 0, `server exited ${r.code}: ${r.stderr}`);
  }

  async restart(today) {
    await this.stopClean();
    this.today = today;
    await this.start();
  }
}

/* ---- HTTP ------------------------------------------------------------ */

/*
 * One request.  opts: body (an object, JSON-encoded), raw (a string sent
 * as is), type (the Content-Type; application/json by default when there
 * is a body), as (a session: {cookie} or {token}), headers.
 * Returns {status, headers, text, json}.
 */
async function request(server, method, urlPath, opts = {}) {
  const headers = { ...(opts.headers || {}) };
  let body;
  if (opts.raw !== undefined) body = opts.raw;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined && opts.type !== null && !('Content-Type' in headers))
    headers['Content-Type'] = opts.type || 'application/json';
  if (opts.as && opts.as.cookie) headers.Cookie = opts.as.cookie;
  if (opts.as && opts.as.token) headers.Authorization = `Bearer ${opts.as.token}`;
  const init = { method, headers, body };
  if (body && typeof body.getReader === 'function') init.duplex = 'half';  /* chunked */
  const res = await fetch(server.base + urlPath, init);
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { json = null; }
  return { status: res.status, headers: res.headers, text, json };
}

/* A bound client for one server. */
function client(server) {
  const c = (method, p, opts) => request(server, method, p, opts);
  c.get = (p, opts) => request(server, 'GET', p, opts);
  c.post = (p, body, opts = {}) => request(server, 'POST', p, { ...opts, body });
  c.put = (p, body, opts = {}) => request(server, 'PUT', p, { ...opts, body });
  c.del = (p, opts) => request(server, 'DELETE', p, opts);
  return c;
}

/* Sign in; returns {cookie, user}. */
async function login(server, username, password = PASSWORD) {
  const r = await request(server, 'POST', '/api/v1/session',
    { body: { username, password } });
  assert.equal(r.status, 201, `sign-in of ${username}: ${r.text}`);
  const set = r.headers.get('set-cookie') || '';
  const m = /kv_session=([0-9a-f]+)/.exec(set);
  assert.ok(m, `no kv_session cookie in "${set}"`);
  return { cookie: `kv_session=${m[1]}`, user: r.json.user };
}

/* ---- assertions ----------------------------------------------------- */

/* The documented error shape with the given status, code and field. */
function assertError(res, status, { code, field } = {}) {
  assert.equal(res.status, status,
    `expected ${status}, got ${res.status}: ${res.text}`);
  assert.ok(res.json && typeof res.json.error === 'object',
    `no {"error":…} body: ${res.text}`);
  const e = res.json.error;
  assert.equal(typeof e.code, 'string');
  assert.equal(typeof e.message, 'string');
  assert.ok(e.message.length > 0, 'empty error message');
  assert.equal(typeof e.field, 'string');
  if (code !== undefined)
    assert.equal(e.code, code, `error code: ${res.text}`);
  if (field !== undefined)
    assert.equal(e.field, field, `error field: ${res.text}`);
  return e;
}

function assertStatus(res, status) {
  assert.equal(res.status, status,
    `expected ${status}, got ${res.status}: ${res.text}`);
  return res.json;
}

/* ---- organisation numbers ------------------------------------------- */

function luhnCheckDigit(nine) {
  let sum = 0;
  for (let i = 0; i < nine.length; i++) {
    let v = nine.charCodeAt(i) - 48;
    if (i % 2 === 0) { v *= 2; if (v > 9) v -= 9; }
    sum += v;
  }
  return String((10 - (sum % 10)) % 10);
}

function luhnValid(ten) {
  return luhnCheckDigit(ten.slice(0, 9)) === ten[9];
}

let orgSeq = Math.floor(Math.random() * 500000);
/* A fresh valid organisation number "559NNN-NNNC" (10 digits, the third
 * digit at least 2, a hyphen after six). */
function newOrgnr() {
  orgSeq = (orgSeq + 1) % 1000000;
  const nine = '559' + String(orgSeq).padStart(6, '0');
  const ten = nine + luhnCheckDigit(nine);
  return `${ten.slice(0, 6)}-${ten.slice(6)}`;
}

/* The same number with a wrong check digit. */
function badChecksum(orgnr) {
  const digits = orgnr.replace('-', '');
  const wrong = String((Number(digits[9]) + 1) % 10);
  return `${digits.slice(0, 6)}-${digits.slice(6, 9)}${wrong}`;
}

let personSeq = Math.floor(Math.random() * 9000);
/* A fresh valid personnummer "YYYYMMDD-NNNC" for someone born in 1985–1994
 * (12 digits; the Luhn digit over the last ten, as for organisations). */
function newPnr() {
  personSeq = (personSeq + 1) % 100000;
  const year = 1985 + (personSeq % 10);
  const day = String(1 + (Math.floor(personSeq / 10) % 28)).padStart(2, '0');
  const serial = String(Math.floor(personSeq / 280) % 1000).padStart(3, '0');
  const nine = `${String(year).slice(2)}03${day}${serial}`;
  return `${year}03${day}-${serial}${luhnCheckDigit(nine)}`;
}

/* A registration body for POST /api/v1/jobseekers (A-1's inputs). */
function jobseekerBody(programmeId, extra = {}) {
  return {
    programme_id: programmeId, personnummer: newPnr(), given_name: 'Amal',
    family_name: 'Testsson', municipality: '0180', unemployed_since: '2024-06-01',
    age_band: '25-34', gender: 'woman', birth_region: 'outside_europe',
    education: 'upper_secondary', disability: false, ui_member: true,
    occupation: '5120', previous_registrations: 0, lang: 'sv', ...extra,
  };
}

/* Register a jobseeker as a case officer; returns the record and its pnr. */
async function registerJobseeker(world, officer, programmeId, extra = {}) {
  const body = jobseekerBody(programmeId, extra);
  const r = await world.api.post('/api/v1/jobseekers', body, { as: officer });
  assert.equal(r.status, 201, `jobseeker: ${r.text}`);
  return { ...r.json, pnr: body.personnummer };
}

/* The smallest PDF a certificate could be, base64-encoded (P-8). */
const PDF_BASE64 = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')
  .toString('base64');

/* ---- a world: a temp database, an admin and a running server --------- */

let nameSeq = 0;
function uniq(prefix) {
  nameSeq += 1;
  return `${prefix}${process.pid}x${nameSeq}`;
}

/*
 * Start a fresh world: init, an admin made with the CLI, the server.
 * Returns {server, api, db, dir, admin (session)}.
 */
async function startWorld(label, { today } = {}) {
  const { dir, db } = tempDb(label);
  initDb(db);
  addUserCli(db, { username: 'admin', role: 'admin', displayName: 'Admin' });
  const server = new Server(db, { today });
  await server.start();
  const api = client(server);
  let admin;
  try {
    admin = await login(server, 'admin');
  } catch (err) {
    await server.stop();
    throw err;
  }
  const world = { server, api, db, dir, admin };
  world.stop = async () => {
    await server.stopClean();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return world;
}

/* Create a user through the API (as admin) and sign in. */
async function makeUser(world, role, { providerId, username } = {}) {
  const name = username || uniq(role.replace('_', '') + '-');
  const body = { username: name, display_name: `Test ${role}`,
    password: PASSWORD, role };
  if (providerId) body.provider_id = providerId;
  const r = await world.api.post('/api/v1/users', body, { as: world.admin });
  assert.equal(r.status, 201, `create ${role}: ${r.text}`);
  const s = await login(world.server, name);
  s.username = name;
  s.id = r.json.id;
  return s;
}

/* Register a provider publicly and sign its first staff user in. */
async function registerProvider(world, overrides = {}) {
  const username = uniq('staff-');
  const body = {
    orgnr: newOrgnr(),
    name: uniq('Provider AB '),
    kind: 'company',
    email: 'info@example.se',
    phone: '08-123 456',
    user: { username, display_name: 'Staff Person', password: PASSWORD },
    ...overrides,
  };
  const r = await world.api.post('/api/v1/providers', body);
  assert.equal(r.status, 201, `register provider: ${r.text}`);
  const staff = await login(world.server, username);
  staff.username = username;
  return { id: r.json.id, name: body.name, orgnr: body.orgnr, staff,
    userId: r.json.user_id };
}

/* The number of audit records, as the admin sees it. */
async function auditCount(world) {
  const r = await world.api.get('/api/v1/audit/verify', { as: world.admin });
  assert.equal(r.status, 200, `audit verify: ${r.text}`);
  assert.equal(r.json.ok, true);
  return r.json.records;
}

/*
 * Run fn (which makes failing calls) and assert that nothing was written:
 * the audit chain has as many records as before, and each of the reads
 * (async functions returning JSON) gives the same answer after as before.
 */
async function assertNothingWritten(world, reads, fn) {
  const before = await auditCount(world);
  const snaps = [];
  for (const read of reads) snaps.push(await read());
  await fn();
  for (let i = 0; i < reads.length; i++)
    assert.deepEqual(await reads[i](), snaps[i],
      `read #${i} changed after a failed call`);
  assert.equal(await auditCount(world), before,
    'an audit record was written by a failed call');
}

/* A read as a function: GET path as who, asserting 200, giving the JSON. */
function reader(world, p, who) {
  return async () => {
    const r = await world.api.get(p, { as: who || world.admin });
    assert.equal(r.status, 200, `GET ${p}: ${r.text}`);
    return r.json;
  };
}

/* A body just over the limit that is otherwise valid JSON. */
function oversizedJson(extra = {}) {
  const base = JSON.stringify({ ...extra, pad: '' });
  const fill = LIMIT_BODY + 1 - Buffer.byteLength(base);
  return JSON.stringify({ ...extra, pad: 'x'.repeat(fill) });
}

/* A body sent in chunks without a Content-Length: `size` bytes of JSON
 * whitespace in front of `json`. */
function chunkedBody(size, json) {
  const chunk = 65536;
  let left = size;
  return new ReadableStream({
    pull(c) {
      if (left > 0) {
        const n = Math.min(chunk, left);
        left -= n;
        c.enqueue(new Uint8Array(n).fill(0x20));
      } else {
        c.enqueue(new TextEncoder().encode(json));
        c.close();
      }
    },
  });
}

/* YYYY-MM-DD plus n days. */
function addDays(ymd, n) {
  const d = new Date(`${ymd}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/* ---- the admission domain ------------------------------------------- */

/* A programme (F-1, stom) with areas; areas: {code: [municipality, …]}.
 * Returns {id, code, areas: {code: id}}. */
async function makeProgramme(world, areas, { form = 'F-1', extra = {} } = {}) {
  const code = uniq('PRG');
  const r = await world.api.post('/api/v1/programmes',
    { code, name: `Programme ${code}`, procurement_form: form, rulebook: 'stom', ...extra },
    { as: world.admin });
  assert.equal(r.status, 201, `programme: ${r.text}`);
  const out = { id: r.json.id, code, areas: {} };
  for (const [areaCode, municipalities] of Object.entries(areas)) {
    const a = await world.api.post(`/api/v1/programmes/${out.id}/areas`,
      { code: areaCode, name: `Area ${areaCode}`, municipalities }, { as: world.admin });
    assert.equal(a.status, 201, `area ${areaCode}: ${a.text}`);
    out.areas[areaCode] = a.json.id;
  }
  return out;
}

const PROFILE = {
  description: 'Coaching towards work, in Swedish and Arabic.',
  services: ['Jobbcoachning', 'Studiebesök'],
  languages: ['sv', 'ar'],
  digital_delivery: true,
  locations: [{ address: 'Drottninggatan 5', municipality: '0180', accessible: true }],
};

/* Check bodies that pass (Q-2 … Q-5). */
const CHECK = {
  conduct: (extra = {}) => ({ kind: 'conduct', subject: 'Board and management',
    registers: { criminal_record: false, enforcement: false, tax: false,
      companies: false }, ...extra }),
  finances: (extra = {}) => ({ kind: 'finances', credit_rating_sufficient: true,
    carries_minimum_scenario: true, liability_insurance: true,
    new_company: false, ...extra }),
  references: (extra = {}) => ({ kind: 'references', knows_regulations: true,
    references: [{ client: 'Kommun A', participants: 40, year: 2023 },
      { client: 'Kommun B', participants: 30 }], ...extra }),
  quality: (extra = {}) => ({ kind: 'quality', certificate: 'iso9001',
    certificate_valid_until: '2099-12-31', ...extra }),
  /* A quality system described to the full STOM level. */
  fullSystem: () => ({ organisation: true, deviation_handling: true,
    quality_development: true, responsible_person: 'Kim Kvalitet',
    processes: { organisation_competence: true, delivery: true,
      deviations: true, follow_up: true, development: true } }),
};

async function recordCheck(world, officer, appId, body, status = 201) {
  const r = await world.api.post(`/api/v1/applications/${appId}/checks`, body,
    { as: officer });
  assert.equal(r.status, status, `check ${body.kind}: ${r.text}`);
  return r.json;
}

/* Record passing checks of every kind, and a passing conduct check for
 * each subcontractor id given. */
async function passAllChecks(world, officer, appId, subcontractorIds = []) {
  await recordCheck(world, officer, appId, CHECK.conduct());
  for (const id of subcontractorIds)
    await recordCheck(world, officer, appId,
      CHECK.conduct({ subject: `Subcontractor ${id}`, subcontractor_id: id }));
  await recordCheck(world, officer, appId, CHECK.finances());
  await recordCheck(world, officer, appId, CHECK.references());
  await recordCheck(world, officer, appId, CHECK.quality());
}

async function apply(world, provider, programmeId, areaIds, who) {
  const r = await world.api.post('/api/v1/applications',
    { provider_id: provider.id, programme_id: programmeId, areas: areaIds },
    { as: who || provider.staff });
  assert.equal(r.status, 201, `apply: ${r.text}`);
  return r.json;
}

async function decide(world, officer, appId, areaId, decision = 'admit', extra = {}) {
  const r = await world.api.post(`/api/v1/applications/${appId}/decisions`,
    { area_id: areaId, decision, reason: `Reason for ${decision}`,
      delegation: 'Delegationsordning 4.2', ...extra }, { as: officer });
  assert.equal(r.status, 201, `decision ${decision}: ${r.text}`);
  return r.json;
}

/* A provider registered, with a profile, admitted in the given areas of a
 * programme.  Returns the provider with .applicationId. */
async function admittedProvider(world, officer, programmeId, areaIds) {
  const p = await registerProvider(world);
  const r = await world.api.put(`/api/v1/providers/${p.id}/profile`, PROFILE,
    { as: p.staff });
  assert.equal(r.status, 200, `profile: ${r.text}`);
  const a = await apply(world, p, programmeId, areaIds);
  await passAllChecks(world, officer, a.id);
  for (const areaId of areaIds) await decide(world, officer, a.id, areaId);
  p.applicationId = a.id;
  return p;
}

/* A signed-in user that survives server restarts with a later clock
 * (sessions expire after 8 hours of the pinned clock; tokens do not). */
async function withToken(world, session) {
  const r = await world.api.post('/api/v1/tokens', { label: 'tests' },
    { as: session });
  assert.equal(r.status, 201, `token: ${r.text}`);
  return { ...session, cookie: undefined, token: r.json.token };
}

/* A profiling model (tests/data/profile-model.json: `kundval model train`
 * on 20,000 people of `kundval generate --seed 5`), under its own version,
 * with extra keys merged in (e.g. A-5's interventions). */
function profileModel(version, extra = {}) {
  const m = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/data/profile-model.json'), 'utf8'));
  return { ...m, version, ...extra };
}

module.exports = {
  profileModel,
  makeProgramme, PROFILE, CHECK, recordCheck, passAllChecks, apply, decide,
  admittedProvider, withToken,
  ROOT, BIN, RULES, DATA, LIMIT_BODY, PASSWORD,
  cli, cliOk, tempDb, initDb, addUserCli, Server, request, client, login,
  assertError, assertStatus, assertNoSanitizerReport,
  luhnCheckDigit, luhnValid, newOrgnr, badChecksum, uniq,
  startWorld, makeUser, registerProvider, auditCount, assertNothingWritten,
  reader, oversizedJson, chunkedBody, addDays,
  newPnr, jobseekerBody, registerJobseeker, PDF_BASE64,
};
