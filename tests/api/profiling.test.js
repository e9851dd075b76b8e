'use strict';
/*
 * profiling.test.js — the profiling model at work,
 * through the API:
 *   - a model is activated by the admin; malformed models, one of another
 *     horizon and one missing a feature are refused naming the key, and
 *     write nothing;
 *   - registration then places the jobseeker by the model: version, chance,
 *     track and the factors are recorded, and the chance is the one an
 *     independent reading of the model file gives (below, in JavaScript);
 *   - a jobseeker the model cannot score (gender "other", no local
 *     unemployment rate) gets the duration rule with the reason recorded;
 *   - the case officer and the jobseeker read score and explanation; a
 *     provider sees the track only;
 *   - an officer's override keeps the model's suggestion and is counted;
 *   - a model's recommended interventions go with the assessment;
 *   - deactivating returns to the duration rule.
 */
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

const D0 = '2024-06-03';
const TODAY = '2025-06-16';

/* The model's chance for a person, computed from the file alone: the dot
 * product of the weights with the one-hot features (profile.h's coding),
 * then the isotonic curve, linear between its points. */
function chanceOf(model, p) {
  const on = new Set([`age_band=${p.age_band}`, `education=${p.education}`,
    `previous=${p.previous_registrations >= 2 ? '2+' : p.previous_registrations}`,
    `field=${p.occupation[0]}`, `gender=${p.gender}`, `region=${p.birth_region}`]);
  if (p.disability) on.add('disability');
  if (p.ui_member) on.add('ui_member');
  const m = p.months;
  on.add(m >= 24 ? 'duration=24+' : m >= 12 ? 'duration=12-24' : m >= 6 ? 'duration=6-12' : '');
  let z = model.intercept;
  model.features.forEach((f, i) => {
    if (f === 'local_unemployment_pp') z += model.weights[i] * p.local_bp / 100;
    else if (on.has(f)) z += model.weights[i];
  });
  const { z: zs, p: ps } = model.calibration;
  if (z <= zs[0]) return ps[0];
  if (z >= zs[zs.length - 1]) return ps[ps.length - 1];
  let k = 0;
  while (zs[k + 1] <= z) k++;
  return ps[k] + (ps[k + 1] - ps[k]) * (z - zs[k]) / (zs[k + 1] - zs[k]);
}

function trackOf(model, chance) {
  const t = model.thresholds;
  return chance >= t[0] ? 1 : chance >= t[1] ? 2 : chance >= t[2] ? 3 : 4;
}

