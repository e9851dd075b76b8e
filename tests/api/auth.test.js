'use strict';
/*
 * auth.test.js — signing in and out (POST/DELETE /api/v1/session), who am I
 * (GET /api/v1/me), accounts (POST /api/v1/users), API tokens
 * (POST /api/v1/tokens), and the service routes (/, /healthz, 404, 405).
 */
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

describe('accounts, sessions and tokens', () => {
  let w;
  let officer;

  before(async () => {
    w = await h.startWorld('auth');
    officer = await h.makeUser(w, 'case_officer');
  });
  after(async () => { if (w) await w.stop(); });

  describe('service routes', () => {
    test('GET /healthz answers 200 {"status":"ok"} without signing in', async () => {
      const r = await w.api.get('/healthz');
      assert.equal(r.status, 200);
      assert.equal(r.json.status, 'ok');
      assert.match(r.headers.get('content-type'), /^application\/json/);
    });

    test('GET / serves the index page as HTML', async () => {
      const r = await w.api.get('/');
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type'), /^text\/html/);
      assert.match(r.text, /<html lang="sv">/);
    });

    test('an unknown path answers 404 not_found', async () => {
      for (const p of ['/nothing', '/api/v1/nothing', '/api/v1/programmes/1/nothing',
        '/api/v2/programmes', '/api/v1/providers/1/profile/x', '/api/v1/programmes/',
        '/api/v1/programmes//areas']) {
        const r = await w.api.get(p, { as: w.admin });
        h.assertError(r, 404, { code: 'not_found' });
      }
    });

    test('a known path with the wrong method answers 405 method_not_allowed', async () => {
      const cases = [
        ['DELETE', '/healthz'], ['POST', '/'], ['PUT', '/api/v1/programmes'],
        ['GET', '/api/v1/users'], ['PATCH', '/api/v1/session'],
        ['PUT', '/api/v1/tokens'], ['DELETE', '/api/v1/providers/1'],
        ['GET', '/api/v1/applications/1/checks'],
        ['GET', '/api/v1/admissions/1/termination'],
        ['POST', '/api/v1/audit/verify'], ['PUT', '/api/v1/municipalities'],
        ['GET', '/api/v1/providers/1/profile'],
        ['DELETE', '/api/v1/applications/1'],
      ];
      for (const [method, p] of cases) {
        const r = await w.api(method, p, { as: w.admin });
        h.assertError(r, 405, { code: 'method_not_allowed' });
      }
    });

    test('a 405 names the allowed methods in an Allow header (RFC 9110 §15.5.6)',
      async () => {
      let r = await w.api('PUT', '/api/v1/programmes', { as: w.admin });
      assert.equal(r.status, 405);
      const allow = (r.headers.get('allow') || '').split(/\s*,\s*/).sort();
      assert.deepEqual(allow, ['GET', 'POST']);
      r = await w.api('GET', '/api/v1/session');
      assert.equal(r.status, 405);
      assert.deepEqual((r.headers.get('allow') || '').split(/\s*,\s*/).sort(),
        ['DELETE', 'POST']);
    });
  });

  describe('POST /api/v1/session (sign in)', () => {
    test('signs in with an HttpOnly, SameSite=Strict kv_session cookie', async () => {
      const r = await w.api.post('/api/v1/session',
        { username: 'admin', password: h.PASSWORD });
      assert.equal(r.status, 201, r.text);
      const set = r.headers.get('set-cookie');
      assert.match(set, /^kv_session=[0-9a-f]{64};/);
      assert.match(set, /HttpOnly/);
      assert.match(set, /SameSite=Strict/);
      assert.match(set, /Path=\//);
      assert.equal(r.json.user.username, 'admin');
      assert.equal(r.json.user.role, 'admin');
      assert.equal(r.json.token, undefined, 'the token travels only in the cookie');
      assert.equal(r.json.user.password_hash, undefined);
      assert.equal(r.headers.get('cache-control'), 'no-store', 'answers are not cached');
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
      const cookie = /kv_session=[0-9a-f]+/.exec(set)[0];
      const me = await w.api.get('/api/v1/me', { as: { cookie } });
      assert.equal(me.status, 200);
      assert.equal(me.json.username, 'admin');
    });

    test('a wrong password or unknown user is 401 bad_credentials on "password"', async () => {
      await h.assertNothingWritten(w, [], async () => {
        let r = await w.api.post('/api/v1/session',
          { username: 'admin', password: 'not the password' });
        h.assertError(r, 401, { code: 'bad_credentials', field: 'password' });
        assert.equal(r.headers.get('set-cookie'), null);
        r = await w.api.post('/api/v1/session',
          { username: 'nobody-here', password: h.PASSWORD });
        h.assertError(r, 401, { code: 'bad_credentials', field: 'password' });
        assert.equal(r.headers.get('set-cookie'), null);
      });
    });

    test('bad input: missing, wrong type, unknown field, malformed JSON', async () => {
      const cases = [
        [{ password: h.PASSWORD }, 400, 'missing_field', 'username'],
        [{ username: 'admin' }, 400, 'missing_field', 'password'],
        [{ username: 7, password: h.PASSWORD }, 400, 'wrong_type', 'username'],
        [{ username: 'admin', password: ['x'] }, 400, 'wrong_type', 'password'],
        [{ username: 'admin', password: h.PASSWORD, remember: true }, 400,
          'unknown_field', 'remember'],
      ];
      await h.assertNothingWritten(w, [], async () => {
        for (const [body, status, code, field] of cases) {
          const r = await w.api.post('/api/v1/session', body);
          h.assertError(r, status, { code, field });
          assert.equal(r.headers.get('set-cookie'), null);
        }
        let r = await w.api('POST', '/api/v1/session', { raw: '{"username":"admin",' });
        h.assertError(r, 400, { code: 'malformed_json', field: '' });
        r = await w.api('POST', '/api/v1/session', {
          raw: JSON.stringify({ username: 'admin', password: h.PASSWORD }),
          type: 'text/plain' });
        h.assertError(r, 400, { code: 'wrong_content_type' });
        assert.equal(r.headers.get('set-cookie'), null);
        r = await w.api('POST', '/api/v1/session', { raw: '["admin"]' });
        h.assertError(r, 400, { code: 'wrong_type' });
        r = await w.api('POST', '/api/v1/session',
          { raw: '{"username":"admin","username":"x","password":"y"}' });
        h.assertError(r, 400, { code: 'malformed_json' });
      });
    });

    test('a chunked body without Content-Length: read when small, 413 when over 1 MiB', async () => {
      const login = JSON.stringify({ username: 'admin', password: h.PASSWORD });
      let r = await w.api('POST', '/api/v1/session', { raw: h.chunkedBody(70000, login) });
      assert.equal(r.status, 201, r.text);
      await h.assertNothingWritten(w, [], async () => {
        r = await w.api('POST', '/api/v1/session',
          { raw: h.chunkedBody(h.LIMIT_BODY, login) });
        h.assertError(r, 413, { code: 'too_large' });
        assert.equal(r.headers.get('set-cookie'), null);
        r = await w.api('POST', '/api/v1/tokens',
          { as: w.admin, raw: h.chunkedBody(2 * h.LIMIT_BODY, '{"label":"big"}') });
        h.assertError(r, 413, { code: 'too_large' });
      });
    });

    test('"application/json; charset=utf-8" is accepted as JSON', async () => {
      const r = await w.api('POST', '/api/v1/session', {
        raw: JSON.stringify({ username: 'admin', password: h.PASSWORD }),
        type: 'application/json; charset=utf-8' });
      assert.equal(r.status, 201, r.text);
    });

    test('invalid UTF-8, NUL, deep nesting and huge integers are 400; control characters 422; the server survives', async () => {
      await h.assertNothingWritten(w, [], async () => {
        const bad = Buffer.concat([Buffer.from('{"username":"'), Buffer.from([0xff, 0xfe]),
          Buffer.from('","password":"x"}')]);
        let r = await w.api('POST', '/api/v1/session', { raw: bad });
        h.assertError(r, 400, { code: 'malformed_json' });
        r = await w.api('POST', '/api/v1/session', { raw: '['.repeat(200000) });
        h.assertError(r, 400, { code: 'malformed_json' });
        r = await w.api('POST', '/api/v1/session', { raw: `{"a":${'{"a":'.repeat(50000)}1${'}'.repeat(50001)}` });
        h.assertError(r, 400);
        r = await w.api('POST', '/api/v1/tokens',
          { as: w.admin, raw: '{"label":"x","n":99999999999999999999999}' });
        h.assertError(r, 400, { code: 'malformed_json' });
        r = await w.api('POST', '/api/v1/tokens', { as: w.admin, raw: '{"label":"a\u0000b"}' });
        h.assertError(r, 400, { code: 'malformed_json' });  /* a raw NUL byte */
        r = await w.api('POST', '/api/v1/tokens', { as: w.admin, raw: '{"label":"a\\u0000b"}' });
        h.assertError(r, 400, { code: 'malformed_json' });  /* an escaped NUL */
        r = await w.api('POST', '/api/v1/tokens', { as: w.admin, raw: '{"label":"a\\u001bb"}' });
        h.assertError(r, 422, { code: 'bad_characters', field: 'label' });
      });
      const r = await w.api.get('/healthz');
      assert.equal(r.status, 200);
    });

    test('a body over 1 MiB is 413, a body of exactly 1 MiB is read', async () => {
      await h.assertNothingWritten(w, [], async () => {
        const big = h.oversizedJson({ username: 'admin', password: h.PASSWORD });
        assert.equal(Buffer.byteLength(big), h.LIMIT_BODY + 1);
        let r = await w.api('POST', '/api/v1/session', { raw: big });
        h.assertError(r, 413, { code: 'too_large' });
        assert.equal(r.headers.get('set-cookie'), null);
        /* Exactly at the limit: parsed, and refused for its content. */
        const exact = big.slice(0, -3) + '"}';
        assert.equal(Buffer.byteLength(exact), h.LIMIT_BODY);
        r = await w.api('POST', '/api/v1/session', { raw: exact });
        h.assertError(r, 400, { code: 'unknown_field', field: 'pad' });
      });
    });
  });

  describe('GET /api/v1/me and DELETE /api/v1/session', () => {
    test('GET /api/v1/me names the signed-in user; 401 without a session', async () => {
      let r = await w.api.get('/api/v1/me', { as: officer });
      assert.equal(r.status, 200);
      assert.equal(r.json.username, officer.username);
      assert.equal(r.json.role, 'case_officer');
      assert.equal(r.json.password_hash, undefined);
      r = await w.api.get('/api/v1/me');
      h.assertError(r, 401, { code: 'unauthorised' });
      r = await w.api.get('/api/v1/me', { as: { cookie: `kv_session=${'ab'.repeat(32)}` } });
      h.assertError(r, 401, { code: 'unauthorised' });
      r = await w.api.get('/api/v1/me', { as: { cookie: 'kv_session=short' } });
      h.assertError(r, 401, { code: 'unauthorised' });
    });

    test('DELETE /api/v1/session signs out: the cookie is cleared and stops working', async () => {
      const s = await h.login(w.server, officer.username);
      let r = await w.api.get('/api/v1/me', { as: s });
      assert.equal(r.status, 200);
      r = await w.api.del('/api/v1/session', { as: s });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.signed_out, true);
      assert.match(r.headers.get('set-cookie'), /^kv_session=;.*Max-Age=0/);
      r = await w.api.get('/api/v1/me', { as: s });
      h.assertError(r, 401, { code: 'unauthorised' });
      /* The officer's other session is untouched. */
      r = await w.api.get('/api/v1/me', { as: officer });
      assert.equal(r.status, 200);
    });

    test('DELETE /api/v1/session without signing in is 401', async () => {
      const r = await w.api.del('/api/v1/session');
      h.assertError(r, 401, { code: 'unauthorised' });
    });

    test('DELETE /api/v1/session refuses malformed JSON and unknown fields (400)',
      async () => {
      const s = await h.login(w.server, officer.username);
      let r = await w.api('DELETE', '/api/v1/session', { as: s, raw: '{"x":' });
      h.assertError(r, 400, { code: 'malformed_json' });
      r = await w.api('DELETE', '/api/v1/session', { as: s, body: { everywhere: true } });
      h.assertError(r, 400, { code: 'unknown_field', field: 'everywhere' });
      /* Neither failed call signed the session out. */
      r = await w.api.get('/api/v1/me', { as: s });
      assert.equal(r.status, 200, 'a refused sign-out must not sign out');
      r = await w.api('DELETE', '/api/v1/session', { as: s, raw: h.oversizedJson() });
      h.assertError(r, 413, { code: 'too_large' });
      r = await w.api.get('/api/v1/me', { as: s });
      assert.equal(r.status, 200);
    });
  });

  describe('POST /api/v1/users (admin creates accounts)', () => {
    test('creates an account of each role; each is audited and can sign in', async () => {
      const provider = await h.registerProvider(w);
      const roles = ['admin', 'case_officer', 'controller', 'jobseeker', 'provider_staff'];
      for (const role of roles) {
        const before = await h.auditCount(w);
        const username = h.uniq(`new-${role.replace('_', '')}-`);
        const body = { username, display_name: `Ny ${role}`, password: h.PASSWORD, role };
        if (role === 'provider_staff') body.provider_id = provider.id;
        const r = await w.api.post('/api/v1/users', body, { as: w.admin });
        assert.equal(r.status, 201, r.text);
        assert.equal(r.json.username, username);
        assert.equal(r.json.role, role);
        assert.equal(typeof r.json.id, 'number');
        assert.equal(r.json.password, undefined);
        assert.equal(await h.auditCount(w), before + 1, `audit record for ${role}`);
        if (role === 'provider_staff' || role === 'jobseeker') {
          const s = await h.login(w.server, username);
          const me = await w.api.get('/api/v1/me', { as: s });
          assert.equal(me.json.role, role);
          assert.equal(me.json.provider_id, role === 'provider_staff' ? provider.id : null);
        }
      }
    });

    test('the account keeps the language it is created with (lang)',
      async () => {
      const username = h.uniq('lang-');
      const r = await w.api.post('/api/v1/users', { username, display_name: 'L',
        password: h.PASSWORD, role: 'jobseeker', lang: 'en' }, { as: w.admin });
      assert.equal(r.status, 201, r.text);
      const s = await h.login(w.server, username);
      assert.equal(s.user.lang, 'en', 'lang was accepted, so it must be stored');
      const me = await w.api.get('/api/v1/me', { as: s });
      assert.equal(me.json.lang, 'en');
    });

    test('bad input is refused naming the field, and nothing is written', async () => {
      const username = h.uniq('later-');
      const good = { username, display_name: 'Later', password: h.PASSWORD,
        role: 'case_officer' };
      const cases = [
        [{ ...good, role: undefined }, 400, 'missing_field', 'role'],
        [{ ...good, role: 5 }, 400, 'wrong_type', 'role'],
        [{ ...good, role: 'superuser' }, 422, 'not_allowed', 'role'],
        [{ ...good, username: undefined }, 400, 'missing_field', 'username'],
        [{ ...good, username: 12 }, 400, 'wrong_type', 'username'],
        [{ ...good, display_name: undefined }, 400, 'missing_field', 'display_name'],
        [{ ...good, display_name: false }, 400, 'wrong_type', 'display_name'],
        [{ ...good, password: undefined }, 400, 'missing_field', 'password'],
        [{ ...good, password: 1234567890 }, 400, 'wrong_type', 'password'],
        [{ ...good, email: 'a@b.se' }, 400, 'unknown_field', 'email'],
        [{ ...good, provider_id: '1' }, 400, 'wrong_type', 'provider_id'],
        [{ ...good, password: 'short' }, 422, 'weak_password', 'password'],
        [{ ...good, username: 'Has Space' }, 422, 'bad_username', 'username'],
        [{ ...good, username: '   ' }, 422, 'empty', 'username'],
        [{ ...good, provider_id: 1 }, 422, 'provider_mismatch', 'provider_id'],
        [{ ...good, role: 'provider_staff' }, 422, 'provider_mismatch', 'provider_id'],
        [{ ...good, role: 'provider_staff', provider_id: 999999 }, 422,
          'unknown_provider', 'provider_id'],
        [{ ...good, username: 'admin' }, 409, 'exists', 'username'],
      ];
      await h.assertNothingWritten(w, [], async () => {
        for (const [body, status, code, field] of cases) {
          const r = await w.api.post('/api/v1/users', JSON.parse(JSON.stringify(body)),
            { as: w.admin });
          h.assertError(r, status, { code, field });
        }
        let r = await w.api('POST', '/api/v1/users', { as: w.admin, raw: '{"username":' });
        h.assertError(r, 400, { code: 'malformed_json' });
        r = await w.api('POST', '/api/v1/users',
          { as: w.admin, raw: JSON.stringify(good), type: 'application/x-www-form-urlencoded' });
        h.assertError(r, 400, { code: 'wrong_content_type' });
        r = await w.api('POST', '/api/v1/users', { as: w.admin, raw: h.oversizedJson(good) });
        h.assertError(r, 413, { code: 'too_large' });
      });
      /* None of the refused calls created the account: the name is free. */
      const r = await w.api.post('/api/v1/users', good, { as: w.admin });
      assert.equal(r.status, 201, r.text);
    });

    test('only an admin may create accounts: 403 for other roles, 401 signed out', async () => {
      const controller = await h.makeUser(w, 'controller');
      const jobseeker = await h.makeUser(w, 'jobseeker');
      const provider = await h.registerProvider(w);
      const body = { username: h.uniq('x-'), display_name: 'X', password: h.PASSWORD,
        role: 'admin' };
      await h.assertNothingWritten(w, [], async () => {
        for (const who of [officer, controller, jobseeker, provider.staff]) {
          const r = await w.api.post('/api/v1/users', body, { as: who });
          h.assertError(r, 403, { code: 'forbidden' });
        }
        const r = await w.api.post('/api/v1/users', body);
        h.assertError(r, 401, { code: 'unauthorised' });
      });
      const r = await w.api.post('/api/v1/users', body, { as: w.admin });
      assert.equal(r.status, 201, 'the refused name was not taken');
    });
  });

  describe('POST /api/v1/tokens (API tokens)', () => {
    test('any signed-in role gets a token that works as a Bearer credential', async () => {
      const jobseeker = await h.makeUser(w, 'jobseeker');
      for (const [who, role] of [[jobseeker, 'jobseeker'], [w.admin, 'admin']]) {
        const before = await h.auditCount(w);
        const r = await w.api.post('/api/v1/tokens', { label: 'ci' }, { as: who });
        assert.equal(r.status, 201, r.text);
        assert.match(r.json.token, /^[0-9a-f]{64}$/);
        assert.equal(r.json.label, 'ci');
        assert.equal(await h.auditCount(w), before + 1);
        const me = await w.api.get('/api/v1/me', { as: { token: r.json.token } });
        assert.equal(me.status, 200, me.text);
        assert.equal(me.json.role, role);
      }
    });

    test('a bearer token carries its user\'s role (admin route with an admin token)', async () => {
      const t = await w.api.post('/api/v1/tokens', { label: 'ops' }, { as: w.admin });
      let r = await w.api.get('/api/v1/audit/verify', { as: { token: t.json.token } });
      assert.equal(r.status, 200, r.text);
      const ot = await w.api.post('/api/v1/tokens', { label: 'ops' }, { as: officer });
      r = await w.api.get('/api/v1/audit/verify', { as: { token: ot.json.token } });
      h.assertError(r, 403, { code: 'forbidden' });
      r = await w.api.get('/api/v1/me', { as: { token: 'ff'.repeat(32) } });
      h.assertError(r, 401);
      r = await w.api.get('/api/v1/me', { headers: { Authorization: 'Bearer' } });
      h.assertError(r, 401);
    });

    test('bad input is refused naming the field, and nothing is written', async () => {
      const cases = [
        [{}, 400, 'missing_field', 'label'],
        [{ label: 3 }, 400, 'wrong_type', 'label'],
        [{ label: 'ok', expires: 3 }, 400, 'unknown_field', 'expires'],
        [{ label: '  ' }, 422, 'empty', 'label'],
        [{ label: 'x'.repeat(201) }, 422, 'too_long', 'label'],
      ];
      await h.assertNothingWritten(w, [], async () => {
        for (const [body, status, code, field] of cases) {
          const r = await w.api.post('/api/v1/tokens', body, { as: officer });
          h.assertError(r, status, { code, field });
        }
        let r = await w.api('POST', '/api/v1/tokens', { as: officer, raw: '{label:1}' });
        h.assertError(r, 400, { code: 'malformed_json' });
        r = await w.api('POST', '/api/v1/tokens', { as: officer, raw: h.oversizedJson({ label: 'x' }) });
        h.assertError(r, 413, { code: 'too_large' });
        r = await w.api.post('/api/v1/tokens', { label: 'x' });
        h.assertError(r, 401, { code: 'unauthorised' });
      });
    });
  });
});
