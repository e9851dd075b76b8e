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
    const prog = await h.makeProgramme(w, { A: ['0180'], B: ['1480'], D: ['0182'] });
    const p = await h.registerProvider(w);
    who.provider_staff = p.staff;
    const app = await h.apply(w, p, prog.id, [prog.areas.A, prog.areas.B]);
    await h.passAllChecks(w, who.case_officer, app.id);
    await h.decide(w, who.case_officer, app.id, prog.areas.A);
    const adm = await w.api.get(`/api/v1/admissions?provider_id=${p.id}`, { as: w.admin });
    fx = { prog, p, app, admission: adm.json[0].id };

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
  ];

  const pattern = (p) => p.replace('/0180/', '/{municipality}/').replace(/\/\d+(?=\/|$)/g, '/{id}');

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
