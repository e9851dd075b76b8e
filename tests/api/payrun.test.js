'use strict';
/*
 * payrun.test.js — the monthly payment run through the API (P-1, P-2,
 * P-4, P-14, Q-7): preparing a month turns what is owed into ledger
 * postings, a second controller approves it under a delegation, the
 * provider reads its own statement, and the approved run leaves the
 * system as an SIE 4i file and a pain.001 credit transfer.  Only base
 * payment is exercised here; result installments (P-5, P-8) are not.
 *
 * The world: on D0 (Monday 2025-01-06) two providers are admitted in one
 * STOM programme (rules/stom.json: base 100/160/220/280 kr per weekday
 * Monday–Friday, public holidays included, one month in arrears) and a
 * jobseeker chooses each.  The participations start on D0 + 7 (C-1,
 * rules/journey.json start_after_days), Monday 2025-01-13.  The server
 * then moves to Monday 2025-02-03 and later to Monday 2025-03-03.
 *
 *   J1 at W: unemployed since 2023-11-01, 14 months on D0: over 12 →
 *            track 3 (journey.json track3_over_months), 220 kr a weekday.
 *   J2 at X: unemployed since 2024-10-01, 3 months on D0: under 6 →
 *            track 1, 100 kr a weekday.
 *
 * Weekdays of responsibility, counted on a calendar:
 *   January 2025 from the 13th: 13–17, 20–24, 27–31          = 15
 *   February 2025 (the 1st is a Saturday): 3–7, 10–14, 17–21, 24–28 = 20
 */
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const h = require('./helpers.js');

const D0 = '2025-01-06';     /* Monday: admission, registration, choices */
const START = '2025-01-13';  /* D0 + 7, a Monday */
const FEB = '2025-02-03';    /* Monday: February has begun, March has not */
const MAR = '2025-03-03';    /* Monday */
const EXEC = '2025-02-25';   /* the bank's execution day of February's run */
const DELEG = 'Delegationsordning 7.3 (utbetalning till kompletterande aktörer)';
const XSD = path.join(h.ROOT, 'tests', 'data', 'pain.001.001.03.xsd');
const COST_ACCOUNTS = ['5811', '5812', '5813', '5814', '5815', '5816'];  /* rules/ledger.json */

/* By hand (see the header): weekdays × the track's rate in öre. */
const J1_JAN = 15 * 22000;   /* 330 000 öre = 3 300,00 kr */
const J2_JAN = 15 * 10000;   /* 150 000 öre = 1 500,00 kr */
const J1_FEB = 20 * 22000;   /* 440 000 öre = 4 400,00 kr */
const J2_FEB = 20 * 10000;   /* 200 000 öre = 2 000,00 kr */

/* A bankgiro number: seven digits and their Luhn check digit, "NNNN-NNNN". */
function bankgiro(seven) {
  const eight = seven + h.luhnCheckDigit(seven);
  return `${eight.slice(0, 4)}-${eight.slice(4)}`;
}
/* The same number with a wrong check digit. */
function badBankgiro(bg) {
  return bg.slice(0, -1) + String((Number(bg.slice(-1)) + 1) % 10);
}

/* ---- an SIE 4i reader, independent of the server's writer ---------- */

/* CP437 (#FORMAT PC8) bytes above 0x7F that Swedish text uses; any other
 * high byte is a failure, so an unexpected encoding cannot pass. */
const CP437 = { 0x84: 'ä', 0x86: 'å', 0x94: 'ö', 0x8e: 'Ä', 0x8f: 'Å', 0x99: 'Ö',
  0x82: 'é', 0x90: 'É', 0x81: 'ü', 0x9a: 'Ü' };
function cp437(buf) {
  let s = '';
  for (const b of buf) {
    if (b < 0x80) s += String.fromCharCode(b);
    else if (CP437[b]) s += CP437[b];
    else throw new Error(`unexpected byte 0x${b.toString(16)} in the SIE file`);
  }
  return s;
}

/* One line's fields: bare words, "quoted \"strings\"", {object lists}. */
function fields(line) {
  const out = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === ' ' || c === '\t') { i++; continue; }
    if (c === '"') {
      let s = '';
      for (i++; line[i] !== '"'; i++) {
        assert.ok(i < line.length, `unterminated string: ${line}`);
        if (line[i] === '\\') i++;
        s += line[i];
      }
      out.push(s);
      i++;
    } else if (c === '{' && out.length > 0) {
      const end = line.indexOf('}', i);
      assert.ok(end > i, `unterminated object list: ${line}`);
      out.push(fields(line.slice(i + 1, end)));
      i = end + 1;
    } else {
      let j = i;
      while (j < line.length && line[j] !== ' ') j++;
      out.push(line.slice(i, j));
      i = j;
    }
  }
  return out;
}

