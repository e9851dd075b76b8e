'use strict';
/*
 * routes.test.js — the same checks for EVERY route, table-driven:
 *   - the table below covers every route in src/http/routes.c (a new route
 *     without an entry here fails the suite);
 *   - a route that needs signing in answers 401 without it, and 403 to each
 *     role it does not admit;
 *   - a route that takes a body refuses malformed JSON, a body that is not
 *     an object, a body not sent as application/json (400), an unknown
 *     field (400, naming it) and a body over 1 MiB (413);
 *   - none of those refused calls writes anything (the audit chain and the
 *     route's own data read back the same).
 * Route-specific input rules are in the other files.
 */
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./helpers.js');

/* A valid bankgiro: the digits and their Luhn check digit ("NNN-NNNN"). */
function bankgiro(six) {
  let sum = 0;
  for (let i = 0; i < six.length; i++) {
    let v = Number(six[six.length - 1 - i]) * (i % 2 === 0 ? 2 : 1);
    if (v > 9) v -= 9;
    sum += v;
  }
  const seven = six + String((10 - (sum % 10)) % 10);
  return `${seven.slice(0, 3)}-${seven.slice(3)}`;
}

const ALL_ROLES = ['admin', 'case_officer', 'controller', 'provider_staff', 'jobseeker'];
const AUTHORITY = ['admin', 'case_officer', 'controller'];
const ANY = ALL_ROLES;

