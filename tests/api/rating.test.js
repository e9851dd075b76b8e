'use strict';
/*
 * rating.test.js — the provider rating through the API and the CLI
 * (R-1, R-3, C-4):
 *   - a round computed by the authority holds, per provider and area, the
 *     observed and expected results, the ratio with its interval, the
 *     stars or "not yet rated" with the reason, and the market's expected
 *     rates; reduced outcomes count their share (P-7);
 *   - a computed round is the authority's until published; then the public
 *     reads it; publication follows the schedule (every 2 months);
 *   - non-choice assigns by the latest published round and names it, and
 *     the choice list shows its stars;
 *   - the termination test lists a provider with 1 star and a ratio under
 *     0.2 in the last two published rounds, and terminates nothing;
 *   - compute and publish write one audit record each; refusals write none.
 *
 * The market (lov-almega, one area in Stockholm): three providers admitted
 * on 2024-01-08; 41 jobseekers in track 1 choose on that day and start on
 * 2024-01-15.  P1 has 18 participants with 8 jobs and 2 labour-market
 * trainings (reduced, 50 %): 9 results.  P2 has 18 with none.  P3 has 5
 * with one job: under 18, not yet rated.  The round is measured on
 * 2025-02-01: the window is starts from 2023-04-01 through 2024-02-29,
 * and the providers have operated 12 months (2024-01-08 + 12 months =
 * 2025-01-08).
 *   market rate of track 1: 10 results / 41 = 0.243902 (stored rounded
 *   down to 243902 ppm from (1000 × 10000 + 20) / 41);
 *   P1 expected 18 × 0.243902 = 4.390236, ratio 9 / 4.390236 = 2.05;
 *   P2 expected the same, ratio 0.
 *   Two rated units: cut points at ranks ceil(0.2 × 2) = 1, ceil(0.5 × 2)
 *   = 1, ceil(0.8 × 2) = 2: P2's 0, P2's 0, P1's 2.05.  P2: 1 star; P1:
 *   above the first two, not the third: 3 stars.
 */
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