describe('profiling: the active model assesses, explains and is overridden', () => {
  let w, officer, prog, A, model;

  before(async () => {
    w = await h.startWorld('profiling', { today: D0 });
    officer = await h.makeUser(w, 'case_officer');
    prog = await h.makeProgramme(w, { N: ['0180', '0182'] });
    A = await h.admittedProvider(w, officer, prog.id, [prog.areas.N]);
    await w.server.restart(TODAY);
    w.admin = await h.login(w.server, 'admin');
    officer = { ...(await h.login(w.server, officer.username)), username: officer.username };
    A.staff = { ...(await h.login(w.server, A.staff.username)), username: A.staff.username };
    model = h.profileModel('test-model-1');
  });
  after(async () => { if (w) await w.stop(); });

  const models = () => h.reader(w, '/api/v1/models', officer)();

  test('malformed models are refused naming the key, and nothing is written', async () => {
    const bad = [
      [{ ...model, horizon_months: 6 }, 'model.horizon_months'],
      [{ ...model, features: model.features.slice(0, -1) }, 'model.features[25]'],
      [{ ...model, weights: [...model.weights.slice(0, 3), 'x', ...model.weights.slice(4)] },
        'model.weights[3]'],
      [{ ...model, calibraton: {} }, 'model.calibraton'],
      [{ ...model, interventions: [{ from: 0, to: 0.3, types: ['juggling'] }] },
        'model.interventions[0].types[0]'],
      [{ ...model, interventions: [{ from: 0, to: 0.5, types: ['education'] },
        { from: 0.4, to: 0.6, types: ['education'] }] }, 'model.interventions[1]'],
      ['not a model', 'model'],
    ];
    for (const [m, field] of bad) {
      await h.assertNothingWritten(w, [models], async () => {
        const r = await w.api.post('/api/v1/models', { model: m }, { as: w.admin });
        h.assertError(r, 422, { field });
      });
    }
    h.assertError(await w.api.post('/api/v1/models', { model }, { as: officer }), 403);
  });

  test('A-1, A-2: with a model active, registration places by the model and explains', async () => {
    let r = await w.api.post('/api/v1/models', { model }, { as: w.admin });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.active, true);
    assert.equal(r.json.version, 'test-model-1');
    r = await w.api.post('/api/v1/local-unemployment',
      { rates: [{ municipality: '0180', month: '2025-05', rate_bp: 640 },
        { municipality: '0180', month: '2025-07', rate_bp: 900 }] }, { as: w.admin });
    assert.equal(r.status, 200, r.text);

    /* Unemployed since 2024-11-01: 7 whole months on 2025-06-16; the rate
     * read is May's (July's is later than the assessment). */
    const extra = { unemployed_since: '2024-11-01', age_band: '45-54', gender: 'man',
      birth_region: 'europe', education: 'post_secondary', disability: true,
      ui_member: false, occupation: '2211', previous_registrations: 3 };
    const js = await h.registerJobseeker(w, officer, prog.id, extra);
    const list = await w.api.get(`/api/v1/jobseekers/${js.id}/assessments`, { as: officer });
    assert.equal(list.status, 200, list.text);
    const a = list.json.at(-1);
    const chance = chanceOf(model, { ...extra, months: 7, local_bp: 640 });
    assert.equal(a.method, 'model');
    assert.equal(a.model_version, 'test-model-1');
    assert.equal(a.score_ppm, Math.round(chance * 1e6));
    assert.equal(a.track, trackOf(model, chance));
    assert.equal(js.track, a.track);
    assert.equal(a.inputs.local_unemployment_bp, 640);
    assert.equal(a.inputs.months_unemployed, 7);
    assert.equal(a.inputs.gender, 'man');
    assert.match(a.reason, /^A-1: track \d by model test-model-1: an estimated \d+ % chance/);
    /* at most five each way, in plain words, largest first. */
    assert.ok(a.factors.up.length <= 5 && a.factors.down.length <= 5);
    assert.ok(a.factors.up.length + a.factors.down.length >= 5, JSON.stringify(a.factors));
    for (const f of a.factors.up) assert.ok(f.contribution > 0 && f.text.length > 10, f.text);
    for (const f of a.factors.down) assert.ok(f.contribution < 0 && f.text.length > 10, f.text);
    const ups = a.factors.up.map((f) => f.contribution);
    assert.deepEqual(ups, [...ups].sort((x, y) => y - x));
    /* Post-secondary education raises the chance in this model; disability
     * lowers it — both are read from the weights, not assumed. */
    const weight = (name) => model.weights[model.features.indexOf(name)];
    const side = (name) => (weight(name) > 0 ? a.factors.up : a.factors.down)
      .some((f) => f.name === name);
    assert.ok(side('education=post_secondary') || side('disability'), JSON.stringify(a.factors));
  });

  test('a jobseeker the model cannot score gets the duration rule, with the reason', async () => {
    /* gender "other": the model's data has only women and men. */
    const other = await h.registerJobseeker(w, officer, prog.id,
      { gender: 'other', unemployed_since: '2024-11-01' });
    let a = (await w.api.get(`/api/v1/jobseekers/${other.id}/assessments`, { as: officer }))
      .json.at(-1);
    assert.equal(a.method, 'duration');
    assert.equal(a.score_ppm, null);
    assert.equal(a.track, 2);   /* 7 months: A-1's 6 to 12 */
    assert.match(a.inputs.model_not_used, /gender/);
    assert.match(a.reason, /duration, as the model could not be used: .*"other"/);
    /* 0182 has no registered unemployment rate. */
    const noRate = await h.registerJobseeker(w, officer, prog.id, { municipality: '0182' });
    a = (await w.api.get(`/api/v1/jobseekers/${noRate.id}/assessments`, { as: officer }))
      .json.at(-1);
    assert.equal(a.method, 'duration');
    assert.match(a.inputs.model_not_used, /unemployment rate is known for municipality 0182/);
  });

  test('score and explanation: the officer and the jobseeker read them; a provider sees the track only', async () => {
    const js = await h.registerJobseeker(w, officer, prog.id);
    const username = h.uniq('seeker-');
    let r = await w.api.post('/api/v1/users', { username, display_name: 'Sökande',
      password: h.PASSWORD, role: 'jobseeker', jobseeker_id: js.id }, { as: w.admin });
    assert.equal(r.status, 201, r.text);
    const me = await h.login(w.server, username);
    r = await w.api.get(`/api/v1/jobseekers/${js.id}/assessments`, { as: me });
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.at(-1).score_ppm > 0 && r.json.at(-1).factors.up, r.text);
    /* The provider the jobseeker chose. */
    r = await w.api.post(`/api/v1/jobseekers/${js.id}/choice`, { provider_id: A.id },
      { as: officer });
    assert.equal(r.status, 201, r.text);
    const part = r.json;
    h.assertError(await w.api.get(`/api/v1/jobseekers/${js.id}/assessments`,
      { as: A.staff }), 403);
    h.assertError(await w.api.get(`/api/v1/jobseekers/${js.id}`, { as: A.staff }), 403);
    const seen = await w.api.get(`/api/v1/participations/${part.id}`, { as: A.staff });
    assert.equal(seen.status, 200, seen.text);
    assert.equal(seen.json.track, js.track);
    assert.doesNotMatch(seen.text, /score|factors|model_version/);
    const mine = await w.api.get('/api/v1/participations', { as: A.staff });
    assert.doesNotMatch(mine.text, /score|factors|model_version/);
  });

  test('A-3: an override keeps the model\'s suggestion and is counted', async () => {
    const js = await h.registerJobseeker(w, officer, prog.id);
    const first = (await w.api.get(`/api/v1/jobseekers/${js.id}/assessments`, { as: officer }))
      .json.at(-1);
    const to = first.track === 4 ? 3 : 4;
    const r = await w.api.post(`/api/v1/jobseekers/${js.id}/assessments`,
      { track: to, reason: 'Långvarig sjukskrivning enligt läkarintyg.' }, { as: officer });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual([r.json.method, r.json.track, r.json.suggested_track, r.json.model_version],
      ['override', to, first.track, 'test-model-1']);
    const c = await w.api.get(`/api/v1/assessment-overrides?from=${TODAY}`, { as: officer });
    assert.equal(c.status, 200, c.text);
    assert.equal(c.json.overrides, 1);
    assert.equal(c.json.to_weaker_track + c.json.to_stronger_track, 1);
    assert.equal(c.json[to > first.track ? 'to_weaker_track' : 'to_stronger_track'], 1);
    const row = c.json.by_officer.find((o) => o.officer === officer.username);
    assert.equal(row.overrides, 1);
    /* Every assessment today except the override was the model's or the
     * duration rule's. */
    assert.equal(c.json.by_model + c.json.by_duration + c.json.overrides, c.json.assessments);
    h.assertError(await w.api.get('/api/v1/assessment-overrides?from=2025-06-20&to=2025-06-01',
      { as: officer }), 422, { code: 'dates_out_of_order', field: 'to' });
  });

  test('A-5: recommended interventions follow the band the chance falls in', async () => {
    const m2 = h.profileModel('test-model-2', { interventions: [
      { from: 0, to: 0.5, types: ['education', 'work_experience'] },
      { from: 0.5, to: 1, types: ['job_search_support'] }] });
    const r = await w.api.post('/api/v1/models', { model: m2 }, { as: w.admin });
    assert.equal(r.status, 201, r.text);
    const all = await models();
    assert.deepEqual(all.map((m) => [m.version, m.active]),
      [['test-model-1', false], ['test-model-2', true]]);
    const js = await h.registerJobseeker(w, officer, prog.id);
    const a = (await w.api.get(`/api/v1/jobseekers/${js.id}/assessments`, { as: officer }))
      .json.at(-1);
    assert.equal(a.model_version, 'test-model-2');
    assert.deepEqual(a.interventions, a.score_ppm < 500000
      ? ['education', 'work_experience'] : ['job_search_support']);
    /* The same version with other contents is refused. */
    h.assertError(await w.api.post('/api/v1/models',
      { model: { ...m2, intercept: m2.intercept + 1 } }, { as: w.admin }), 409,
    { code: 'version_taken', field: 'model.version' });
  });

  test('deactivating goes back to the duration rule', async () => {
    let r = await w.api.post('/api/v1/models/deactivation', {}, { as: w.admin });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.active, false);
    const js = await h.registerJobseeker(w, officer, prog.id);
    const a = (await w.api.get(`/api/v1/jobseekers/${js.id}/assessments`, { as: officer }))
      .json.at(-1);
    assert.deepEqual([a.method, a.model_version, a.inputs.model_not_used],
      ['duration', null, undefined]);
    h.assertError(await w.api.post('/api/v1/models/deactivation', {}, { as: w.admin }), 409,
      { code: 'no_active_model' });
  });

  test('local unemployment rates: a bad row stores nothing and is named', async () => {
    await h.assertNothingWritten(w, [], async () => {
      const r = await w.api.post('/api/v1/local-unemployment', { rates: [
        { municipality: '0180', month: '2025-06', rate_bp: 500 },
        { municipality: '9999', month: '2025-06', rate_bp: 500 }] }, { as: w.admin });
      h.assertError(r, 422, { code: 'unknown_municipality', field: 'rates[1].municipality' });
    });
  });
});
