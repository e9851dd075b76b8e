'use strict';
/*
 * market.test.js — the market's frame: municipalities, programmes and
 * their delivery areas (F-1 … F-5), and the public list of admitted
 * providers per municipality.
 */
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

describe('municipalities, programmes and delivery areas', () => {
  let w;
  let officer;
  let controller;
  let provider;

  before(async () => {
    w = await h.startWorld('market');
    officer = await h.makeUser(w, 'case_officer');
    controller = await h.makeUser(w, 'controller');
    provider = await h.registerProvider(w);
  });
  after(async () => { if (w) await w.stop(); });

  const programmes = () => h.reader(w, '/api/v1/programmes')();

  async function makeProgramme(code = h.uniq('P')) {
    const r = await w.api.post('/api/v1/programmes',
      { code, name: `Programme ${code}`, procurement_form: 'F-1', rulebook: 'stom' },
      { as: w.admin });
    assert.equal(r.status, 201, r.text);
    return r.json;
  }

  describe('GET /api/v1/municipalities', () => {
    test('lists all 290 municipalities publicly, codes as four-digit text', async () => {
      const r = await w.api.get('/api/v1/municipalities');
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.length, 290);
      const byCode = new Map(r.json.map((m) => [m.code, m]));
      assert.equal(byCode.size, 290, 'codes are unique');
      for (const m of r.json) assert.match(m.code, /^\d{4}$/);
      assert.equal(byCode.get('0180').name, 'Stockholms kommun');
      assert.equal(byCode.get('0180').county, 'Stockholms län');
      assert.equal(byCode.get('1480').name, 'Göteborgs kommun');
      assert.equal(byCode.get('1280').name, 'Malmö kommun');
      assert.equal(typeof byCode.get('0182').population, 'number');
      assert.deepEqual(r.json.map((m) => m.code), [...r.json.map((m) => m.code)].sort(),
        'sorted by code');
    });
  });

  describe('POST /api/v1/programmes', () => {
    test('F-1: admin creates a programme; it is listed, fetched and audited', async () => {
      const before = await h.auditCount(w);
      const code = h.uniq('STOM');
      const r = await w.api.post('/api/v1/programmes',
        { code, name: 'Stöd och matchning', procurement_form: 'F-1', rulebook: 'stom' },
        { as: w.admin });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.code, code);
      assert.equal(r.json.name, 'Stöd och matchning');
      assert.equal(r.json.procurement_form, 'F-1');
      assert.equal(r.json.rulebook, 'stom');
      assert.equal(typeof r.json.id, 'number');
      assert.equal(await h.auditCount(w), before + 1);
      const list = await w.api.get('/api/v1/programmes');
      assert.equal(list.status, 200);
      assert.ok(list.json.some((p) => p.id === r.json.id && p.code === code));
      const one = await w.api.get(`/api/v1/programmes/${r.json.id}`);
      assert.equal(one.status, 200);
      assert.equal(one.json.code, code);
      assert.deepEqual(one.json.areas, []);
    });

    test('F-1 … F-5 are the procurement forms; anything else is 422 on procurement_form', async () => {
      for (const form of ['F-2', 'F-3', 'F-4', 'F-5']) {
        const r = await w.api.post('/api/v1/programmes',
          { code: h.uniq(form), name: 'X', procurement_form: form, rulebook: 'stom' },
          { as: w.admin });
        assert.equal(r.status, 201, r.text);
        assert.equal(r.json.procurement_form, form);
      }
      await h.assertNothingWritten(w, [programmes], async () => {
        const r = await w.api.post('/api/v1/programmes',
          { code: h.uniq('F6'), name: 'X', procurement_form: 'F-6', rulebook: 'stom' },
          { as: w.admin });
        h.assertError(r, 422, { code: 'not_allowed', field: 'procurement_form' });
      });
    });

    test('bad input names the field; nothing is written', async () => {
      const existing = await makeProgramme();
      const code = h.uniq('FREE');
      const good = { code, name: 'N', procurement_form: 'F-1', rulebook: 'stom' };
      const cases = [
        [{ ...good, code: undefined }, 400, 'missing_field', 'code'],
        [{ ...good, name: undefined }, 400, 'missing_field', 'name'],
        [{ ...good, procurement_form: undefined }, 400, 'missing_field', 'procurement_form'],
        [{ ...good, rulebook: undefined }, 400, 'missing_field', 'rulebook'],
        [{ ...good, code: 12 }, 400, 'wrong_type', 'code'],
        [{ ...good, name: ['N'] }, 400, 'wrong_type', 'name'],
        [{ ...good, procurement_form: 1 }, 400, 'wrong_type', 'procurement_form'],
        [{ ...good, rulebook: {} }, 400, 'wrong_type', 'rulebook'],
        [{ ...good, budget: 10 }, 400, 'unknown_field', 'budget'],
        [{ ...good, code: 'x'.repeat(41) }, 422, 'too_long', 'code'],
        [{ ...good, name: '' }, 422, 'empty', 'name'],
        [{ ...good, name: 'Bell\u0007' }, 422, 'bad_characters', 'name'],
        [{ ...good, code: existing.code }, 409, undefined, 'code'],
      ];
      await h.assertNothingWritten(w, [programmes], async () => {
        for (const [body, status, c, field] of cases) {
          const r = await w.api.post('/api/v1/programmes', body, { as: w.admin });
          h.assertError(r, status, { code: c, field });
        }
        let r = await w.api('POST', '/api/v1/programmes', { as: w.admin, raw: '{"code":"A"' });
        h.assertError(r, 400, { code: 'malformed_json' });
        r = await w.api('POST', '/api/v1/programmes', { as: w.admin, raw: h.oversizedJson(good) });
        h.assertError(r, 413, { code: 'too_large' });
        r = await w.api('POST', '/api/v1/programmes',
          { as: w.admin, raw: JSON.stringify(good), type: 'text/plain' });
        h.assertError(r, 400, { code: 'wrong_content_type' });
      });
      const r = await w.api.post('/api/v1/programmes', good, { as: w.admin });
      assert.equal(r.status, 201, 'the code was still free');
    });

    test('only an admin creates programmes: 403 for other roles, 401 signed out', async () => {
      const good = { code: h.uniq('NO'), name: 'N', procurement_form: 'F-1', rulebook: 'stom' };
      await h.assertNothingWritten(w, [programmes], async () => {
        for (const who of [officer, controller, provider.staff]) {
          const r = await w.api.post('/api/v1/programmes', good, { as: who });
          h.assertError(r, 403, { code: 'forbidden' });
        }
        h.assertError(await w.api.post('/api/v1/programmes', good), 401,
          { code: 'unauthorised' });
      });
    });
  });

  describe('GET /api/v1/programmes/{id}', () => {
    test('404 for a programme that does not exist, 400 for an id that is not a number', async () => {
      h.assertError(await w.api.get('/api/v1/programmes/999999'), 404, { code: 'not_found' });
      h.assertError(await w.api.get('/api/v1/programmes/abc'), 400,
        { code: 'wrong_type', field: 'programme_id' });
      h.assertError(await w.api.get('/api/v1/programmes/0'), 400,
        { field: 'programme_id' });
      h.assertError(await w.api.get('/api/v1/programmes/-3'), 400,
        { field: 'programme_id' });
    });
  });

  describe('POST /api/v1/programmes/{id}/areas', () => {
    test('admin creates delivery areas; the programme lists them with their municipalities', async () => {
      const p = await makeProgramme();
      const before = await h.auditCount(w);
      const r = await w.api.post(`/api/v1/programmes/${p.id}/areas`,
        { code: 'STHLM', name: 'Stockholm', municipalities: ['0180', '0182'] },
        { as: w.admin });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.programme_id, p.id);
      assert.equal(r.json.code, 'STHLM');
      assert.deepEqual(r.json.municipalities, ['0180', '0182']);
      assert.equal(await h.auditCount(w), before + 1);
      const r2 = await w.api.post(`/api/v1/programmes/${p.id}/areas`,
        { code: 'GBG', name: 'Göteborg', municipalities: ['1480'] }, { as: w.admin });
      assert.equal(r2.status, 201, r2.text);
      const one = await w.api.get(`/api/v1/programmes/${p.id}`);
      assert.equal(one.status, 200);
      assert.deepEqual(one.json.areas.map((a) => a.code), ['GBG', 'STHLM']);
      const sthlm = one.json.areas.find((a) => a.code === 'STHLM');
      assert.equal(sthlm.id, r.json.id);
      assert.deepEqual(sthlm.municipalities,
        [{ code: '0180', name: 'Stockholms kommun' }, { code: '0182', name: 'Nacka kommun' }]);
    });

    test('F-1: a municipality cannot be in two areas of one programme (409), but may be in another programme', async () => {
      const p = await makeProgramme();
      const a = await w.api.post(`/api/v1/programmes/${p.id}/areas`,
        { code: 'A', name: 'A', municipalities: ['0180'] }, { as: w.admin });
      assert.equal(a.status, 201, a.text);
      const read = h.reader(w, `/api/v1/programmes/${p.id}`);
      await h.assertNothingWritten(w, [read], async () => {
        const r = await w.api.post(`/api/v1/programmes/${p.id}/areas`,
          { code: 'B', name: 'B', municipalities: ['1280', '0180'] }, { as: w.admin });
        h.assertError(r, 409, { code: 'municipality_taken', field: 'municipalities[1]' });
      });
      const other = await makeProgramme();
      const r = await w.api.post(`/api/v1/programmes/${other.id}/areas`,
        { code: 'A', name: 'A', municipalities: ['0180'] }, { as: w.admin });
      assert.equal(r.status, 201, r.text);
    });

    test('F-1: naming one municipality twice in a request is refused naming the item',
      async () => {
      const p = await makeProgramme();
      const read = h.reader(w, `/api/v1/programmes/${p.id}`);
      await h.assertNothingWritten(w, [read], async () => {
        const r = await w.api.post(`/api/v1/programmes/${p.id}/areas`,
          { code: 'D', name: 'D', municipalities: ['0180', '0180'] }, { as: w.admin });
        assert.ok(r.status === 409 || r.status === 422, `status ${r.status}: ${r.text}`);
        h.assertError(r, r.status, { field: 'municipalities[1]' });
      });
    });

    test('bad input names the field; nothing is written', async () => {
      const p = await makeProgramme();
      const taken = await w.api.post(`/api/v1/programmes/${p.id}/areas`,
        { code: 'TAKEN', name: 'T', municipalities: ['0114'] }, { as: w.admin });
      assert.equal(taken.status, 201);
      const good = { code: 'NEW', name: 'New', municipalities: ['0115'] };
      const cases = [
        [{ ...good, code: undefined }, 400, 'missing_field', 'code'],
        [{ ...good, name: undefined }, 400, 'missing_field', 'name'],
        [{ ...good, municipalities: undefined }, 400, 'missing_field', 'municipalities'],
        [{ ...good, code: 1 }, 400, 'wrong_type', 'code'],
        [{ ...good, municipalities: '0115' }, 400, 'wrong_type', 'municipalities'],
        [{ ...good, municipalities: [115] }, 400, 'wrong_type', 'municipalities[0]'],
        [{ ...good, colour: 'red' }, 400, 'unknown_field', 'colour'],
        [{ ...good, municipalities: [] }, 422, 'empty', 'municipalities'],
        [{ ...good, municipalities: ['0115', '9999'] }, 422, 'unknown_municipality',
          'municipalities[1]'],
        [{ ...good, municipalities: ['115'] }, 422, 'unknown_municipality', 'municipalities[0]'],
        [{ ...good, code: 'TAKEN' }, 409, undefined, 'code'],
      ];
      const read = h.reader(w, `/api/v1/programmes/${p.id}`);
      await h.assertNothingWritten(w, [read], async () => {
        for (const [body, status, c, field] of cases) {
          const r = await w.api.post(`/api/v1/programmes/${p.id}/areas`, body, { as: w.admin });
          h.assertError(r, status, { code: c, field });
        }
        let r = await w.api.post('/api/v1/programmes/999999/areas', good, { as: w.admin });
        h.assertError(r, 404, { code: 'not_found', field: 'programme_id' });
        r = await w.api.post('/api/v1/programmes/abc/areas', good, { as: w.admin });
        h.assertError(r, 400, { code: 'wrong_type', field: 'programme_id' });
        r = await w.api('POST', `/api/v1/programmes/${p.id}/areas`,
          { as: w.admin, raw: '{"code": "X", }' });
        h.assertError(r, 400, { code: 'malformed_json' });
        r = await w.api('POST', `/api/v1/programmes/${p.id}/areas`,
          { as: w.admin, raw: h.oversizedJson(good) });
        h.assertError(r, 413, { code: 'too_large' });
      });
      const r = await w.api.post(`/api/v1/programmes/${p.id}/areas`, good, { as: w.admin });
      assert.equal(r.status, 201, 'code and municipality were still free');
    });

    test('only an admin creates areas: 403 for other roles, 401 signed out', async () => {
      const p = await makeProgramme();
      const good = { code: 'X', name: 'X', municipalities: ['0180'] };
      const read = h.reader(w, `/api/v1/programmes/${p.id}`);
      await h.assertNothingWritten(w, [read], async () => {
        for (const who of [officer, controller, provider.staff]) {
          const r = await w.api.post(`/api/v1/programmes/${p.id}/areas`, good, { as: who });
          h.assertError(r, 403, { code: 'forbidden' });
        }
        const r = await w.api.post(`/api/v1/programmes/${p.id}/areas`, good);
        h.assertError(r, 401, { code: 'unauthorised' });
      });
    });
  });

  describe('GET /api/v1/municipalities/{code}/providers (public)', () => {
    test('answers publicly with an empty list where nobody is admitted', async () => {
      const r = await w.api.get('/api/v1/municipalities/0180/providers');
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.municipality, '0180');
      assert.deepEqual(r.json.providers, []);
    });

    test('an unknown municipality is 404; a bad programme_id is 400', async () => {
      h.assertError(await w.api.get('/api/v1/municipalities/9999/providers'), 404,
        { code: 'not_found', field: 'municipality' });
      h.assertError(await w.api.get('/api/v1/municipalities/0180/providers?programme_id=x'),
        400, { code: 'wrong_type', field: 'programme_id' });
      h.assertError(await w.api.get('/api/v1/municipalities/01800/providers'), 422,
        { field: 'municipality' });
    });
  });
});
