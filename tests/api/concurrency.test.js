'use strict';
/*
 * concurrency.test.js — the server under parallel requests: the same
 * decision, registration or area sent many times at once is taken exactly
 * once, the others are refused with 409, and the audit chain stays intact
 * with exactly one record per write that was taken.
 */
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

const N = 12;

describe('parallel requests', () => {
  let w;
  let officer;

  before(async () => {
    w = await h.startWorld('concurrency', { today: '2025-03-03' });
    officer = await h.makeUser(w, 'case_officer');
  });
  after(async () => { if (w) await w.stop(); });

  const statuses = (rs) => rs.map((r) => r.status).sort();

  test('Q-7: the same admission decided in parallel is taken once; the rest are 409', async () => {
    const prog = await h.makeProgramme(w, { A: ['0180'] });
    const p = await h.registerProvider(w);
    const a = await h.apply(w, p, prog.id, [prog.areas.A]);
    await h.passAllChecks(w, officer, a.id);
    const before = await h.auditCount(w);
    const rs = await Promise.all(Array.from({ length: N }, () =>
      w.api.post(`/api/v1/applications/${a.id}/decisions`, { area_id: prog.areas.A,
        decision: 'admit', reason: 'R', delegation: 'D' }, { as: officer })));
    assert.deepEqual(statuses(rs), [201, ...Array(N - 1).fill(409)], rs.map((r) => r.text).join('\n'));
    for (const r of rs.filter((x) => x.status === 409))
      h.assertError(r, 409, { field: 'area_id' });
    assert.equal(await h.auditCount(w), before + 1);
    const adm = await w.api.get(`/api/v1/admissions?provider_id=${p.id}`, { as: officer });
    assert.equal(adm.json.length, 1, 'one admission, not several');
    const pub = await w.api.get('/api/v1/municipalities/0180/providers');
    assert.equal(pub.json.providers.filter((x) => x.id === p.id).length, 1);
  });

  test('the same organisation number registered in parallel is taken once (409 on orgnr)', async () => {
    const orgnr = h.newOrgnr();
    const before = await h.auditCount(w);
    const rs = await Promise.all(Array.from({ length: N }, (_, i) =>
      w.api.post('/api/v1/providers', { orgnr, name: `Race ${i}`, kind: 'company',
        email: 'r@race.se', user: { username: h.uniq(`race${i}-`), display_name: 'R',
          password: h.PASSWORD } })));
    assert.deepEqual(statuses(rs), [201, ...Array(N - 1).fill(409)], rs.map((r) => r.text).join('\n'));
    for (const r of rs.filter((x) => x.status === 409))
      h.assertError(r, 409, { field: 'orgnr' });
    assert.equal(await h.auditCount(w), before + 1);
    const list = await w.api.get('/api/v1/providers', { as: officer });
    assert.equal(list.json.filter((x) => x.name.startsWith('Race ')).length, 1);
  });

  test('F-1: one municipality claimed by parallel areas of one programme lands in one area', async () => {
    const prog = await h.makeProgramme(w, {});
    const before = await h.auditCount(w);
    const rs = await Promise.all(Array.from({ length: N }, (_, i) =>
      w.api.post(`/api/v1/programmes/${prog.id}/areas`,
        { code: `R${i}`, name: `R${i}`, municipalities: ['1480'] }, { as: w.admin })));
    assert.deepEqual(statuses(rs), [201, ...Array(N - 1).fill(409)], rs.map((r) => r.text).join('\n'));
    assert.equal(await h.auditCount(w), before + 1);
    const got = await w.api.get(`/api/v1/programmes/${prog.id}`);
    assert.equal(got.json.areas.length, 1);
  });

  test('many different writes in parallel all succeed and keep the audit chain intact', async () => {
    const before = await h.auditCount(w);
    const rs = await Promise.all(Array.from({ length: 3 * N }, (_, i) =>
      w.api.post('/api/v1/programmes', { code: h.uniq(`PAR${i}-`), name: `P${i}`,
        procurement_form: 'F-3', rulebook: 'stom' }, { as: w.admin })));
    assert.deepEqual(statuses(rs), Array(3 * N).fill(201), rs.map((r) => r.text).join('\n'));
    assert.equal(await h.auditCount(w), before + 3 * N);
    const r = h.cli(['audit', 'verify', '--db', w.db, '--rules', h.RULES, '--data', h.DATA]);
    assert.equal(r.status, 0, r.stderr);
  });
});