describe('rating', () => {
  let w, officer, controller, staff, seeker, prog, P1, P2, P3, round1;

  const ratio = (obsPct, expPpm) => Math.floor((obsPct * 1e10 + Math.floor(expPpm / 2)) / expPpm);
  const RATE = Math.floor((1000 * 10000 + 20) / 41);

  async function participant(provider, track4 = false) {
    const js = await h.registerJobseeker(w, officer, prog.id,
      { unemployed_since: track4 ? '2022-01-03' : '2023-11-01', registered_on: '2024-01-08' });
    const r = await w.api.post(`/api/v1/jobseekers/${js.id}/choice`,
      { provider_id: provider.id }, { as: officer });
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  }

  async function result(provider, part, type) {
    const o = await w.api.post(`/api/v1/participations/${part}/outcomes`,
      { type, starts_on: '2024-02-12', occupation: '5120', extent_percent: 100 },
      { as: provider.staff });
    assert.equal(o.status, 201, o.text);
    const ev = await w.api.post(`/api/v1/outcomes/${o.json.id}/evidence`,
      { filename: 'intyg.pdf', content_base64: h.PDF_BASE64 }, { as: provider.staff });
    assert.equal(ev.status, 201, ev.text);
    const rv = await w.api.post(`/api/v1/outcomes/${o.json.id}/review`,
      { decision: 'approve', reason: 'Intyget styrker utfallet.' }, { as: officer });
    assert.equal(rv.status, 200, rv.text);
  }

  async function restart(today) {
    await w.server.restart(today);
    w.admin = await h.login(w.server, 'admin');
  }

  before(async () => {
    w = await h.startWorld('rating', { today: '2024-01-08' });
    officer = await h.withToken(w, await h.makeUser(w, 'case_officer'));
    controller = await h.withToken(w, await h.makeUser(w, 'controller'));
    prog = await h.makeProgramme(w, { S: ['0180'] }, { extra: { rulebook: 'lov-almega' } });
    P1 = await h.admittedProvider(w, officer, prog.id, [prog.areas.S]);
    P2 = await h.admittedProvider(w, officer, prog.id, [prog.areas.S]);
    P3 = await h.admittedProvider(w, officer, prog.id, [prog.areas.S]);
    for (const p of [P1, P2, P3]) p.staff = await h.withToken(w, p.staff);
    const parts = { P1: [], P2: [], P3: [] };
    for (let i = 0; i < 18; i++) parts.P1.push(await participant(P1));
    for (let i = 0; i < 18; i++) parts.P2.push(await participant(P2));
    for (let i = 0; i < 5; i++) parts.P3.push(await participant(P3));
    /* The results, in February 2024. */
    await restart('2024-03-01');
    for (let i = 0; i < 8; i++) await result(P1, parts.P1[i], 'employment');
    for (let i = 8; i < 10; i++) await result(P1, parts.P1[i], 'labour_market_training');
    await result(P3, parts.P3[0], 'employment');
    /* The measurement. */
    await restart('2025-02-03');
    staff = P1.staff;
    seeker = await h.makeUser(w, 'jobseeker');
  });
  after(async () => { if (w) await w.stop(); });

  test('compute: 201 with the round, each provider\'s row and the market, one audit record', async () => {
    const before = await h.auditCount(w);
    const r = await w.api.post('/api/v1/ratings', { date: '2025-02-01' }, { as: controller });
    assert.equal(r.status, 201, r.text);
    assert.equal(await h.auditCount(w), before + 1);
    round1 = r.json;
    assert.equal(round1.status, 'computed');
    assert.equal(round1.measured_on, '2025-02-01');
    assert.equal(round1.window_from, '2023-04-01');
    assert.equal(round1.window_to, '2024-02-29');
    assert.equal(round1.params.min_participants, 18);
    const pr = round1.programmes.find((p) => p.programme_id === prog.id);
    assert.equal(pr.participants, 41);
    assert.equal(pr.results_pct, 1000);
    assert.deepEqual(pr.cells, [{ kind: 'track', index: 1, participants: 41,
      results_pct: 1000, rate_ppm: RATE }]);
    const row = (p) => round1.rows.find((x) => x.provider_id === p.id);
    const r1 = row(P1), r2 = row(P2), r3 = row(P3);
    /* P1: 8 + 2 × 0.5 = 9 results (P-7), expected 18 × rate. */
    assert.equal(r1.observed_ppm, 9000000);
    assert.equal(r1.expected_ppm, 18 * RATE);
    assert.equal(r1.ratio_ppm, ratio(900, 18 * RATE));
    assert.ok(Math.abs(r1.ratio_ppm / 1e6 - 2.05) < 0.001);
    assert.equal(r1.rated, true);
    assert.equal(r1.stars, 3);
    assert.ok(r1.ci_low_ppm < r1.ratio_ppm && r1.ratio_ppm < r1.ci_high_ppm);
    assert.equal(r1.significance, 'above');
    assert.match(r1.text, /^3 of 4 stars\. 9\.00 results among 18 participants, where 4\.39 were expected/);
    assert.equal(r2.ratio_ppm, 0);
    assert.equal(r2.stars, 1);
    assert.equal(r2.significance, 'below');
    assert.equal(r3.rated, false);
    assert.equal(r3.reason, 'too_few_participants');
    assert.equal(r3.stars, null);
    assert.equal(r3.ratio_ppm, null);
    assert.equal(r3.text, 'Not yet rated: 5 participants started in the measurement window;'
      + ' at least 18 are needed.');
    assert.deepEqual(pr.star_cuts_ppm, [0, 0, r1.ratio_ppm]);
  });

  test('a computed round is the authority\'s: the public does not see it', async () => {
    for (const who of [undefined, staff, seeker]) {
      const list = await w.api.get('/api/v1/ratings', { as: who });
      assert.equal(list.status, 200);
      assert.deepEqual(list.json, []);
      h.assertError(await w.api.get(`/api/v1/ratings/${round1.id}`, { as: who }), 404,
        { code: 'not_found', field: 'round_id' });
    }
    const list = await w.api.get('/api/v1/ratings', { as: officer });
    assert.equal(list.json.length, 1);
    assert.deepEqual(list.json[0], { id: round1.id, measured_on: '2025-02-01',
      window_from: '2023-04-01', window_to: '2024-02-29', status: 'computed',
      published_on: null, rated: 2, not_rated: 1 });
  });

  test('compute: input refused with the field, nothing written', async () => {
    await h.assertNothingWritten(w, [h.reader(w, '/api/v1/ratings', officer)], async () => {
      h.assertError(await w.api.post('/api/v1/ratings', { date: '2025-02-04' },
        { as: officer }), 422, { code: 'future_date', field: 'date' });
      h.assertError(await w.api.post('/api/v1/ratings', { date: '2025-02-30' },
        { as: officer }), 422, { field: 'date' });
      h.assertError(await w.api.post('/api/v1/ratings', { date: 20250201 },
        { as: officer }), 400, { code: 'wrong_type', field: 'date' });
      h.assertError(await w.api.get('/api/v1/ratings/abc'), 400, { field: 'round_id' });
      h.assertError(await w.api.get('/api/v1/ratings/999999', { as: officer }), 404,
        { field: 'round_id' });
      h.assertError(await w.api.post('/api/v1/ratings/999999/publication', {},
        { as: officer }), 404);
    });
  });

  test('publish: the public reads the round, filtered by provider', async () => {
    const before = await h.auditCount(w);
    const r = await w.api.post(`/api/v1/ratings/${round1.id}/publication`, {},
      { as: officer });
    assert.equal(r.status, 200, r.text);
    assert.equal(await h.auditCount(w), before + 1);
    assert.equal(r.json.status, 'published');
    assert.equal(r.json.published_on, '2025-02-03');
    const list = await w.api.get('/api/v1/ratings');
    assert.equal(list.json.length, 1);
    const one = await w.api.get(`/api/v1/ratings/${round1.id}?provider_id=${P1.id}`);
    assert.equal(one.status, 200, one.text);
    assert.equal(one.json.rows.length, 1);
    assert.equal(one.json.rows[0].stars, 3);
    assert.equal(one.json.rows[0].provider_id, P1.id);
  });

  test('publish: again, or sooner than two months after, is refused (409)', async () => {
    await h.assertNothingWritten(w, [h.reader(w, '/api/v1/ratings', officer)], async () => {
      h.assertError(await w.api.post(`/api/v1/ratings/${round1.id}/publication`, {},
        { as: officer }), 409, { code: 'already_published' });
    });
    const r = await w.api.post('/api/v1/ratings', { date: '2025-02-03' }, { as: officer });
    assert.equal(r.status, 201, r.text);
    const e = h.assertError(await w.api.post(`/api/v1/ratings/${r.json.id}/publication`, {},
      { as: officer }), 409, { code: 'not_due', field: 'round_id' });
    assert.match(e.message, /2025-04-01/);
  });

  test('C-4: non-choice assigns by the published round and names it; C-1 shows the stars', async () => {
    const js = await h.registerJobseeker(w, officer, prog.id,
      { unemployed_since: '2024-12-01', registered_on: '2025-02-03' });
    const choices = await w.api.get(`/api/v1/jobseekers/${js.id}/choices`, { as: officer });
    assert.equal(choices.status, 200, choices.text);
    const stars = Object.fromEntries(choices.json.providers.map((p) => [p.id, p.rating_score]));
    assert.deepEqual(stars, { [P1.id]: 3, [P2.id]: 1, [P3.id]: null });
    await restart('2025-02-20');
    const run = await w.api.post('/api/v1/nonchoice/runs', {}, { as: officer });
    assert.equal(run.status, 200, run.text);
    const a = run.json.assigned.find((x) => x.jobseeker_id === js.id);
    assert.equal(a.provider_id, P1.id);
    assert.match(a.reason, new RegExp(`highest rating \\(3 stars in rating round ${round1.id}\\)`));
  });

  test('R-3: the termination test lists P2 after two published rounds, and terminates nothing', async () => {
    let c = await w.api.get('/api/v1/ratings/termination-candidates', { as: officer });
    assert.equal(c.status, 200, c.text);
    assert.deepEqual(c.json.candidates, [], 'one round is not two in a row');
    assert.match(c.json.rule, /at most 1 star\(s\) and a ratio below 0\.20 in each of the last 2/);
    await restart('2025-04-02');
    const r = await w.api.post('/api/v1/ratings', { date: '2025-04-01' }, { as: controller });
    assert.equal(r.status, 201, r.text);
    const p = await w.api.post(`/api/v1/ratings/${r.json.id}/publication`, {},
      { as: controller });
    assert.equal(p.status, 200, p.text);
    c = await w.api.get('/api/v1/ratings/termination-candidates', { as: officer });
    assert.equal(c.status, 200, c.text);
    assert.deepEqual(c.json.rounds.map((x) => x.id), [r.json.id, round1.id]);
    assert.equal(c.json.candidates.length, 1);
    const k = c.json.candidates[0];
    assert.equal(k.provider_id, P2.id);
    assert.equal(k.area_id, prog.areas.S);
    assert.deepEqual(k.rounds.map((x) => [x.round_id, x.stars, x.ratio_ppm]),
      [[r.json.id, 1, 0], [round1.id, 1, 0]]);
    /* Nothing was terminated: P2 is still admitted. */
    const adm = await w.api.get(`/api/v1/admissions?provider_id=${P2.id}&active=true`,
      { as: officer });
    assert.equal(adm.json.length, 1);
  });

  test('the CLI shows the latest published round and the candidates', () => {
    const common = ['--db', w.db, '--rules', h.RULES, '--data', h.DATA];
    let r = h.cliOk(['rating', 'show', ...common]);
    assert.match(r.stdout, /Rating round \d+ measured on 2025-04-01 \(published on 2025-04-02\)/);
    assert.match(r.stdout, /3 of 4 stars\. 9\.00 results among 18 participants/);
    assert.match(r.stdout, /Not yet rated: 5 participants/);
    r = h.cliOk(['rating', 'candidates', '--json', ...common]);
    assert.equal(JSON.parse(r.stdout).candidates[0].provider_id, P2.id);
    r = h.cli(['rating', 'show', '--round', 'x', ...common]);
    assert.equal(r.status, 2);
    r = h.cli(['rating', 'compute', '--date', '2099-01-01', ...common],
      { env: { KUNDVAL_TODAY: '2025-04-02' } });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /future date/);
  });
});
