'use strict';
/*
 * deadlines.test.js — the rules that run on the calendar, tested by
 * restarting the server with a later pinned clock (KUNDVAL_TODAY) on the
 * same database:
 *   Q-1  the decision deadline: 30 days from the day the application is
 *        complete; marking it incomplete stops the clock, completing it
 *        starts it anew.
 *   Q-6  after a termination the provider may apply again in that
 *        delivery area only after 12 months (end-of-month rule included).
 * Sessions expire after 8 hours of the pinned clock, so the actors here
 * use API tokens.
 */
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

async function tokenWorld(label, today) {
  const w = await h.startWorld(label, { today });
  w.admin = await h.withToken(w, w.admin);
  const officer = await h.withToken(w, await h.makeUser(w, 'case_officer'));
  return { w, officer };
}

async function tokenProvider(w) {
  const p = await h.registerProvider(w);
  p.staff = await h.withToken(w, p.staff);
  return p;
}

describe('Q-1: the decision deadline over time', () => {
  const D0 = '2025-03-03';
  let w;
  let officer;
  let prog;
  let p;
  let q;
  let a;
  let b;
  let cookieSession;

  before(async () => {
    ({ w, officer } = await tokenWorld('q1', D0));
    cookieSession = await h.makeUser(w, 'controller');
    prog = await h.makeProgramme(w, { N: ['0180'], S: ['1280'] });
    p = await tokenProvider(w);
    q = await tokenProvider(w);
  });
  after(async () => { if (w) await w.stop(); });

  const get = async (id) => {
    const r = await w.api.get(`/api/v1/applications/${id}`, { as: officer });
    assert.equal(r.status, 200, r.text);
    return r.json;
  };

  test('Q-1: days_left is 30 on the day the application is submitted', async () => {
    a = await h.apply(w, p, prog.id, [prog.areas.N]);
    b = await h.apply(w, q, prog.id, [prog.areas.S]);
    assert.equal(a.complete_on, D0);
    assert.equal(a.deadline, '2025-04-02');
    assert.equal(a.days_left, 30);
  });

  test('Q-1: days_left counts down from complete_on (20 left ten days later)', async () => {
    await w.server.restart('2025-03-13');
    const got = await get(a.id);
    assert.equal(got.complete_on, D0);
    assert.equal(got.deadline, '2025-04-02');
    assert.equal(got.days_left, 20);
    const list = await w.api.get('/api/v1/applications', { as: officer });
    assert.equal(list.json.applications.find((x) => x.id === a.id).days_left, 20);
    const own = await w.api.get(`/api/v1/applications/${a.id}`, { as: p.staff });
    assert.equal(own.json.days_left, 20, 'the provider sees the same deadline');
  });

  test('a session cookie from ten days ago no longer signs in (sessions last 8 hours); tokens do', async () => {
    h.assertError(await w.api.get('/api/v1/me', { as: cookieSession }), 401,
      { code: 'unauthorised' });
    const r = await w.api.get('/api/v1/me', { as: officer });
    assert.equal(r.status, 200, r.text);
  });

  test('Q-1: marking the application incomplete stops the clock', async () => {
    const r = await w.api.post(`/api/v1/applications/${a.id}/incomplete`,
      { reason: 'References are missing.' }, { as: officer });
    assert.equal(r.status, 200, r.text);
    await w.server.restart('2025-03-18');
    const got = await get(a.id);
    assert.equal(got.status, 'incomplete');
    assert.equal(got.complete_on, null);
    assert.equal(got.deadline, null);
    assert.equal(got.days_left, null);
  });

  test('Q-1: completion restarts the clock: 30 days from the completion day', async () => {
    const r = await w.api.post(`/api/v1/applications/${a.id}/completion`,
      { motivation: 'References attached.' }, { as: p.staff });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.complete_on, '2025-03-18');
    assert.equal(r.json.deadline, '2025-04-17');
    assert.equal(r.json.days_left, 30);
    assert.equal(r.json.submitted_on, D0, 'the submission day is kept');
  });

  test('Q-1: the list puts the oldest deadline first', async () => {
    const list = await w.api.get('/api/v1/applications', { as: officer });
    const ids = list.json.applications.map((x) => x.id);
    assert.ok(ids.indexOf(b.id) >= 0 && ids.indexOf(a.id) >= 0);
    assert.ok(ids.indexOf(b.id) < ids.indexOf(a.id), 'b (2025-04-02) before a (2025-04-17)');
    const rows = list.json.applications;
    for (let i = 1; i < rows.length; i++)
      assert.ok(rows[i - 1].deadline <= rows[i].deadline, 'sorted by deadline');
  });

  test('Q-1: on the deadline days_left is 0, and negative once overdue', async () => {
    await w.server.restart('2025-04-17');
    assert.equal((await get(a.id)).days_left, 0);
    assert.equal((await get(b.id)).days_left, -15);
    await w.server.restart('2025-04-18');
    const got = await get(a.id);
    assert.equal(got.deadline, '2025-04-17');
    assert.equal(got.days_left, -1);
  });

  test('Q-1: a decision dated before the application was submitted is refused', async () => {
    await h.passAllChecks(w, officer, b.id);
    const r = await w.api.post(`/api/v1/applications/${b.id}/decisions`,
      { area_id: prog.areas.S, decision: 'admit', reason: 'R', delegation: 'D',
        decided_on: '2025-03-02' }, { as: officer });
    h.assertError(r, 422, { code: 'before_application', field: 'decided_on' });
    const d = await h.decide(w, officer, b.id, prog.areas.S, 'admit',
      { decided_on: '2025-04-01' });
    assert.equal(d.decided_on, '2025-04-01', 'a decision may be dated back to its day');
  });
});

