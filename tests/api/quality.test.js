'use strict';
/*
 * quality.test.js — the authority's quality follow-up through the API and
 * the CLI: supervisors and the staffing check (D-1, D-2, D-3), survey
 * answers and the published results beside the rating (D-4, R-2), quality
 * reviews (D-9), warnings, order stops, penalties and terminations (D-10,
 * F-6, Q-6, Q-7), the penalty set off by the payment run through the
 * ledger, and the follow-up figures (U-1, U-2).
 *
 * The providers are admitted on D0; the server then runs on TODAY, so a
 * case officer can date choices back and every date below is exact.
 * rules/journey.json: a participation starts 7 days after the choice, 14
 * days to choose.  rules/quality.json: qualified = 120 credits and 24
 * months, or a diploma and 60 months; 50 participants per qualified FTE;
 * 60 % good accessibility with at least 10 answers; the first review 6
 * months after admission with 25 participants; a warning's deadline 60
 * days; an order stop at most 180 days; penalties 1 … 50 000 000 öre.
 */
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./helpers.js');

const D0 = '2025-01-07';      /* the providers are admitted */
const TODAY = '2025-05-12';   /* a Monday: the clock of the tests */
const HAVE_SQLITE = spawnSync('sqlite3', ['-version']).status === 0;

function sql(db, text) {
  const r = spawnSync('sqlite3', ['-cmd', '.timeout 5000', db, text], { encoding: 'utf8' });
  assert.equal(r.status, 0, `sqlite3: ${r.stderr}`);
  return r.stdout.trim();
}

const pick = (o, ...keys) => Object.fromEntries(keys.map((k) => [k, o[k]]));
const digits = (orgnr) => orgnr.replace('-', '');

const STAFF_HEADER = 'provider_orgnr,programme,area,ref,name,credits,upper_secondary,' +
  'work_months,fte_percent,from_on,to_on';
const SURVEY_HEADER = 'respondent,programme,area,provider_orgnr,answered_on,quality,' +
  'accessibility,responsiveness,scope,matching,good_accessibility';

