'use strict';
/*
 * providers.test.js — public registration (POST /api/v1/providers), the
 * authority's list, reading a provider, the profile jobseekers compare
 * (C-1, D-4), subcontractors (Q-2 applies to them), and that a provider's
 * staff can neither read nor change another provider's data.
 */
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

describe('providers', () => {
  let w;
  let officer;
  let controller;
  let jobseeker;
  let p1;
  let p2;

  before(async () => {
    w = await h.startWorld('providers');
    officer = await h.makeUser(w, 'case_officer');
    controller = await h.makeUser(w, 'controller');
    jobseeker = await h.makeUser(w, 'jobseeker');
    p1 = await h.registerProvider(w);
    p2 = await h.registerProvider(w);
  });
  after(async () => { if (w) await w.stop(); });

  const providerList = () => h.reader(w, '/api/v1/providers')();
  const providerOf = (p) => h.reader(w, `/api/v1/providers/${p.id}`);

  const profile = {
    description: 'Vi hjälper dig till arbete.',
    services: ['Jobbcoachning', 'CV-stöd'],
    languages: ['sv', 'ar'],
    digital_delivery: false,
    locations: [{ address: 'Storgatan 1', municipality: '0180', accessible: true }],
  };

  describe('POST /api/v1/providers (public registration)', () => {
    test('registers publicly with a valid organisation number and a first staff account', async () => {
      const before = await h.auditCount(w);
      const username = h.uniq('first-');
      const orgnr = h.newOrgnr();
      const r = await w.api.post('/api/v1/providers', {
        orgnr, name: 'Arbetsvägen AB', kind: 'company', email: 'kontakt@arbetsvagen.se',
        phone: '08-100 200',
        user: { username, display_name: 'Anna Andersson', password: h.PASSWORD },
      });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.name, 'Arbetsvägen AB');
      assert.equal(r.json.kind, 'company');
      assert.equal(typeof r.json.id, 'number');
      assert.equal(typeof r.json.user_id, 'number');
      assert.equal(await h.auditCount(w), before + 1);
      const staff = await h.login(w.server, username);
      assert.equal(staff.user.role, 'provider_staff');
      assert.equal(staff.user.provider_id, r.json.id);
      const got = await w.api.get(`/api/v1/providers/${r.json.id}`, { as: staff });
      assert.equal(got.status, 200, got.text);
      assert.equal(got.json.orgnr, orgnr.replace('-', ''), 'stored as ten digits');
      assert.equal(got.json.email, 'kontakt@arbetsvagen.se');
    });

    test('accepts the known-valid numbers 556036-0793 and 202100-5489 and the 16-prefixed form', async () => {
      for (const [orgnr, kind] of [['556036-0793', 'company'], ['2021005489', 'association'],
        [`16${h.newOrgnr().replace('-', '')}`, 'own_operation']]) {
        const r = await w.api.post('/api/v1/providers', {
          orgnr, name: h.uniq('Org '), kind, email: 'a@b.se',
          user: { username: h.uniq('u-'), display_name: 'U', password: h.PASSWORD },
        });
        assert.equal(r.status, 201, `${orgnr}: ${r.text}`);
        assert.equal(r.json.kind, kind);
      }
    });

    test('an invalid organisation number is 422 with the reason as code and field "orgnr"', async () => {
      const orgnr = h.newOrgnr();
      const cases = [
        [h.badChecksum(orgnr), 'bad_checksum'],
        ['556036-079', 'bad_length'],
        ['5560360793999', 'bad_length'],
        ['551036-0792', 'bad_org_group'],  /* third digit below 2: a person */
        ['5560a6-0793', 'bad_character'],
        ['55603-60793', 'bad_separator'],
        ['556036+0793', 'bad_separator'],
        ['175560360793', 'bad_org_prefix'],
        ['', 'empty'],
      ];
      await h.assertNothingWritten(w, [providerList], async () => {
        for (const [bad, code] of cases) {
          const r = await w.api.post('/api/v1/providers', {
            orgnr: bad, name: 'Bad AB', kind: 'company', email: 'a@b.se',
            user: { username: h.uniq('bad-'), display_name: 'B', password: h.PASSWORD },
          });
          if (code === 'empty')
            h.assertError(r, 422, { field: 'orgnr' });
          else
            h.assertError(r, 422, { code, field: 'orgnr' });
          assert.ok(!r.json.error.message.includes(bad.replace(/\D/g, '')) || bad === '',
            'the message must not echo the number');
        }
      });
    });

    test('bad input names the field (nested user fields as "user.x"); nothing is written', async () => {
      const username = h.uniq('keep-');
      const orgnr = h.newOrgnr();
      const user = { username, display_name: 'K', password: h.PASSWORD };
      const good = { orgnr, name: 'Keep AB', kind: 'company', email: 'k@keep.se', user };
      const cases = [
        [{ ...good, orgnr: undefined }, 400, 'missing_field', 'orgnr'],
        [{ ...good, name: undefined }, 400, 'missing_field', 'name'],
        [{ ...good, kind: undefined }, 400, 'missing_field', 'kind'],
        [{ ...good, email: undefined }, 400, 'missing_field', 'email'],
        [{ ...good, user: undefined }, 400, 'missing_field', 'user'],
        [{ ...good, orgnr: 5560360793 }, 400, 'wrong_type', 'orgnr'],
        [{ ...good, name: 1 }, 400, 'wrong_type', 'name'],
        [{ ...good, phone: 8 }, 400, 'wrong_type', 'phone'],
        [{ ...good, website: 'x' }, 400, 'unknown_field', 'website'],
        [{ ...good, kind: 'trust' }, 422, 'not_allowed', 'kind'],
        [{ ...good, email: 'not-an-email' }, 422, 'bad_email', 'email'],
        [{ ...good, user: { ...user, password: undefined } }, 400, 'missing_field', 'user.password'],
        [{ ...good, user: { ...user, username: 5 } }, 400, 'wrong_type', 'user.username'],
        [{ ...good, user: { ...user, shoe_size: 42 } }, 400, 'unknown_field', 'user.shoe_size'],
        [{ ...good, user: { ...user, password: 'short' } }, 422, 'weak_password', 'user.password'],
        [{ ...good, user: { ...user, username: 'Bad Name' } }, 422, 'bad_username', 'user.username'],
        [{ ...good, user: { ...user, username: p1.staff.username } }, 409, 'exists', 'user.username'],
        [{ ...good, orgnr: p1.orgnr }, 409, 'exists', 'orgnr'],
      ];
      await h.assertNothingWritten(w, [providerList], async () => {
        for (const [body, status, code, field] of cases) {
          const r = await w.api.post('/api/v1/providers', body);
          h.assertError(r, status, { code, field });
        }
        let r = await w.api('POST', '/api/v1/providers', { raw: '{"orgnr":"556036-0793"' });
        h.assertError(r, 400, { code: 'malformed_json' });
        r = await w.api('POST', '/api/v1/providers', { raw: h.oversizedJson(good) });
        h.assertError(r, 413, { code: 'too_large' });
        r = await w.api('POST', '/api/v1/providers', { raw: JSON.stringify(good), type: 'text/plain' });
        h.assertError(r, 400, { code: 'wrong_content_type' });
      });
      /* The refused calls took neither the organisation number nor the user name. */
      const r = await w.api.post('/api/v1/providers', good);
      assert.equal(r.status, 201, r.text);
    });
    test('a registrant cannot choose the role or provider of the first account', async () => {
      const username = h.uniq('sneak-');
      const r = await w.api.post('/api/v1/providers', {
        orgnr: h.newOrgnr(), name: 'Sneak AB', kind: 'company', email: 's@sneak.se',
        user: { username, display_name: 'S', password: h.PASSWORD, role: 'admin',
          provider_id: p1.id },
      });
      if (r.status === 201) {
        const s = await h.login(w.server, username);
        assert.equal(s.user.role, 'provider_staff');
        assert.equal(s.user.provider_id, r.json.id);
        h.assertError(await w.api.get(`/api/v1/providers/${p1.id}`, { as: s }), 404);
      } else {
        h.assertError(r, 400, { code: 'unknown_field' });
        assert.match(r.json.error.field, /^user\.(role|provider_id)$/);
      }
    });
  });

  describe('GET /api/v1/providers (the authority\'s list)', () => {
    test('the authority lists every provider with its active admissions', async () => {
      for (const who of [w.admin, officer, controller]) {
        const r = await w.api.get('/api/v1/providers', { as: who });
        assert.equal(r.status, 200, r.text);
        const mine = r.json.find((p) => p.id === p1.id);
        assert.ok(mine, 'p1 is listed');
        assert.equal(mine.name, p1.name);
        assert.equal(mine.active_admissions, 0);
        assert.ok(r.json.some((p) => p.id === p2.id));
      }
    });

    test('provider staff and jobseekers may not list providers (403); signed out 401', async () => {
      h.assertError(await w.api.get('/api/v1/providers', { as: p1.staff }), 403,
        { code: 'forbidden' });
      h.assertError(await w.api.get('/api/v1/providers', { as: jobseeker }), 403,
        { code: 'forbidden' });
      h.assertError(await w.api.get('/api/v1/providers'), 401, { code: 'unauthorised' });
    });
  });

  describe('GET /api/v1/providers/{id}', () => {
    test('staff read their own provider; the authority reads any', async () => {
      let r = await w.api.get(`/api/v1/providers/${p1.id}`, { as: p1.staff });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.id, p1.id);
      assert.equal(r.json.name, p1.name);
      assert.deepEqual(r.json.subcontractors, []);
      assert.deepEqual(r.json.admissions, []);
      r = await w.api.get(`/api/v1/providers/${p2.id}`, { as: officer });
      assert.equal(r.status, 200);
      assert.equal(r.json.id, p2.id);
    });

    test('another provider\'s staff get 404, exactly as for a provider that does not exist', async () => {
      const other = await w.api.get(`/api/v1/providers/${p2.id}`, { as: p1.staff });
      h.assertError(other, 404, { code: 'not_found' });
      assert.ok(!other.text.includes(p2.name), 'nothing of the other provider leaks');
      const none = await w.api.get('/api/v1/providers/999999', { as: p1.staff });
      h.assertError(none, 404, { code: 'not_found' });
      assert.equal(other.json.error.field, none.json.error.field,
        'the answers do not tell an existing provider from a missing one');
      assert.equal(other.json.error.message, none.json.error.message);
    });

    test('404 for a missing provider, 400 for a non-number id, 403 jobseeker, 401 signed out', async () => {
      h.assertError(await w.api.get('/api/v1/providers/999999', { as: w.admin }), 404,
        { code: 'not_found' });
      h.assertError(await w.api.get('/api/v1/providers/x1', { as: w.admin }), 400,
        { code: 'wrong_type', field: 'provider_id' });
      h.assertError(await w.api.get(`/api/v1/providers/${p1.id}`, { as: jobseeker }), 403,
        { code: 'forbidden' });
      h.assertError(await w.api.get(`/api/v1/providers/${p1.id}`), 401,
        { code: 'unauthorised' });
    });
  });

  describe('PUT /api/v1/providers/{id}/profile', () => {
    test('C-1: staff set the profile; services, languages, locations and digital delivery read back', async () => {
      const before = await h.auditCount(w);
      const r = await w.api.put(`/api/v1/providers/${p1.id}/profile`, profile, { as: p1.staff });
      assert.equal(r.status, 200, r.text);
      assert.equal(await h.auditCount(w), before + 1);
      const got = await w.api.get(`/api/v1/providers/${p1.id}`, { as: p1.staff });
      assert.equal(got.json.description, profile.description);
      assert.deepEqual(got.json.services, ['Jobbcoachning', 'CV-stöd'], 'services keep their order');
      assert.deepEqual([...got.json.languages].sort(), ['ar', 'sv']);
      assert.equal(got.json.digital_delivery, false);
      assert.equal(got.json.locations.length, 1);
      assert.equal(got.json.locations[0].address, 'Storgatan 1');
      assert.equal(got.json.locations[0].municipality, '0180');
      assert.equal(got.json.locations[0].municipality_name, 'Stockholms kommun');
      const loc = got.json.locations[0];
      assert.equal(loc.accessible ?? loc.is_accessible, true, 'accessibility is kept');
      assert.equal(r.json.description, profile.description, 'the reply is the new profile');
    });

    test('C-1: a new profile replaces the old lists; the admin may set it too', async () => {
      const next = { description: 'Digitalt', services: ['Distansstöd'], languages: ['en'],
        digital_delivery: true, locations: [] };
      const r = await w.api.put(`/api/v1/providers/${p2.id}/profile`, next, { as: w.admin });
      assert.equal(r.status, 200, r.text);
      const first = await w.api.put(`/api/v1/providers/${p2.id}/profile`, profile, { as: p2.staff });
      assert.equal(first.status, 200, first.text);
      const again = await w.api.put(`/api/v1/providers/${p2.id}/profile`, next, { as: p2.staff });
      assert.equal(again.status, 200, again.text);
      const got = await w.api.get(`/api/v1/providers/${p2.id}`, { as: officer });
      assert.deepEqual(got.json.services, ['Distansstöd']);
      assert.deepEqual(got.json.languages, ['en']);
      assert.deepEqual(got.json.locations, []);
      assert.equal(got.json.digital_delivery, true);
    });

    test('D-4: without a location and without digital delivery the profile is 422 on "locations"', async () => {
      await h.assertNothingWritten(w, [providerOf(p1)], async () => {
        let r = await w.api.put(`/api/v1/providers/${p1.id}/profile`,
          { ...profile, locations: [], digital_delivery: false }, { as: p1.staff });
        h.assertError(r, 422, { code: 'no_delivery', field: 'locations' });
        const { locations, ...noLocations } = profile;
        assert.ok(locations);
        r = await w.api.put(`/api/v1/providers/${p1.id}/profile`, noLocations, { as: p1.staff });
        h.assertError(r, 422, { code: 'no_delivery', field: 'locations' });
      });
    });

    test('bad input names the field (list items by index); nothing is written', async () => {
      const loc = profile.locations[0];
      const cases = [
        [{ ...profile, description: undefined }, 400, 'missing_field', 'description'],
        [{ ...profile, services: undefined }, 400, 'missing_field', 'services'],
        [{ ...profile, languages: undefined }, 400, 'missing_field', 'languages'],
        [{ ...profile, digital_delivery: undefined }, 400, 'missing_field', 'digital_delivery'],
        [{ ...profile, description: 5 }, 400, 'wrong_type', 'description'],
        [{ ...profile, services: 'coaching' }, 400, 'wrong_type', 'services'],
        [{ ...profile, services: ['ok', 3] }, 400, 'wrong_type', 'services[1]'],
        [{ ...profile, digital_delivery: 'yes' }, 400, 'wrong_type', 'digital_delivery'],
        [{ ...profile, locations: {} }, 400, 'wrong_type', 'locations'],
        [{ ...profile, locations: [{ ...loc, accessible: undefined }] }, 400, 'missing_field',
          'locations[0].accessible'],
        [{ ...profile, locations: [loc, { ...loc, accessible: 'yes' }] }, 400, 'wrong_type',
          'locations[1].accessible'],
        [{ ...profile, locations: [{ ...loc, floor: 2 }] }, 400, 'unknown_field',
          'locations[0].floor'],
        [{ ...profile, rating: 5 }, 400, 'unknown_field', 'rating'],
        [{ ...profile, languages: ['sv', 'Arabic'] }, 422, undefined, 'languages[1]'],
        [{ ...profile, languages: ['s1'] }, 422, 'bad_language', 'languages[0]'],
        [{ ...profile, services: [] }, 422, 'empty', 'services'],
        [{ ...profile, services: [''] }, 422, 'bad_length', 'services[0]'],
        [{ ...profile, locations: [{ ...loc, municipality: '9999' }] }, 422,
          'unknown_municipality', 'locations[0].municipality'],
      ];
      await h.assertNothingWritten(w, [providerOf(p1)], async () => {
        for (const [body, status, code, field] of cases) {
          const r = await w.api.put(`/api/v1/providers/${p1.id}/profile`, body, { as: p1.staff });
          h.assertError(r, status, { code, field });
        }
        let r = await w.api('PUT', `/api/v1/providers/${p1.id}/profile`,
          { as: p1.staff, raw: '{"description":"x",' });
        h.assertError(r, 400, { code: 'malformed_json' });
        r = await w.api('PUT', `/api/v1/providers/${p1.id}/profile`,
          { as: p1.staff, raw: h.oversizedJson(profile) });
        h.assertError(r, 413, { code: 'too_large' });
        r = await w.api.put('/api/v1/providers/abc/profile', profile, { as: w.admin });
        h.assertError(r, 400, { code: 'wrong_type', field: 'provider_id' });
        r = await w.api.put('/api/v1/providers/999999/profile', profile, { as: w.admin });
        h.assertError(r, 404, { code: 'not_found' });
      });
    });

    test('staff cannot change another provider\'s profile (404); the other profile is unchanged', async () => {
      const evil = { ...profile, description: 'Overwritten by a competitor' };
      await h.assertNothingWritten(w, [providerOf(p2)], async () => {
        const r = await w.api.put(`/api/v1/providers/${p2.id}/profile`, evil, { as: p1.staff });
        assert.ok(r.status === 404 || r.status === 403, `status ${r.status}`);
        h.assertError(r, r.status);
        assert.ok(!r.text.includes(p2.name));
      });
    });

    test('the officer, controller and jobseeker may not set a profile (403); signed out 401', async () => {
      await h.assertNothingWritten(w, [providerOf(p1)], async () => {
        for (const who of [officer, controller, jobseeker]) {
          const r = await w.api.put(`/api/v1/providers/${p1.id}/profile`, profile, { as: who });
          h.assertError(r, 403, { code: 'forbidden' });
        }
        const r = await w.api.put(`/api/v1/providers/${p1.id}/profile`, profile);
        h.assertError(r, 401, { code: 'unauthorised' });
      });
    });
  });

  describe('POST /api/v1/providers/{id}/subcontractors', () => {
    test('Q-2: staff add a subcontractor; it shows on the provider', async () => {
      const before = await h.auditCount(w);
      const orgnr = h.newOrgnr();
      const r = await w.api.post(`/api/v1/providers/${p1.id}/subcontractors`,
        { orgnr, name: 'Underleverantör AB', services: 'Språkstöd' }, { as: p1.staff });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.provider_id, p1.id);
      assert.equal(r.json.name, 'Underleverantör AB');
      assert.equal(r.json.services, 'Språkstöd');
      assert.equal(await h.auditCount(w), before + 1);
      const got = await w.api.get(`/api/v1/providers/${p1.id}`, { as: officer });
      const sub = got.json.subcontractors.find((s) => s.id === r.json.id);
      assert.ok(sub, 'listed on the provider');
      assert.equal(sub.orgnr, orgnr.replace('-', ''));
      /* The same subcontractor twice is a conflict on orgnr. */
      await h.assertNothingWritten(w, [providerOf(p1)], async () => {
        const dup = await w.api.post(`/api/v1/providers/${p1.id}/subcontractors`,
          { orgnr, name: 'Again AB' }, { as: p1.staff });
        h.assertError(dup, 409, { field: 'orgnr' });
      });
      /* The admin may add one too. */
      const byAdmin = await w.api.post(`/api/v1/providers/${p1.id}/subcontractors`,
        { orgnr: h.newOrgnr(), name: 'Admin Added AB' }, { as: w.admin });
      assert.equal(byAdmin.status, 201, byAdmin.text);
    });

    test('bad input (invalid organisation number included) names the field; nothing is written', async () => {
      const orgnr = h.newOrgnr();
      const good = { orgnr, name: 'Sub AB' };
      const cases = [
        [{ ...good, orgnr: h.badChecksum(orgnr) }, 422, 'bad_checksum', 'orgnr'],
        [{ ...good, orgnr: '5510360792' }, 422, 'bad_org_group', 'orgnr'],
        [{ ...good, orgnr: '12345' }, 422, 'bad_length', 'orgnr'],
        [{ ...good, orgnr: undefined }, 400, 'missing_field', 'orgnr'],
        [{ ...good, name: undefined }, 400, 'missing_field', 'name'],
        [{ ...good, orgnr: 5560360793 }, 400, 'wrong_type', 'orgnr'],
        [{ ...good, services: ['a'] }, 400, 'wrong_type', 'services'],
        [{ ...good, share: 0.5 }, 400, 'unknown_field', 'share'],
      ];
      await h.assertNothingWritten(w, [providerOf(p1)], async () => {
        for (const [body, status, code, field] of cases) {
          const r = await w.api.post(`/api/v1/providers/${p1.id}/subcontractors`, body,
            { as: p1.staff });
          h.assertError(r, status, { code, field });
        }
        let r = await w.api('POST', `/api/v1/providers/${p1.id}/subcontractors`,
          { as: p1.staff, raw: 'orgnr=1' });
        h.assertError(r, 400, { code: 'malformed_json' });
        r = await w.api('POST', `/api/v1/providers/${p1.id}/subcontractors`,
          { as: p1.staff, raw: h.oversizedJson(good) });
        h.assertError(r, 413, { code: 'too_large' });
      });
      const r = await w.api.post(`/api/v1/providers/${p1.id}/subcontractors`, good,
        { as: p1.staff });
      assert.equal(r.status, 201, 'the number was still free for this provider');
    });

    test('staff cannot add a subcontractor to another provider (404); 403 for other roles; 401 signed out', async () => {
      const good = { orgnr: h.newOrgnr(), name: 'Sneaky AB' };
      await h.assertNothingWritten(w, [providerOf(p2)], async () => {
        let r = await w.api.post(`/api/v1/providers/${p2.id}/subcontractors`, good,
          { as: p1.staff });
        h.assertError(r, 404, { code: 'not_found' });
        for (const who of [officer, controller, jobseeker]) {
          r = await w.api.post(`/api/v1/providers/${p2.id}/subcontractors`, good, { as: who });
          h.assertError(r, 403, { code: 'forbidden' });
        }
        r = await w.api.post(`/api/v1/providers/${p2.id}/subcontractors`, good);
        h.assertError(r, 401, { code: 'unauthorised' });
      });
    });
  });
});