/* "-1234.50" → -123450 öre, by string arithmetic only. */
function toOre(s) {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  assert.ok(m, `not an amount: ${s}`);
  const ore = Number(m[2]) * 100 + Number((m[3] || '').padEnd(2, '0'));
  return m[1] ? -ore : ore;
}

function parseSie(buf) {
  const text = cp437(buf);
  assert.ok(text.endsWith('\r\n'), 'the file ends with CRLF');
  const lines = text.slice(0, -2).split('\r\n');
  for (const l of lines) assert.ok(!/[\r\n]/.test(l), `a bare CR or LF: ${JSON.stringify(l)}`);
  const sie = { head: {}, konto: {}, vers: [] };
  let ver = null;
  let open = false;
  for (const line of lines) {
    const f = fields(line.trim());
    if (f[0] === '{') {
      assert.ok(ver && !open, '{ follows a #VER');
      open = true;
    } else if (f[0] === '}') {
      assert.ok(open, '} closes a voucher');
      open = false;
      ver = null;
    } else if (f[0] === '#VER') {
      assert.ok(!open, '#VER inside a voucher');
      ver = { series: f[1], number: Number(f[2]), date: f[3], text: f[4], trans: [] };
      sie.vers.push(ver);
    } else if (f[0] === '#TRANS') {
      assert.ok(open, '#TRANS outside a voucher');
      const objects = {};
      for (let k = 0; k < f[2].length; k += 2) objects[f[2][k]] = f[2][k + 1];
      ver.trans.push({ account: f[1], objects, amount: toOre(f[3]) });
    } else if (f[0] === '#KONTO') {
      sie.konto[f[1]] = f[2];
    } else {
      assert.match(f[0], /^#[A-Z]+$/, `an SIE item: ${line}`);
      sie.head[f[0]] = f.slice(1);
    }
  }
  assert.ok(!open, 'every voucher is closed');
  return sie;
}

/* ------------------------------------------------------------------------ */

describe('the payment run: preparation, four eyes, statements and exports', () => {
  let w, officer, ctlA, ctlB, prog, W, X, J1, J2, P1, P2, janRun, febRun;

  /* A provider with the given name, admitted in the programme's area. */
  async function admitted(name) {
    const p = await h.registerProvider(w, { name });
    const r = await w.api.put(`/api/v1/providers/${p.id}/profile`, h.PROFILE, { as: p.staff });
    assert.equal(r.status, 200, r.text);
    const a = await h.apply(w, p, prog.id, [prog.areas.N]);
    await h.passAllChecks(w, officer, a.id);
    await h.decide(w, officer, a.id, prog.areas.N);
    return p;
  }
  async function choose(js, provider) {
    const r = await w.api.post(`/api/v1/jobseekers/${js.id}/choice`,
      { provider_id: provider.id }, { as: officer });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.starts_on, START);
    return r.json;
  }

  const prepare = (period, who) => w.api.post('/api/v1/payruns', { period }, { as: who });
  const approve = (run, body, who) => w.api.post(`/api/v1/payruns/${run.id}/approval`, body,
    { as: who });
  const runRead = (run) => h.reader(w, `/api/v1/payruns/${run.id}`);
  const ledger = () => h.reader(w, '/api/v1/ledger/verify')();
  const statement = (run, provider, who) => w.api.get(
    `/api/v1/payruns/${run.id}/statement?provider_id=${provider.id}`, { as: who });
  const latest = (run) => run.preparations[run.preparations.length - 1];
  const pick = (o, ...keys) => Object.fromEntries(keys.map((k) => [k, o[k]]));

  /* A download as raw bytes (the SIE file is not UTF-8). */
  async function download(p, who) {
    const res = await fetch(w.server.base + p,
      { headers: { Authorization: `Bearer ${who.token}` } });
    const buf = Buffer.from(await res.arrayBuffer());
    let json = null;
    try { json = JSON.parse(buf.toString('utf8')); } catch { json = null; }
    return { status: res.status, headers: res.headers, buf, text: buf.toString('utf8'), json };
  }

  before(async () => {
    w = await h.startWorld('payrun', { today: D0 });
    officer = await h.makeUser(w, 'case_officer');
    ctlA = await h.makeUser(w, 'controller');
    ctlB = await h.makeUser(w, 'controller');
    prog = await h.makeProgramme(w, { N: ['0180'] });
    /* Names with å, ä and ö, to be read back through CP437 and UTF-8. */
    W = await admitted(h.uniq('Åsa Öhman Vägledning AB '));
    X = await admitted(h.uniq('Xenia Coachning AB '));
    J1 = await h.registerJobseeker(w, officer, prog.id, { unemployed_since: '2023-11-01' });
    J2 = await h.registerJobseeker(w, officer, prog.id, { unemployed_since: '2024-10-01' });
    assert.deepEqual([J1.track, J2.track], [3, 1], 'tracks by unemployment duration (A-1)');
    P1 = await choose(J1, W);
    P2 = await choose(J2, X);
    /* Tokens outlive the restarts (sessions last 8 hours of the clock). */
    w.admin = await h.withToken(w, w.admin);
    officer = await h.withToken(w, officer);
    ctlA = await h.withToken(w, ctlA);
    ctlB = await h.withToken(w, ctlB);
    W.staff = await h.withToken(w, W.staff);
    X.staff = await h.withToken(w, X.staff);
    await w.server.restart(FEB);
  });
  after(async () => { if (w) await w.stop(); });

  test('only a controller prepares; a bad or future period is 422 naming period; nothing written', async () => {
    const runs = h.reader(w, '/api/v1/payruns');
    assert.deepEqual(await runs(), []);
    await h.assertNothingWritten(w, [runs, ledger], async () => {
      for (const who of [officer, w.admin, W.staff])
        h.assertError(await prepare('2025-01', who), 403, { code: 'forbidden' });
      h.assertError(await w.api.post('/api/v1/payruns', { period: '2025-01' }), 401,
        { code: 'unauthorised' });
      /* Today is 2025-02-03: February has begun, March has not (P-4). */
      h.assertError(await prepare('2025-03', ctlA), 422, { code: 'future_month', field: 'period' });
      h.assertError(await prepare('2026-01', ctlA), 422, { code: 'future_month', field: 'period' });
      for (const bad of ['2025-2', '2025-13', '2025-00', 'feb', '25-02', '2025/02'])
        h.assertError(await prepare(bad, ctlA), 422, { code: 'bad_month', field: 'period' });
      h.assertError(await w.api.post('/api/v1/payruns', {}, { as: ctlA }), 400,
        { code: 'missing_field', field: 'period' });
      h.assertError(await w.api.post('/api/v1/payruns', { period: '2025-01', x: 1 },
        { as: ctlA }), 400, { code: 'unknown_field', field: 'x' });
    });
    const v = await ledger();
    assert.deepEqual(pick(v, 'ok', 'vouchers', 'postings'), { ok: true, vouchers: 0, postings: 0 });
  });

  test('the run of January posts nothing: January\'s base falls due in February (P-4)', async () => {
    const r = await prepare('2025-01', ctlA);
    assert.equal(r.status, 200, r.text);
    janRun = r.json;
    assert.deepEqual(pick(janRun, 'period', 'status', 'created_by', 'approved_by', 'earned',
      'providers'), { period: '2025-01', status: 'draft', created_by: ctlA.username,
      approved_by: null, earned: 0, providers: [] });
    assert.equal(janRun.preparations.length, 1);
    assert.deepEqual(pick(latest(janRun), 'prepared_by', 'lines', 'amount', 'problems'),
      { prepared_by: ctlA.username, lines: 0, amount: 0, problems: [] });
  });

  test('runs go in order: a later month while an earlier run is a draft is 409 earlier_open', async () => {
    await h.assertNothingWritten(w, [runRead(janRun), ledger, h.reader(w, '/api/v1/payruns')],
      async () => {
        for (const who of [ctlA, ctlB])
          h.assertError(await prepare('2025-02', who), 409,
            { code: 'earlier_open', field: 'period' });
      });
    /* The second controller approves January; it paid nothing. */
    const r = await approve(janRun, { delegation: DELEG }, ctlB);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(pick(r.json, 'status', 'approved_by', 'delegation', 'earned', 'providers'),
      { status: 'approved', approved_by: ctlB.username, delegation: DELEG, earned: 0,
        providers: [] });
    /* A run that posted nothing has nothing to export. */
    const sie = await download(`/api/v1/payruns/${janRun.id}/sie`, ctlA);
    h.assertError(sie, 409, { code: 'nothing_posted', field: 'payrun_id' });
  });

  test('money by hand: February\'s run pays January\'s weekdays at each track\'s rate', async () => {
    const r = await prepare('2025-02', ctlA);
    assert.equal(r.status, 200, r.text);
    febRun = r.json;
    /* 330 000 + 150 000 = 480 000 öre earned; nothing paid before approval. */
    assert.deepEqual(pick(febRun, 'period', 'status', 'created_by', 'earned'),
      { period: '2025-02', status: 'draft', created_by: ctlA.username, earned: J1_JAN + J2_JAN });
    assert.equal(febRun.earned, 480000);
    const byProvider = Object.fromEntries(febRun.providers.map((p) => [p.provider_id,
      pick(p, 'earned', 'set_off', 'paid', 'carried')]));
    assert.deepEqual(byProvider, {
      [W.id]: { earned: 330000, set_off: 0, paid: 0, carried: 0 },
      [X.id]: { earned: 150000, set_off: 0, paid: 0, carried: 0 },
    });
    /* One base line per participation: two lines, 480 000 öre. */
    assert.deepEqual(pick(latest(febRun), 'prepared_by', 'lines', 'amount', 'problems'),
      { prepared_by: ctlA.username, lines: 2, amount: 480000, problems: [] });

    /* W's statement: J1's January, 15 weekdays × 220 kr in track 3. */
    const s = await statement(febRun, W, W.staff);
    assert.equal(s.status, 200, s.text);
    assert.deepEqual(pick(s.json, 'payrun_id', 'period', 'status', 'provider_id',
      'provider_name', 'carried_in', 'earned', 'set_off', 'paid', 'carried_out'),
    { payrun_id: febRun.id, period: '2025-02', status: 'draft', provider_id: W.id,
      provider_name: W.name, carried_in: 0, earned: J1_JAN, set_off: 0, paid: 0,
      carried_out: 0 });
    assert.equal(s.json.lines.length, 1, s.text);
    const line = s.json.lines[0];
    assert.deepEqual(pick(line, 'participant', 'participation_id', 'component', 'kind', 'track',
      'period', 'due', 'amount', 'rule'), { participant: J1.ref, participation_id: P1.id,
      component: 'base', kind: 'line', track: 3, period: '2025-01', due: '2025-02',
      amount: 330000, rule: 'P-3' });
    assert.match(line.explain, /15 weekdays from 2025-01-13 in track 3/);
    /* X's: J2's January, 15 weekdays × 100 kr in track 1 = 150 000 öre. */
    const sx = await statement(febRun, X, X.staff);
    assert.deepEqual(sx.json.lines.map((l) => [l.participant, l.participation_id, l.track,
      l.period, l.amount]), [[J2.ref, P2.id, 1, '2025-01', 150000]]);

    /* Preparing again with the same facts posts nothing. */
    const before = await ledger();
    const again = await prepare('2025-02', ctlA);
    assert.equal(again.status, 200, again.text);
    assert.equal(again.json.preparations.length, 2);
    assert.deepEqual(pick(latest(again.json), 'lines', 'amount', 'problems'),
      { lines: 0, amount: 0, problems: [] });
    assert.equal(again.json.earned, 480000, 'the run still holds 480 000 öre');
    assert.deepEqual(await ledger(), before, 'the ledger is byte for byte the same');
  });

  test('Q-7: the controller who prepared cannot approve (403 four_eyes); nothing written', async () => {
    await h.assertNothingWritten(w, [runRead(febRun), ledger], async () => {
      h.assertError(await approve(febRun, { delegation: DELEG }, ctlA), 403,
        { code: 'four_eyes', field: 'payrun_id' });
      for (const who of [officer, w.admin, W.staff])
        h.assertError(await approve(febRun, { delegation: DELEG }, who), 403,
          { code: 'forbidden' });
      h.assertError(await approve(febRun, {}, ctlB), 400,
        { code: 'missing_field', field: 'delegation' });
      h.assertError(await approve(febRun, { delegation: DELEG, execution_date: '2025-02-02' },
        ctlB), 422, { code: 'past_date', field: 'execution_date' });
      h.assertError(await w.api.post('/api/v1/payruns/999999/approval',
        { delegation: DELEG }, { as: ctlB }), 404, { code: 'not_found' });
    });
  });

  test('an unapproved run cannot be exported: 409 not_approved', async () => {
    for (const kind of ['sie', 'pain001']) {
      h.assertError(await download(`/api/v1/payruns/${febRun.id}/${kind}`, ctlA), 409,
        { code: 'not_approved', field: 'payrun_id' });
      h.assertError(await download(`/api/v1/payruns/${febRun.id}/${kind}`, w.admin), 409,
        { code: 'not_approved', field: 'payrun_id' });
      for (const who of [officer, W.staff])
        h.assertError(await download(`/api/v1/payruns/${febRun.id}/${kind}`, who), 403,
          { code: 'forbidden' });
    }
  });

  test('a provider reads only its own statement; participants by reference, never personnummer', async () => {
    for (const [who, other] of [[W.staff, X], [X.staff, W]]) {
      h.assertError(await statement(febRun, other, who), 404, { code: 'not_found' });
      h.assertError(await download(
        `/api/v1/payruns/${febRun.id}/statement.csv?provider_id=${other.id}`, who), 404,
      { code: 'not_found' });
    }
    h.assertError(await w.api.get(`/api/v1/payruns/${febRun.id}`, { as: W.staff }), 403,
      { code: 'forbidden' });
    const forms = (pnr) => {
      const twelve = pnr.replace('-', '');
      return [pnr, twelve, twelve.slice(2), `${twelve.slice(2, 8)}-${twelve.slice(8)}`];
    };
    const secret = [...forms(J1.pnr), ...forms(J2.pnr)];
    for (const [provider, js] of [[W, J1], [X, J2]]) {
      for (const who of [provider.staff, officer, ctlB]) {
        const s = await statement(febRun, provider, who);
        assert.equal(s.status, 200, s.text);
        assert.deepEqual(s.json.lines.map((l) => l.participant), [js.ref]);
        assert.match(js.ref, /^JS-\d{6}$/);
        for (const p of secret) assert.ok(!s.text.includes(p), `personnummer in ${s.text}`);
      }
      const csv = await download(
        `/api/v1/payruns/${febRun.id}/statement.csv?provider_id=${provider.id}`, provider.staff);
      assert.equal(csv.status, 200, csv.text);
      assert.equal(csv.headers.get('content-type'), 'text/csv; charset=utf-8');
      assert.equal(csv.headers.get('content-disposition'),
        `attachment; filename="specifikation-2025-02-${provider.id}.csv"`);
      const rows = csv.text.replace(/^\uFEFF/, '').split('\r\n');
      assert.ok(csv.text.startsWith('\uFEFF'), 'a byte-order mark');
      assert.equal(rows[0], 'deltagare;komponent;typ;spår;period;förfallen;belopp_kr;regel;förklaring');
      /* 330 000 öre = 3300,00 kr; 150 000 öre = 1500,00 kr. */
      const amount = provider === W ? '3300,00' : '1500,00';
      const track = provider === W ? '3' : '1';
      assert.deepEqual(rows[1].split(';').slice(0, 8),
        [js.ref, 'base', 'line', track, '2025-01', '2025-02', amount, 'P-3']);
      assert.equal(rows.length, 3, 'header, one line, and the final CRLF');
      for (const p of secret) assert.ok(!csv.text.includes(p), `personnummer in ${csv.text}`);
    }
  });

  test('payment details: an invalid bankgiro is 422 naming the field and writes nothing', async () => {
    const provider = h.reader(w, `/api/v1/providers/${W.id}`);
    const put = (body, who = W.staff, id = W.id) => w.api.put(
      `/api/v1/providers/${id}/payment-details`, body, { as: who });
    const good = bankgiro('5050105');
    await h.assertNothingWritten(w, [provider], async () => {
      for (const bg of [badBankgiro(good), '123-456', '1234567890', 'abcd-efgh'])
        h.assertError(await put({ bankgiro: bg }), 422, { code: 'bad_bankgiro', field: 'bankgiro' });
      h.assertError(await put({ bankgiro: good }, X.staff), 404, { code: 'not_found' });
      for (const who of [officer, ctlA])
        h.assertError(await put({ bankgiro: good }, who), 403, { code: 'forbidden' });
      h.assertError(await put({ bankgiro: good, account: '1234567', clearing: '5000' }), 422,
        { code: 'one_of' });
    });
    assert.equal((await provider()).bankgiro, null);
    const r = await put({ bankgiro: good });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, { provider_id: W.id, bankgiro: good, bank_clearing: null,
      bank_account: null });
    W.bankgiro = good;
  });

  test('the second controller approves with a delegation: the run pays what was earned', async () => {
    const before = await ledger();
    const r = await approve(febRun, { delegation: DELEG, execution_date: EXEC }, ctlB);
    assert.equal(r.status, 200, r.text);
    const got = await runRead(febRun)();
    for (const run of [r.json, got])
      assert.deepEqual(pick(run, 'status', 'created_by', 'approved_by', 'delegation',
        'execution_date', 'earned'), { status: 'approved', created_by: ctlA.username,
        approved_by: ctlB.username, delegation: DELEG, execution_date: EXEC, earned: 480000 });
    /* Each provider is paid what it earned: 330 000 and 150 000 öre. */
    assert.deepEqual(got.providers.map((p) => [p.provider_id, p.earned, p.paid, p.carried]),
      [[W.id, 330000, 330000, 0], [X.id, 150000, 150000, 0]].sort((a, b) => a[0] - b[0]));
    febRun.paid = got.providers.reduce((acc, p) => acc + p.paid, 0);
    const s = await statement(febRun, W, W.staff);
    assert.deepEqual(pick(s.json, 'status', 'execution_date', 'earned', 'set_off', 'paid',
      'carried_out'), { status: 'approved', execution_date: EXEC, earned: J1_JAN, set_off: 0,
      paid: J1_JAN, carried_out: 0 });

    /* Vouchers: one earned voucher per provider (2) + one payment voucher
     * per provider (2) = 4.  Postings: each earned voucher a cost line and
     * the payable (2 × 2), each payment voucher payable and bank (2 × 2). */
    const v = await ledger();
    assert.deepEqual(pick(v, 'ok', 'vouchers', 'postings', 'duplicate_keys', 'unknown_accounts',
      'unbalanced'), { ok: true, vouchers: 4, postings: 8, duplicate_keys: 0,
      unknown_accounts: 0, unbalanced: [] });
    assert.match(v.hash, /^[0-9a-f]{64}$/);
    assert.notEqual(v.hash, before.hash, 'the payments changed the ledger');

    await h.assertNothingWritten(w, [runRead(febRun), ledger], async () => {
      h.assertError(await approve(febRun, { delegation: DELEG }, ctlB), 409,
        { code: 'approved', field: 'payrun_id' });
      /* An approved month is not prepared again; later facts go in the next run. */
      for (const who of [ctlA, ctlB])
        h.assertError(await prepare('2025-02', who), 409, { code: 'approved', field: 'period' });
      h.assertError(await prepare('2025-01', ctlA), 409, { code: 'approved', field: 'period' });
      /* A month before the first run: a later run exists. */
      h.assertError(await prepare('2024-12', ctlA), 409, { code: 'later_exists', field: 'period' });
    });
  });

  test('pain.001 needs every paid provider\'s bank details: 422 no_bank_details', async () => {
    const e = h.assertError(await download(`/api/v1/payruns/${febRun.id}/pain001`, ctlA), 422,
      { code: 'no_bank_details', field: 'payrun_id' });
    assert.match(e.message, new RegExp(`\\[${X.id}\\]`), 'names the provider without them');
    /* X is paid to a bank account instead of a bankgiro. */
    const r = await w.api.put(`/api/v1/providers/${X.id}/payment-details`,
      { clearing: '5000', account: '1234567' }, { as: X.staff });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, { provider_id: X.id, bankgiro: null, bank_clearing: '5000',
      bank_account: '1234567' });
  });

  test('the SIE file: CP437 text, every voucher balances, the costs are the run\'s earned', async () => {
    const r = await download(`/api/v1/payruns/${febRun.id}/sie`, ctlB);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers.get('content-type'), 'text/plain; charset=IBM437');
    assert.equal(r.headers.get('content-disposition'),
      'attachment; filename="kundval-2025-02.se"');
    const sie = parseSie(r.buf);
    assert.deepEqual(sie.head['#FORMAT'], ['PC8']);
    assert.deepEqual(sie.head['#SIETYP'], ['4']);
    assert.deepEqual(sie.head['#FNAMN'], ['Arbetsförmedlingen']);
    assert.equal(sie.konto['2441'], 'Leverantörsskulder, kompletterande aktörer');
    assert.equal(sie.konto['1681'], 'Återkrav hos leverantörer');
    assert.equal(sie.konto['5811'], 'Grundersättning, kompletterande aktörer');

    /* One voucher per provider, dated the execution day. */
    assert.equal(sie.vers.length, 2);
    let cost = 0;
    for (const v of sie.vers) {
      assert.equal(v.date, EXEC.replace(/-/g, ''));
      const sum = v.trans.reduce((acc, t) => acc + t.amount, 0);
      assert.equal(sum, 0, `voucher ${v.series} ${v.number} balances`);
      for (const t of v.trans) if (COST_ACCOUNTS.includes(t.account)) cost += t.amount;
    }
    /* 330 000 + 150 000 = 480 000 öre of cost, the run's earned. */
    assert.equal(cost, febRun.earned);
    assert.equal(cost, 480000);
    /* W's voucher, its name read back through CP437: base cost on 5811 for
     * the programme, and the bank pays it (the payable nets to zero). */
    const vw = sie.vers.find((v) => v.text === W.name);
    assert.ok(vw, `a voucher named ${W.name}: ${sie.vers.map((v) => v.text)}`);
    assert.deepEqual(vw.trans.map((t) => [t.account, t.objects, t.amount]), [
      ['1930', { 21: String(W.id) }, -330000],
      ['5811', { 20: String(prog.id), 21: String(W.id) }, 330000],
    ]);
  });

  test('the pain.001 file validates against the schema; NbOfTxs and CtrlSum are what was paid', async () => {
    const r = await download(`/api/v1/payruns/${febRun.id}/pain001`, ctlA);
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-type'), /^application\/xml/);
    assert.equal(r.headers.get('content-disposition'),
      'attachment; filename="kundval-2025-02.pain001.xml"');
    const file = path.join(w.dir, 'feb.pain001.xml');
    fs.writeFileSync(file, r.buf);
    try {
      execFileSync('xmllint', ['--noout', '--schema', XSD, file], { stdio: 'pipe' });
    } catch (err) {
      assert.fail(`xmllint: ${err.stderr}\n${r.text}`);
    }
    const xml = r.text;
    const one = (re) => {
      const m = re.exec(xml);
      assert.ok(m, `${re} in ${xml}`);
      return m[1];
    };
    /* Two providers paid: 330 000 + 150 000 = 480 000 öre = 4800.00 kr. */
    const grp = one(/<GrpHdr>([\s\S]*?)<\/GrpHdr>/);
    assert.equal(/<NbOfTxs>(\d+)<\/NbOfTxs>/.exec(grp)[1], '2');
    assert.equal(toOre(/<CtrlSum>([\d.]+)<\/CtrlSum>/.exec(grp)[1]), 480000);
    assert.equal(febRun.paid, 480000, 'the run paid what the file transfers');
    const pmt = one(/<PmtInf>([\s\S]*?)<\/PmtInf>/);
    const nb = /<NbOfTxs>(\d+)<\/NbOfTxs>/.exec(pmt.split('<CdtTrfTxInf>')[0]);
    if (nb) assert.equal(nb[1], '2');
    const cs = /<CtrlSum>([\d.]+)<\/CtrlSum>/.exec(pmt.split('<CdtTrfTxInf>')[0]);
    if (cs) assert.equal(toOre(cs[1]), 480000);
    assert.equal(one(/<ReqdExctnDt>([^<]+)<\/ReqdExctnDt>/), EXEC);
    const amounts = [...xml.matchAll(/<InstdAmt Ccy="SEK">([\d.]+)<\/InstdAmt>/g)]
      .map((m) => toOre(m[1])).sort((a, b) => a - b);
    assert.deepEqual(amounts, [150000, 330000]);
    const txs = xml.split('<CdtTrfTxInf>').slice(1);
    const txW = txs.find((t) => t.includes(`<Nm>${W.name}</Nm>`));
    assert.ok(txW, `W's payment, its name in UTF-8: ${xml}`);
    assert.ok(txW.replace(/-/g, '').includes(W.bankgiro.replace('-', '')), 'to W\'s bankgiro');
    assert.match(txW, /BGNR/);
    assert.equal(toOre(/<InstdAmt Ccy="SEK">([\d.]+)</.exec(txW)[1]), 330000);
    const txX = txs.find((t) => t.includes(`<Nm>${X.name}</Nm>`));
    assert.ok(txX && txX.includes('1234567'), 'X to its bank account');
  });

  test('March: the run pays February\'s 20 weekdays; the other controller may approve this one', async () => {
    await w.server.restart(MAR);
    h.assertError(await prepare('2025-04', ctlB), 422, { code: 'future_month', field: 'period' });
    const r = await prepare('2025-03', ctlB);
    assert.equal(r.status, 200, r.text);
    const run = r.json;
    /* 440 000 (J1: 20 × 22 000) + 200 000 (J2: 20 × 10 000) = 640 000 öre. */
    assert.equal(run.earned, J1_FEB + J2_FEB);
    assert.equal(run.earned, 640000);
    assert.deepEqual(pick(latest(run), 'prepared_by', 'lines', 'amount'),
      { prepared_by: ctlB.username, lines: 2, amount: 640000 });
    const s = await statement(run, W, W.staff);
    assert.deepEqual(s.json.lines.map((l) => [l.participant, l.component, l.track, l.period,
      l.due, l.amount]), [[J1.ref, 'base', 3, '2025-02', '2025-03', 440000]]);
    assert.match(s.json.lines[0].explain, /20 weekdays from 2025-02-01 in track 3/);
    /* B prepared March, so B may not approve it; A, who did not, may. */
    h.assertError(await approve(run, { delegation: DELEG }, ctlB), 403,
      { code: 'four_eyes', field: 'payrun_id' });
    const a = await approve(run, { delegation: DELEG }, ctlA);
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(pick(a.json, 'status', 'approved_by', 'delegation', 'execution_date'),
      { status: 'approved', approved_by: ctlA.username, delegation: DELEG,
        execution_date: MAR });
    const paid = await statement(run, W, W.staff);
    assert.deepEqual(pick(paid.json, 'carried_in', 'earned', 'paid', 'carried_out'),
      { carried_in: 0, earned: 440000, paid: 440000, carried_out: 0 });
    /* 4 vouchers before + 2 earned + 2 payment = 8; 8 postings + 4 + 4 = 16. */
    const v = await ledger();
    assert.deepEqual(pick(v, 'ok', 'vouchers', 'postings', 'unbalanced'),
      { ok: true, vouchers: 8, postings: 16, unbalanced: [] });
  });

  test('figures: base only, so the result share is 0 ‰ (P-2); by component and track', async () => {
    const r = await w.api.get(`/api/v1/payruns/${febRun.id}/figures`, { as: officer });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.programmes.length, 1);
    const pg = r.json.programmes[0];
    /* 480 000 öre, none of it result payment. */
    assert.deepEqual(pick(pg, 'programme_id', 'total', 'result_part', 'result_share_permille'),
      { programme_id: prog.id, total: 480000, result_part: 0, result_share_permille: 0 });
    assert.deepEqual(pg.by_component_and_track, [
      { component: 'base', track: 1, amount: 150000, lines: 1 },
      { component: 'base', track: 3, amount: 330000, lines: 1 },
    ]);
  });

  test('the ledger verifies with a hash; who may read runs and the ledger', async () => {
    const v = await w.api.get('/api/v1/ledger/verify', { as: ctlA });
    assert.equal(v.status, 200, v.text);
    assert.equal(v.json.ok, true);
    assert.match(v.json.hash, /^[0-9a-f]{64}$/);
    assert.deepEqual((await w.api.get('/api/v1/ledger/verify', { as: w.admin })).json, v.json,
      'the same hash for the same ledger');
    for (const who of [officer, W.staff])
      h.assertError(await w.api.get('/api/v1/ledger/verify', { as: who }), 403,
        { code: 'forbidden' });
    h.assertError(await w.api.get('/api/v1/ledger/verify'), 401, { code: 'unauthorised' });
    const list = await w.api.get('/api/v1/payruns', { as: officer });
    assert.equal(list.status, 200, list.text);
    assert.deepEqual(list.json.map((x) => [x.period, x.status]),
      [['2025-03', 'approved'], ['2025-02', 'approved'], ['2025-01', 'approved']]);
    for (const p of ['/api/v1/payruns', `/api/v1/payruns/${febRun.id}/figures`])
      h.assertError(await w.api.get(p, { as: W.staff }), 403, { code: 'forbidden' });
    h.assertError(await w.api.get('/api/v1/payruns/999999', { as: officer }), 404,
      { code: 'not_found' });
  });
});