describe('Q-6: the re-application bar over time', () => {
  /* Terminated on a leap day: 12 months later is 28 February. */
  const T0 = '2024-02-29';
  let w;
  let officer;
  let prog;
  let p;

  before(async () => {
    ({ w, officer } = await tokenWorld('q6', T0));
    prog = await h.makeProgramme(w, { B: ['1480'], C: ['0182'] });
    p = await tokenProvider(w);
    const r = await w.api.put(`/api/v1/providers/${p.id}/profile`, h.PROFILE, { as: p.staff });
    assert.equal(r.status, 200, r.text);
    const a = await h.apply(w, p, prog.id, [prog.areas.B]);
    await h.passAllChecks(w, officer, a.id);
    await h.decide(w, officer, a.id, prog.areas.B);
  });
  after(async () => { if (w) await w.stop(); });

  const applyB = () => w.api.post('/api/v1/applications',
    { provider_id: p.id, programme_id: prog.id, areas: [prog.areas.B] }, { as: p.staff });

  test('Q-6: terminated on 2024-02-29, the provider is barred the same day', async () => {
    const adm = await w.api.get(`/api/v1/admissions?provider_id=${p.id}&active=true`,
      { as: officer });
    assert.equal(adm.json.length, 1);
    const r = await w.api.post(`/api/v1/admissions/${adm.json[0].id}/termination`,
      { reason: 'Breach.', delegation: 'Delegation 7.1' }, { as: officer });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.ended_on, T0);
    h.assertError(await applyB(), 422, { code: 'reapply_barred', field: 'areas[0]' });
  });

  test('Q-6: the day before twelve months have passed (2025-02-27) it is still 422 reapply_barred', async () => {
    await w.server.restart('2025-02-27');
    await h.assertNothingWritten(w, [], async () => {
      const e = h.assertError(await applyB(), 422, { code: 'reapply_barred', field: 'areas[0]' });
      assert.match(e.message, /2025-02-28/);
    });
  });

  test('Q-6: from 2025-02-28 (12 months on, end-of-month rule) the provider may apply again', async () => {
    await w.server.restart('2025-02-28');
    const r = await applyB();
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.submitted_on, '2025-02-28');
  });

  test('Q-6: the bar names each barred area by its index among several', async () => {
    /* A second provider is admitted in C and terminated; it then applies for B and C. */
    const p2 = await tokenProvider(w);
    const a = await h.apply(w, p2, prog.id, [prog.areas.C]);
    await h.passAllChecks(w, officer, a.id);
    await h.decide(w, officer, a.id, prog.areas.C);
    const adm = await w.api.get(`/api/v1/admissions?provider_id=${p2.id}`, { as: officer });
    const t = await w.api.post(`/api/v1/admissions/${adm.json[0].id}/termination`,
      { reason: 'Breach.', delegation: 'D' }, { as: officer });
    assert.equal(t.status, 200, t.text);
    const r = await w.api.post('/api/v1/applications',
      { provider_id: p2.id, programme_id: prog.id, areas: [prog.areas.B, prog.areas.C] },
      { as: p2.staff });
    h.assertError(r, 422, { code: 'reapply_barred', field: 'areas[1]' });
  });
});