describe('every route: sign-in, roles and body limits', () => {
  let w;
  const who = {};
  let fx;   /* ids the paths and bodies use */
  let routes;

  before(async () => {
    w = await h.startWorld('routes', { today: '2025-03-03' });
    who.admin = w.admin;
    who.case_officer = await h.makeUser(w, 'case_officer');
    who.controller = await h.makeUser(w, 'controller');
    who.jobseeker = await h.makeUser(w, 'jobseeker');
    const prog = await h.makeProgramme(w, { A: ['0180'], B: ['1480'], D: ['0182'] },
      { extra: { activity_requirement: true } });
    const p = await h.registerProvider(w);
    who.provider_staff = p.staff;
    const app = await h.apply(w, p, prog.id, [prog.areas.A, prog.areas.B]);
    await h.passAllChecks(w, who.case_officer, app.id);
    await h.decide(w, who.case_officer, app.id, prog.areas.A);
    const adm = await w.api.get(`/api/v1/admissions?provider_id=${p.id}`, { as: w.admin });
    fx = { prog, p, app, admission: adm.json[0].id };

    /* The journey: three participations chosen today (2025-03-03) start on
     * 2025-03-10 (C-1: seven days later); the world then moves to
     * 2025-04-15 so they are running. */
    const js = [];
    for (let i = 0; i < 6; i++)
      js.push(await h.registerJobseeker(w, who.case_officer, prog.id));
    const part = [];
    for (let i = 0; i < 3; i++) {
      const r = await w.api.post(`/api/v1/jobseekers/${js[i].id}/choice`,
        { provider_id: p.id }, { as: who.case_officer });
      assert.equal(r.status, 201, r.text);
      part.push(r.json.id);
    }
    await w.server.restart('2025-04-15');
    /* Sessions last eight hours of the server's clock: sign in again. */
    w.admin = who.admin = await h.login(w.server, 'admin');
    for (const role of ['case_officer', 'controller', 'jobseeker', 'provider_staff'])
      who[role] = Object.assign(await h.login(w.server, who[role].username),
        { username: who[role].username });
    const staff = who.provider_staff;
    const post = async (route, body, as) => {
      const r = await w.api.post(route, body, { as });
      assert.equal(r.status, 201, `${route}: ${r.text}`);
      return r.json.id;
    };
    const dev = await post(`/api/v1/participations/${part[0]}/deviations`,
      { kind: 'missed_meeting', occurred_on: '2025-04-01', text: 'Kom inte.' }, staff);
    const req = await post(`/api/v1/participations/${part[1]}/reassessment-requests`,
      { reason: 'Behöver mer stöd.' }, staff);
    const outcome = await post(`/api/v1/participations/${part[0]}/outcomes`,
      { type: 'employment', starts_on: '2025-04-14', occupation: '5120',
        extent_percent: 100 }, staff);
    const evidence = await post(`/api/v1/outcomes/${outcome}/evidence`,
      { filename: 'intyg.pdf', content_base64: h.PDF_BASE64 }, staff);
    fx.journey = { js, part, dev, req, outcome, evidence };

    /* The payment run of March 2025, prepared by a second controller so
     * the table's controller may approve it. */
    const preparer = await h.makeUser(w, 'controller');
    const pr = await w.api.post('/api/v1/payruns', { period: '2025-03' }, { as: preparer });
    assert.equal(pr.status, 200, pr.text);
    fx.payrun = pr.json.id;

    /* A published rating round (the public reads it) and a computed one
     * two months later (the table's publication publishes it, R-3). */
    const rate = async (date) => {
      const r = await w.api.post('/api/v1/ratings', { date }, { as: w.admin });
      assert.equal(r.status, 201, r.text);
      return r.json.id;
    };
    fx.round = await rate('2025-01-15');
    const pub = await w.api.post(`/api/v1/ratings/${fx.round}/publication`, {}, { as: w.admin });
    assert.equal(pub.status, 200, pub.text);
    fx.round2 = await rate('2025-04-15');
    /* The quality follow-up: a review to record findings on and hold, a
     * warning past its deadline to follow up, and an order stop from June
     * to lift (so the choices above still go through). */
    const made = async (route, body) => {
      const r = await w.api.post(route, body, { as: who.case_officer });
      assert.equal(r.status, 201, `${route}: ${r.text}`);
      return r.json.id;
    };
    fx.quality = {
      review: await made('/api/v1/reviews', { provider_id: p.id, area_id: prog.areas.A,
        kind: 'extra', planned_on: '2025-04-20', reason: 'Klagomål.' }),
      warning: await made('/api/v1/warnings', { provider_id: p.id, area_id: prog.areas.A,
        problems: 'P', deadline: '2025-04-01', decided_on: '2025-03-10', delegation: 'D' }),
      stop: await made('/api/v1/order-stops', { provider_id: p.id, area_id: prog.areas.A,
        from_on: '2025-06-01', until_on: '2025-06-30', reason: 'R', delegation: 'D' }),
    };

    /* method, path, roles (null = public), a valid body for write routes. */
    routes = [
      ['GET', '/', null],
      ['GET', '/healthz', null],
      ['POST', '/api/v1/session', null, { username: 'admin', password: h.PASSWORD }],
      ['DELETE', '/api/v1/session', ANY, undefined],
      ['GET', '/api/v1/me', ANY],
      ['POST', '/api/v1/users', ['admin'],
        { username: 'someone', display_name: 'S', password: h.PASSWORD, role: 'jobseeker' }],
      ['POST', '/api/v1/tokens', ANY, { label: 'x' }],
      ['GET', '/api/v1/tokens', ANY],
      ['DELETE', '/api/v1/tokens/999999', ANY, undefined],
      ['GET', '/api/v1/municipalities', null],
      ['GET', '/api/v1/municipalities/0180/providers', null],
      ['GET', '/api/v1/programmes', null],
      ['POST', '/api/v1/programmes', ['admin'],
        { code: 'NEWP', name: 'N', procurement_form: 'F-1', rulebook: 'stom' }],
      ['GET', `/api/v1/programmes/${prog.id}`, null],
      ['POST', `/api/v1/programmes/${prog.id}/areas`, ['admin'],
        { code: 'C', name: 'C', municipalities: ['1280'] }],
      ['POST', '/api/v1/providers', null, { orgnr: h.newOrgnr(), name: 'N AB', kind: 'company',
        email: 'a@b.se', user: { username: 'newstaff', display_name: 'N', password: h.PASSWORD } }],
      ['GET', '/api/v1/providers', AUTHORITY],
      ['GET', `/api/v1/providers/${p.id}`, [...AUTHORITY, 'provider_staff']],
      ['PUT', `/api/v1/providers/${p.id}/profile`, ['admin', 'provider_staff'], h.PROFILE],
      ['POST', `/api/v1/providers/${p.id}/subcontractors`, ['admin', 'provider_staff'],
        { orgnr: h.newOrgnr(), name: 'Sub AB' }],
      ['POST', '/api/v1/applications', ['provider_staff'],
        { provider_id: p.id, programme_id: prog.id, areas: [prog.areas.D] }],
      ['GET', '/api/v1/applications', [...AUTHORITY, 'provider_staff']],
      ['GET', `/api/v1/applications/${app.id}`, [...AUTHORITY, 'provider_staff']],
      ['POST', `/api/v1/applications/${app.id}/checks`, ['case_officer'], h.CHECK.finances()],
      ['POST', `/api/v1/applications/${app.id}/incomplete`, ['case_officer'], { reason: 'R' }],
      ['POST', `/api/v1/applications/${app.id}/completion`, ['provider_staff'], {}],
      ['POST', `/api/v1/applications/${app.id}/decisions`, ['case_officer'],
        { area_id: prog.areas.B, decision: 'refuse', reason: 'R', delegation: 'D' }],
      ['GET', '/api/v1/admissions', [...AUTHORITY, 'provider_staff']],
      ['POST', '/api/v1/jobseekers', ['case_officer'], h.jobseekerBody(prog.id)],
      ['GET', '/api/v1/jobseekers', AUTHORITY],
      ['POST', '/api/v1/jobseekers/lookup', AUTHORITY, { personnummer: js[0].pnr }],
      ['GET', `/api/v1/jobseekers/${js[0].id}`, [...AUTHORITY, 'jobseeker']],
      ['POST', `/api/v1/jobseekers/${js[3].id}/exemption`, ['case_officer'],
        { exemption: 'self_reliant', reason: 'Klarar sökandet själv.' }],
      ['POST', `/api/v1/jobseekers/${js[0].id}/assessments`, ['case_officer'], {}],
      ['GET', `/api/v1/jobseekers/${js[0].id}/assessments`, [...AUTHORITY, 'jobseeker']],
      ['GET', `/api/v1/jobseekers/${js[4].id}/choices`, ['case_officer', 'jobseeker']],
      ['POST', `/api/v1/jobseekers/${js[4].id}/choice`, ['case_officer', 'jobseeker'],
        { provider_id: p.id }],
      ['POST', '/api/v1/nonchoice/runs', ['case_officer', 'admin'], {}],
      ['GET', '/api/v1/participations', [...AUTHORITY, 'provider_staff']],
      ['GET', `/api/v1/participations/${part[0]}`, ANY],
      ['POST', `/api/v1/participations/${part[1]}/notice`, ['case_officer', 'jobseeker'], {}],
      ['POST', `/api/v1/participations/${part[2]}/end`, ['case_officer'],
        { reason: 'job', note: 'Fått arbete.' }],
      ['POST', `/api/v1/participations/${part[0]}/planning-meeting`, ['provider_staff'],
        { held_on: '2025-03-17' }],
      ['PUT', `/api/v1/participations/${part[0]}/supervisor`, ['provider_staff'],
        { supervisor: 'Kim Handledare' }],
      ['GET', '/api/v1/planning-meetings/overdue', [...AUTHORITY, 'provider_staff']],
      ['POST', `/api/v1/participations/${part[0]}/action-plans`, ['provider_staff'],
        { long_term_goal: 'Arbete som kock.', next_month_activities: 'Praktik.' }],
      ['GET', `/api/v1/participations/${part[0]}/action-plans`, ANY],
      /* March 2025 from the start on 2025-03-10: Mondays 10, 17, 24, 31. */
      ['POST', `/api/v1/participations/${part[0]}/reports`, ['provider_staff'],
        { month: '2025-03', job_search_activities: 6, activities_attended: 'CV-verkstad',
          meetings: ['2025-03-10', '2025-03-17', '2025-03-24', '2025-03-31']
            .map((week) => ({ week, minutes: 60 })) }],
      ['GET', `/api/v1/participations/${part[0]}/reports`, ANY],
      ['GET', `/api/v1/participations/${part[0]}/compliance`, ANY],
      ['GET', `/api/v1/providers/${p.id}/compliance`, [...AUTHORITY, 'provider_staff']],
      ['POST', `/api/v1/participations/${part[0]}/deviations`, ['provider_staff'],
        { kind: 'insufficient_job_search', occurred_on: '2025-04-10', text: 'Två sökta.' }],
      ['GET', '/api/v1/deviations', [...AUTHORITY, 'provider_staff']],
      ['POST', `/api/v1/deviations/${dev}/decision`, ['case_officer'],
        { decision: 'talk_to_jobseeker', reason: 'Första gången.' }],
      ['POST', `/api/v1/participations/${part[0]}/attendance`, ['provider_staff'],
        { event: 'check_in', activity: 'Svenska för yrket', at: '2025-04-15T09:00' }],
      ['GET', `/api/v1/participations/${part[0]}/attendance`, ANY],
      ['POST', `/api/v1/participations/${part[0]}/reassessment-requests`, ['provider_staff'],
        { reason: 'Har fått diagnos.' }],
      ['GET', '/api/v1/reassessment-requests', [...AUTHORITY, 'provider_staff']],
      ['POST', `/api/v1/reassessment-requests/${req}/decision`, ['case_officer'],
        { decision: 'deny', reason: 'Inget nytt underlag.' }],
      ['GET', '/api/v1/reassessments/due', AUTHORITY],
      ['POST', `/api/v1/participations/${part[0]}/outcomes`, ['provider_staff'],
        { type: 'studies', starts_on: '2025-04-01', extent_percent: 50 }],
      ['GET', '/api/v1/outcomes', [...AUTHORITY, 'provider_staff']],
      ['GET', `/api/v1/outcomes/${outcome}`, ANY],
      ['POST', `/api/v1/outcomes/${outcome}/evidence`, ['provider_staff'],
        { filename: 'intyg2.pdf', content_base64: h.PDF_BASE64 }],
      ['GET', `/api/v1/evidence/${evidence}`, [...AUTHORITY, 'provider_staff']],
      ['POST', `/api/v1/outcomes/${outcome}/months`, ['provider_staff'],
        { month: '2025-04', continues: true, self_supporting: true }],
      ['POST', `/api/v1/outcomes/${outcome}/review`, ['case_officer'],
        { decision: 'approve', reason: 'Anställningsbevis.' }],
      ['POST', '/api/v1/income-records', AUTHORITY,
        { csv: `personnummer,month,employer_orgnr,gross_ore\n${js[0].pnr},2025-03,${h.newOrgnr()},2000000\n` }],
      ['POST', `/api/v1/payruns/${fx.payrun}/approval`, ['controller'],
        { delegation: 'Delegationsordning 4.2' }],
      ['POST', '/api/v1/payruns', ['controller'], { period: '2025-04' }],
      ['GET', '/api/v1/payruns', AUTHORITY],
      ['GET', `/api/v1/payruns/${fx.payrun}`, AUTHORITY],
      ['GET', `/api/v1/payruns/${fx.payrun}/figures`, AUTHORITY],
      ['GET', `/api/v1/payruns/${fx.payrun}/statement?provider_id=${p.id}`,
        [...AUTHORITY, 'provider_staff']],
      ['GET', `/api/v1/payruns/${fx.payrun}/statement.csv?provider_id=${p.id}`,
        [...AUTHORITY, 'provider_staff']],
      ['GET', `/api/v1/payruns/${fx.payrun}/sie`, ['admin', 'controller']],
      ['GET', `/api/v1/payruns/${fx.payrun}/pain001`, ['admin', 'controller']],
      ['GET', '/api/v1/ledger/verify', ['admin', 'controller']],
      ['PUT', `/api/v1/providers/${p.id}/payment-details`, ['provider_staff', 'admin'],
        { bankgiro: bankgiro('505010') }],
      ['POST', '/api/v1/models', ['admin'], { model: h.profileModel('routes-1') }],
      ['POST', '/api/v1/models/deactivation', ['admin'], {}],
      ['GET', '/api/v1/models', AUTHORITY],
      ['POST', '/api/v1/local-unemployment', ['admin'],
        { rates: [{ municipality: '0180', month: '2025-02', rate_bp: 640 }] }],
      ['GET', '/api/v1/assessment-overrides?from=2025-01-01', AUTHORITY],
      ['GET', '/api/v1/ratings', null],
      ['POST', '/api/v1/ratings', AUTHORITY, { date: '2025-04-15' }],
      ['GET', '/api/v1/ratings/termination-candidates', AUTHORITY],
      ['GET', `/api/v1/ratings/${fx.round}`, null],
      ['POST', `/api/v1/ratings/${fx.round2}/publication`, AUTHORITY, {}],
      /* The quality follow-up (D-1 … D-4, D-9, D-10, F-6, R-2, U-1, U-2). */
      ['POST', '/api/v1/surveys/import', AUTHORITY,
        { csv: 'respondent,programme,area,provider_orgnr,answered_on,quality,accessibility,'
          + `responsiveness,scope,matching,good_accessibility\nparticipant,${prog.code},A,`
          + `${p.orgnr},2025-04-01,4,4,4,4,4,yes\n` }],
      ['GET', '/api/v1/quality-results', null],
      ['POST', `/api/v1/providers/${p.id}/supervisors`, ['provider_staff', 'admin'],
        { area_id: prog.areas.A, ref: 'H1', name: 'Anna Ek', credits: 180,
          upper_secondary: true, work_months: 30, fte_percent: 100, from_on: '2025-03-03' }],
      ['GET', `/api/v1/providers/${p.id}/supervisors`, [...AUTHORITY, 'provider_staff']],
      ['POST', '/api/v1/supervisors/import', [...AUTHORITY, 'provider_staff'],
        { csv: 'provider_orgnr,programme,area,ref,name,credits,upper_secondary,work_months,'
          + `fte_percent,from_on,to_on\n${p.orgnr},${prog.code},A,H2,Bo Berg,0,yes,60,50,`
          + '2025-03-03,\n' }],
      ['GET', '/api/v1/staffing', [...AUTHORITY, 'provider_staff']],
      ['GET', '/api/v1/reviews/due', AUTHORITY],
      ['GET', '/api/v1/reviews', [...AUTHORITY, 'provider_staff']],
      ['GET', `/api/v1/reviews/${fx.quality.review}`, [...AUTHORITY, 'provider_staff']],
      ['POST', `/api/v1/reviews/${fx.quality.review}/findings`, ['case_officer'],
        { requirement: 'D-4', severity: 'observation', text: 'Trång lokal.' }],
      ['POST', `/api/v1/reviews/${fx.quality.review}/completion`, ['case_officer'],
        { summary: 'Inga brister.' }],
      /* After the completion above: one planned review at a time. */
      ['POST', '/api/v1/reviews', ['case_officer'], { provider_id: p.id,
        area_id: prog.areas.A, kind: 'extra', planned_on: '2025-05-02', reason: 'Uppföljning.' }],
      ['POST', '/api/v1/warnings', ['case_officer'], { provider_id: p.id, area_id: prog.areas.A,
        problems: 'Sena rapporter.', delegation: 'Delegationsordning 5.2' }],
      ['POST', `/api/v1/warnings/${fx.quality.warning}/follow-up`, ['case_officer'],
        { remedied: true, reason: 'Rättat.', delegation: 'Delegationsordning 5.2' }],
      ['POST', '/api/v1/order-stops', ['case_officer'], { provider_id: p.id,
        area_id: prog.areas.A, until_on: '2025-05-31', reason: 'R', delegation: 'D' }],
      ['POST', `/api/v1/order-stops/${fx.quality.stop}/lift`, ['case_officer'],
        { reason: 'Åtgärdat.', delegation: 'D' }],
      ['POST', '/api/v1/penalties', ['case_officer'], { provider_id: p.id,
        area_id: prog.areas.A, reason: 'Sena rapporter.', delegation: 'Delegationsordning 5.3' }],
      ['GET', `/api/v1/providers/${p.id}/sanctions`, [...AUTHORITY, 'provider_staff']],
      ['GET', '/api/v1/followup?from=2025-01-01&to=2025-04-15', AUTHORITY],
      /* Last, since it ends the admission the journey rows rely on. */
      ['POST', `/api/v1/admissions/${fx.admission}/termination`, ['case_officer'],
        { reason: 'R', delegation: 'D' }],
      ['GET', '/api/v1/audit/verify', ['admin', 'controller']],
    ];
  });
  after(async () => { if (w) await w.stop(); });

  /* What a failed call could have changed, read as the admin / officer. */
  const reads = () => [
    h.reader(w, '/api/v1/programmes'),
    h.reader(w, `/api/v1/programmes/${fx.prog.id}`),
    h.reader(w, '/api/v1/providers'),
    h.reader(w, `/api/v1/providers/${fx.p.id}`),
    h.reader(w, `/api/v1/applications/${fx.app.id}`, who.case_officer),
    h.reader(w, '/api/v1/applications?status=open', who.case_officer),
    h.reader(w, '/api/v1/admissions', who.case_officer),
    h.reader(w, '/api/v1/municipalities/0180/providers'),
    h.reader(w, '/api/v1/jobseekers', who.case_officer),
    h.reader(w, '/api/v1/participations', who.case_officer),
    h.reader(w, `/api/v1/outcomes/${fx.journey.outcome}`, who.case_officer),
    h.reader(w, '/api/v1/deviations', who.case_officer),
  ];

  const pattern = (p) => p.replace(/\?.*$/, '').replace('/0180/', '/{municipality}/')
    .replace(/\/\d+(?=\/|$|\.)/g, '/{id}');

  test('the table covers every route in src/http/routes.c', () => {
    const src = fs.readFileSync(path.join(h.ROOT, 'src/http/routes.c'), 'utf8');
    const declared = [...src.matchAll(/\{\s*"([A-Z]+)",\s*"([^"]+)"/g)]
      .map(([, m, p]) => `${m} ${p.replace(/\{[a-z_]+_id\}/g, '{id}')}`);
    assert.ok(declared.length >= 30, `found ${declared.length} routes`);
    const mine = new Set(routes.map(([m, p]) => `${m} ${pattern(p)}`));
    for (const r of declared) assert.ok(mine.has(r), `no entry for route ${r}`);
    assert.equal(mine.size, declared.length);
  });

  test('public routes answer without signing in', async () => {
    for (const [method, p, roles] of routes) {
      if (roles !== null || method !== 'GET') continue;
      const r = await w.api(method, p);
      assert.equal(r.status, 200, `${method} ${p}: ${r.text}`);
    }
  });

  test('every route that needs signing in answers 401 without it, and writes nothing', async () => {
    await h.assertNothingWritten(w, reads(), async () => {
      for (const [method, p, roles, body] of routes) {
        if (roles === null) continue;
        const r = await w.api(method, p, { body });
        h.assertError(r, 401, { code: 'unauthorised' });
      }
    });
  });

  test('every route answers 403 to each role it does not admit, and writes nothing', async () => {
    let checked = 0;
    await h.assertNothingWritten(w, reads(), async () => {
      for (const [method, p, roles, body] of routes) {
        if (roles === null) continue;
        for (const role of ALL_ROLES) {
          if (roles.includes(role)) continue;
          const r = await w.api(method, p, { body, as: who[role] });
          h.assertError(r, 403, { code: 'forbidden' });
          checked += 1;
        }
      }
    });
    assert.ok(checked >= 40, `only ${checked} refusals checked`);
  });

  test('every route that takes a body refuses malformed JSON, a non-object and a wrong content type (400)', async () => {
    await h.assertNothingWritten(w, reads(), async () => {
      for (const [method, p, roles, body] of routes) {
        if (method === 'GET') continue;
        const as = roles ? who[roles[0]] : undefined;
        const good = JSON.stringify(body || {});
        let r = await w.api(method, p, { as, raw: good.slice(0, -1) });
        h.assertError(r, 400, { code: 'malformed_json', field: '' });
        r = await w.api(method, p, { as, raw: '[]' });
        h.assertError(r, 400, { code: 'wrong_type', field: '' });
        r = await w.api(method, p, { as, raw: '"text"' });
        h.assertError(r, 400);
        r = await w.api(method, p, { as, raw: good, type: 'text/plain' });
        h.assertError(r, 400, { code: 'wrong_content_type' });
        r = await w.api(method, p, { as, raw: good, type: 'multipart/form-data; boundary=x' });
        h.assertError(r, 400, { code: 'wrong_content_type' });
      }
    });
  });

  test('every route that takes a body refuses an unknown field (400, naming it)', async () => {
    await h.assertNothingWritten(w, reads(), async () => {
      for (const [method, p, roles, body] of routes) {
        /* DELETE /api/v1/session takes no fields: see auth.test.js. */
        if (method === 'GET' || body === undefined) continue;
        const as = roles ? who[roles[0]] : undefined;
        const r = await w.api(method, p, { as, body: { ...body, zz_unknown: 1 } });
        h.assertError(r, 400, { code: 'unknown_field', field: 'zz_unknown' });
      }
    });
  });

  test('every route that takes a body answers 413 to a body over 1 MiB', async () => {
    await h.assertNothingWritten(w, reads(), async () => {
      for (const [method, p, roles, body] of routes) {
        if (method === 'GET') continue;
        const as = roles ? who[roles[0]] : undefined;
        const raw = h.oversizedJson(body || {});
        assert.equal(Buffer.byteLength(raw), h.LIMIT_BODY + 1);
        const r = await w.api(method, p, { as, raw });
        h.assertError(r, 413, { code: 'too_large' });
      }
    });
  });

  test('the valid bodies of the table are accepted (so the refusals above were about the fault)', async () => {
    for (const [method, p, roles, body] of routes) {
      if (method === 'GET' || method === 'DELETE') continue;
      const as = roles ? who[roles[0]] : undefined;
      const r = await w.api(method, p, { as, body });
      assert.ok(r.status === 200 || r.status === 201, `${method} ${p}: ${r.status} ${r.text}`);
    }
  });
});
