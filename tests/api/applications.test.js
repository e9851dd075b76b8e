'use strict';
/*
 * applications.test.js — applying, the case officer's checks (Q-2 … Q-5),
 * the decision deadline, admission, refusal and termination per
 * delivery area with who decided under which delegation, the
 * public list of admitted providers, and that a provider sees only its
 * own applications and admissions.
 *
 * The clock is pinned (KUNDVAL_TODAY) so every date below is exact; the
 * tests that move the clock live in deadlines.test.js.
 */
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

const TODAY = '2025-03-03';

describe('applications, checks and decisions', () => {
  let w;
  let officer;
  let controller;
  let jobseeker;
  let prog;      /* areas N (0180, 0182), G (1480), M (1280), U (0114) */
  let other;     /* another programme, area O (0180) */

  before(async () => {
    w = await h.startWorld('applications', { today: TODAY });
    officer = await h.makeUser(w, 'case_officer');
    controller = await h.makeUser(w, 'controller');
    jobseeker = await h.makeUser(w, 'jobseeker');
    prog = await h.makeProgramme(w,
      { N: ['0180', '0182'], G: ['1480'], M: ['1280'], U: ['0114'] });
    other = await h.makeProgramme(w, { O: ['0180'] });
  });
  after(async () => { if (w) await w.stop(); });

  const appOf = (id, who) => h.reader(w, `/api/v1/applications/${id}`, who || officer);
  const waiting = () => h.reader(w, '/api/v1/applications', officer)();
  const publicList = (code) => h.reader(w, `/api/v1/municipalities/${code}/providers`)();

  describe('POST /api/v1/applications', () => {
    test('Q-1: a submitted application is complete on submission; the deadline is 30 days later', async () => {
      const p = await h.registerProvider(w);
      const before = await h.auditCount(w);
      const r = await w.api.post('/api/v1/applications', { provider_id: p.id,
        programme_id: prog.id, areas: [prog.areas.N, prog.areas.G], motivation: 'Vi kan.' },
      { as: p.staff });
      assert.equal(r.status, 201, r.text);
      assert.equal(await h.auditCount(w), before + 1);
      const a = r.json;
      assert.equal(a.provider_id, p.id);
      assert.equal(a.programme_id, prog.id);
      assert.equal(a.status, 'open');
      assert.equal(a.submitted_on, TODAY);
      assert.equal(a.complete_on, TODAY);
      assert.equal(a.deadline, '2025-04-02');
      assert.equal(a.days_left, 30);
      assert.equal(a.motivation, 'Vi kan.');
      assert.deepEqual(a.areas.map((x) => x.area_id).sort(),
        [prog.areas.N, prog.areas.G].sort());
      for (const x of a.areas) assert.equal(x.decision, null);
      assert.deepEqual(a.checks, []);
    });

    test('Q-1: the case officer lists waiting applications with deadline and days_left', async () => {
      const p = await h.registerProvider(w);
      const a = await h.apply(w, p, prog.id, [prog.areas.M]);
      const r = await w.api.get('/api/v1/applications', { as: officer });
      assert.equal(r.status, 200, r.text);
      const row = r.json.applications.find((x) => x.id === a.id);
      assert.ok(row, 'listed');
      assert.equal(row.deadline, '2025-04-02');
      assert.equal(row.days_left, 30);
      assert.equal(row.complete_on, TODAY);
      assert.equal(row.areas_undecided, 1);
      assert.equal(row.provider_name, p.name);
      for (const x of r.json.applications)
        assert.ok(['open', 'incomplete'].includes(x.status), 'only waiting ones by default');
      const mine = await w.api.get(`/api/v1/applications?provider_id=${p.id}`, { as: officer });
      assert.deepEqual(mine.json.applications.map((x) => x.id), [a.id]);
      const decided = await w.api.get('/api/v1/applications?status=decided', { as: controller });
      assert.equal(decided.status, 200);
      assert.ok(!decided.json.applications.some((x) => x.id === a.id));
    });

    test('bad input names the field; nothing is written', async () => {
      const p = await h.registerProvider(w);
      const pending = await h.apply(w, p, prog.id, [prog.areas.U]);
      assert.ok(pending.id);
      const good = { provider_id: p.id, programme_id: prog.id, areas: [prog.areas.M] };
      const cases = [
        [{ ...good, provider_id: undefined }, 400, 'missing_field', 'provider_id'],
        [{ ...good, programme_id: undefined }, 400, 'missing_field', 'programme_id'],
        [{ ...good, areas: undefined }, 400, 'missing_field', 'areas'],
        [{ ...good, provider_id: String(p.id) }, 400, 'wrong_type', 'provider_id'],
        [{ ...good, programme_id: 1.5 }, 400, 'wrong_type', 'programme_id'],
        [{ ...good, areas: prog.areas.M }, 400, 'wrong_type', 'areas'],
        [{ ...good, areas: [String(prog.areas.M)] }, 400, 'wrong_type', 'areas[0]'],
        [{ ...good, motivation: 5 }, 400, 'wrong_type', 'motivation'],
        [{ ...good, priority: 1 }, 400, 'unknown_field', 'priority'],
        [{ ...good, areas: [] }, 422, 'empty', 'areas'],
        [{ ...good, programme_id: 999999 }, 422, 'unknown_programme', 'programme_id'],
        [{ ...good, areas: [prog.areas.M, other.areas.O] }, 422, 'unknown_area', 'areas[1]'],
        [{ ...good, areas: [999999] }, 422, 'unknown_area', 'areas[0]'],
        [{ ...good, areas: [prog.areas.M, prog.areas.M] }, 422, 'duplicate', 'areas'],
        [{ ...good, areas: [prog.areas.U] }, 409, 'already_applied', 'areas[0]'],
      ];
      await h.assertNothingWritten(w, [waiting], async () => {
        for (const [body, status, code, field] of cases) {
          const r = await w.api.post('/api/v1/applications', body, { as: p.staff });
          h.assertError(r, status, { code, field });
        }
        let r = await w.api('POST', '/api/v1/applications', { as: p.staff, raw: '{"areas":[1,]}' });
        h.assertError(r, 400, { code: 'malformed_json' });
        r = await w.api('POST', '/api/v1/applications', { as: p.staff, raw: h.oversizedJson(good) });
        h.assertError(r, 413, { code: 'too_large' });
      });
      const r = await w.api.post('/api/v1/applications', good, { as: p.staff });
      assert.equal(r.status, 201, 'area M was still free to apply for');
    });

    test('only provider staff apply, and only for their own provider (404 for another\'s)', async () => {
      const p = await h.registerProvider(w);
      const q = await h.registerProvider(w);
      const body = { provider_id: q.id, programme_id: prog.id, areas: [prog.areas.G] };
      await h.assertNothingWritten(w, [waiting], async () => {
        let r = await w.api.post('/api/v1/applications', body, { as: p.staff });
        h.assertError(r, 404, { code: 'not_found' });
        for (const who of [w.admin, officer, controller, jobseeker]) {
          r = await w.api.post('/api/v1/applications', body, { as: who });
          h.assertError(r, 403, { code: 'forbidden' });
        }
        r = await w.api.post('/api/v1/applications', body);
        h.assertError(r, 401, { code: 'unauthorised' });
      });
    });
  });

  describe('reading applications', () => {
    let p;
    let q;
    let pa;
    let qa;
    before(async () => {
      p = await h.registerProvider(w);
      q = await h.registerProvider(w);
      pa = await h.apply(w, p, prog.id, [prog.areas.G]);
      qa = await h.apply(w, q, prog.id, [prog.areas.G]);
    });

    test('a provider lists only its own applications, whatever provider_id it asks for', async () => {
      for (const query of ['', `?provider_id=${q.id}`, '?status=open']) {
        const r = await w.api.get(`/api/v1/applications${query}`, { as: p.staff });
        assert.equal(r.status, 200, r.text);
        assert.ok(r.json.applications.length >= 1);
        for (const x of r.json.applications) assert.equal(x.provider_id, p.id, query);
        assert.ok(r.json.applications.some((x) => x.id === pa.id));
      }
    });

    test('a provider gets 404 for another provider\'s application, as for one that does not exist', async () => {
      const own = await w.api.get(`/api/v1/applications/${pa.id}`, { as: p.staff });
      assert.equal(own.status, 200);
      const theirs = await w.api.get(`/api/v1/applications/${qa.id}`, { as: p.staff });
      h.assertError(theirs, 404, { code: 'not_found', field: 'application_id' });
      assert.ok(!theirs.text.includes(q.name));
      const none = await w.api.get('/api/v1/applications/999999', { as: p.staff });
      h.assertError(none, 404, { code: 'not_found', field: 'application_id' });
      assert.equal(theirs.json.error.message, none.json.error.message);
    });

    test('GET /api/v1/applications/{id}: 400 bad id, 403 jobseeker, 401 signed out', async () => {
      h.assertError(await w.api.get('/api/v1/applications/abc', { as: officer }), 400,
        { code: 'wrong_type', field: 'application_id' });
      h.assertError(await w.api.get(`/api/v1/applications/${pa.id}`, { as: jobseeker }), 403,
        { code: 'forbidden' });
      h.assertError(await w.api.get(`/api/v1/applications/${pa.id}`), 401,
        { code: 'unauthorised' });
    });

    test('GET /api/v1/applications: bad status 422, bad provider_id 400, 403 jobseeker, 401', async () => {
      h.assertError(await w.api.get('/api/v1/applications?status=lost', { as: officer }), 422,
        { code: 'not_allowed', field: 'status' });
      h.assertError(await w.api.get('/api/v1/applications?provider_id=x', { as: officer }), 400,
        { code: 'wrong_type', field: 'provider_id' });
      h.assertError(await w.api.get('/api/v1/applications', { as: jobseeker }), 403,
        { code: 'forbidden' });
      h.assertError(await w.api.get('/api/v1/applications'), 401, { code: 'unauthorised' });
    });
  });

  describe('POST /api/v1/applications/{id}/checks (Q-2 … Q-5)', () => {
    let p;
    let a;
    let sub;
    before(async () => {
      p = await h.registerProvider(w);
      const s = await w.api.post(`/api/v1/providers/${p.id}/subcontractors`,
        { orgnr: h.newOrgnr(), name: 'Sub AB' }, { as: p.staff });
      assert.equal(s.status, 201, s.text);
      sub = s.json.id;
      a = await h.apply(w, p, prog.id, [prog.areas.N]);
    });

    const check = async (body) => {
      const r = await w.api.post(`/api/v1/applications/${a.id}/checks`, body, { as: officer });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.kind, body.kind);
      assert.equal(r.json.application_id, a.id);
      assert.equal(typeof r.json.reason, 'string');
      assert.ok(r.json.reason.length > 0);
      return r.json;
    };

    test('Q-2: a conduct check with no register hits passes, and is kept on the application', async () => {
      const before = await h.auditCount(w);
      const c = await check(h.CHECK.conduct());
      assert.equal(c.passed, true);
      assert.equal(await h.auditCount(w), before + 1);
      const got = await w.api.get(`/api/v1/applications/${a.id}`, { as: officer });
      const row = got.json.checks.find((x) => x.id === c.id);
      assert.ok(row, 'listed on the application');
      assert.equal(row.kind, 'conduct');
      assert.equal(row.subject, 'Board and management');
      assert.equal(row.is_passed ?? row.passed, true);
      assert.equal(row.recorded_on, TODAY);
      const own = await w.api.get(`/api/v1/applications/${a.id}`, { as: p.staff });
      assert.ok(own.json.checks.some((x) => x.id === c.id), 'the provider sees its checks');
    });

    test('Q-2: a register hit needs an assessment; acceptable passes, not acceptable fails', async () => {
      const hit = { criminal_record: false, enforcement: true, tax: false, companies: false };
      const read = appOf(a.id);
      await h.assertNothingWritten(w, [read], async () => {
        const r = await w.api.post(`/api/v1/applications/${a.id}/checks`,
          h.CHECK.conduct({ subject: 'CEO', registers: hit }), { as: officer });
        h.assertError(r, 422, { code: 'assessment_required', field: 'assessment' });
      });
      let c = await check(h.CHECK.conduct({ subject: 'CEO', registers: hit,
        assessment: 'An old debt, paid in 2015.', acceptable: true }));
      assert.equal(c.passed, true);
      c = await check(h.CHECK.conduct({ subject: 'Chair', registers: { ...hit, tax: true },
        assessment: 'Repeated tax offences, recent.', acceptable: false }));
      assert.equal(c.passed, false);
      c = await check(h.CHECK.conduct({ subject: 'Sub AB', subcontractor_id: sub }));
      assert.equal(c.passed, true);
    });

    test('Q-3: a new company without both a financing plan and a business plan fails', async () => {
      let c = await check(h.CHECK.finances({ new_company: true }));
      assert.equal(c.passed, false);
      c = await check(h.CHECK.finances({ new_company: true, financing_plan: true }));
      assert.equal(c.passed, false);
      c = await check(h.CHECK.finances({ new_company: true, financing_plan: true,
        business_plan: true }));
      assert.equal(c.passed, true);
      c = await check(h.CHECK.finances({ credit_rating_sufficient: false }));
      assert.equal(c.passed, false);
      c = await check(h.CHECK.finances({ carries_minimum_scenario: false }));
      assert.equal(c.passed, false);
      c = await check(h.CHECK.finances({ liability_insurance: false }));
      assert.equal(c.passed, false);
      c = await check(h.CHECK.finances({ relies_on_other_company: true }));
      assert.equal(c.passed, true);
    });

    test('Q-4: fewer than 2 reference assignments of at least 30 participants fail unless competence is demonstrated', async () => {
      const refs = (...n) => n.map((participants, i) => ({ client: `Client ${i}`, participants }));
      let c = await check(h.CHECK.references({ references: refs(40, 29) }));
      assert.equal(c.passed, false, '29 participants is too few');
      c = await check(h.CHECK.references({ references: refs(100) }));
      assert.equal(c.passed, false, 'one assignment is too few');
      c = await check(h.CHECK.references({ references: [] }));
      assert.equal(c.passed, false);
      c = await check(h.CHECK.references({ references: refs(30, 30) }));
      assert.equal(c.passed, true, 'two of exactly 30 suffice');
      c = await check(h.CHECK.references({ references: refs(10, 200, 31) }));
      assert.equal(c.passed, true);
      c = await check(h.CHECK.references({ references: refs(12), competence_demonstrated: true }));
      assert.equal(c.passed, true, 'demonstrated competence replaces references');
      c = await check(h.CHECK.references({ references: undefined, competence_demonstrated: true }));
      assert.equal(c.passed, true);
      c = await check(h.CHECK.references({ knows_regulations: false }));
      assert.equal(c.passed, false, 'knowledge of the regulations is required');
    });

    test('Q-5: an expired certificate without a full quality system fails', async () => {
      const yesterday = h.addDays(TODAY, -1);
      let c = await check(h.CHECK.quality({ certificate_valid_until: yesterday }));
      assert.equal(c.passed, false);
      const partial = { ...h.CHECK.fullSystem(), responsible_person: undefined };
      c = await check(h.CHECK.quality({ certificate_valid_until: yesterday, system: partial }));
      assert.equal(c.passed, false, 'no responsible person: not a full system');
      c = await check(h.CHECK.quality({ certificate_valid_until: yesterday,
        system: h.CHECK.fullSystem() }));
      assert.equal(c.passed, true, 'a full system stands in for the certificate');
      c = await check(h.CHECK.quality({ certificate_valid_until: TODAY }));
      assert.equal(c.passed, true, 'valid through today');
      c = await check(h.CHECK.quality({ certificate: 'industry_authorisation',
        certificate_valid_until: h.addDays(TODAY, 200) }));
      assert.equal(c.passed, true);
      c = await check({ kind: 'quality', certificate: 'none', system: h.CHECK.fullSystem() });
      assert.equal(c.passed, true);
      const noDev = h.CHECK.fullSystem();
      noDev.processes.development = false;
      c = await check({ kind: 'quality', certificate: 'none', system: noDev });
      assert.equal(c.passed, false, 'all five processes are required');
    });

    test('bad input names the field (nested as "registers.tax", "references[1].participants"); nothing is written', async () => {
      const other = await h.registerProvider(w);
      const os = await w.api.post(`/api/v1/providers/${other.id}/subcontractors`,
        { orgnr: h.newOrgnr(), name: 'Not yours AB' }, { as: other.staff });
      assert.equal(os.status, 201);
      const regs = h.CHECK.conduct().registers;
      const cases = [
        [{ subject: 'x' }, 400, 'missing_field', 'kind'],
        [{ kind: 7 }, 400, 'wrong_type', 'kind'],
        [{ kind: 'fitness' }, 422, 'not_allowed', 'kind'],
        [{ ...h.CHECK.conduct(), colour: 'red' }, 400, 'unknown_field', 'colour'],
        [{ ...h.CHECK.conduct(), subject: undefined }, 400, 'missing_field', 'subject'],
        [{ ...h.CHECK.conduct(), registers: undefined }, 400, 'missing_field', 'registers'],
        [{ ...h.CHECK.conduct(), registers: { ...regs, tax: undefined } }, 400, 'missing_field',
          'registers.tax'],
        [{ ...h.CHECK.conduct(), registers: { ...regs, tax: 'no' } }, 400, 'wrong_type',
          'registers.tax'],
        [{ ...h.CHECK.conduct(), registers: { ...regs, interpol: false } }, 400, 'unknown_field',
          'registers.interpol'],
        [{ ...h.CHECK.conduct(), acceptable: 'yes' }, 400, 'wrong_type', 'acceptable'],
        [{ ...h.CHECK.conduct(), subcontractor_id: 'x' }, 400, 'wrong_type', 'subcontractor_id'],
        [{ ...h.CHECK.conduct(), subcontractor_id: os.json.id }, 422, 'unknown_subcontractor',
          'subcontractor_id'],
        [{ ...h.CHECK.finances(), credit_rating_sufficient: undefined }, 400, 'missing_field',
          'credit_rating_sufficient'],
        [{ ...h.CHECK.finances(), new_company: 0 }, 400, 'wrong_type', 'new_company'],
        [{ ...h.CHECK.references(), knows_regulations: undefined }, 400, 'missing_field',
          'knows_regulations'],
        [{ ...h.CHECK.references(), references: { client: 'A' } }, 400, 'wrong_type', 'references'],
        [{ ...h.CHECK.references(), references: [{ client: 'A', participants: 40 },
          { client: 'B', participants: '40' }] }, 400, 'wrong_type', 'references[1].participants'],
        [{ ...h.CHECK.references(), references: [{ client: 'A', participants: 40, city: 'X' }] },
          400, 'unknown_field', 'references[0].city'],
        [{ ...h.CHECK.references(), references: [{ participants: 40 }] }, 400, 'missing_field',
          'references[0].client'],
        [{ ...h.CHECK.references(), references: [{ client: 'A', participants: -1 }] }, 422,
          'out_of_range', 'references[0].participants'],
        [{ ...h.CHECK.quality(), certificate: undefined }, 400, 'missing_field', 'certificate'],
        [{ ...h.CHECK.quality(), certificate: 'iso14001' }, 422, 'not_allowed', 'certificate'],
        [{ ...h.CHECK.quality(), certificate_valid_until: undefined }, 400, 'missing_field',
          'certificate_valid_until'],
        [{ ...h.CHECK.quality(), certificate_valid_until: '2025-02-30' }, 422, 'bad_date',
          'certificate_valid_until'],
        [{ ...h.CHECK.quality(), certificate_valid_until: 20250101 }, 400, 'wrong_type',
          'certificate_valid_until'],
        [{ kind: 'quality', certificate: 'none' }, 400, 'missing_field', 'system'],
        [{ kind: 'quality', certificate: 'none', system: { ...h.CHECK.fullSystem(),
          processes: { ...h.CHECK.fullSystem().processes, delivery: 'yes' } } }, 400,
        'wrong_type', 'system.processes.delivery'],
        [{ kind: 'quality', certificate: 'none', system: { ...h.CHECK.fullSystem(), audit: true } },
          400, 'unknown_field', 'system.audit'],
      ];
      await h.assertNothingWritten(w, [appOf(a.id)], async () => {
        for (const [body, status, code, field] of cases) {
          const r = await w.api.post(`/api/v1/applications/${a.id}/checks`, body, { as: officer });
          h.assertError(r, status, { code, field });
        }
        let r = await w.api('POST', `/api/v1/applications/${a.id}/checks`,
          { as: officer, raw: '{"kind":"conduct"' });
        h.assertError(r, 400, { code: 'malformed_json' });
        r = await w.api('POST', `/api/v1/applications/${a.id}/checks`,
          { as: officer, raw: h.oversizedJson(h.CHECK.finances()) });
        h.assertError(r, 413, { code: 'too_large' });
        r = await w.api.post('/api/v1/applications/999999/checks', h.CHECK.finances(),
          { as: officer });
        h.assertError(r, 404, { code: 'not_found', field: 'application_id' });
        r = await w.api.post('/api/v1/applications/x/checks', h.CHECK.finances(), { as: officer });
        h.assertError(r, 400, { code: 'wrong_type', field: 'application_id' });
      });
    });

    test('only the case officer records checks: 403 for others, 401 signed out', async () => {
      await h.assertNothingWritten(w, [appOf(a.id)], async () => {
        for (const who of [w.admin, controller, jobseeker, p.staff]) {
          const r = await w.api.post(`/api/v1/applications/${a.id}/checks`,
            h.CHECK.finances(), { as: who });
          h.assertError(r, 403, { code: 'forbidden' });
        }
        const r = await w.api.post(`/api/v1/applications/${a.id}/checks`, h.CHECK.finances());
        h.assertError(r, 401, { code: 'unauthorised' });
      });
    });
  });

  describe('admission (Q-2 … Q-5, Q-7) and the public list', () => {
    let p;
    let a;
    let sub;
    let admitted;
    const tryAdmit = () => w.api.post(`/api/v1/applications/${a.id}/decisions`,
      { area_id: prog.areas.N, decision: 'admit', reason: 'All requirements met.',
        delegation: 'Delegationsordning 4.2' }, { as: officer });
    const expectRefused = async (code, field) => {
      await h.assertNothingWritten(w, [appOf(a.id), () => publicList('0180')], async () => {
        h.assertError(await tryAdmit(), 422, { code, field });
      });
    };

    before(async () => {
      p = await h.registerProvider(w);
      const r = await w.api.put(`/api/v1/providers/${p.id}/profile`, h.PROFILE, { as: p.staff });
      assert.equal(r.status, 200, r.text);
      const s = await w.api.post(`/api/v1/providers/${p.id}/subcontractors`,
        { orgnr: h.newOrgnr(), name: 'Tolkbyrån AB', services: 'Tolkning' }, { as: p.staff });
      assert.equal(s.status, 201, s.text);
      sub = s.json.id;
      a = await h.apply(w, p, prog.id, [prog.areas.N, prog.areas.G]);
    });

    test('Q-2: admission is refused (422 checks.conduct) until the people\'s conduct check passes', async () => {
      await expectRefused('check_missing', 'checks.conduct');
      await h.recordCheck(w, officer, a.id, h.CHECK.conduct({ subject: 'Board',
        registers: { criminal_record: true, enforcement: false, tax: false, companies: false },
        assessment: 'Serious and recent.', acceptable: false }));
      await expectRefused('check_failed', 'checks.conduct');
      /* A later check of the same subject supersedes the failed one. */
      await h.recordCheck(w, officer, a.id, h.CHECK.conduct({ subject: 'Board' }));
    });

    test('Q-2: admission is refused (422 checks.subcontractors) until each subcontractor\'s conduct passes', async () => {
      await expectRefused('check_missing', 'checks.subcontractors');
      await h.recordCheck(w, officer, a.id, h.CHECK.conduct({ subject: 'Tolkbyrån AB',
        subcontractor_id: sub, registers: { criminal_record: false, enforcement: false,
          tax: true, companies: false }, assessment: 'Unpaid tax.', acceptable: false }));
      await expectRefused('check_missing', 'checks.subcontractors');
      await h.recordCheck(w, officer, a.id, h.CHECK.conduct({ subject: 'Tolkbyrån AB',
        subcontractor_id: sub }));
    });

    test('Q-3: admission is refused (422 checks.finances) while finances are missing or failed', async () => {
      await expectRefused('check_missing', 'checks.finances');
      await h.recordCheck(w, officer, a.id, h.CHECK.finances({ new_company: true }));
      await expectRefused('check_failed', 'checks.finances');
      await h.recordCheck(w, officer, a.id, h.CHECK.finances());
    });

    test('Q-4: admission is refused (422 checks.references) while references are missing or failed', async () => {
      await expectRefused('check_missing', 'checks.references');
      await h.recordCheck(w, officer, a.id, h.CHECK.references({
        references: [{ client: 'A', participants: 30 }] }));
      await expectRefused('check_failed', 'checks.references');
      await h.recordCheck(w, officer, a.id, h.CHECK.references());
    });

    test('Q-5: admission is refused (422 checks.quality) while quality is missing or failed', async () => {
      await expectRefused('check_missing', 'checks.quality');
      await h.recordCheck(w, officer, a.id, h.CHECK.quality({
        certificate_valid_until: h.addDays(TODAY, -1) }));
      await expectRefused('check_failed', 'checks.quality');
      await h.recordCheck(w, officer, a.id, h.CHECK.quality());
    });

    test('Q-7: with every check passed the officer admits; the decision records who and under which delegation', async () => {
      const before = await h.auditCount(w);
      const r = await tryAdmit();
      assert.equal(r.status, 201, r.text);
      admitted = r.json;
      assert.equal(r.json.kind, 'admit');
      assert.equal(r.json.decided_by, officer.username);
      assert.equal(r.json.delegation, 'Delegationsordning 4.2');
      assert.equal(r.json.decided_on, TODAY);
      assert.equal(r.json.reason, 'All requirements met.');
      assert.equal(r.json.area_id, prog.areas.N);
      assert.equal(r.json.provider_id, p.id);
      assert.equal(await h.auditCount(w), before + 1);
      const got = await w.api.get(`/api/v1/applications/${a.id}`, { as: p.staff });
      const area = got.json.areas.find((x) => x.area_id === prog.areas.N);
      assert.equal(area.decision, 'admit');
      assert.equal(area.delegation, 'Delegationsordning 4.2');
      assert.equal(area.decided_by, officer.username, 'Q-7: who decided');
      assert.equal(area.reason, 'All requirements met.');
      assert.equal(area.decided_on, TODAY);
      assert.equal(got.json.status, 'open', 'area G is still waiting');
    });

    test('Q-6: the admission shows publicly, with the profile, in every municipality of that area only', async () => {
      assert.ok(admitted, 'admitted in the previous test');
      for (const code of ['0180', '0182']) {
        const r = await w.api.get(`/api/v1/municipalities/${code}/providers`);
        assert.equal(r.status, 200, r.text);
        const row = r.json.providers.find((x) => x.id === p.id);
        assert.ok(row, `listed in ${code}`);
        assert.equal(row.name, p.name);
        assert.equal(row.area_id, prog.areas.N);
        assert.equal(row.programme_id, prog.id);
        assert.equal(row.admitted_on, TODAY);
        assert.equal(row.description, h.PROFILE.description);
        /* The same shape as PUT …/profile takes and GET /providers/{id} gives. */
        assert.deepEqual(row.services, h.PROFILE.services);
        assert.deepEqual([...row.languages].sort(), ['ar', 'sv']);
        assert.equal(row.digital_delivery, true);
        assert.equal(row.locations[0].address, 'Drottninggatan 5');
        assert.equal(row.orgnr, undefined, 'the public list shows no organisation number');
        assert.equal(row.email, undefined);
      }
      const g = await w.api.get('/api/v1/municipalities/1480/providers');
      assert.ok(!g.json.providers.some((x) => x.id === p.id), 'area G is not decided');
      const filtered = await w.api.get(
        `/api/v1/municipalities/0180/providers?programme_id=${other.id}`);
      assert.equal(filtered.status, 200);
      assert.ok(!filtered.json.providers.some((x) => x.id === p.id),
        'not admitted in the other programme');
      const same = await w.api.get(`/api/v1/municipalities/0180/providers?programme_id=${prog.id}`);
      assert.ok(same.json.providers.some((x) => x.id === p.id));
      const list = await w.api.get('/api/v1/providers', { as: officer });
      assert.equal(list.json.find((x) => x.id === p.id).active_admissions, 1);
    });

    test('a second decision on the same area is 409 and writes nothing', async () => {
      assert.ok(admitted);
      await h.assertNothingWritten(w, [appOf(a.id), () => publicList('0180')], async () => {
        let r = await tryAdmit();
        h.assertError(r, 409, { code: 'not_pending', field: 'area_id' });
        r = await w.api.post(`/api/v1/applications/${a.id}/decisions`, { area_id: prog.areas.N,
          decision: 'refuse', reason: 'Changed my mind', delegation: 'D' }, { as: officer });
        h.assertError(r, 409, { code: 'not_pending', field: 'area_id' });
        r = await w.api.post('/api/v1/applications', { provider_id: p.id, programme_id: prog.id,
          areas: [prog.areas.N] }, { as: p.staff });
        h.assertError(r, 409, { code: 'already_admitted', field: 'areas[0]' });
      });
    });

    test('Q-7: refusal works with a reason; the application is then decided and closed to checks', async () => {
      const d = await h.decide(w, officer, a.id, prog.areas.G, 'refuse',
        { reason: 'Not enough capacity in Göteborg.' });
      assert.equal(d.kind, 'refuse');
      assert.equal(d.reason, 'Not enough capacity in Göteborg.');
      assert.equal(d.decided_by, officer.username);
      assert.equal(d.delegation, 'Delegationsordning 4.2');
      const got = await w.api.get(`/api/v1/applications/${a.id}`, { as: officer });
      assert.equal(got.json.status, 'decided');
      assert.equal(got.json.areas.find((x) => x.area_id === prog.areas.G).decision, 'refuse');
      const g = await w.api.get('/api/v1/municipalities/1480/providers');
      assert.ok(!g.json.providers.some((x) => x.id === p.id), 'refused: not listed');
      await h.assertNothingWritten(w, [appOf(a.id)], async () => {
        const r = await w.api.post(`/api/v1/applications/${a.id}/checks`, h.CHECK.finances(),
          { as: officer });
        h.assertError(r, 409, { code: 'wrong_state', field: 'application_id' });
      });
      const waitingNow = await waiting();
      assert.ok(!waitingNow.applications.some((x) => x.id === a.id), 'no longer waiting');
    });

    test('GET /api/v1/admissions: staff see only their own; filters; 400 on a bad filter', async () => {
      const q = await h.admittedProvider(w, officer, prog.id, [prog.areas.M]);
      let r = await w.api.get('/api/v1/admissions', { as: p.staff });
      assert.equal(r.status, 200, r.text);
      assert.ok(r.json.length >= 1);
      for (const x of r.json) assert.equal(x.provider_id, p.id);
      r = await w.api.get(`/api/v1/admissions?provider_id=${q.id}`, { as: p.staff });
      for (const x of r.json) assert.equal(x.provider_id, p.id, 'forced to the own provider');
      r = await w.api.get(`/api/v1/admissions?area_id=${prog.areas.M}&active=true`,
        { as: controller });
      assert.ok(r.json.some((x) => x.provider_id === q.id));
      for (const x of r.json) assert.equal(x.area_id, prog.areas.M);
      h.assertError(await w.api.get('/api/v1/admissions?active=maybe', { as: officer }), 400,
        { code: 'wrong_type', field: 'active' });
      h.assertError(await w.api.get('/api/v1/admissions?area_id=x', { as: officer }), 400,
        { code: 'wrong_type', field: 'area_id' });
      h.assertError(await w.api.get('/api/v1/admissions', { as: jobseeker }), 403,
        { code: 'forbidden' });
      h.assertError(await w.api.get('/api/v1/admissions'), 401, { code: 'unauthorised' });
    });
  });

  describe('POST /api/v1/applications/{id}/decisions: bad input and roles', () => {
    let p;
    let a;
    before(async () => {
      p = await h.registerProvider(w);
      a = await h.apply(w, p, prog.id, [prog.areas.G]);
      await h.passAllChecks(w, officer, a.id);
    });

    test('bad input names the field; nothing is written', async () => {
      const good = { area_id: prog.areas.G, decision: 'admit', reason: 'OK', delegation: 'D 1' };
      const cases = [
        [{ ...good, area_id: undefined }, 400, 'missing_field', 'area_id'],
        [{ ...good, decision: undefined }, 400, 'missing_field', 'decision'],
        [{ ...good, reason: undefined }, 400, 'missing_field', 'reason'],
        [{ ...good, delegation: undefined }, 400, 'missing_field', 'delegation'],
        [{ ...good, area_id: 'G' }, 400, 'wrong_type', 'area_id'],
        [{ ...good, decision: true }, 400, 'wrong_type', 'decision'],
        [{ ...good, reason: 1 }, 400, 'wrong_type', 'reason'],
        [{ ...good, decided_on: 20250303 }, 400, 'wrong_type', 'decided_on'],
        [{ ...good, signed: true }, 400, 'unknown_field', 'signed'],
        [{ ...good, decision: 'terminate' }, 422, 'not_allowed', 'decision'],
        [{ ...good, reason: ' ' }, 422, 'empty', 'reason'],
        [{ ...good, decided_on: h.addDays(TODAY, 1) }, 422, 'future_date', 'decided_on'],
        [{ ...good, decided_on: '2025-02-29' }, 422, 'bad_date', 'decided_on'],
        [{ ...good, decided_on: h.addDays(TODAY, -1) }, 422, 'before_application', 'decided_on'],
        [{ ...good, area_id: prog.areas.M }, 409, 'not_pending', 'area_id'],
      ];
      await h.assertNothingWritten(w, [appOf(a.id), () => publicList('1480')], async () => {
        for (const [body, status, code, field] of cases) {
          const r = await w.api.post(`/api/v1/applications/${a.id}/decisions`, body,
            { as: officer });
          h.assertError(r, status, { code, field });
        }
        let r = await w.api('POST', `/api/v1/applications/${a.id}/decisions`,
          { as: officer, raw: '{"decision":"admit"' });
        h.assertError(r, 400, { code: 'malformed_json' });
        r = await w.api('POST', `/api/v1/applications/${a.id}/decisions`,
          { as: officer, raw: h.oversizedJson(good) });
        h.assertError(r, 413, { code: 'too_large' });
        r = await w.api.post('/api/v1/applications/999999/decisions', good, { as: officer });
        h.assertError(r, 404, { code: 'not_found', field: 'application_id' });
      });
      const d = await h.decide(w, officer, a.id, prog.areas.G, 'admit');
      assert.equal(d.kind, 'admit', 'the area was still pending');
    });

    test('only the case officer decides: 403 for others, 401 signed out', async () => {
      const b = await h.apply(w, p, prog.id, [prog.areas.U]);
      await h.passAllChecks(w, officer, b.id);
      const body = { area_id: prog.areas.U, decision: 'admit', reason: 'OK', delegation: 'D' };
      await h.assertNothingWritten(w, [appOf(b.id)], async () => {
        for (const who of [w.admin, controller, jobseeker, p.staff]) {
          const r = await w.api.post(`/api/v1/applications/${b.id}/decisions`, body, { as: who });
          h.assertError(r, 403, { code: 'forbidden' });
        }
        const r = await w.api.post(`/api/v1/applications/${b.id}/decisions`, body);
        h.assertError(r, 401, { code: 'unauthorised' });
      });
    });
  });

  describe('incomplete and completion (Q-1)', () => {
    let p;
    let q;
    let a;
    before(async () => {
      p = await h.registerProvider(w);
      q = await h.registerProvider(w);
      a = await h.apply(w, p, prog.id, [prog.areas.M]);
    });

    test('Q-1: marking incomplete stops the deadline; admission waits, refusal does not', async () => {
      const before = await h.auditCount(w);
      const r = await w.api.post(`/api/v1/applications/${a.id}/incomplete`,
        { reason: 'The business plan is missing.' }, { as: officer });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.status, 'incomplete');
      assert.equal(r.json.complete_on, null);
      assert.equal(r.json.deadline, null);
      assert.equal(r.json.days_left, null);
      assert.equal(r.json.incomplete_reason, 'The business plan is missing.');
      assert.equal(await h.auditCount(w), before + 1);
      const list = await w.api.get('/api/v1/applications?status=incomplete', { as: officer });
      const row = list.json.applications.find((x) => x.id === a.id);
      assert.ok(row);
      assert.equal(row.days_left, null);
      await h.passAllChecks(w, officer, a.id);
      await h.assertNothingWritten(w, [appOf(a.id)], async () => {
        const d = await w.api.post(`/api/v1/applications/${a.id}/decisions`,
          { area_id: prog.areas.M, decision: 'admit', reason: 'R', delegation: 'D' },
          { as: officer });
        h.assertError(d, 409, { code: 'wrong_state', field: 'application_id' });
      });
    });

    test('incomplete: bad input, wrong state (409), roles (403/401); nothing is written', async () => {
      await h.assertNothingWritten(w, [appOf(a.id)], async () => {
        const url = `/api/v1/applications/${a.id}/incomplete`;
        let r = await w.api.post(url, { reason: 'Again' }, { as: officer });
        h.assertError(r, 409, { code: 'wrong_state', field: 'application_id' });
        const b = await w.api.post(url, {}, { as: officer });
        h.assertError(b, 400, { code: 'missing_field', field: 'reason' });
        r = await w.api.post(url, { reason: ['x'] }, { as: officer });
        h.assertError(r, 400, { code: 'wrong_type', field: 'reason' });
        r = await w.api.post(url, { reason: 'x', due: '2025-04-01' }, { as: officer });
        h.assertError(r, 400, { code: 'unknown_field', field: 'due' });
        r = await w.api('POST', url, { as: officer, raw: '{"reason":' });
        h.assertError(r, 400, { code: 'malformed_json' });
        r = await w.api('POST', url, { as: officer, raw: h.oversizedJson({ reason: 'x' }) });
        h.assertError(r, 413, { code: 'too_large' });
        r = await w.api.post('/api/v1/applications/999999/incomplete', { reason: 'x' },
          { as: officer });
        h.assertError(r, 404, { code: 'not_found' });
        for (const who of [w.admin, controller, jobseeker, p.staff]) {
          r = await w.api.post(url, { reason: 'x' }, { as: who });
          h.assertError(r, 403, { code: 'forbidden' });
        }
        h.assertError(await w.api.post(url, { reason: 'x' }), 401, { code: 'unauthorised' });
      });
    });

    test('completion: another provider gets 404; bad input 400; roles 403/401; nothing is written', async () => {
      const url = `/api/v1/applications/${a.id}/completion`;
      await h.assertNothingWritten(w, [appOf(a.id)], async () => {
        let r = await w.api.post(url, { motivation: 'Here it is' }, { as: q.staff });
        h.assertError(r, 404, { code: 'not_found', field: 'application_id' });
        r = await w.api.post(url, { motivation: 5 }, { as: p.staff });
        h.assertError(r, 400, { code: 'wrong_type', field: 'motivation' });
        r = await w.api.post(url, { attachment: 'x' }, { as: p.staff });
        h.assertError(r, 400, { code: 'unknown_field', field: 'attachment' });
        r = await w.api('POST', url, { as: p.staff, raw: '{"motivation":"x"' });
        h.assertError(r, 400, { code: 'malformed_json' });
        r = await w.api('POST', url, { as: p.staff, raw: h.oversizedJson({ motivation: 'x' }) });
        h.assertError(r, 413, { code: 'too_large' });
        for (const who of [w.admin, officer, controller, jobseeker]) {
          r = await w.api.post(url, {}, { as: who });
          h.assertError(r, 403, { code: 'forbidden' });
        }
        h.assertError(await w.api.post(url, {}), 401, { code: 'unauthorised' });
      });
    });

    test('Q-1: completion restarts the deadline from the completion day; then admission is possible', async () => {
      const before = await h.auditCount(w);
      const r = await w.api.post(`/api/v1/applications/${a.id}/completion`,
        { motivation: 'The business plan is attached.' }, { as: p.staff });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.status, 'open');
      assert.equal(r.json.complete_on, TODAY);
      assert.equal(r.json.deadline, '2025-04-02');
      assert.equal(r.json.days_left, 30);
      assert.equal(r.json.motivation, 'The business plan is attached.');
      assert.equal(await h.auditCount(w), before + 1);
      await h.assertNothingWritten(w, [appOf(a.id)], async () => {
        const again = await w.api.post(`/api/v1/applications/${a.id}/completion`, {},
          { as: p.staff });
        h.assertError(again, 409, { code: 'wrong_state', field: 'application_id' });
      });
      const d = await h.decide(w, officer, a.id, prog.areas.M, 'admit');
      assert.equal(d.kind, 'admit');
    });

    test('Q-7: an incomplete application can be refused, with its reason', async () => {
      const b = await h.apply(w, q, prog.id, [prog.areas.U]);
      const r = await w.api.post(`/api/v1/applications/${b.id}/incomplete`,
        { reason: 'No references.' }, { as: officer });
      assert.equal(r.status, 200, r.text);
      const d = await h.decide(w, officer, b.id, prog.areas.U, 'refuse',
        { reason: 'Not completed in time.' });
      assert.equal(d.kind, 'refuse');
      assert.equal(d.reason, 'Not completed in time.');
      const got = await w.api.get(`/api/v1/applications/${b.id}`, { as: q.staff });
      assert.equal(got.json.status, 'decided');
    });
  });

  describe('termination (Q-6)', () => {
    let p;
    let admission;
    before(async () => {
      p = await h.admittedProvider(w, officer, other.id, [other.areas.O]);
      const r = await w.api.get(`/api/v1/admissions?provider_id=${p.id}`, { as: officer });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.length, 1);
      admission = r.json[0];
      assert.equal(admission.ended_on, null);
    });

    test('termination: bad input, roles, unknown admission; nothing is written', async () => {
      const url = `/api/v1/admissions/${admission.id}/termination`;
      const good = { reason: 'Serious breach of contract.', delegation: 'Delegation 7.1' };
      const cases = [
        [{ ...good, reason: undefined }, 400, 'missing_field', 'reason'],
        [{ ...good, delegation: undefined }, 400, 'missing_field', 'delegation'],
        [{ ...good, reason: 3 }, 400, 'wrong_type', 'reason'],
        [{ ...good, decided_on: true }, 400, 'wrong_type', 'decided_on'],
        [{ ...good, notice: 30 }, 400, 'unknown_field', 'notice'],
        [{ ...good, decided_on: h.addDays(TODAY, 1) }, 422, 'future_date', 'decided_on'],
        [{ ...good, decided_on: h.addDays(TODAY, -1) }, 422, 'before_admission', 'decided_on'],
        [{ ...good, decided_on: '03/03/2025' }, 422, 'bad_date', 'decided_on'],
      ];
      const reads = [() => publicList('0180'),
        h.reader(w, `/api/v1/admissions?provider_id=${p.id}`, officer)];
      await h.assertNothingWritten(w, reads, async () => {
        for (const [body, status, code, field] of cases) {
          const r = await w.api.post(url, body, { as: officer });
          h.assertError(r, status, { code, field });
        }
        let r = await w.api('POST', url, { as: officer, raw: '{"reason":"x",}' });
        h.assertError(r, 400, { code: 'malformed_json' });
        r = await w.api('POST', url, { as: officer, raw: h.oversizedJson(good) });
        h.assertError(r, 413, { code: 'too_large' });
        r = await w.api.post('/api/v1/admissions/999999/termination', good, { as: officer });
        h.assertError(r, 404, { code: 'not_found', field: 'admission_id' });
        r = await w.api.post('/api/v1/admissions/x/termination', good, { as: officer });
        h.assertError(r, 400, { code: 'wrong_type', field: 'admission_id' });
        for (const who of [w.admin, controller, jobseeker, p.staff]) {
          r = await w.api.post(url, good, { as: who });
          h.assertError(r, 403, { code: 'forbidden' });
        }
        h.assertError(await w.api.post(url, good), 401, { code: 'unauthorised' });
      });
    });

    test('Q-6: termination ends the admission and removes it from the public list', async () => {
      let pub = await w.api.get(`/api/v1/municipalities/0180/providers?programme_id=${other.id}`);
      assert.ok(pub.json.providers.some((x) => x.id === p.id), 'listed before');
      const before = await h.auditCount(w);
      const r = await w.api.post(`/api/v1/admissions/${admission.id}/termination`,
        { reason: 'Serious breach of contract.', delegation: 'Delegation 7.1' }, { as: officer });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.id, admission.id);
      assert.equal(r.json.ended_on, TODAY);
      assert.equal(typeof r.json.end_decision_id, 'number');
      assert.equal(await h.auditCount(w), before + 1);
      pub = await w.api.get(`/api/v1/municipalities/0180/providers?programme_id=${other.id}`);
      assert.ok(!pub.json.providers.some((x) => x.id === p.id), 'gone after termination');
      const active = await w.api.get(`/api/v1/admissions?provider_id=${p.id}&active=true`,
        { as: officer });
      assert.deepEqual(active.json, []);
      const all = await w.api.get(`/api/v1/admissions?provider_id=${p.id}`, { as: p.staff });
      assert.equal(all.json.length, 1);
      assert.equal(all.json[0].ended_on, TODAY);
      const mine = await w.api.get(`/api/v1/providers/${p.id}`, { as: p.staff });
      assert.equal(mine.json.admissions[0].ended_on, TODAY);
      const list = await w.api.get('/api/v1/providers', { as: officer });
      assert.equal(list.json.find((x) => x.id === p.id).active_admissions, 0);
    });

    test('Q-6: terminating again is 409 already_ended', async () => {
      await h.assertNothingWritten(w, [], async () => {
        const r = await w.api.post(`/api/v1/admissions/${admission.id}/termination`,
          { reason: 'Again', delegation: 'D' }, { as: officer });
        h.assertError(r, 409, { code: 'already_ended', field: 'admission_id' });
      });
    });

    test('Q-6: a new application for that area within 12 months is 422 reapply_barred', async () => {
      await h.assertNothingWritten(w, [waiting], async () => {
        const r = await w.api.post('/api/v1/applications', { provider_id: p.id,
          programme_id: other.id, areas: [other.areas.O] }, { as: p.staff });
        const e = h.assertError(r, 422, { code: 'reapply_barred', field: 'areas[0]' });
        assert.match(e.message, /2026-03-03/, 'the message names the first allowed date');
      });
      /* The bar is per delivery area: another area is open to the provider. */
      const ok = await w.api.post('/api/v1/applications', { provider_id: p.id,
        programme_id: prog.id, areas: [prog.areas.N] }, { as: p.staff });
      assert.equal(ok.status, 201, ok.text);
    });
  });
});
