'use strict';
/*
 * tokens.test.js — API tokens for providers' own systems: listed without
 * the secret, revoked by their owner (or an admin), refused at once after
 * revocation, and invisible to other users (404).  Revocation is audited.
 */
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

describe('API tokens', () => {
  let w;
  let provider;
  let other;
  before(async () => {
    w = await h.startWorld('tokens');
    provider = await h.registerProvider(w);
    other = await h.registerProvider(w);
  });
  after(async () => { if (w) await w.stop(); });

  async function makeToken(as, label = 'system') {
    const r = await w.api.post('/api/v1/tokens', { label }, { as });
    assert.equal(r.status, 201, r.text);
    return r.json;
  }

  test('the list shows one\'s own tokens, never the secret', async () => {
    const t = await makeToken(provider.staff, 'Verksamhetssystem');
    const r = await w.api.get('/api/v1/tokens', { as: provider.staff });
    assert.equal(r.status, 200, r.text);
    const mine = r.json.find((x) => x.id === t.id);
    assert.equal(mine.label, 'Verksamhetssystem');
    assert.equal(mine.revoked_at, null);
    assert.ok(!('token' in mine));
    assert.ok(!r.text.includes(t.token));
    const theirs = await w.api.get('/api/v1/tokens', { as: other.staff });
    assert.ok(!theirs.json.some((x) => x.id === t.id));
  });

  test('a revoked token stops working at once; revoking twice is 409', async () => {
    const t = await makeToken(provider.staff);
    const bearer = { token: t.token };
    assert.equal((await w.api.get('/api/v1/me', { as: bearer })).status, 200);
    const before = await h.auditCount(w);
    const r = await w.api.del(`/api/v1/tokens/${t.id}`, { as: provider.staff });
    assert.equal(r.status, 200, r.text);
    assert.equal(await h.auditCount(w), before + 1);
    h.assertError(await w.api.get('/api/v1/me', { as: bearer }), 401, { code: 'unauthorised' });
    h.assertError(await w.api.del(`/api/v1/tokens/${t.id}`, { as: provider.staff }), 409,
      { code: 'already_revoked', field: 'token_id' });
  });

  test('another user cannot revoke it (404, nothing written); an admin can', async () => {
    const t = await makeToken(provider.staff);
    const before = await h.auditCount(w);
    h.assertError(await w.api.del(`/api/v1/tokens/${t.id}`, { as: other.staff }), 404,
      { field: 'token_id' });
    assert.equal(await h.auditCount(w), before);
    assert.equal((await w.api.get('/api/v1/me', { as: { token: t.token } })).status, 200);
    const r = await w.api.del(`/api/v1/tokens/${t.id}`, { as: w.admin });
    assert.equal(r.status, 200, r.text);
    h.assertError(await w.api.get('/api/v1/me', { as: { token: t.token } }), 401);
  });
});
