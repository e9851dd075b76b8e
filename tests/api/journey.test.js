'use strict';
/*
 * journey.test.js — the participant's journey: registering and assessing
 * choice (C-1), notice and switching (C-2), non-choice (C-4),
 * the provider's work (U-4, D-3, D-5, D-6), reassessment and the end
 * of a participation; a jobseeker sees only their own, another provider's
 * staff get 404 on every participation route.
 *
 * The providers are admitted on D0, then the server restarts with the clock
 * on TODAY, so a case officer can date choices and notices in the past and
 * every date below is exact.  rules/journey.json: start 7 days after a
 * choice, 14 days to choose, notice 14 days before start + 6 months else 31,
 * 104 weeks, planning meeting within 14 days, 60 meeting minutes a week.
 */
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

const D0 = '2024-06-03';     /* a Monday: the providers are admitted */
const TODAY = '2025-06-16';  /* a Monday: the clock of every test */

/* ---- personnummer ------------------------------------------------------ */

let pnrSeq = 100 + Math.floor(Math.random() * 700);
/* A valid personnummer "YYYYMMDD-NNNC" (Luhn over YYMMDDNNN). */
function pnr(birth = '19850312') {
  pnrSeq = pnrSeq >= 998 ? 100 : pnrSeq + 1;
  const nine = birth.slice(2) + String(pnrSeq);
  return `${birth}-${pnrSeq}${h.luhnCheckDigit(nine)}`;
}

/* Every way the number could leak: 12 or 10 digits, with or without '-'. */
function assertNoPnr(text, p) {
  const twelve = p.replace('-', '');
  for (const form of [p, twelve, twelve.slice(2), `${twelve.slice(2, 8)}-${twelve.slice(8)}`])
    assert.ok(!text.includes(form), `the personnummer leaked: ${text}`);
}

/* The named fields of an object, to compare several at once. */
const pick = (o, ...keys) => Object.fromEntries(keys.map((k) => [k, o[k]]));

function person(programmeId, extra = {}) {
  return {
    programme_id: programmeId, personnummer: pnr(), given_name: 'Sara',
    family_name: 'Andersson', municipality: '0180', unemployed_since: '2025-01-10',
    age_band: '25-34', gender: 'woman', birth_region: 'sweden',
    education: 'upper_secondary', disability: false, ui_member: true,
    occupation: '4321', previous_registrations: 0, ...extra,
  };
}

async function register(w, officer, programmeId, extra = {}) {
  const body = person(programmeId, extra);
  const r = await w.api.post('/api/v1/jobseekers', body, { as: officer });
  assert.equal(r.status, 201, `register: ${r.text}`);
  assertNoPnr(r.text, body.personnummer);
  return { ...r.json, pnr: body.personnummer };
}

/* A jobseeker's own account, linked to their record. */
async function seekerUser(w, jobseekerId) {
  const username = h.uniq('seeker-');
  const r = await w.api.post('/api/v1/users', { username, display_name: 'Sökande',
    password: h.PASSWORD, role: 'jobseeker', jobseeker_id: jobseekerId }, { as: w.admin });
  assert.equal(r.status, 201, `jobseeker user: ${r.text}`);
  return { ...(await h.login(w.server, username)), username };
}

async function choose(w, who, jobseekerId, providerId, extra = {}) {
  const r = await w.api.post(`/api/v1/jobseekers/${jobseekerId}/choice`,
    { provider_id: providerId, ...extra }, { as: who });
  assert.equal(r.status, 201, `choice: ${r.text}`);
  return r.json;
}

/* The world of the choice, notice and work tests: programme areas N (0180,
 * 0182) and G (1480); providers A, B and W admitted in N, C in G, on D0. */
async function journeyWorld(label) {
  const w = await h.startWorld(label, { today: D0 });
  let officer = await h.makeUser(w, 'case_officer');
  const prog = await h.makeProgramme(w, { N: ['0180', '0182'], G: ['1480'] });
  const A = await h.admittedProvider(w, officer, prog.id, [prog.areas.N]);
  const B = await h.admittedProvider(w, officer, prog.id, [prog.areas.N]);
  const W = await h.admittedProvider(w, officer, prog.id, [prog.areas.N]);
  const C = await h.admittedProvider(w, officer, prog.id, [prog.areas.G]);
  await w.server.restart(TODAY);
  w.admin = await h.login(w.server, 'admin');
  officer = { ...(await h.login(w.server, officer.username)), username: officer.username };
  for (const p of [A, B, W, C])
    p.staff = { ...(await h.login(w.server, p.staff.username)), username: p.staff.username };
  return { w, officer, prog, A, B, W, C };
}

