'use strict';
/*
 * input_rules.test.js — what the server, not a use case, decides about
 * input: the path names the entity (a body may not repeat or override it),
 * a GET takes no body, signing out takes no token in the body, a programme
 * needs a rulebook that exists, a subcontractor needs a provider that
 * exists (404, not a conflict), and only open applications have a Q-1
 * deadline.  Each refusal is checked to have written nothing.
 */
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const h = require('./helpers.js');

describe('input the server owns', () => {
  let w;
  let provider;
  before(async () => {
    w = await h.startWorld('input-rules');
    provider = await h.registerProvider(w);
  });
  after(async () => { if (w) await w.stop(); });

  test('a body may not name the entity the path names (400, the field)', async () => {
    const before = await h.auditCount(w);
    const r = await w.api.put(`/api/v1/providers/${provider.id}/profile`,
      { provider_id: provider.id + 1000, description: 'x', services: ['a'],
        languages: ['sv'], digital_delivery: true },
      { as: provider.staff });
    h.assertError(r, 400, { code: 'unknown_field', field: 'provider_id' });
    assert.equal(await h.auditCount(w), before);
  });

  test('a GET with a body is refused (400 body_not_allowed)', async () => {
    /* fetch will not send a GET body; node's http module will. */
    const body = JSON.stringify({ x: 1 });
    const r = await new Promise((resolve, reject) => {
      const req = http.request(`${w.server.base}/api/v1/programmes`, {
        method: 'GET',
        headers: { 'Content-Type': 'application/json', 'Content-Length': body.length },
      }, (res) => {
        let text = '';
        res.on('data', (d) => { text += d; });
        res.on('end', () => resolve({ status: res.statusCode, text, json: JSON.parse(text) }));
      });
      req.on('error', reject);
      req.end(body);
    });
    h.assertError(r, 400, { code: 'body_not_allowed' });
  });

  test('signing out takes no token in the body, and the session still works', async () => {
    const s = await h.login(w.server, 'admin');
    const r = await w.api.del('/api/v1/session', { as: s, body: { token: 'a'.repeat(64) } });
    h.assertError(r, 400, { code: 'unknown_field', field: 'token' });
    const me = await w.api.get('/api/v1/me', { as: s });
    assert.equal(me.status, 200, me.text);
  });

  test('a programme needs a rulebook that exists and loads (422)', async () => {
    const before = await h.auditCount(w);
    for (const rulebook of ['no-such-book', 'qualification']) {
      const r = await w.api.post('/api/v1/programmes',
        { code: h.uniq('P'), name: 'X', procurement_form: 'F-1', rulebook },
        { as: w.admin });
      h.assertError(r, 422, { code: 'unknown_rulebook', field: 'rulebook' });
    }
    assert.equal(await h.auditCount(w), before);
  });

  test('a subcontractor of a provider that does not exist is 404, not a conflict', async () => {
    const r = await w.api.post('/api/v1/providers/999999/subcontractors',
      { orgnr: h.newOrgnr(), name: 'Sub AB' }, { as: w.admin });
    h.assertError(r, 404, { field: 'provider_id' });
  });

  test('Q-1: a decided application has no deadline and no days left', async () => {
    const prog = await w.api.post('/api/v1/programmes',
      { code: h.uniq('P'), name: 'Q1', procurement_form: 'F-1', rulebook: 'stom' },
      { as: w.admin });
    assert.equal(prog.status, 201, prog.text);
    const area = await w.api.post(`/api/v1/programmes/${prog.json.id}/areas`,
      { code: 'A', name: 'Area', municipalities: ['0180'] }, { as: w.admin });
    assert.equal(area.status, 201, area.text);
    const app = await w.api.post('/api/v1/applications',
      { provider_id: provider.id, programme_id: prog.json.id, areas: [area.json.id] },
      { as: provider.staff });
    assert.equal(app.status, 201, app.text);
    assert.equal(typeof app.json.days_left, 'number');
    const officer = await h.makeUser(w, 'case_officer');
    const d = await w.api.post(`/api/v1/applications/${app.json.id}/decisions`,
      { area_id: area.json.id, decision: 'refuse', reason: 'Not enough', delegation: 'D 1' },
      { as: officer });
    assert.equal(d.status, 201, d.text);
    const got = await w.api.get(`/api/v1/applications/${app.json.id}`, { as: officer });
    assert.equal(got.json.status, 'decided');
    assert.equal(got.json.deadline, null);
    assert.equal(got.json.days_left, null);
  });
});
