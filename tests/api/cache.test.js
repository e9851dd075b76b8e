'use strict';
/*
 * cache.test.js — the answers kept for anonymous GETs (src/http/cache.c,
 * bench/http): a write makes the next GET fresh, whether it comes over
 * HTTP or from another process; a signed-in or token-bearing caller is
 * never answered from the cache and never fills it; each anonymous
 * visitor gets their own CSRF token in a kept page, and the language is
 * part of what is kept; ETag and If-None-Match.
 *
 * Which answers came from the cache is seen from outside by the ETag: only
 * the cache's answers carry one.
 */
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const h = require('./helpers.js');

const HAVE_SQLITE = spawnSync('sqlite3', ['-version']).status === 0;
const LIST = '/api/v1/municipalities/0180/providers';
const PAGE = '/compare?municipality=0180';
const TOKEN_RE = /name="csrf" value="([0-9a-f]{64})"/g;

/* The CSRF tokens of a page, and the page with them taken out. */
function tokens(html) {
  return [...html.matchAll(TOKEN_RE)].map((m) => m[1]);
}
function withoutTokens(html) {
  return html.replace(TOKEN_RE, 'name="csrf" value=""');
}

describe('the cache of anonymous GETs', () => {
  let w, provider;

  before(async () => {
    w = await h.startWorld('cache');
    const officer = await h.makeUser(w, 'case_officer');
    const prog = await h.makeProgramme(w, { [h.uniq('A')]: ['0180'] });
    provider = await h.admittedProvider(w, officer, prog.id, Object.values(prog.areas));
  });
  after(async () => { if (w) await w.stop(); });

  async function setServices(services) {
    const r = await w.api.put(`/api/v1/providers/${provider.id}/profile`,
      { ...h.PROFILE, services }, { as: provider.staff });
    assert.equal(r.status, 200, r.text);
  }

  /* An anonymous visitor: the cookie the first page gave them. */
  async function visitor() {
    const r = await w.api.get('/');
    const m = /kv_anon=[0-9a-f]{64}/.exec(r.headers.get('set-cookie') || '');
    assert.ok(m, 'the first page sets the anonymous cookie');
    return m[0];
  }

  const page = (cookie, headers = {}) =>
    w.api.get(PAGE, { headers: { ...headers, ...(cookie ? { Cookie: cookie } : {}) } });

  test('a public list is kept, and a write over HTTP makes the next GET fresh', async () => {
    await setServices(['Coachning A']);
    const a = await w.api.get(LIST);
    const b = await w.api.get(LIST);
    assert.equal(a.status, 200, a.text);
    assert.ok(a.headers.get('etag'), 'kept answers carry an ETag');
    assert.equal(b.headers.get('etag'), a.headers.get('etag'));
    assert.equal(b.text, a.text);
    assert.equal(a.headers.get('cache-control'), 'no-store', 'the API promise holds');
    assert.deepEqual(a.json.providers.find((p) => p.id === provider.id).services,
      ['Coachning A']);

    await setServices(['Coachning B']);
    const c = await w.api.get(LIST);
    assert.deepEqual(c.json.providers.find((p) => p.id === provider.id).services,
      ['Coachning B'], 'the write shows at once');
    assert.notEqual(c.headers.get('etag'), a.headers.get('etag'));
  });

  test('If-None-Match: 304 while nothing changed, 200 after a write', async () => {
    const a = await w.api.get(LIST);
    const etag = a.headers.get('etag');
    const same = await w.api.get(LIST, { headers: { 'If-None-Match': etag } });
    assert.equal(same.status, 304);
    assert.equal(same.text, '');
    assert.equal(same.headers.get('etag'), etag);
    const weak = await w.api.get(LIST, { headers: { 'If-None-Match': `"x", W/${etag}` } });
    assert.equal(weak.status, 304, 'a weak tag in a list matches too');

    await setServices(['Coachning C']);
    const after = await w.api.get(LIST, { headers: { 'If-None-Match': etag } });
    assert.equal(after.status, 200);
    assert.match(after.text, /Coachning C/);
  });

  test('a write by another process makes the next GET fresh', { skip: !HAVE_SQLITE && 'no sqlite3' }, async () => {
    const before = await w.api.get(LIST);
    assert.ok(before.headers.get('etag'));
    const r = spawnSync('sqlite3', ['-cmd', '.timeout 5000', w.db,
      `UPDATE providers SET description = 'Written beside the server' WHERE id = ${provider.id}`],
    { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    /* Another process's commit is seen within a millisecond. */
    await new Promise((resolve) => { setTimeout(resolve, 5); });
    const after = await w.api.get(LIST);
    assert.equal(after.json.providers.find((p) => p.id === provider.id).description,
      'Written beside the server');
    const pageAfter = await w.api.get(`/providers/${provider.id}?municipality=0180`);
    assert.match(pageAfter.text, /Written beside the server/);
  });

  test('a caller with a session or a token is never answered from the cache', async () => {
    const kept = await w.api.get(LIST);
    const etag = kept.headers.get('etag');
    assert.ok(etag);
    for (const as of [provider.staff, await h.withToken(w, provider.staff)]) {
      const r = await w.api.get(LIST, { as, headers: { 'If-None-Match': etag } });
      assert.equal(r.status, 200, 'no 304 from the cache');
      assert.equal(r.headers.get('etag'), null, 'made afresh, not kept');
      assert.deepEqual(r.json, kept.json, 'the same public list');
    }
  });

  test('a kept page: each visitor gets their own working CSRF token', async () => {
    const v1 = await visitor();
    const v2 = await visitor();
    const p1 = await page(v1);
    const p1again = await page(v1);
    const p2 = await page(v2);
    assert.equal(p1.status, 200, p1.text);
    assert.ok(p1.headers.get('etag'), 'the comparison page is kept');
    assert.equal(p1again.text, p1.text, 'the same visitor, the same bytes');
    assert.equal(p1again.headers.get('etag'), p1.headers.get('etag'));
    assert.notEqual(p2.headers.get('etag'), p1.headers.get('etag'),
      'the ETag is of the visitor\'s own bytes');
    const t1 = tokens(p1.text);
    const t2 = tokens(p2.text);
    assert.ok(t1.length >= 1);
    assert.ok(t1.every((t) => t === t1[0]) && t2.every((t) => t === t2[0]));
    assert.notEqual(t1[0], t2[0]);
    assert.equal(withoutTokens(p1.text), withoutTokens(p2.text));

    /* Each token is the one its own cookie's forms need, and only that. */
    const post = (cookie, token) => fetch(`${w.server.base}/lang`, {
      method: 'POST', redirect: 'manual',
      headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: token, lang: 'sv', back: PAGE }).toString(),
    });
    assert.equal((await post(v1, t1[0])).status, 303);
    assert.equal((await post(v2, t2[0])).status, 303);
    assert.equal((await post(v2, t1[0])).status, 403, 'not another visitor\'s token');
  });

  test('a first visit gets its cookie and a token made from it, from a kept page too', async () => {
    await page(await visitor());   /* kept now */
    const r = await page(null);
    const m = /kv_anon=([0-9a-f]{64})/.exec(r.headers.get('set-cookie') || '');
    assert.ok(m, 'a new visitor gets the anonymous cookie');
    const post = await fetch(`${w.server.base}/lang`, {
      method: 'POST', redirect: 'manual',
      headers: { Cookie: `kv_anon=${m[1]}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: tokens(r.text)[0], lang: 'en', back: PAGE }).toString(),
    });
    assert.equal(post.status, 303);
  });

  test('a write makes the next page fresh; If-None-Match on pages', async () => {
    const v = await visitor();
    await setServices(['Praktik D']);
    const a = await page(v);
    assert.match(a.text, /Praktik D/);
    const same = await page(v, { 'If-None-Match': a.headers.get('etag') });
    assert.equal(same.status, 304);
    await setServices(['Praktik E']);
    const b = await page(v, { 'If-None-Match': a.headers.get('etag') });
    assert.equal(b.status, 200);
    assert.match(b.text, /Praktik E/);
    assert.doesNotMatch(b.text, /Praktik D/);
  });

  test('the language is part of what is kept', async () => {
    const v = await visitor();
    const en = await page(`${v}; kv_lang=en`);
    const sv = await page(v);
    const ar = await page(v, { 'Accept-Language': 'ar' });
    const en2 = await page(`${v}; kv_lang=en`);
    assert.match(en.text, /<html lang="en">/);
    assert.match(sv.text, /<html lang="sv">/);
    assert.match(ar.text, /<html lang="ar" dir="rtl">/);
    assert.equal(en2.text, en.text);
    assert.equal(sv.headers.get('content-language'), 'sv');
    assert.equal(ar.headers.get('content-language'), 'ar');
  });

  test('a signed-in visitor never gets a kept page, and never fills the cache', async () => {
    const v = await visitor();
    const anon = await page(v);
    const etag = anon.headers.get('etag');
    assert.ok(etag);
    const signedIn = await page(provider.staff.cookie, { 'If-None-Match': etag });
    assert.equal(signedIn.status, 200, 'no 304 from the cache');
    assert.equal(signedIn.headers.get('etag'), null);
    assert.equal(signedIn.headers.get('cache-control'), 'no-store');
    assert.match(signedIn.text, /action="\/sign-out"/, 'the page made for them');
    /* … and what they were shown is not what the next visitor gets. */
    const after = await page(v);
    assert.equal(after.text, anon.text);
    assert.doesNotMatch(after.text, /sign-out/);
    /* A session cookie that no longer signs anyone in is not anonymous
     * for the cache either: the page is made afresh. */
    const stale = await page(`kv_session=${'0'.repeat(64)}; ${v}`);
    assert.equal(stale.status, 200);
    assert.equal(stale.headers.get('etag'), null);
  });

  test('pages that are not public are never kept', async () => {
    const r = await w.api.get('/me', { headers: { Cookie: await visitor() } });
    assert.equal(r.headers.get('etag'), null);
    const signin = await w.api.get('/sign-in');
    assert.equal(signin.status, 200);
    assert.equal(signin.headers.get('etag'), null, 'the sign-in page does not say it is cacheable');
  });
});