describe('the journey: registration, assessment, choice, notice and the provider\'s work', () => {
  let w, officer, prog, A, B, W, C, controller;

  before(async () => {
    ({ w, officer, prog, A, B, W, C } = await journeyWorld('journey'));
    controller = await h.makeUser(w, 'controller');
  });
  after(async () => { if (w) await w.stop(); });

  const jobseekers = () => h.reader(w, '/api/v1/jobseekers', officer)();
  const partOf = (id) => h.reader(w, `/api/v1/participations/${id}`, officer);
  const seekerOf = (id) => h.reader(w, `/api/v1/jobseekers/${id}`, officer);
  const choice = (id, body, who) => w.api.post(`/api/v1/jobseekers/${id}/choice`, body,
    { as: who });

  /* Registered on `registered`, chosen by the officer on `chosen`. */
  async function started(provider, registered, since, chosen) {
    const js = await register(w, officer, prog.id,
      { registered_on: registered, unemployed_since: since });
    const part = await choose(w, officer, js.id, provider.id, { chosen_on: chosen });
    return { js, part };
  }

  describe('A-1, A-4: registering and assessing', () => {
    test('201 with a JS- reference, the track by duration and the choice open for 14 days; the personnummer only masked', async () => {
      const before = await h.auditCount(w);
      const body = person(prog.id, { personnummer: pnr('19850312') });
      const r = await w.api.post('/api/v1/jobseekers', body, { as: officer });
      assert.equal(r.status, 201, r.text);
      assert.equal(await h.auditCount(w), before + 1);
      const js = r.json;
      assert.match(js.ref, /^JS-\d{6}$/);
      /* since 2025-01-10: + 6 months = 2025-07-10, after TODAY → track 1;
       * the choice is due TODAY + 14 = 2025-06-30. */
      assert.deepEqual(pick(js, 'personnummer_masked', 'registered_on', 'track', 'choice_due',
        'status', 'exemption', 'participations', 'municipality'),
      { personnummer_masked: '19850312-****', registered_on: TODAY, track: 1,
        choice_due: '2025-06-30', status: 'active', exemption: 'none', participations: [],
        municipality: '0180' });
      assertNoPnr(r.text, body.personnummer);
      const one = await w.api.get(`/api/v1/jobseekers/${js.id}`, { as: officer });
      assert.equal(one.json.ref, js.ref, one.text);
      assertNoPnr(one.text, body.personnummer);
      assertNoPnr((await w.api.get('/api/v1/jobseekers', { as: controller })).text,
        body.personnummer);
      /* Looked up by the number (in the body, not the URL), in 10-digit form. */
      const found = await w.api.post('/api/v1/jobseekers/lookup',
        { personnummer: body.personnummer.slice(2) }, { as: officer });
      assert.deepEqual(found.json, { id: js.id, ref: js.ref }, found.text);
      const as = await w.api.get(`/api/v1/jobseekers/${js.id}/assessments`, { as: officer });
      /* what the rule read; 2025-01-10 → 2025-06-16 is 5 whole months. */
      assert.deepEqual(as.json.map((a) => pick(a, 'method', 'track', 'inputs')),
        [{ method: 'duration', track: 1, inputs: { unemployed_since: '2025-01-10',
          months_unemployed: 5, track_by_duration: 1 } }]);
      assertNoPnr(as.text, body.personnummer);
    });

    test('a personnummer already registered is 409 on personnummer, in any written form; nothing written', async () => {
      const js = await register(w, officer, prog.id);
      const twelve = js.pnr.replace('-', '');
      await h.assertNothingWritten(w, [jobseekers], async () => {
        for (const form of [js.pnr, twelve, `${twelve.slice(2, 8)}-${twelve.slice(8)}`]) {
          const r = await w.api.post('/api/v1/jobseekers',
            person(prog.id, { personnummer: form }), { as: officer });
          h.assertError(r, 409, { code: 'exists', field: 'personnummer' });
          assertNoPnr(r.text, js.pnr);
        }
      });
    });

    test('bad input names the field — a bad personnummer by its reason, never echoed; nothing written', async () => {
      const good = pnr('19900101');
      const wrongCheck = good.slice(0, -1) + String((Number(good.slice(-1)) + 1) % 10);
      const pn = (v) => ({ personnummer: v });
      const cases = [
        [pn(wrongCheck), 422, 'bad_checksum', 'personnummer'],
        [pn('19850312-12a4'), 422, 'bad_character', 'personnummer'],
        [pn('19850312-123'), 422, 'bad_length', 'personnummer'],
        [pn('1985031-21234'), 422, 'bad_separator', 'personnummer'],
        [pn(`19850230-123${h.luhnCheckDigit('850230123')}`), 422, 'bad_date', 'personnummer'],
        [pn(`20300101-123${h.luhnCheckDigit('300101123')}`), 422, 'future_date', 'personnummer'],
        [pn(''), 422, 'empty', 'personnummer'],
        [pn(198503121234), 400, 'wrong_type', 'personnummer'],
        [pn(undefined), 400, 'missing_field', 'personnummer'],
        [{ municipality: '1280' }, 422, 'not_served', 'municipality'],
        [{ programme_id: 999999 }, 422, 'not_served', 'municipality'],
        [{ registered_on: '2025-06-17' }, 422, 'future_date', 'registered_on'],
        [{ registered_on: '2025-01-09' }, 422, 'dates_out_of_order', 'unemployed_since'],
        [{ exemption: 'self_reliant' }, 422, 'reason_required', 'exemption_reason'],
        [{ exemption: 'sometimes', exemption_reason: 'x' }, 422, 'not_allowed', 'exemption'],
        [{ occupation: 'ab12' }, 422, 'bad_occupation', 'occupation'],
        [{ gender: 'x' }, 422, 'not_allowed', 'gender'],
        [{ unemployed_since: '2025-02-30' }, 422, 'bad_date', 'unemployed_since'],
        [{ shoe_size: 42 }, 400, 'unknown_field', 'shoe_size'],
        [{ given_name: undefined }, 400, 'missing_field', 'given_name'],
      ];
      await h.assertNothingWritten(w, [jobseekers], async () => {
        for (const [extra, status, code, field] of cases) {
          const body = person(prog.id, extra);
          const r = await w.api.post('/api/v1/jobseekers', body, { as: officer });
          const e = h.assertError(r, status, { code, field });
          const number = String(body.personnummer || '');
          if (number.length > 10) {
            assert.ok(!r.text.includes(number), `echoed: ${r.text}`);
            assert.ok(!e.message.includes(number.replace('-', '').slice(2, 10)), e.message);
          }
        }
      });
    });

    test('only a case officer registers: 403 for other roles, 401 signed out', async () => {
      const js = await register(w, officer, prog.id);
      const me = await seekerUser(w, js.id);
      await h.assertNothingWritten(w, [jobseekers], async () => {
        for (const who of [w.admin, controller, A.staff, me])
          h.assertError(await w.api.post('/api/v1/jobseekers', person(prog.id), { as: who }),
            403, { code: 'forbidden' });
        h.assertError(await w.api.post('/api/v1/jobseekers', person(prog.id)), 401,
          { code: 'unauthorised' });
      });
    });

    test('A-1: the track by duration on both sides of 6, 12 and 18 months', async () => {
      /* Registered and assessed on TODAY, 2025-06-16. */
      const cases = [
        ['2024-12-17', 1],  /* + 6 months = 2025-06-17: not yet 6 months */
        ['2024-12-16', 2],  /* + 6 months = TODAY: "from 6 months" */
        ['2024-06-16', 2],  /* + 12 months = TODAY: not "over 12" */
        ['2024-06-15', 3],  /* + 12 months = 2025-06-15: over 12 */
        ['2023-12-16', 3],  /* + 18 months = TODAY: not "over 18" */
        ['2023-12-15', 4],  /* + 18 months = 2025-06-15: over 18 */
      ];
      for (const [since, track] of cases) {
        const js = await register(w, officer, prog.id, { unemployed_since: since });
        assert.equal(js.track, track, `unemployed since ${since}`);
      }
    });

    test('A-1: calendar months clamp at the month end; an officer may set a track with a reason', async () => {
      const js = await register(w, officer, prog.id,
        { registered_on: '2024-09-02', unemployed_since: '2024-08-31' });
      assert.equal(js.track, 1);
      const assess = (body) => w.api.post(`/api/v1/jobseekers/${js.id}/assessments`,
        body, { as: officer });
      /* 2024-08-31 + 6 months = 2025-02-28 (no 31 February). */
      const byDay = async (on) => pick((await assess({ assessed_on: on })).json, 'method', 'track');
      assert.deepEqual(await byDay('2025-02-27'), { method: 'duration', track: 1 });
      assert.deepEqual(await byDay('2025-02-28'), { method: 'duration', track: 2 });
      const r = await assess({ track: 4, reason: 'Long illness not shown in the register.' });
      assert.deepEqual(pick(r.json, 'method', 'track', 'assessed_on'),
        { method: 'override', track: 4, assessed_on: TODAY }, r.text);
      assert.equal((await seekerOf(js.id)()).track, 4);
      await h.assertNothingWritten(w, [seekerOf(js.id)], async () => {
        h.assertError(await assess({ track: 3 }), 400, { code: 'missing_field', field: 'reason' });
        h.assertError(await assess({ track: 5, reason: 'x' }), 422, { field: 'track' });
        h.assertError(await assess({ assessed_on: '2024-09-01' }), 422,
          { code: 'dates_out_of_order', field: 'assessed_on' });
        h.assertError(await assess({ assessed_on: '2025-06-17' }), 422,
          { code: 'future_date', field: 'assessed_on' });
        h.assertError(await w.api.post(`/api/v1/jobseekers/${js.id}/assessments`, {},
          { as: A.staff }), 403, { code: 'forbidden' });
      });
    });

    test('A-4: an exempt jobseeker has no track and no choice; lifting the exemption assesses by duration', async () => {
      const js = await register(w, officer, prog.id, { unemployed_since: '2024-12-16',
        exemption: 'job_security_council', exemption_reason: 'Omfattas av TRR.' });
      assert.deepEqual(pick(js, 'exemption', 'track', 'choice_due'),
        { exemption: 'job_security_council', track: null, choice_due: null });
      const as = await h.reader(w, `/api/v1/jobseekers/${js.id}/assessments`, officer)();
      assert.deepEqual(as.map((a) => pick(a, 'method', 'track', 'reason')),
        [{ method: 'exempt', track: null, reason: 'Omfattas av TRR.' }]);
      const me = await seekerUser(w, js.id);
      await h.assertNothingWritten(w, [seekerOf(js.id)], async () => {
        h.assertError(await w.api.get(`/api/v1/jobseekers/${js.id}/choices`, { as: me }),
          409, { code: 'exempt' });
        h.assertError(await choice(js.id, { provider_id: A.id }, me), 409, { code: 'exempt' });
        h.assertError(await w.api.post(`/api/v1/jobseekers/${js.id}/assessments`, {},
          { as: officer }), 409, { code: 'exempt' });
      });
      const exempt = (body) => w.api.post(`/api/v1/jobseekers/${js.id}/exemption`, body,
        { as: officer });
      let r = await exempt({ exemption: 'none', reason: 'TRR-stödet har upphört.' });
      /* since 2024-12-16 + 6 months = TODAY → track 2; 14 days to choose */
      assert.deepEqual(pick(r.json, 'track', 'exemption', 'choice_due'),
        { track: 2, exemption: 'none', choice_due: '2025-06-30' }, r.text);
      r = await exempt({ exemption: 'self_reliant', reason: 'Klarar sig själv.' });
      assert.deepEqual(pick(r.json, 'track', 'exemption', 'choice_due'),
        { track: null, exemption: 'self_reliant', choice_due: null }, r.text);
      await h.assertNothingWritten(w, [seekerOf(js.id)], async () => {
        h.assertError(await exempt({ exemption: 'sometimes', reason: 'x' }), 422,
          { code: 'not_allowed', field: 'exemption' });
        h.assertError(await exempt({ exemption: 'none' }), 400,
          { code: 'missing_field', field: 'reason' });
      });
    });
  });

  describe('C-1: choosing a provider', () => {
    let js1, js2, me1, me2;

    before(async () => {
      js1 = await register(w, officer, prog.id);
      js2 = await register(w, officer, prog.id);
      me1 = await seekerUser(w, js1.id);
      me2 = await seekerUser(w, js2.id);
    });

    test('the choices are the providers admitted in the area; start 7 days on, 14 days to choose', async () => {
      const r = await w.api.get(`/api/v1/jobseekers/${js1.id}/choices`, { as: me1 });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.json.providers.map((p) => p.id).sort((a, b) => a - b),
        [A.id, B.id, W.id], 'C is admitted in G only');
      for (const p of r.json.providers)
        assert.deepEqual(pick(p, 'current', 'description', 'services', 'digital_delivery'),
          { current: false, description: h.PROFILE.description, services: h.PROFILE.services,
            digital_delivery: true });
      /* Start TODAY + 7, due TODAY + 14; no provider yet, so no notice. */
      assert.deepEqual(pick(r.json, 'area_id', 'earliest_start', 'choice_due', 'notice_days'),
        { area_id: prog.areas.N, earliest_start: '2025-06-23', choice_due: '2025-06-30',
          notice_days: undefined });
      assertNoPnr(r.text, js1.pnr);
    });

    test('a provider not admitted in the area is 422; another jobseeker\'s id is 404; nothing written', async () => {
      await h.assertNothingWritten(w, [seekerOf(js1.id), seekerOf(js2.id)], async () => {
        for (const id of [C.id, 999999])
          h.assertError(await choice(js1.id, { provider_id: id }, me1), 422,
            { code: 'not_admitted', field: 'provider_id' });
        h.assertError(await choice(js2.id, { provider_id: A.id }, me1), 404,
          { code: 'not_found' });
        h.assertError(await w.api.get(`/api/v1/jobseekers/${js2.id}/choices`, { as: me1 }),
          404, { code: 'not_found' });
        h.assertError(await w.api.get(`/api/v1/jobseekers/${js2.id}`, { as: me1 }),
          404, { code: 'not_found' });
        h.assertError(await choice(js1.id, { provider_id: A.id }, A.staff), 403,
          { code: 'forbidden' });
        h.assertError(await choice(js2.id, { provider_id: A.id, chosen_on: '2025-06-10' }, me2),
          403, { code: 'forbidden', field: 'chosen_on' });
      });
    });

    test('the jobseeker chooses for themself: start = chosen + 7 days, 104 weeks of responsibility', async () => {
      const before = await h.auditCount(w);
      const p = await choose(w, me1, js1.id, A.id);
      assert.equal(await h.auditCount(w), before + 1);
      /* Starts 2025-06-16 + 7 = 2025-06-23; ends 104 × 7 − 1 = 727 days
       * later, 2027-06-20; the planning meeting is due start + 14 (U-4). */
      assert.deepEqual(pick(p, 'provider_id', 'jobseeker_id', 'how', 'chosen_on', 'starts_on',
        'ends_on', 'end_reason', 'planning_meeting_due', 'notice', 'track'),
      { provider_id: A.id, jobseeker_id: js1.id, how: 'choice', chosen_on: TODAY,
        starts_on: '2025-06-23', ends_on: '2027-06-20', end_reason: 'max_duration',
        planning_meeting_due: '2025-07-07', notice: null, track: 1 });
      assertNoPnr(JSON.stringify(p), js1.pnr);
      assert.equal((await seekerOf(js1.id)()).choice_due, null, 'the choice is made');
      h.assertError(await choice(js1.id, { provider_id: A.id }, me1), 409,
        { code: 'already_chosen' });
      assert.equal((await w.api.get(`/api/v1/participations/${p.id}`, { as: me1 })).status, 200,
        'the jobseeker sees their own');
      h.assertError(await w.api.get(`/api/v1/participations/${p.id}`, { as: me2 }), 404,
        { code: 'not_found' });
    });

    test('a second choice before the start cancels the pending one', async () => {
      const first = (await seekerOf(js1.id)()).participations[0];
      const p = await choose(w, me1, js1.id, B.id);
      assert.deepEqual([p.provider_id, p.starts_on], [B.id, '2025-06-23']);
      /* Cancelled: it ends the day before it would have started. */
      assert.deepEqual(pick(await partOf(first.id)(), 'end_reason', 'ends_on'),
        { end_reason: 'cancelled', ends_on: '2025-06-22' });
      assert.deepEqual((await seekerOf(js1.id)()).participations
        .map((x) => [x.provider_id, x.end_reason]), [[A.id, 'cancelled'], [B.id, 'max_duration']]);
      const ch = await w.api.get(`/api/v1/jobseekers/${js1.id}/choices`, { as: me1 });
      assert.deepEqual(ch.json.providers.filter((x) => x.current).map((x) => x.id), [B.id]);
      const active = await w.api.get(
        `/api/v1/participations?jobseeker_id=${js1.id}&active_on=2025-06-23`, { as: officer });
      assert.deepEqual(active.json.map((x) => x.id), [p.id]);
      await h.assertNothingWritten(w, [seekerOf(js1.id)], async () => {
        h.assertError(await w.api.post(`/api/v1/participations/${p.id}/notice`, {},
          { as: me1 }), 409, { code: 'not_started' });
        h.assertError(await w.api.post(`/api/v1/jobseekers/${js1.id}/exemption`,
          { exemption: 'self_reliant', reason: 'x' }, { as: officer }), 409,
        { code: 'participating' });
      });
    });

    test('an officer may date the choice and the start, within 7 to 90 days', async () => {
      const at = (extra) => choice(js2.id, { provider_id: A.id, ...extra }, officer);
      await h.assertNothingWritten(w, [seekerOf(js2.id)], async () => {
        h.assertError(await at({ chosen_on: '2025-06-17' }), 422,
          { code: 'future_date', field: 'chosen_on' });
        h.assertError(await at({ starts_on: '2025-06-22' }), 422,
          { code: 'too_early', field: 'starts_on' });   /* earliest 2025-06-23 */
        h.assertError(await at({ starts_on: '2025-09-15' }), 422,
          { code: 'too_late', field: 'starts_on' });    /* latest TODAY + 90 = 2025-09-14 */
      });
      const p = await choose(w, officer, js2.id, A.id, { starts_on: '2025-09-14' });
      /* 104 weeks on is 2027-09-12; the last day is the one before. */
      assert.deepEqual([p.starts_on, p.ends_on], ['2025-09-14', '2027-09-11']);
    });

    test('a choice cannot be dated before the jobseeker was registered', async () => {
      const js = await register(w, officer, prog.id, { registered_on: '2025-06-01' });
      await h.assertNothingWritten(w, [seekerOf(js.id)], async () => {
        const r = await choice(js.id, { provider_id: A.id, chosen_on: '2025-05-31' }, officer);
        h.assertError(r, 422, { field: 'chosen_on' });
      });
      const p = await choose(w, officer, js.id, A.id, { chosen_on: '2025-06-01' });
      assert.equal(p.starts_on, '2025-06-08');   /* registered, chose and + 7 */
    });
  });

  describe('C-2: notice and switching', () => {
    test('after the first half-year the notice is 31 days; the next provider starts the day after the last day', async () => {
      /* Chosen 2024-11-04 → start 2024-11-11; + 6 months = 2025-05-11. */
      const { js, part } = await started(A, '2024-11-01', '2024-05-01', '2024-11-04');
      assert.equal(part.starts_on, '2024-11-11');
      assert.equal(part.ends_on, '2026-11-08');   /* 2024-11-11 + 727 days */
      const me = await seekerUser(w, js.id);
      const ch = await w.api.get(`/api/v1/jobseekers/${js.id}/choices`, { as: me });
      assert.equal(ch.status, 200, ch.text);
      /* What a change would mean, before it is made: 2025-06-16 + 31. */
      assert.deepEqual(pick(ch.json, 'notice_days', 'notice_last_day', 'earliest_start'),
        { notice_days: 31, notice_last_day: '2025-07-17', earliest_start: '2025-07-18' });
      const r = await w.api.post(`/api/v1/participations/${part.id}/notice`, {}, { as: me });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(pick(r.json, 'end_reason', 'ends_on', 'notice'), { end_reason: 'notice',
        ends_on: '2025-07-17',
        notice: { given_on: TODAY, notice_days: 31, last_day: '2025-07-17' } });
      assert.equal((await seekerOf(js.id)()).choice_due, '2025-06-30', 'C-4: 14 days to choose');
      await h.assertNothingWritten(w, [partOf(part.id)], async () => {
        h.assertError(await w.api.post(`/api/v1/participations/${part.id}/notice`, {},
          { as: me }), 409, { code: 'ended' });
        h.assertError(await choice(js.id, { provider_id: B.id, starts_on: '2025-07-10' }, officer),
          422,
        { code: 'switch_start', field: 'starts_on' });
      });
      const next = await choose(w, me, js.id, B.id);
      assert.deepEqual([next.chosen_on, next.starts_on], [TODAY, '2025-07-18']);
      assert.equal((await partOf(part.id)()).ends_on, '2025-07-17', 'no gap, no overlap');
    });

    test('in the first half-year the notice is 14 days', async () => {
      /* Chosen 2025-01-06 → start 2025-01-13; + 6 months = 2025-07-13 > TODAY. */
      const { js, part } = await started(A, '2025-01-02', '2024-12-01', '2025-01-06');
      const r = await w.api.post(`/api/v1/participations/${part.id}/notice`, {}, { as: officer });
      assert.deepEqual(r.json.notice,
        { given_on: TODAY, notice_days: 14, last_day: '2025-06-30' }, r.text);
      const next = await choose(w, officer, js.id, B.id);
      assert.equal(next.starts_on, '2025-07-01');   /* the day after 2025-06-30 */
    });

    test('the boundary: 14 days on the day before start + 6 months, 31 on that day (officer-dated)', async () => {
      /* Both start 2024-11-11; start + 6 months = 2025-05-11. */
      const x = await started(A, '2024-11-01', '2024-05-01', '2024-11-04');
      const notice = (body, who = officer) => w.api.post(
        `/api/v1/participations/${x.part.id}/notice`, body, { as: who });
      const me = await seekerUser(w, x.js.id);
      await h.assertNothingWritten(w, [partOf(x.part.id)], async () => {
        h.assertError(await notice({ given_on: '2025-05-10' }, me), 403,
          { code: 'forbidden', field: 'given_on' });
        h.assertError(await notice({ given_on: '2024-11-10' }), 409,
          { code: 'not_started', field: 'given_on' });
        h.assertError(await notice({ given_on: '2025-06-17' }), 422,
          { code: 'future_date', field: 'given_on' });
        h.assertError(await notice({}, A.staff), 403, { code: 'forbidden' });
      });
      const r = await notice({ given_on: '2025-05-10' });
      assert.deepEqual(r.json.notice,
        { given_on: '2025-05-10', notice_days: 14, last_day: '2025-05-24' }, r.text);
      /* A switch by choice on the boundary day gives the notice itself. */
      const y = await started(A, '2024-11-01', '2024-05-01', '2024-11-04');
      const next = await choose(w, officer, y.js.id, B.id, { chosen_on: '2025-05-11' });
      assert.equal(next.starts_on, '2025-06-12');   /* 2025-05-11 + 31 = 06-11, + 1 */
      assert.deepEqual(pick(await partOf(y.part.id)(), 'end_reason', 'ends_on', 'notice'),
        { end_reason: 'notice', ends_on: '2025-06-11',
          notice: { given_on: '2025-05-11', notice_days: 31, last_day: '2025-06-11' } });
    });

    test('D-8: after an ordered change of provider that provider is neither chosen nor offered', async () => {
      const { js, part } = await started(A, '2025-01-02', '2024-12-01', '2025-01-06');
      const r = await w.api.post(`/api/v1/participations/${part.id}/end`, { reason:
        'ordered_change', ends_on: '2025-06-13', note: 'Svag progression.' }, { as: officer });
      assert.equal(r.json.end_reason, 'ordered_change', r.text);
      assert.equal((await seekerOf(js.id)()).choice_due, '2025-06-30', 'a new choice opens');
      h.assertError(await choice(js.id, { provider_id: A.id }, officer), 422,
        { code: 'ordered_away', field: 'provider_id' });
      const ch = await w.api.get(`/api/v1/jobseekers/${js.id}/choices`, { as: officer });
      assert.deepEqual(ch.json.providers.map((x) => x.id).sort((a, b) => a - b), [B.id, W.id],
        'the list offers only the providers the jobseeker may choose');
    });
  });

  describe('U-4, D-3, D-5, D-6, A-3: the provider\'s work', () => {
    let js, part, me, other;   /* other: another jobseeker's account */

    before(async () => {
      /* Chosen 2025-04-02 (Wednesday) → start 2025-04-09 (Wednesday). */
      ({ js, part } = await started(W, '2025-03-31', '2024-10-01', '2025-04-02'));
      me = await seekerUser(w, js.id);
      other = await seekerUser(w, (await register(w, officer, prog.id)).id);
    });

    const overdue = (q, who) => w.api.get(`/api/v1/planning-meetings/overdue${q}`, { as: who });

    test('U-4: the planning meeting is due 14 days after the start; the overdue list counts the days', async () => {
      assert.deepEqual(pick(part, 'starts_on', 'planning_meeting_due'),
        { starts_on: '2025-04-09', planning_meeting_due: '2025-04-23' });
      let r = await overdue('?date=2025-04-23', W.staff);
      assert.equal(r.status, 200, r.text);
      assert.ok(!r.json.some((x) => x.participation_id === part.id), 'due, not overdue');
      r = await overdue('?date=2025-04-24', W.staff);
      assert.deepEqual(r.json.find((x) => x.participation_id === part.id),
        { participation_id: part.id, provider_id: W.id, provider_name: W.name,
          ref: js.ref, starts_on: '2025-04-09', due_on: '2025-04-23', days_overdue: 1 });
      /* 2025-04-23 → 2025-06-16: 7 + 31 + 16 = 54 days. */
      r = await overdue(`?provider_id=${W.id}`, officer);
      assert.equal(r.json.find((x) => x.participation_id === part.id).days_overdue, 54);
      r = await overdue('', A.staff);
      assert.ok(!r.json.some((x) => x.provider_id !== A.id), 'staff see their own only');
      h.assertError(await overdue(`?provider_id=${W.id}`, A.staff), 404, { code: 'not_found' });
      const meet = (held) => w.api.post(`/api/v1/participations/${part.id}/planning-meeting`,
        { held_on: held }, { as: W.staff });
      await h.assertNothingWritten(w, [partOf(part.id)], async () => {
        h.assertError(await meet('2025-04-08'), 422,
          { code: 'outside_participation', field: 'held_on' });
        h.assertError(await meet('2025-06-17'), 422, { code: 'future_date', field: 'held_on' });
      });
      assert.equal((await meet('2025-04-22')).json.planning_meeting_on, '2025-04-22');
      r = await overdue('', W.staff);
      assert.ok(!r.json.some((x) => x.participation_id === part.id), 'held: off the list');
      const sup = await w.api.put(`/api/v1/participations/${part.id}/supervisor`,
        { supervisor: 'Kim Handledare' }, { as: W.staff });
      assert.equal(sup.json.supervisor, 'Kim Handledare', sup.text);
    });

    test('U-4: a participant who left before the deadline was never owed the meeting', async () => {
      /* Start 2025-04-09, due 2025-04-23; a job ended it on 2025-04-15. */
      const left = await started(B, '2025-03-31', '2024-10-01', '2025-04-02');
      const end = await w.api.post(`/api/v1/participations/${left.part.id}/end`,
        { reason: 'job', ends_on: '2025-04-15', note: 'Fick jobb.' }, { as: officer });
      assert.equal(end.status, 200, end.text);
      const r = await overdue(`?provider_id=${B.id}`, officer);
      assert.ok(!r.json.some((x) => x.participation_id === left.part.id), r.text);
    });

    test('D-5: action plans keep every version; the jobseeker reads their own', async () => {
      const write = (body) => w.api.post(`/api/v1/participations/${part.id}/action-plans`,
        { long_term_goal: 'Arbete som lagerarbetare.', next_month_activities: 'Truckkort.',
          ...body }, { as: W.staff });
      let r = await write({ written_on: '2025-04-22' });
      assert.deepEqual(pick(r.json, 'version', 'written_on'),
        { version: 1, written_on: '2025-04-22' }, r.text);
      r = await write({ next_month_activities: 'Söka tio jobb.' });
      assert.deepEqual(pick(r.json, 'version', 'written_on'), { version: 2, written_on: TODAY });
      const plans = h.reader(w, `/api/v1/participations/${part.id}/action-plans`, officer);
      assert.deepEqual((await h.reader(w, `/api/v1/participations/${part.id}/action-plans`, me)())
        .map((x) => [x.version, x.next_month_activities]),
      [[2, 'Söka tio jobb.'], [1, 'Truckkort.']], 'newest first; the jobseeker reads them');
      await h.assertNothingWritten(w, [plans], async () => {
        h.assertError(await write({ written_on: '2025-04-08' }), 422,
          { code: 'outside_participation', field: 'written_on' });
        h.assertError(await write({ long_term_goal: '' }), 422,
          { code: 'empty', field: 'long_term_goal' });
        h.assertError(await w.api.post(`/api/v1/participations/${part.id}/action-plans`,
          { long_term_goal: 'x', next_month_activities: 'y' }, { as: officer }), 403,
        { code: 'forbidden' });
      });
    });

    test('D-3, D-5: monthly reports with weekly minutes, and compliance computed by hand', async () => {
      const file = (month, meetings, extra = {}) => w.api.post(
        `/api/v1/participations/${part.id}/reports`, { month, job_search_activities: 6,
          activities_attended: 'CV-verkstad', meetings, ...extra }, { as: W.staff });
      const weeks = (mondays, minutes) => mondays.map((week, i) => ({ week, minutes: minutes[i] }));
      /* April's Mondays in the participation (from Wed 2025-04-09): 14, 21, 28. */
      const april = ['2025-04-14', '2025-04-21', '2025-04-28'];
      const reports = h.reader(w, `/api/v1/participations/${part.id}/reports`, officer);
      await h.assertNothingWritten(w, [reports], async () => {
        h.assertError(await file('2025-04', weeks(['2025-04-07', ...april], [60, 60, 60, 60])),
          422, { code: 'weeks_mismatch', field: 'meetings' });
        h.assertError(await file('2025-04',
          weeks(['2025-04-07', april[1], april[2]], [60, 60, 60])), 422,
        { code: 'bad_week', field: 'meetings[0]' });
        h.assertError(await file('2025-04', weeks([april[0], april[1], april[1]], [60, 60, 60])),
          422, { code: 'bad_week', field: 'meetings[2]' });
        h.assertError(await file('2025-03', []), 422,
          { code: 'outside_participation', field: 'month' });
        h.assertError(await file('2025-07', []), 422, { code: 'future_month', field: 'month' });
        h.assertError(await file('2025-4', []), 422, { code: 'bad_month', field: 'month' });
      });
      /* 60 meets the hour; 59 does not. */
      let r = await file('2025-04', weeks(april, [60, 59, 75]));
      assert.equal(r.status, 201, r.text);
      assert.deepEqual(pick(r.json, 'month', 'filed_on'), { month: '2025-04', filed_on: TODAY });
      h.assertError(await file('2025-04', weeks(april, [60, 60, 60])), 409, { code: 'exists' });
      const compliance = (path, who = officer) => h.reader(w, path, who)();
      /* Weeks that count: Mondays from the start through May (the last
       * month ended): Apr 14, 21, 28; May 5, 12, 19, 26 → 7.  Reported 3,
       * compliant 2: 2000/7 = 285.7 → 286 per mille. */
      assert.deepEqual(await compliance(`/api/v1/participations/${part.id}/compliance`, me),
        { participation_id: part.id, weeks_expected: 7, weeks_reported: 3,
          weeks_compliant: 2, compliance_permille: 286 });
      r = await file('2025-05', weeks(['2025-05-05', '2025-05-12', '2025-05-19', '2025-05-26'],
        [60, 60, 30, 120]));
      assert.equal(r.status, 201, r.text);
      /* 5 of 7 compliant: 5000/7 = 714.3 → 714. */
      assert.deepEqual(await compliance(`/api/v1/participations/${part.id}/compliance`),
        { participation_id: part.id, weeks_expected: 7, weeks_reported: 7,
          weeks_compliant: 5, compliance_permille: 714 });
      assert.deepEqual(await compliance(`/api/v1/providers/${W.id}/compliance`, W.staff),
        { provider_id: W.id, participations: 1, weeks_expected: 7, weeks_reported: 7,
          weeks_compliant: 5, compliance_permille: 714 });
      h.assertError(await w.api.get(`/api/v1/providers/${W.id}/compliance`, { as: A.staff }),
        404, { code: 'not_found' });
      const list = await reports();
      assert.deepEqual(list.map((x) => x.month), ['2025-04', '2025-05']);
      assert.deepEqual(list[0].meetings, weeks(april, [60, 59, 75]));
    });

    test('D-6: a deviation report and the officer\'s decision with a reason', async () => {
      const report = (body) => w.api.post(`/api/v1/participations/${part.id}/deviations`,
        { kind: 'missed_meeting', occurred_on: '2025-05-19', text: 'Uteblev från mötet.',
          ...body }, { as: W.staff });
      const open = () => h.reader(w, '/api/v1/deviations?status=open', officer)();
      await h.assertNothingWritten(w, [open], async () => {
        h.assertError(await report({ occurred_on: '2025-04-08' }), 422,
          { code: 'outside_participation', field: 'occurred_on' });
        h.assertError(await report({ occurred_on: '2025-06-17' }), 422,
          { code: 'future_date', field: 'occurred_on' });
        h.assertError(await report({ kind: 'late' }), 422, { code: 'not_allowed', field: 'kind' });
      });
      const r = await report({});
      const d = r.json;
      assert.deepEqual(pick(d, 'status', 'provider_id', 'participation_id', 'ref', 'kind',
        'occurred_on', 'reported_on', 'decision'), { status: 'open', provider_id: W.id,
        participation_id: part.id, ref: js.ref, kind: 'missed_meeting',
        occurred_on: '2025-05-19', reported_on: TODAY, decision: null }, r.text);
      assert.ok((await w.api.get('/api/v1/deviations', { as: W.staff })).json
        .some((x) => x.id === d.id));
      assert.ok(!(await w.api.get('/api/v1/deviations', { as: A.staff })).json
        .some((x) => x.id === d.id), 'another provider does not see it');
      const decide = (body, who = officer) => w.api.post(`/api/v1/deviations/${d.id}/decision`,
        body, { as: who });
      h.assertError(await decide({ decision: 'talk_to_jobseeker', reason: 'x' }, W.staff), 403,
        { code: 'forbidden' });
      h.assertError(await decide({ decision: 'talk_to_jobseeker' }), 400,
        { code: 'missing_field', field: 'reason' });
      const ok = await decide({ decision: 'talk_to_jobseeker', reason: 'Första gången.' });
      assert.deepEqual(pick(ok.json, 'status', 'decision', 'decision_reason', 'decided_on'),
        { status: 'decided', decision: 'talk_to_jobseeker', decision_reason: 'Första gången.',
          decided_on: TODAY }, ok.text);
      h.assertError(await decide({ decision: 'no_action', reason: 'x' }), 409,
        { code: 'decided' });
    });

    test('A-3: the provider requests reassessment; the officer grants with a track, or denies, with a reason', async () => {
      const ask = (reason) => w.api.post(
        `/api/v1/participations/${part.id}/reassessment-requests`, { reason }, { as: W.staff });
      let r = await ask('Nytt läkarintyg: begränsad arbetsförmåga.');
      const q = r.json;
      assert.deepEqual(pick(q, 'status', 'jobseeker_id', 'provider_id', 'requested_on'),
        { status: 'pending', jobseeker_id: js.id, provider_id: W.id, requested_on: TODAY }, r.text);
      h.assertError(await ask('Igen.'), 409, { code: 'pending' });
      assert.ok(!(await h.reader(w, '/api/v1/reassessment-requests', A.staff)())
        .some((x) => x.id === q.id), 'another provider does not see it');
      const decide = (id, body, who = officer) => w.api.post(
        `/api/v1/reassessment-requests/${id}/decision`, body, { as: who });
      h.assertError(await decide(q.id, { decision: 'grant', reason: 'x' }, W.staff), 403,
        { code: 'forbidden' });
      r = await decide(q.id, { decision: 'grant', track: 3, reason: 'Intyget styrker behovet.' });
      assert.deepEqual(pick(r.json, 'status', 'decided_on', 'decision_reason'),
        { status: 'granted', decided_on: TODAY, decision_reason: 'Intyget styrker behovet.' },
        r.text);
      assert.equal(typeof r.json.assessment_id, 'number');
      assert.equal((await seekerOf(js.id)()).track, 3);
      const as = await h.reader(w, `/api/v1/jobseekers/${js.id}/assessments`, me)();
      const last = as[as.length - 1];
      assert.deepEqual([last.id, last.method, last.track, last.request_id, last.reason],
        [r.json.assessment_id, 'override', 3, q.id, 'Intyget styrker behovet.']);
      h.assertError(await decide(q.id, { decision: 'deny', reason: 'x' }), 409,
        { code: 'not_pending' });
      const q2 = (await ask('Ytterligare uppgifter.')).json;
      h.assertError(await decide(q2.id, { decision: 'deny', track: 2, reason: 'x' }), 422,
        { code: 'track_on_deny', field: 'track' });
      r = await decide(q2.id, { decision: 'deny', reason: 'Inget nytt.' });
      assert.deepEqual(pick(r.json, 'status', 'assessment_id'),
        { status: 'denied', assessment_id: null });
      assert.equal((await seekerOf(js.id)()).track, 3, 'a denial changes nothing');
    });

    test('another provider\'s staff get 404 on every participation route; a jobseeker sees only their own', async () => {
      const p = `/api/v1/participations/${part.id}`;
      const writes = [
        ['POST', `${p}/planning-meeting`, { held_on: '2025-04-22' }],
        ['PUT', `${p}/supervisor`, { supervisor: 'Intrång' }],
        ['POST', `${p}/action-plans`, { long_term_goal: 'x', next_month_activities: 'y' }],
        ['POST', `${p}/reports`, { month: '2025-06', job_search_activities: 1,
          activities_attended: 'x', meetings: [] }],
        ['POST', `${p}/deviations`, { kind: 'other', occurred_on: TODAY, text: 'x' }],
        ['POST', `${p}/attendance`, { event: 'check_in', activity: 'x', at: `${TODAY}T09:00` }],
        ['POST', `${p}/reassessment-requests`, { reason: 'x' }],
      ];
      const reads = [p, `${p}/action-plans`, `${p}/reports`, `${p}/compliance`,
        `${p}/attendance?month=2025-06`];
      await h.assertNothingWritten(w, [partOf(part.id), h.reader(w, `${p}/action-plans`, officer)],
        async () => {
          for (const [method, path, body] of writes)
            h.assertError(await w.api(method, path, { body, as: A.staff }), 404,
              { code: 'not_found' });
          for (const path of reads) {
            h.assertError(await w.api.get(path, { as: A.staff }), 404, { code: 'not_found' });
            h.assertError(await w.api.get(path, { as: other }), 404, { code: 'not_found' });
            assert.equal((await w.api.get(path, { as: me })).status, 200, `own: ${path}`);
          }
          for (const [method, path, body] of writes)
            h.assertError(await w.api(method, path, { body, as: me }), 403,
              { code: 'forbidden' });
          /* Notice and ends are not the provider's to give. */
          h.assertError(await w.api.post(`${p}/notice`, {}, { as: W.staff }), 403,
            { code: 'forbidden' });
          h.assertError(await w.api.post(`${p}/end`, { reason: 'job', note: 'x' },
            { as: W.staff }), 403, { code: 'forbidden' });
          h.assertError(await w.api.post(`${p}/notice`, {}, { as: other }), 404,
            { code: 'not_found' });
        });
      assert.ok(!(await w.api.get('/api/v1/participations', { as: A.staff })).json
        .some((x) => x.id === part.id), 'not in another provider\'s list');
      h.assertError(await w.api.get(`/api/v1/participations?provider_id=${W.id}`,
        { as: A.staff }), 404, { code: 'not_found' });
      h.assertError(await w.api.get('/api/v1/participations', { as: me }), 403,
        { code: 'forbidden' });
    });

    test('the officer ends the participation: the jobseeker got a job and leaves the register', async () => {
      const end = (body, who = officer) => w.api.post(`/api/v1/participations/${part.id}/end`,
        { reason: 'job', note: 'Anställd som lagerarbetare.', ...body }, { as: who });
      await h.assertNothingWritten(w, [partOf(part.id), seekerOf(js.id)], async () => {
        h.assertError(await end({ reason: 'bored' }), 422,
          { code: 'not_allowed', field: 'reason' });
        h.assertError(await end({ note: undefined }), 400,
          { code: 'missing_field', field: 'note' });
        h.assertError(await end({ municipality: '1480' }), 400,
          { code: 'unknown_field', field: 'municipality' });
      });
      const r = await end({ ends_on: '2025-06-13' });
      assert.deepEqual(pick(r.json, 'end_reason', 'ends_on', 'end_note'),
        { end_reason: 'job', ends_on: '2025-06-13', end_note: 'Anställd som lagerarbetare.' },
        r.text);
      assert.deepEqual(pick(await seekerOf(js.id)(), 'status', 'choice_due'),
        { status: 'deregistered', choice_due: null });
      await h.assertNothingWritten(w, [partOf(part.id)], async () => {
        h.assertError(await end({}), 409, { code: 'ended' });
        h.assertError(await w.api.post(`/api/v1/participations/${part.id}/reassessment-requests`,
          { reason: 'x' }, { as: W.staff }), 409, { code: 'ended' });
        h.assertError(await w.api.post(`/api/v1/participations/${part.id}/deviations`,
          { kind: 'other', occurred_on: TODAY, text: 'x' }, { as: W.staff }), 422,
        { code: 'outside_participation', field: 'occurred_on' });
        h.assertError(await choice(js.id, { provider_id: A.id }, me), 409,
          { code: 'deregistered' });
      });
      const active = await w.api.get(
        `/api/v1/participations?provider_id=${W.id}&active_on=${TODAY}`, { as: officer });
      assert.ok(!active.json.some((x) => x.id === part.id));
    });
  });
});