describe('quality follow-up, sanctions and the published results', () => {
  let w, officer, ctlA, ctlB, prog, P, Q, R;
  const parts = {};

  before(async () => {
    w = await h.startWorld('quality', { today: D0 });
    officer = await h.makeUser(w, 'case_officer');
    ctlA = await h.makeUser(w, 'controller');
    ctlB = await h.makeUser(w, 'controller');
    prog = await h.makeProgramme(w, { A: ['0180'], B: ['1480'] });
    P = await h.admittedProvider(w, officer, prog.id, [prog.areas.A, prog.areas.B]);
    Q = await h.admittedProvider(w, officer, prog.id, [prog.areas.A]);
    /* R is the authority's own operation (F-5), compared in the follow-up. */
    R = await h.registerProvider(w, { kind: 'own_operation' });
    let r = await w.api.put(`/api/v1/providers/${R.id}/profile`, h.PROFILE, { as: R.staff });
    assert.equal(r.status, 200, r.text);
    const a = await h.apply(w, R, prog.id, [prog.areas.A]);
    await h.passAllChecks(w, officer, a.id);
    await h.decide(w, officer, a.id, prog.areas.A);
    /* Tokens outlive the restart (sessions last 8 hours of the clock). */
    w.admin = await h.withToken(w, w.admin);
    officer = await h.withToken(w, officer);
    ctlA = await h.withToken(w, ctlA);
    ctlB = await h.withToken(w, ctlB);
    for (const p of [P, Q, R]) p.staff = await h.withToken(w, p.staff);
    await w.server.restart(TODAY);

    /* One participant at each provider in area A, chosen 2025-02-03 and
     * started 2025-02-10 (seven days later), before any sanction. */
    for (const [name, p] of [['P', P], ['Q', Q], ['R', R]]) {
      const js = await h.registerJobseeker(w, officer, prog.id,
        { registered_on: '2025-02-03' });
      r = await w.api.post(`/api/v1/jobseekers/${js.id}/choice`,
        { provider_id: p.id, chosen_on: '2025-02-03' }, { as: officer });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.starts_on, '2025-02-10');
      parts[name] = r.json.id;
    }
  });
  after(async () => { if (w) await w.stop(); });

  const supervisors = () => h.reader(w, `/api/v1/providers/${P.id}/supervisors`, officer);

  test('D-1: a supervisor file with a bad line is refused naming the line and field, and imports nothing', async () => {
    const good = `${digits(P.orgnr)},${prog.code},A,H1,Anna Ek,180,yes,30,100,2025-01-07,`;
    const cases = [
      [`${STAFF_HEADER}\n${good}\n${digits(P.orgnr)},${prog.code},A,H2,Bo Berg,0,yes,70,150,2025-01-07,\n`,
        'bad_number', 'csv[3].fte_percent', /^Line 3, fte_percent: /],
      [`${STAFF_HEADER}\n${good}\n${digits(P.orgnr)},${prog.code},A,H2,Bo Berg,0,maybe,70,50,2025-01-07,\n`,
        'bad_answer', 'csv[3].upper_secondary', /^Line 3, upper_secondary: /],
      [`${STAFF_HEADER}\n${good}\n${digits(P.orgnr)},${prog.code},A,H2,Bo Berg,0,yes,70,50,2025-02-30,\n`,
        'bad_date', 'csv[3].from_on', /^Line 3, from_on: /],
      [`${STAFF_HEADER}\n${good}\n${good}\n`, 'duplicate_line', 'csv[3].ref', /line 2/],
      [`${STAFF_HEADER}\n${good}\n${digits(P.orgnr)},${prog.code},Z,H2,Bo Berg,0,yes,70,50,2025-01-07,\n`,
        'unknown_area', 'csv[3].area', /^Line 3, area: /],
      [`${STAFF_HEADER}\n${good}\n${digits(Q.orgnr)},${prog.code},A,H2,Bo Berg,0,yes,70,50,2025-01-07,\n`,
        'unknown_provider', 'csv[3].provider_orgnr', /your own provider/],
      [`${STAFF_HEADER}\n${good}\n${digits(P.orgnr)},${prog.code},A,H2\n`,
        'bad_line', 'csv[3]', /^Line 3: expected 11 fields/],
      [`provider,area\n${good}\n`, 'bad_header', 'csv[1]', /^Line 1: /],
      [`${STAFF_HEADER}\n`, 'no_lines', 'csv', /header but no lines/],
    ];
    await h.assertNothingWritten(w, [supervisors()], async () => {
      for (const [csv, code, field, message] of cases) {
        const r = await w.api.post('/api/v1/supervisors/import', { csv }, { as: P.staff });
        const err = h.assertError(r, 422, { code, field });
        assert.match(err.message, message);
      }
    });
    assert.deepEqual(await supervisors()(), []);
  });

  test('D-1: supervisors imported and registered; qualified by credits and work or by diploma and work', async () => {
    /* H1: 180 credits, 30 months: qualified (120 and 24).  H2: a diploma
     * and 48 months: not (needs 60).  CR LF lines, as a spreadsheet writes. */
    const csv = [STAFF_HEADER,
      `${digits(P.orgnr)},${prog.code},A,H1,Anna Ek,180,yes,30,100,2025-01-07,`,
      `${digits(P.orgnr)},${prog.code},A,H2,"Berg, Bo",0,yes,48,50,2025-01-07,2025-12-31`,
    ].join('\r\n') + '\r\n';
    let r = await w.api.post('/api/v1/supervisors/import', { csv }, { as: P.staff });
    assert.deepEqual(h.assertStatus(r, 200), { lines: 2, replaced: 0, qualified: 1 });
    r = await w.api.post('/api/v1/supervisors/import', { csv }, { as: P.staff });
    assert.deepEqual(r.json, { lines: 2, replaced: 2, qualified: 1 });
    /* Through the API: a diploma and exactly 60 months qualifies. */
    r = await w.api.post(`/api/v1/providers/${P.id}/supervisors`, { area_id: prog.areas.B,
      ref: 'H3', name: 'Cia Dahl', credits: 0, upper_secondary: true, work_months: 60,
      fte_percent: 40, from_on: '2025-01-07' }, { as: P.staff });
    h.assertStatus(r, 201);
    assert.deepEqual(pick(r.json, 'qualified', 'replaced', 'area_id'),
      { qualified: true, replaced: false, area_id: prog.areas.B });
    h.assertError(await w.api.post(`/api/v1/providers/${Q.id}/supervisors`, { area_id: prog.areas.A,
      ref: 'X', name: 'X', credits: 0, upper_secondary: true, work_months: 60, fte_percent: 40,
      from_on: '2025-01-07' }, { as: P.staff }), 404, { code: 'not_found' });
    h.assertError(await w.api.post(`/api/v1/providers/${Q.id}/supervisors`, { area_id: prog.areas.B,
      ref: 'X', name: 'X', credits: 0, upper_secondary: true, work_months: 60, fte_percent: 40,
      from_on: '2025-01-07' }, { as: Q.staff }), 422, { code: 'not_admitted', field: 'area_id' });
    const list = await supervisors()();
    assert.deepEqual(list.map((s) => [s.ref, s.name, s.qualified, s.fte_percent]),
      [['H1', 'Anna Ek', true, 100], ['H2', 'Berg, Bo', false, 50], ['H3', 'Cia Dahl', true, 40]]);
    assert.match(list[1].qualified_reason, /upper-secondary diploma and 60 months/);
  });

  test('D-2, D-3: the monthly staffing check flags a provider without a qualified FTE per 50 participants', async () => {
    /* April 2025, area A: P has 1 participant and H1 (100 %): fine.  R has
     * 1 participant and no qualified supervisor: 1 participant needs 2 %
     * of an FTE (1 × 100 / 50), R has 0 — a breach on all 30 days. */
    const r = await w.api.get('/api/v1/staffing?month=2025-04', { as: officer });
    const body = h.assertStatus(r, 200);
    const row = (p) => body.areas.find((x) => x.provider_id === p.id && x.area_id === prog.areas.A);
    assert.deepEqual(pick(row(P), 'ok', 'breach_days', 'participants', 'qualified_fte_percent',
      'peak_participants', 'from', 'through'), { ok: true, breach_days: 0, participants: 1,
      qualified_fte_percent: 100, peak_participants: 1, from: '2025-04-01', through: '2025-04-30' });
    assert.deepEqual(pick(row(R), 'ok', 'breach_days', 'participants', 'qualified_fte_percent',
      'required_fte_percent'), { ok: false, breach_days: 30, participants: 1,
      qualified_fte_percent: 0, required_fte_percent: 2 });
    assert.equal(body.breaches, 2, 'R, and Q likewise');
    /* D-3: P's participant has no named supervisor yet. */
    assert.deepEqual(pick(row(P).personal_supervisors, 'participants', 'missing', 'ok'),
      { participants: 1, missing: 1, ok: 0 });
    let s = await w.api.put(`/api/v1/participations/${parts.P}/supervisor`,
      { supervisor: 'Berg, Bo' }, { as: P.staff });
    assert.equal(s.status, 200, s.text);
    let again = await w.api.get('/api/v1/staffing?month=2025-05', { as: P.staff });
    assert.deepEqual(again.json.areas.map((x) => x.provider_id), [P.id, P.id], 'staff see their own');
    assert.deepEqual(pick(again.json.areas[0].personal_supervisors, 'not_qualified', 'ok'),
      { not_qualified: 1, ok: 0 });
    s = await w.api.put(`/api/v1/participations/${parts.P}/supervisor`,
      { supervisor: 'Anna Ek' }, { as: P.staff });
    again = await w.api.get('/api/v1/staffing?month=2025-05', { as: P.staff });
    assert.deepEqual(pick(again.json.areas[0].personal_supervisors, 'participants', 'ok'),
      { participants: 1, ok: 1 });
    h.assertError(await w.api.get('/api/v1/staffing?month=2025-06', { as: officer }), 422,
      { code: 'future_month', field: 'month' });
  });

  test('D-4, R-2: a survey file with a bad line imports nothing; the results are published beside the rating', async () => {
    const line = (resp, p, q, acc, good, area = 'A') =>
      `${resp},${prog.code},${area},${digits(p.orgnr)},2025-04-15,${q},${acc},4,3,,${good}`;
    const results = h.reader(w, `/api/v1/quality-results?area_id=${prog.areas.A}`, null);
    await h.assertNothingWritten(w, [results], async () => {
      const bad = [
        [`${SURVEY_HEADER}\n${line('participant', P, 5, 4, 'yes')}\n${line('participant', P, 6, 4, 'yes')}\n`,
          'bad_score', 'csv[3].quality'],
        [`${SURVEY_HEADER}\n${line('participant', P, 5, 4, 'ja')}\n`, 'bad_answer',
          'csv[2].good_accessibility'],
        [`${SURVEY_HEADER}\n${line('visitor', P, 5, 4, 'yes')}\n`, 'bad_respondent',
          'csv[2].respondent'],
        [`${SURVEY_HEADER}\n${line('participant', P, 5, 4, 'yes', 'Z')}\n`, 'unknown_area',
          'csv[2].area'],
        [`${SURVEY_HEADER}\n${line('participant', Q, 5, 4, 'yes', 'B')}\n`, 'not_admitted',
          'csv[2].provider_orgnr'],
        [`${SURVEY_HEADER}\n${line('participant', P, 5, 4, 'yes').replace('2025-04-15', '2025-06-01')}\n`,
          'future_date', 'csv[2].answered_on'],
        [`${SURVEY_HEADER}\nparticipant,${prog.code},A,${digits(P.orgnr)},2025-04-15,,,,,,\n`,
          'no_answers', 'csv[2]'],
        [`${SURVEY_HEADER}\n"participant,${prog.code}\n`, 'bad_quote', 'csv'],
      ];
      for (const [csv, code, field] of bad) {
        const r = await w.api.post('/api/v1/surveys/import', { csv }, { as: officer });
        const e = h.assertError(r, 422, { code, field });
        assert.match(e.message, /^Line \d+/);
      }
      h.assertError(await w.api.post('/api/v1/surveys/import', { csv: SURVEY_HEADER },
        { as: P.staff }), 403, { code: 'forbidden' });
    });
    /* P: 10 participants, 5 report good accessibility: 50 % < 60 %, with
     * enough answers (10): flagged.  Quality scores 5,5,5,5,4,4,4,3,3,2 sum
     * 40 over 10: mean 4.00.  Q: 9 participants, all "no": 0 %, but under
     * 10 answers — not flagged.  An employer's answer for P: quality 3. */
    const rows = [];
    const pq = [5, 5, 5, 5, 4, 4, 4, 3, 3, 2];
    for (let i = 0; i < 10; i++) rows.push(line('participant', P, pq[i], 3, i < 5 ? 'yes' : 'no'));
    for (let i = 0; i < 9; i++) rows.push(line('participant', Q, 4, 2, 'no'));
    rows.push(line('employer', P, 3, '', ''));
    const csv = `${SURVEY_HEADER}\n${rows.join('\n')}\n`;
    const r = await w.api.post('/api/v1/surveys/import', { csv }, { as: officer });
    assert.equal(h.assertStatus(r, 201).answers, 20);
    h.assertError(await w.api.post('/api/v1/surveys/import', { csv }, { as: officer }), 409,
      { code: 'already_imported', field: 'csv' });
    const pub = await results();
    assert.deepEqual([pub.from, pub.to], ['2024-05-13', TODAY]);
    const of = (p) => pub.results.find((x) => x.provider_id === p.id);
    const pa = of(P).surveys.participant;
    assert.deepEqual(pa.good_accessibility, { answers: 10, good: 5, percent: 50,
      threshold_percent: 60, enough_answers: true, below_threshold: true });
    assert.deepEqual(pa.items.quality, { answers: 10, mean_centi: 400 });
    assert.deepEqual(pa.items.matching, { answers: 0, mean_centi: null });
    assert.deepEqual(of(P).surveys.employer.items.quality, { answers: 1, mean_centi: 300 });
    assert.equal(of(P).surveys.employer.good_accessibility, undefined, 'D-4 counts participants');
    assert.deepEqual(pick(of(Q).surveys.participant.good_accessibility, 'percent',
      'enough_answers', 'below_threshold'), { percent: 0, enough_answers: false,
      below_threshold: false });
    assert.deepEqual(of(R).surveys, {});
  });

  test('F-6: under an order stop a provider gets no participants by choice or non-choice; those already there stay', async () => {
    const stop = await w.api.post('/api/v1/order-stops', { provider_id: P.id,
      area_id: prog.areas.A, until_on: '2025-06-30', reason: 'Brister i tillgänglighet.',
      delegation: 'Delegationsordning 5.1' }, { as: officer });
    h.assertStatus(stop, 201);
    assert.deepEqual(pick(stop.json, 'from_on', 'until_on', 'decided_by', 'delegation', 'decided_on'),
      { from_on: TODAY, until_on: '2025-06-30', decided_by: officer.username,
        delegation: 'Delegationsordning 5.1', decided_on: TODAY });
    h.assertError(await w.api.post('/api/v1/order-stops', { provider_id: P.id,
      area_id: prog.areas.A, from_on: '2025-06-01', until_on: '2025-07-30', reason: 'R',
      delegation: 'D' }, { as: officer }), 409, { code: 'overlapping' });
    h.assertError(await w.api.post('/api/v1/order-stops', { provider_id: Q.id,
      area_id: prog.areas.A, until_on: '2025-12-31', reason: 'R', delegation: 'D' },
    { as: officer }), 422, { code: 'too_long', field: 'until_on' });

    /* By choice: P is not offered in A, and choosing it is refused. */
    const js = await h.registerJobseeker(w, officer, prog.id);
    const choices = await w.api.get(`/api/v1/jobseekers/${js.id}/choices`, { as: officer });
    assert.deepEqual(choices.json.providers.map((x) => x.id).sort(), [Q.id, R.id].sort());
    h.assertError(await w.api.post(`/api/v1/jobseekers/${js.id}/choice`, { provider_id: P.id },
      { as: officer }), 422, { code: 'order_stop', field: 'provider_id' });
    /* The stop is per area: in B, P still takes participants. */
    const inB = await h.registerJobseeker(w, officer, prog.id, { municipality: '1480' });
    h.assertStatus(await w.api.post(`/api/v1/jobseekers/${inB.id}/choice`, { provider_id: P.id },
      { as: officer }), 201);

    /* By non-choice: three jobseekers past their deadline (registered
     * 2025-04-20, due 2025-05-04).  P, Q and R each have one participant
     * (load 1), so best_rated (all unrated) would take the lowest id — P;
     * with P stopped, Q (the lower of Q and R) gets all three: the new
     * ones start on TODAY + 7, so the load does not change during the run. */
    for (let i = 0; i < 3; i++)
      await h.registerJobseeker(w, officer, prog.id, { registered_on: '2025-04-20' });
    const run = await w.api.post('/api/v1/nonchoice/runs', {}, { as: officer });
    h.assertStatus(run, 200);
    assert.deepEqual(run.json.assigned.map((a) => a.provider_id), [Q.id, Q.id, Q.id]);
    assert.deepEqual(run.json.skipped, []);

    /* Those already there stay. */
    const p0 = await w.api.get(`/api/v1/participations/${parts.P}`, { as: officer });
    assert.deepEqual(pick(p0.json, 'provider_id', 'starts_on', 'ends_on', 'end_reason'),
      { provider_id: P.id, starts_on: '2025-02-10', ends_on: '2027-02-07',
        end_reason: 'max_duration' });

    /* Lifted today, P is offered and assigned again (the proof that the
     * stop was what kept it out: the tie now goes to P, the lower id). */
    h.assertError(await w.api.post(`/api/v1/order-stops/${stop.json.id}/lift`,
      { reason: 'R', delegation: 'D', lifted_on: '2025-05-01' }, { as: officer }), 422,
    { code: 'past_date', field: 'lifted_on' });
    const lift = await w.api.post(`/api/v1/order-stops/${stop.json.id}/lift`,
      { reason: 'Åtgärdat.', delegation: 'Delegationsordning 5.1' }, { as: officer });
    assert.equal(h.assertStatus(lift, 200).lifted_on, TODAY);
    const after = await w.api.get(`/api/v1/jobseekers/${js.id}/choices`, { as: officer });
    assert.ok(after.json.providers.some((x) => x.id === P.id));
    await h.registerJobseeker(w, officer, prog.id, { registered_on: '2025-04-20' });
    const run2 = await w.api.post('/api/v1/nonchoice/runs', {}, { as: officer });
    assert.deepEqual(run2.json.assigned.map((a) => a.provider_id), [P.id]);
    h.assertError(await w.api.post(`/api/v1/order-stops/${stop.json.id}/lift`,
      { reason: 'R', delegation: 'D' }, { as: officer }), 409, { code: 'already_lifted' });
  });

  test('D-10, F-6, Q-6, Q-7: warnings, penalties and terminations record who decided under which delegation, and are in the audit chain', async () => {
    /* A warning with the default deadline: 60 days after TODAY. */
    let r = await w.api.post('/api/v1/warnings', { provider_id: P.id, area_id: prog.areas.A,
      problems: 'Under 60 % god tillgänglighet.', delegation: 'Delegationsordning 5.2' },
    { as: officer });
    assert.deepEqual(pick(h.assertStatus(r, 201), 'deadline', 'status', 'decided_by', 'delegation'),
      { deadline: '2025-07-11', status: 'open', decided_by: officer.username,
        delegation: 'Delegationsordning 5.2' });
    h.assertError(await w.api.post(`/api/v1/warnings/${r.json.id}/follow-up`, { remedied: false,
      reason: 'R', delegation: 'D' }, { as: officer }), 422, { code: 'deadline_not_passed' });
    /* One decided on 2025-03-03 with deadline 2025-04-01: past, so not
     * remedied can be recorded, and the answer names the admission a
     * termination would end. */
    const old = await w.api.post('/api/v1/warnings', { provider_id: P.id, area_id: prog.areas.B,
      problems: 'Inga handledarmöten.', deadline: '2025-04-01', decided_on: '2025-03-03',
      delegation: 'Delegationsordning 5.2' }, { as: officer });
    h.assertStatus(old, 201);
    h.assertError(await w.api.post('/api/v1/warnings', { provider_id: P.id, area_id: prog.areas.B,
      problems: 'P', deadline: '2025-03-01', decided_on: '2025-03-03', delegation: 'D' },
    { as: officer }), 422, { code: 'deadline_passed', field: 'deadline' });
    const fu = await w.api.post(`/api/v1/warnings/${old.json.id}/follow-up`, { remedied: false,
      reason: 'Fortfarande inga möten.', delegation: 'Delegationsordning 5.2' }, { as: officer });
    assert.equal(h.assertStatus(fu, 200).status, 'not_remedied');
    const adm = await w.api.get(`/api/v1/admissions?provider_id=${P.id}&area_id=${prog.areas.B}`,
      { as: officer });
    assert.equal(fu.json.may_terminate_admission_id, adm.json[0].id);

    /* A penalty: 2 500 kr; amounts are bounded. */
    h.assertError(await w.api.post('/api/v1/penalties', { provider_id: P.id, area_id: prog.areas.A,
      amount_ore: 50000001, reason: 'R', delegation: 'D' }, { as: officer }), 422,
    { code: 'bad_amount', field: 'amount_ore' });
    const pen = await w.api.post('/api/v1/penalties', { provider_id: P.id, area_id: prog.areas.A,
      amount_ore: 250000, reason: 'Försenade månadsrapporter.', warning_id: r.json.id,
      delegation: 'Delegationsordning 5.3' }, { as: officer });
    assert.deepEqual(pick(h.assertStatus(pen, 201), 'amount_ore', 'set_off_in', 'decided_by'),
      { amount_ore: 250000, set_off_in: null, decided_by: officer.username });
    h.assertError(await w.api.post('/api/v1/penalties', { provider_id: P.id, area_id: prog.areas.A,
      warning_id: old.json.id, reason: 'R', delegation: 'D' }, { as: officer }), 422,
    { code: 'unrelated', field: 'warning_id' });

    /* Termination per area (D-10 after a warning not remedied) and the
     * one-year bar on applying again. */
    const t = await w.api.post(`/api/v1/admissions/${adm.json[0].id}/termination`,
      { reason: 'Varning ej åtgärdad.', delegation: 'Delegationsordning 5.4' }, { as: officer });
    h.assertStatus(t, 200);
    h.assertError(await w.api.post('/api/v1/applications', { provider_id: P.id,
      programme_id: prog.id, areas: [prog.areas.B] }, { as: P.staff }), 422,
    { code: 'reapply_barred' });

    const all = await w.api.get(`/api/v1/providers/${P.id}/sanctions`, { as: P.staff });
    const s = h.assertStatus(all, 200);
    assert.deepEqual([s.warnings.length, s.order_stops.length, s.penalties.length,
      s.terminations.length], [2, 1, 1, 1]);
    for (const d of [...s.warnings, ...s.order_stops, ...s.penalties, ...s.terminations]) {
      assert.equal(d.decided_by, officer.username);
      assert.match(d.delegation, /^Delegationsordning 5\.\d$/);
    }
    h.assertError(await w.api.get(`/api/v1/providers/${P.id}/sanctions`, { as: Q.staff }), 404);

    if (HAVE_SQLITE) {
      const actions = sql(w.db, "SELECT action || ' ' || entity FROM audit_log WHERE action LIKE"
        + " 'warning.%' OR action LIKE 'order_stop.%' OR action LIKE 'penalty.%' OR action ="
        + " 'decision.terminate' ORDER BY id").split('\n');
      assert.deepEqual(actions, ['order_stop.issue order_stop', 'order_stop.lift order_stop',
        'warning.issue warning', 'warning.issue warning', 'warning.follow_up warning',
        'penalty.impose penalty', 'decision.terminate admission']);
    }
    const v = await w.api.get('/api/v1/audit/verify', { as: w.admin });
    assert.equal(v.json.ok, true);
  });

  test('F-6: the penalty is set off against the next payment through the ledger, once', async () => {
    const ok = (res) => { assert.ok(res.status === 200 || res.status === 201, res.text); return res.json; };
    /* April's run pays February's and March's base (P-4); the penalty
     * decided today is set off at the approval. */
    const { id } = ok(await w.api.post('/api/v1/payruns', { period: '2025-04' }, { as: ctlA }));
    ok(await w.api.post(`/api/v1/payruns/${id}/approval`,
      { delegation: 'Delegationsordning 4.2' }, { as: ctlB }));
    const st = ok(await w.api.get(`/api/v1/payruns/${id}/statement?provider_id=${P.id}`,
      { as: P.staff }));
    assert.ok(st.earned > 250000, `P earned ${st.earned}`);
    /* Paid is what was earned less the penalty; nothing carried. */
    assert.deepEqual(pick(st, 'set_off', 'paid', 'carried_out'),
      { set_off: 250000, paid: st.earned - 250000, carried_out: 0 });
    const q = ok(await w.api.get(`/api/v1/payruns/${id}/statement?provider_id=${Q.id}`,
      { as: officer }));
    assert.deepEqual([q.set_off, q.paid], [0, q.earned]);
    const pen = ok(await w.api.get(`/api/v1/providers/${P.id}/sanctions`, { as: officer }));
    assert.equal(pen.penalties[0].set_off_in, '2025-04');
    const sie = await w.api.get(`/api/v1/payruns/${id}/sie`, { as: ctlA });
    assert.equal(sie.status, 200, sie.text);
    assert.match(sie.text, /#TRANS 3950 \{[^}]*\} -2500\.00/);
    /* May's run sets nothing off again. */
    const may = ok(await w.api.post('/api/v1/payruns', { period: '2025-05' }, { as: ctlA }));
    ok(await w.api.post(`/api/v1/payruns/${may.id}/approval`, { delegation: 'D 4.2' }, { as: ctlB }));
    const st2 = ok(await w.api.get(`/api/v1/payruns/${may.id}/statement?provider_id=${P.id}`,
      { as: officer }));
    assert.equal(st2.set_off, 0);
    const lv = ok(await w.api.get('/api/v1/ledger/verify', { as: ctlA }));
    assert.deepEqual(pick(lv, 'ok', 'duplicate_keys', 'unknown_accounts'),
      { ok: true, duplicate_keys: 0, unknown_accounts: 0 });
    const cl = h.cliOk(['ledger', 'verify', '--db', w.db, '--rules', h.RULES, '--data', h.DATA],
      { env: { KUNDVAL_TODAY: TODAY } });
    assert.equal(JSON.parse(cl.stdout).ok, true);
  });

  test('D-9: the review schedule; a scheduled review is not planned before it is due, an extra one is', async () => {
    const due = await w.api.get('/api/v1/reviews/due', { as: officer });
    const row = h.assertStatus(due, 200).reviews.find((x) => x.provider_id === Q.id);
    /* Admitted 2025-01-07: eligible 2025-07-07, and 25 participants are
     * not reached: not due. */
    assert.deepEqual(pick(row, 'eligible_from', 'volume_reached_on', 'due_on', 'status'),
      { eligible_from: '2025-07-07', volume_reached_on: null, due_on: null, status: 'not_due' });
    h.assertError(await w.api.post('/api/v1/reviews', { provider_id: Q.id, area_id: prog.areas.A,
      kind: 'scheduled', planned_on: '2025-08-01', reason: 'Ordinarie.' }, { as: officer }), 422,
    { code: 'not_due', field: 'planned_on' });
    const plan = await w.api.post('/api/v1/reviews', { provider_id: Q.id, area_id: prog.areas.A,
      kind: 'extra', planned_on: '2025-05-20', reason: 'Låg tillgänglighet i enkäten.' },
    { as: officer });
    h.assertStatus(plan, 201);
    h.assertError(await w.api.post('/api/v1/reviews', { provider_id: Q.id, area_id: prog.areas.A,
      kind: 'extra', planned_on: '2025-05-21', reason: 'R' }, { as: officer }), 409,
    { code: 'already_planned' });
    const f = await w.api.post(`/api/v1/reviews/${plan.json.id}/findings`, { requirement: 'D-4',
      severity: 'shortcoming', text: 'Lokalen saknar ramp.' }, { as: officer });
    assert.equal(h.assertStatus(f, 201).findings.length, 1);
    h.assertError(await w.api.post(`/api/v1/reviews/${plan.json.id}/findings`, { requirement: 'X-1',
      severity: 'shortcoming', text: 'T' }, { as: officer }), 422, { field: 'requirement' });
    const held = await w.api.post(`/api/v1/reviews/${plan.json.id}/completion`,
      { summary: 'En brist.' }, { as: officer });
    assert.deepEqual(pick(h.assertStatus(held, 200), 'status', 'held_on'),
      { status: 'held', held_on: TODAY });
    const mine = await w.api.get('/api/v1/reviews', { as: Q.staff });
    assert.deepEqual(mine.json.map((x) => x.id), [plan.json.id]);
    assert.deepEqual((await w.api.get('/api/v1/reviews', { as: P.staff })).json, []);
    /* Held today: the next is due in two years. */
    const again = await w.api.get('/api/v1/reviews/due', { as: officer });
    assert.equal(again.json.reviews.find((x) => x.provider_id === Q.id).due_on, '2027-05-12');
    /* the finding and the review are in the published summary. */
    const pub = await w.api.get(`/api/v1/quality-results?provider_id=${Q.id}`);
    assert.deepEqual(pick(pub.json.results[0].compliance, 'reviews_held', 'last_review_on',
      'shortcomings'), { reviews_held: 1, last_review_on: TODAY, shortcomings: 1 });
  });

  test('U-1, U-2: follow-up by group, own operation beside the others, utilisation and flow time; API and CLI', async () => {
    /* P's first participant (started 2025-02-10) gets a job from
     * 2025-04-14, approved: flow time 63 days. */
    const o = await w.api.post(`/api/v1/participations/${parts.P}/outcomes`, { type: 'employment',
      starts_on: '2025-04-14', occupation: '5120', extent_percent: 100 }, { as: P.staff });
    assert.equal(o.status, 201, o.text);
    assert.equal((await w.api.post(`/api/v1/outcomes/${o.json.id}/evidence`,
      { filename: 'intyg.pdf', content_base64: h.PDF_BASE64 }, { as: P.staff })).status, 201);
    assert.equal((await w.api.post(`/api/v1/outcomes/${o.json.id}/review`,
      { decision: 'approve', reason: 'Anställningsbevis.' }, { as: officer })).status, 200);

    const r = await w.api.get('/api/v1/followup?from=2025-02-01&to=2025-02-28', { as: officer });
    const f = h.assertStatus(r, 200);
    /* Three participations started in February (one at each provider);
     * none has been followed 180 days yet, so the short term is empty. */
    assert.deepEqual(pick(f.sections.all.total, 'participants', 'results', 'result_percent'),
      { participants: 3, results: 1, result_percent: 33 });
    assert.deepEqual(f.sections.all.total.short_term, { followed: 0, results: 0, percent: null });
    assert.deepEqual(f.sections.all.total.flow_time, { known: 1, mean_days: 63, median_days: 63 });
    assert.equal(f.sections.own_operation.total.participants, 1);
    assert.equal(f.sections.external.total.participants, 2);
    assert.deepEqual(f.sections.all.by_gender.map((g) => [g.gender, g.participants]),
      [['woman', 3]]);
    const pr = f.providers.find((x) => x.provider_id === R.id);
    assert.equal(pr.own_operation, true);
    /* R has no qualified supervisor: no places, no utilisation. */
    assert.equal(pr.utilisation.percent, null);
    /* P in February: 1 participant from the 10th to the 28th = 19
     * participant-days.  Places: H1 (area A, 100 %) 28 days × 50 = 1400
     * place-days, H3 (area B, 40 %) 28 × 0.4 × 50 = 560; H2 is not
     * qualified: 1960.  19 / 1960 = 0.97 % → 1 %. */
    const pp = f.providers.find((x) => x.provider_id === P.id);
    assert.deepEqual(pp.utilisation, { participant_days: 19, place_days: 1960, percent: 1 });
    h.assertError(await w.api.get('/api/v1/followup?from=2025-03-01&to=2025-02-01',
      { as: officer }), 422, { code: 'bad_period' });
    h.assertError(await w.api.get('/api/v1/followup?from=2025-03-01&to=2025-03-31',
      { as: P.staff }), 403);

    const cli = h.cliOk(['report', 'followup', '--from', '2025-02-01', '--to', '2025-02-28',
      '--json', '--db', w.db, '--rules', h.RULES, '--data', h.DATA],
    { env: { KUNDVAL_TODAY: TODAY } });
    assert.deepEqual(JSON.parse(cli.stdout).sections, f.sections);
    const text = h.cliOk(['report', 'followup', '--from', '2025-02-01', '--to', '2025-02-28',
      '--db', w.db, '--rules', h.RULES, '--data', h.DATA], { env: { KUNDVAL_TODAY: TODAY } });
    assert.match(text.stdout, /own_operation/);
    assert.match(text.stdout, /track/);
  });

  test('the CLI imports: a bad line exits 1 naming the line and column, nothing written', () => {
    const dir = fs.mkdtempSync(path.join(w.dir, 'csv-'));
    const file = path.join(dir, 'staff.csv');
    fs.writeFileSync(file, `${STAFF_HEADER}\n${digits(Q.orgnr)},${prog.code},A,Q1,Eva Fors,200,yes,` +
      'x,100,2025-01-07,\n');
    const args = ['--db', w.db, '--rules', h.RULES, '--data', h.DATA];
    const env = { env: { KUNDVAL_TODAY: TODAY } };
    let r = h.cli(['staff', 'import', file, ...args], env);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /Line 2, work_months/);
    fs.writeFileSync(file, `${STAFF_HEADER}\n${digits(Q.orgnr)},${prog.code},A,Q1,Eva Fors,200,yes,` +
      '24,100,2025-01-07,\n');
    r = h.cliOk(['staff', 'import', file, ...args], env);
    assert.deepEqual(JSON.parse(r.stdout), { lines: 1, replaced: 0, qualified: 1 });
    const sv = path.join(dir, 'survey.csv');
    fs.writeFileSync(sv, `${SURVEY_HEADER}\nemployer,${prog.code},A,${digits(Q.orgnr)},` +
      '2025-05-01,4,,,,9,\n');
    r = h.cli(['survey', 'import', sv, ...args], env);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /Line 2, matching/);
    fs.writeFileSync(sv, `${SURVEY_HEADER}\nemployer,${prog.code},A,${digits(Q.orgnr)},` +
      '2025-05-01,4,,,,5,\n');
    r = h.cliOk(['survey', 'import', sv, ...args], env);
    assert.equal(JSON.parse(r.stdout).answers, 1);
  });
});
