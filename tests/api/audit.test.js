'use strict';
/*
 * audit.test.js — the hash-chained audit log: GET /api/v1/audit/verify
 * (admin and controller), one record per state change and none for reads
 * or refused calls, and that changing or deleting a stored record is
 * detected both by the API and by `kundval audit verify`.
 */
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const h = require('./helpers.js');

const HAVE_SQLITE = spawnSync('sqlite3', ['-version']).status === 0;

/* Run SQL on the database beside the running server (WAL mode). */
function sql(db, text) {
  const r = spawnSync('sqlite3', ['-cmd', '.timeout 5000', db, text], { encoding: 'utf8' });
  assert.equal(r.status, 0, `sqlite3: ${r.stderr}`);
  return r.stdout.trim();
}

describe('the audit log', () => {
  let w;
  let officer;
  let controller;
  let jobseeker;
  let provider;

  before(async () => {
    w = await h.startWorld('audit');
    officer = await h.makeUser(w, 'case_officer');
    controller = await h.makeUser(w, 'controller');
    jobseeker = await h.makeUser(w, 'jobseeker');
    provider = await h.registerProvider(w);
  });
  after(async () => { if (w) await w.stop(); });

  test('GET /api/v1/audit/verify: admin and controller get {ok, records}; the chain counts set-up too', async () => {
    const a = await w.api.get('/api/v1/audit/verify', { as: w.admin });
    assert.equal(a.status, 200, a.text);
    assert.equal(a.json.ok, true);
    /* init (municipalities), the CLI admin, 3 users, 1 provider at least. */
    assert.ok(a.json.records >= 6, `records ${a.json.records}`);
    const c = await w.api.get('/api/v1/audit/verify', { as: controller });
    assert.equal(c.status, 200, c.text);
    assert.equal(c.json.records, a.json.records);
  });

  test('GET /api/v1/audit/verify: 403 for officer, provider staff and jobseeker; 401 signed out', async () => {
    for (const who of [officer, provider.staff, jobseeker])
      h.assertError(await w.api.get('/api/v1/audit/verify', { as: who }), 403,
        { code: 'forbidden' });
    h.assertError(await w.api.get('/api/v1/audit/verify'), 401, { code: 'unauthorised' });
  });

  test('each state change appends exactly one record; reads append none', async () => {
    let n = await h.auditCount(w);
    const p = await w.api.post('/api/v1/programmes',
      { code: h.uniq('AUD'), name: 'Audited', procurement_form: 'F-2', rulebook: 'stom' },
      { as: w.admin });
    assert.equal(p.status, 201);
    assert.equal(await h.auditCount(w), n + 1);
    n += 1;
    const a = await w.api.post(`/api/v1/programmes/${p.json.id}/areas`,
      { code: 'A', name: 'A', municipalities: ['0180'] }, { as: w.admin });
    assert.equal(a.status, 201);
    assert.equal(await h.auditCount(w), n + 1);
    n += 1;
    for (const path of ['/api/v1/programmes', `/api/v1/programmes/${p.json.id}`,
      '/api/v1/municipalities', '/api/v1/municipalities/0180/providers', '/api/v1/providers',
      `/api/v1/providers/${provider.id}`, '/api/v1/applications', '/api/v1/admissions',
      '/api/v1/me', '/healthz'])
      assert.equal((await w.api.get(path, { as: officer })).status, 200, path);
    assert.equal(await h.auditCount(w), n, 'reads are not audited as changes');
  });

  test('the CLI `audit verify` agrees with the API on an intact chain (exit 0)', async () => {
    const n = await h.auditCount(w);
    const r = h.cli(['audit', 'verify', '--db', w.db, '--rules', h.RULES, '--data', h.DATA]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`intact \\(${n} records\\)`));
  });

  test('a changed record is detected: API 422 audit_broken naming it, CLI exit 1', { skip: !HAVE_SQLITE && 'no sqlite3' }, async () => {
    const n = await h.auditCount(w);
    const original = sql(w.db, 'SELECT detail FROM audit_log WHERE id = 3');
    sql(w.db, 'UPDATE audit_log SET detail = \'{"role":"jobseeker"}\' WHERE id = 3');
    try {
      const r = await w.api.get('/api/v1/audit/verify', { as: w.admin });
      const e = h.assertError(r, 422, { code: 'audit_broken', field: 'audit_log' });
      assert.match(e.message, /Audit record 3\b/);
      const c = h.cli(['audit', 'verify', '--db', w.db, '--rules', h.RULES, '--data', h.DATA]);
      assert.equal(c.status, 1, `exit ${c.status}: ${c.stdout}`);
      assert.match(c.stderr, /record 3\b/);
    } finally {
      sql(w.db, `UPDATE audit_log SET detail = '${original.replace(/'/g, "''")}' WHERE id = 3`);
    }
    assert.equal(await h.auditCount(w), n, 'intact again once restored');
  });

  test('a deleted newest record is detected: API 422, CLI exit 1', { skip: !HAVE_SQLITE && 'no sqlite3' }, async () => {
    const n = await h.auditCount(w);
    const row = sql(w.db, `SELECT quote(id)||','||quote(at)||','||quote(actor_id)||','||
      quote(role)||','||quote(action)||','||quote(entity)||','||quote(entity_id)||','||
      quote(detail)||','||quote(prev_hash)||','||quote(hash) FROM audit_log WHERE id = ${n}`);
    assert.ok(row.startsWith(`${n},`), row);
    sql(w.db, `DELETE FROM audit_log WHERE id = ${n}`);
    try {
      const r = await w.api.get('/api/v1/audit/verify', { as: w.admin });
      h.assertError(r, 422, { code: 'audit_broken', field: 'audit_log' });
      const c = h.cli(['audit', 'verify', '--db', w.db, '--rules', h.RULES, '--data', h.DATA]);
      assert.equal(c.status, 1, `exit ${c.status}: ${c.stdout}`);
    } finally {
      sql(w.db, `INSERT INTO audit_log(id, at, actor_id, role, action, entity, entity_id,
        detail, prev_hash, hash) VALUES (${row})`);
    }
    assert.equal(await h.auditCount(w), n, 'intact again once restored');
  });

  test('a deleted record in the middle is detected', { skip: !HAVE_SQLITE && 'no sqlite3' }, async () => {
    const n = await h.auditCount(w);
    const row = sql(w.db, `SELECT quote(id)||','||quote(at)||','||quote(actor_id)||','||
      quote(role)||','||quote(action)||','||quote(entity)||','||quote(entity_id)||','||
      quote(detail)||','||quote(prev_hash)||','||quote(hash) FROM audit_log WHERE id = 2`);
    sql(w.db, 'DELETE FROM audit_log WHERE id = 2');
    try {
      const r = await w.api.get('/api/v1/audit/verify', { as: w.admin });
      const e = h.assertError(r, 422, { code: 'audit_broken' });
      assert.match(e.message, /Audit record 2\b/);
    } finally {
      sql(w.db, `INSERT INTO audit_log(id, at, actor_id, role, action, entity, entity_id,
        detail, prev_hash, hash) VALUES (${row})`);
    }
    assert.equal(await h.auditCount(w), n);
  });

  test('writes keep the chain intact after many changes (CLI and API agree)', async () => {
    const p = await h.makeProgramme(w, { X: ['1280'] });
    const a = await h.apply(w, provider, p.id, [p.areas.X]);
    await h.passAllChecks(w, officer, a.id);
    await h.decide(w, officer, a.id, p.areas.X);
    const n = await h.auditCount(w);
    const r = h.cli(['audit', 'verify', '--db', w.db, '--rules', h.RULES, '--data', h.DATA]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`\\(${n} records\\)`));
  });
});