describe('C-4: the non-choice run after the 14-day deadline', () => {
  let w, officer, prog, P1, P2;

  before(async () => {
    w = await h.startWorld('nonchoice', { today: TODAY });
    officer = await h.makeUser(w, 'case_officer');
    prog = await h.makeProgramme(w, { N: ['0180'] });
    P1 = await h.admittedProvider(w, officer, prog.id, [prog.areas.N]);
    P2 = await h.admittedProvider(w, officer, prog.id, [prog.areas.N]);
  });
  after(async () => { if (w) await w.stop(); });

  test('assigns whoever has not chosen by the deadline, with the rule and why', async () => {
    /* Registered 2025-06-01 → choice_due 2025-06-15: due on 2025-06-16. */
    const late = await register(w, officer, prog.id, { registered_on: '2025-06-01' });
    assert.equal(late.choice_due, '2025-06-15');
    /* Registered 2025-06-02 → due 2025-06-16: still the last day to choose. */
    const fresh = await register(w, officer, prog.id, { registered_on: '2025-06-02' });
    assert.equal(fresh.choice_due, '2025-06-16');
    const chose = await register(w, officer, prog.id, { registered_on: '2025-06-01' });
    await choose(w, officer, chose.id, P2.id);
    await register(w, officer, prog.id, { registered_on: '2025-06-01',
      exemption: 'self_reliant', exemption_reason: 'Klarar sig själv.' });   /* never due */
    const waiting = await w.api.get('/api/v1/jobseekers?awaiting_choice=true', { as: officer });
    assert.deepEqual(waiting.json.map((x) => x.id), [late.id, fresh.id]);

    const run = (body, who = officer) => w.api.post('/api/v1/nonchoice/runs', body, { as: who });
    const parts = h.reader(w, '/api/v1/participations', officer);
    await h.assertNothingWritten(w, [parts], async () => {
      /* On 2025-06-15 nobody is past their deadline yet. */
      const r = await run({ date: '2025-06-15' });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.json, { assigned: [], skipped: [], date: '2025-06-15' });
      h.assertError(await run({ date: '2025-06-17' }), 422, { code: 'future_date', field: 'date' });
      h.assertError(await run({}, P1.staff), 403, { code: 'forbidden' });
    });
    const before = await h.auditCount(w);
    const r = await run({});
    assert.deepEqual([r.json.date, r.json.skipped, r.json.assigned.length], [TODAY, [], 1],
      `only the one past the deadline: ${r.text}`);
    const a = r.json.assigned[0];
    /* Both unrated, both with premises in 0180, no current participants:
     * the tie ends in the lower id; the start is the run day + 7. */
    assert.deepEqual(pick(a, 'jobseeker_id', 'ref', 'provider_id', 'rule', 'starts_on'),
      { jobseeker_id: late.id, ref: late.ref, provider_id: P1.id, rule: 'best_rated',
        starts_on: '2025-06-23' });
    assert.match(a.reason, /^C-4 best_rated: no provider is rated yet.*2 provider\(s\) equal/);
    assert.equal(await h.auditCount(w), before + 1);
    const p = await h.reader(w, `/api/v1/participations/${a.participation_id}`, officer)();
    assert.deepEqual(pick(p, 'how', 'assign_rule', 'assign_reason', 'chosen_on', 'starts_on',
      'ends_on'), { how: 'nonchoice', assign_rule: 'best_rated', assign_reason: a.reason,
      chosen_on: TODAY, starts_on: '2025-06-23', ends_on: '2027-06-20' });
    assert.equal((await h.reader(w, `/api/v1/jobseekers/${late.id}`, officer)()).choice_due, null);
    const listed = await w.api.get('/api/v1/participations?how=nonchoice', { as: P1.staff });
    assert.deepEqual(listed.json.map((x) => x.id), [a.participation_id]);
    assert.deepEqual((await run({})).json.assigned, [], 'nobody twice');
  });
});
