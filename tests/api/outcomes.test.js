'use strict';
/*
 * outcomes.test.js — the results a provider claims for a participant
 * (P-6, P-7) and what makes them count (P-8): the claim, the evidence
 * (PDF, PNG or JPEG up to 700 KiB, kept by its SHA-256), the case officer's
 * review, the provider's month-by-month confirmation, and the employers'
 * income returns that verify a month when the person earned at least
 * 1 500 000 öre (rules/journey.json self_support_ore).
 *
 * The provider is admitted on D0; the server then restarts on TODAY, so
 * the participations chosen on D0 have run for five months.
 */
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const h = require('./helpers.js');

const D0 = '2025-01-06';     /* Monday: admission, and the choices */
const TODAY = '2025-06-16';  /* Monday */
const START = '2025-01-13';  /* every participation here: D0 + 7 */
const HEADER = 'personnummer,month,employer_orgnr,gross_ore';

let pnrSeq = 100 + Math.floor(Math.random() * 700);
/* A valid personnummer "YYYYMMDD-NNNC" (Luhn over YYMMDDNNN). */
function pnr(birth = '19900215') {
  pnrSeq = pnrSeq >= 998 ? 100 : pnrSeq + 1;
  return `${birth}-${pnrSeq}${h.luhnCheckDigit(birth.slice(2) + String(pnrSeq))}`;
}

const pick = (o, ...keys) => Object.fromEntries(keys.map((k) => [k, o[k]]));
const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');
const b64 = (buf) => Buffer.from(buf).toString('base64');

/* A tiny PDF with the binary comment line real PDFs carry. */
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n%'), Buffer.from([0xe2, 0xe3, 0xcf, 0xd3]),
  Buffer.from('\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(24, 7)]);
/* A "PDF" of n bytes. */
const pdfOf = (n) => Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(n - 9, 0x41)]);

describe('outcomes, evidence, review, months and income (P-6 … P-8)', () => {
  let w, officer, controller, prog, W, X, J1, J2, P1, P2, P3, me, other;

  /* Registered and chosen on D0 with W: the participation starts START. */
  async function participant() {
    const p = pnr();
    const js = await w.api.post('/api/v1/jobseekers', { programme_id: prog.id, personnummer: p,
      given_name: 'Ali', family_name: 'Hassan', municipality: '0180',
      unemployed_since: '2024-09-02', registered_on: D0, age_band: '35-44', gender: 'man',
      birth_region: 'outside_europe', education: 'post_secondary', disability: false,
      ui_member: false, occupation: '4321', previous_registrations: 1 }, { as: officer });
    assert.equal(js.status, 201, js.text);
    const part = await w.api.post(`/api/v1/jobseekers/${js.json.id}/choice`,
      { provider_id: W.id, chosen_on: D0 }, { as: officer });
    assert.equal(part.status, 201, part.text);
    assert.equal(part.json.starts_on, START);
    return { js: { ...js.json, pnr: p }, part: part.json };
  }

  async function seekerUser(jobseekerId) {
    const username = h.uniq('seeker-');
    const r = await w.api.post('/api/v1/users', { username, display_name: 'Sökande',
      password: h.PASSWORD, role: 'jobseeker', jobseeker_id: jobseekerId }, { as: w.admin });
    assert.equal(r.status, 201, r.text);
    return h.login(w.server, username);
  }

  before(async () => {
    w = await h.startWorld('outcomes', { today: D0 });
    officer = await h.makeUser(w, 'case_officer');
    prog = await h.makeProgramme(w, { N: ['0180'] });
    W = await h.admittedProvider(w, officer, prog.id, [prog.areas.N]);
    X = await h.admittedProvider(w, officer, prog.id, [prog.areas.N]);
    await w.server.restart(TODAY);
    w.admin = await h.login(w.server, 'admin');
    officer = { ...(await h.login(w.server, officer.username)), username: officer.username };
    W.staff = await h.login(w.server, W.staff.username);
    X.staff = await h.login(w.server, X.staff.username);
    controller = await h.makeUser(w, 'controller');
    ({ js: J1, part: P1 } = await participant());
    ({ js: J2, part: P2 } = await participant());
    ({ part: P3 } = await participant());
    /* P3 ends with a job on 2025-05-30. */
    const end = await w.api.post(`/api/v1/participations/${P3.id}/end`,
      { reason: 'job', ends_on: '2025-05-30', note: 'Anställd.' }, { as: officer });
    assert.equal(end.status, 200, end.text);
    me = await seekerUser(J1.id);
    other = await seekerUser(J2.id);
  });
  after(async () => { if (w) await w.stop(); });

  const JOB = { type: 'employment', starts_on: '2025-03-03', occupation: '4321',
    extent_percent: 100 };
  const claimAs = (part, body, who) => w.api.post(`/api/v1/participations/${part.id}/outcomes`,
    body, { as: who });
  async function claim(part, extra = {}) {
    const r = await claimAs(part, { ...JOB, ...extra }, W.staff);
    assert.equal(r.status, 201, `claim: ${r.text}`);
    return r.json;
  }
  const outcome = (id, who = officer) => h.reader(w, `/api/v1/outcomes/${id}`, who);
  const upload = (id, buf, who = W.staff, filename = 'anstallningsbevis.pdf') => w.api.post(
    `/api/v1/outcomes/${id}/evidence`, { filename, content_base64: b64(buf) }, { as: who });
  const review = (id, body, who = officer) => w.api.post(`/api/v1/outcomes/${id}/review`,
    body, { as: who });
  const confirm = (id, month, extra = {}, who = W.staff) => w.api.post(
    `/api/v1/outcomes/${id}/months`, { month, continues: true, self_supporting: true, ...extra },
    { as: who });
  const income = (lines, who = officer) => w.api.post('/api/v1/income-records',
    { csv: [HEADER, ...lines].join('\n') + '\n' }, { as: who });
  const claims = (part) => h.reader(w, `/api/v1/outcomes?participation_id=${part.id}`, officer);

  describe('claiming an outcome', () => {
    test('201: the provider claims a job that began during the participation', async () => {
      const before = await h.auditCount(w);
      const o = await claim(P1);
      assert.equal(await h.auditCount(w), before + 1);
      assert.deepEqual(pick(o, 'participation_id', 'provider_id', 'jobseeker_id', 'ref', 'type',
        'starts_on', 'ends_on', 'occupation', 'extent_percent', 'status', 'claimed_on',
        'evidence_count'), { participation_id: P1.id, provider_id: W.id, jobseeker_id: J1.id,
        ref: J1.ref, type: 'employment', starts_on: '2025-03-03', ends_on: null,
        occupation: '4321', extent_percent: 100, status: 'claimed', claimed_on: TODAY,
        evidence_count: 0 });
      for (const who of [officer, W.staff, me]) {
        const got = await outcome(o.id, who)();
        assert.deepEqual(pick(got, 'id', 'evidence', 'reviews', 'months', 'months_counted'),
          { id: o.id, evidence: [], reviews: [], months: [], months_counted: 0 });
      }
      /* Studies need no occupation; the first day of the participation counts. */
      const s = await claim(P1, { type: 'studies', starts_on: START, occupation: undefined,
        extent_percent: 50 });
      assert.deepEqual(pick(s, 'type', 'starts_on', 'occupation', 'extent_percent'),
        { type: 'studies', starts_on: START, occupation: '', extent_percent: 50 });
    });

    test('a bad claim names the field; nothing is written', async () => {
      const cases = [
        [{ starts_on: '2025-06-17' }, 422, 'future_date', 'starts_on'],
        [{ starts_on: '2025-01-12' }, 422, 'before_participation', 'starts_on'],
        [{ occupation: 'abcd' }, 422, 'bad_occupation', 'occupation'],
        [{ occupation: '12345' }, 422, 'bad_occupation', 'occupation'],
        [{ occupation: undefined }, 400, 'missing_field', 'occupation'],
        [{ extent_percent: 0 }, 422, 'out_of_range', 'extent_percent'],
        [{ extent_percent: 101 }, 422, 'out_of_range', 'extent_percent'],
        [{ type: 'lottery_win' }, 422, 'not_allowed', 'type'],
        [{ ends_on: '2025-03-02' }, 422, 'ends_before_start', 'ends_on'],
        [{ salary: 1 }, 400, 'unknown_field', 'salary'],
      ];
      await h.assertNothingWritten(w, [claims(P1)], async () => {
        for (const [extra, status, code, field] of cases)
          h.assertError(await claimAs(P1, { ...JOB, ...extra }, W.staff), status, { code, field });
        h.assertError(await w.api.post('/api/v1/participations/999999/outcomes', JOB,
          { as: W.staff }), 404, { code: 'not_found' });
      });
    });

    test('an outcome counts from the participation to the day after it ended', async () => {
      /* P3 ended 2025-05-30: a job from 05-31 (the one that ended it) counts. */
      const o = await claim(P3, { starts_on: '2025-05-31' });
      assert.equal(o.starts_on, '2025-05-31');
      await h.assertNothingWritten(w, [claims(P3)], async () => {
        h.assertError(await claimAs(P3, { ...JOB, starts_on: '2025-06-01' }, W.staff), 422,
          { code: 'after_participation', field: 'starts_on' });
      });
    });

    test('only the provider\'s own staff claim: 403 for other roles, 404 for another provider', async () => {
      await h.assertNothingWritten(w, [claims(P1)], async () => {
        for (const who of [officer, w.admin, controller, me])
          h.assertError(await claimAs(P1, JOB, who), 403, { code: 'forbidden' });
        h.assertError(await claimAs(P1, JOB, X.staff), 404, { code: 'not_found' });
        h.assertError(await claimAs(P1, JOB), 401, { code: 'unauthorised' });
      });
    });
  });

  describe('evidence', () => {
    let o;
    before(async () => { o = await claim(P1); });

    test('a tiny PDF: 201 with its SHA-256; read back byte-identical', async () => {
      const before = await h.auditCount(w);
      const r = await upload(o.id, PDF);
      assert.equal(r.status, 201, r.text);
      assert.equal(await h.auditCount(w), before + 1);
      assert.deepEqual(pick(r.json, 'outcome_id', 'filename', 'media_type', 'size', 'sha256',
        'uploaded_by'), { outcome_id: o.id, filename: 'anstallningsbevis.pdf',
        media_type: 'application/pdf', size: PDF.length, sha256: sha256(PDF),
        uploaded_by: W.staff.user.username });
      assert.match(r.json.sha256, /^[0-9a-f]{64}$/);
      const got = await outcome(o.id)();
      assert.equal(got.evidence_count, 1);
      assert.deepEqual(got.evidence.map((e) => [e.id, e.sha256]), [[r.json.id, sha256(PDF)]]);
      for (const who of [officer, controller, W.staff]) {
        const back = await w.api.get(`/api/v1/evidence/${r.json.id}`, { as: who });
        assert.equal(back.status, 200, back.text);
        const bytes = Buffer.from(back.json.content_base64, 'base64');
        assert.ok(bytes.equals(PDF), 'byte-identical');
        assert.equal(back.json.sha256, sha256(PDF));
      }
      h.assertError(await w.api.get(`/api/v1/evidence/${r.json.id}`, { as: X.staff }), 404,
        { code: 'not_found' });
      h.assertError(await w.api.get(`/api/v1/evidence/${r.json.id}`, { as: me }), 403,
        { code: 'forbidden' });
      h.assertError(await w.api.get('/api/v1/evidence/999999', { as: officer }), 404,
        { code: 'not_found' });
      /* The type is read from the content, not the name. */
      const png = await upload(o.id, PNG, W.staff, 'intyg.pdf');
      assert.equal(png.status, 201, png.text);
      assert.equal(png.json.media_type, 'image/png');
    });

    test('not a PDF, PNG or JPEG is 422; over 700 KiB is 413; exactly 700 KiB is fine', async () => {
      const text = Buffer.from('Härmed intygas att Ali Hassan är anställd.\n');
      await h.assertNothingWritten(w, [outcome(o.id)], async () => {
        h.assertError(await upload(o.id, text, W.staff, 'intyg.txt'), 422,
          { code: 'bad_file_type', field: 'content_base64' });
        h.assertError(await upload(o.id, text, W.staff, 'intyg.pdf'), 422,
          { code: 'bad_file_type', field: 'content_base64' });
        /* 700 × 1024 + 1 = 716 801 bytes: one too many. */
        h.assertError(await upload(o.id, pdfOf(700 * 1024 + 1)), 413,
          { code: 'too_large', field: 'content_base64' });
        h.assertError(await upload(o.id, pdfOf(760 * 1024)), 413,
          { code: 'too_large', field: 'content_base64' });
        h.assertError(await upload(o.id, PDF, W.staff, '../etc/passwd'), 422,
          { code: 'bad_filename', field: 'filename' });
        h.assertError(await w.api.post(`/api/v1/outcomes/${o.id}/evidence`,
          { filename: 'a.pdf', content_base64: 'not base64!' }, { as: W.staff }), 422,
        { code: 'bad_base64', field: 'content_base64' });
      });
      const big = pdfOf(700 * 1024);
      const r = await upload(o.id, big);
      assert.equal(r.status, 201, r.text);
      assert.deepEqual([r.json.size, r.json.sha256], [716800, sha256(big)]);
      const back = await w.api.get(`/api/v1/evidence/${r.json.id}`, { as: officer });
      assert.ok(Buffer.from(back.json.content_base64, 'base64').equals(big));
    });

    test('line breaks in the base64 (LF or CRLF, as mail tools wrap it) are ignored', async () => {
      const lf = b64(PDF).replace(/.{76}/g, '$&\n');
      const crlf = b64(PDF).replace(/.{76}/g, '$&\r\n');
      for (const content of [lf, crlf]) {
        const r = await w.api.post(`/api/v1/outcomes/${o.id}/evidence`,
          { filename: 'intyg.pdf', content_base64: content }, { as: W.staff });
        assert.equal(r.status, 201, `${JSON.stringify(content.slice(76, 78))}: ${r.text}`);
        assert.equal(r.json.sha256, sha256(PDF));
      }
    });

    test('the 700 KiB limit is on the decoded file: line breaks do not count', async () => {
      /* 716 800 bytes → 955 736 base64 characters + 12 575 line breaks. */
      const big = pdfOf(700 * 1024);
      const r = await w.api.post(`/api/v1/outcomes/${o.id}/evidence`, { filename: 'intyg.pdf',
        content_base64: b64(big).replace(/.{76}/g, '$&\n') }, { as: W.staff });
      assert.equal(r.status, 201, r.text);
      assert.deepEqual([r.json.size, r.json.sha256], [716800, sha256(big)]);
    });

    test('only the provider\'s own staff upload', async () => {
      await h.assertNothingWritten(w, [outcome(o.id)], async () => {
        for (const who of [officer, controller, me])
          h.assertError(await upload(o.id, PDF, who), 403, { code: 'forbidden' });
        h.assertError(await upload(o.id, PDF, X.staff), 404, { code: 'not_found' });
        h.assertError(await upload(999999, PDF), 404, { code: 'not_found' });
      });
    });
  });

  describe('review', () => {
    test('approve needs evidence (409 no_evidence); with it the outcome is approved', async () => {
      const o = await claim(P1);
      const body = { decision: 'approve', reason: 'Anställningsbeviset styrker anställningen.' };
      await h.assertNothingWritten(w, [outcome(o.id)], async () => {
        h.assertError(await review(o.id, body), 409, { code: 'no_evidence', field: 'outcome_id' });
      });
      assert.equal((await upload(o.id, PDF)).status, 201);
      const r = await review(o.id, body);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.status, 'approved');
      assert.deepEqual(r.json.reviews, [{ verdict: 'approved', reason: body.reason,
        reviewed_on: TODAY, reviewed_by: officer.username }]);
      await h.assertNothingWritten(w, [outcome(o.id)], async () => {
        h.assertError(await review(o.id, body), 409, { code: 'already_reviewed' });
      });
    });

    test('reject with a reason; new evidence returns the claim to "claimed"', async () => {
      const o = await claim(P1);
      assert.equal((await upload(o.id, PDF)).status, 201);
      const r = await review(o.id, { decision: 'reject', reason: 'Intyget saknar underskrift.' });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.status, 'rejected');
      await h.assertNothingWritten(w, [outcome(o.id)], async () => {
        h.assertError(await confirm(o.id, '2025-03'), 409, { code: 'rejected' });
      });
      const signed = Buffer.concat([PDF, Buffer.from('% signed\n')]);
      assert.equal((await upload(o.id, signed)).status, 201);
      const got = await outcome(o.id)();
      assert.deepEqual(pick(got, 'status', 'evidence_count'),
        { status: 'claimed', evidence_count: 2 });
      assert.deepEqual(got.reviews.map((x) => x.verdict), ['rejected']);
      const ok = await review(o.id, { decision: 'approve', reason: 'Nu underskrivet.' });
      assert.equal(ok.json.status, 'approved', ok.text);
      assert.deepEqual(ok.json.reviews.map((x) => x.verdict), ['rejected', 'approved']);
    });

    test('only a case officer reviews; a reason is required', async () => {
      const o = await claim(P1);
      assert.equal((await upload(o.id, PDF)).status, 201);
      await h.assertNothingWritten(w, [outcome(o.id)], async () => {
        for (const who of [W.staff, controller, w.admin, me])
          h.assertError(await review(o.id, { decision: 'approve', reason: 'x' }, who), 403,
            { code: 'forbidden' });
        h.assertError(await review(o.id, { decision: 'approve' }), 400,
          { code: 'missing_field', field: 'reason' });
        h.assertError(await review(o.id, { decision: 'maybe', reason: 'x' }), 422,
          { code: 'not_allowed', field: 'decision' });
        h.assertError(await review(999999, { decision: 'approve', reason: 'x' }), 404,
          { code: 'not_found' });
      });
    });
  });

  describe('months (P-8)', () => {
    let o;
    before(async () => { o = await claim(P1, { type: 'subsidised_employment' }); });

    test('the provider confirms each month once, from the outcome\'s first month to now', async () => {
      /* The outcome began 2025-03-03: March is its first month. */
      const r = await confirm(o.id, '2025-03');
      assert.equal(r.status, 201, r.text);
      assert.deepEqual(r.json, { outcome_id: o.id, month: '2025-03', continues: true,
        self_supporting: true, confirmed_on: TODAY, income_verified: false });
      await h.assertNothingWritten(w, [outcome(o.id)], async () => {
        h.assertError(await confirm(o.id, '2025-03'), 409,
          { code: 'already_confirmed', field: 'month' });
        h.assertError(await confirm(o.id, '2025-02'), 422,
          { code: 'before_outcome', field: 'month' });
        h.assertError(await confirm(o.id, '2025-07'), 422,
          { code: 'future_month', field: 'month' });
        h.assertError(await confirm(o.id, '2025-3'), 422, { code: 'bad_month', field: 'month' });
        h.assertError(await confirm(o.id, '2025-04', { continues: undefined }), 400,
          { code: 'missing_field', field: 'continues' });
        for (const who of [officer, me])
          h.assertError(await confirm(o.id, '2025-04', {}, who), 403, { code: 'forbidden' });
        h.assertError(await confirm(o.id, '2025-04', {}, X.staff), 404, { code: 'not_found' });
      });
      /* April goes on, but the person did not support themself: not counted. */
      assert.equal((await confirm(o.id, '2025-04', { self_supporting: false })).status, 201);
      const got = await outcome(o.id, me)();
      assert.deepEqual(got.months.map((m) => [m.month, m.self_supporting, m.provider_confirmed]),
        [['2025-03', true, true], ['2025-04', false, true]]);
      assert.equal(got.months_counted, 1);
    });

    test('continues=false ends the outcome with that month; a later month is 409', async () => {
      const r = await confirm(o.id, '2025-05', { continues: false });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.continues, false);
      const got = await outcome(o.id)();
      assert.equal(got.ends_on, '2025-05-31');   /* the last day of May */
      assert.deepEqual(got.months.map((m) => m.month), ['2025-03', '2025-04', '2025-05']);
      assert.equal(got.months_counted, 1, 'only March went on with self-support');
      await h.assertNothingWritten(w, [outcome(o.id)], async () => {
        h.assertError(await confirm(o.id, '2025-06'), 409,
          { code: 'outcome_ended', field: 'month' });
      });
    });

    test('a month after the end never counts, even one confirmed before the end was known', async () => {
      const o2 = await claim(P1);
      assert.equal((await confirm(o2.id, '2025-06')).status, 201);
      /* Then the provider learns the job stopped in April. */
      const r = await confirm(o2.id, '2025-04', { continues: false });
      const got = await outcome(o2.id)();
      if (r.status === 409) {
        assert.equal(got.ends_on, null, 'refused: nothing changes');
      } else {
        assert.equal(r.status, 201, r.text);
        assert.equal(got.ends_on, '2025-04-30');
        /* April did not go on; June lies after the end: nothing counts. */
        assert.equal(got.months_counted, 0, JSON.stringify(got.months));
      }
    });
  });

  describe('income returns (P-8)', () => {
    let o;
    let E1;
    let E2;
    const ten = (p) => p.replace('-', '').slice(2);   /* the 10-digit form */

    before(async () => {
      o = await claim(P2);                            /* J2, from 2025-03-03 */
      E1 = h.newOrgnr();
      E2 = h.newOrgnr();
    });

    test('a bad line anywhere is 422 on csv naming the line; nothing is written', async () => {
      const good = `${J2.pnr},2025-03,${E1},900000`;
      const badPnr = J2.pnr.slice(0, -1) + String((Number(J2.pnr.slice(-1)) + 1) % 10);
      const cases = [
        [['personnummer;month;employer;gross', good], 'bad_header', 1, false],
        [[`${J2.pnr},2025-3,${E2},1`, good], 'bad_month', 2],
        [[good, `${J2.pnr},2025-13,${E1},1`], 'bad_month', 3],
        [[good, `${badPnr},2025-03,${E2},1`], 'bad_personnummer', 3],
        [[good, `${J2.pnr},2025-03,${h.badChecksum(E2)},1`], 'bad_orgnr', 3],
        [[good, `${J2.pnr},2025-03,${E2},12.50`], 'bad_amount', 3],
        [[good, `${J2.pnr},2025-03,${E2},-5`], 'bad_amount', 3],
        [[good, `${J2.pnr},2025-07,${E2},1`], 'future_month', 3],
        [[good, `${J2.pnr},2025-03,${E2}`], 'bad_line', 3],
        [[good, `${J2.pnr},2025-04,${E2},1`, good], 'duplicate_line', 4],
      ];
      await h.assertNothingWritten(w, [outcome(o.id)], async () => {
        for (const [lines, code, line, header = true] of cases) {
          const r = header ? await income(lines) : await w.api.post('/api/v1/income-records',
            { csv: lines.join('\n') }, { as: officer });
          const e = h.assertError(r, 422, { code, field: 'csv' });
          assert.match(e.message, new RegExp(`^Line ${line}: `));
          for (const p of [J2.pnr, badPnr, ten(J2.pnr)])
            assert.ok(!r.text.includes(p), `the personnummer leaked: ${r.text}`);
        }
        h.assertError(await w.api.post('/api/v1/income-records', { csv: '' }, { as: officer }),
          422, { code: 'empty', field: 'csv' });
      });
    });

    test('two employers summing to 1 500 000 öre verify the month; unknown people are counted', async () => {
      const before = await h.auditCount(w);
      /* 800 000 + 700 000 = 1 500 000 öre = the threshold: self-supporting.
       * February is before the outcome began: no month to verify. */
      const r = await income([`${J2.pnr},2025-03,${E1},800000`,
        `${ten(J2.pnr)},2025-03,${E2},700000`, `${pnr('19700101')},2025-03,${E1},2000000`,
        `${J2.pnr},2025-02,${E1},2000000`]);
      assert.equal(r.status, 200, r.text);
      assert.equal(await h.auditCount(w), before + 1);
      assert.deepEqual(pick(r.json, 'lines', 'imported', 'replaced', 'unknown_person',
        'months_verified'), { lines: 4, imported: 3, replaced: 0, unknown_person: 1,
        months_verified: 1 });
      const got = await outcome(o.id)();
      assert.deepEqual(got.months, [{ month: '2025-03', continues: true, self_supporting: true,
        provider_confirmed: false, confirmed_on: null, income_verified: true }]);
      assert.equal(got.months_counted, 1);
    });

    test('the same line again replaces it; a correction below the threshold takes the verification back', async () => {
      /* Sent again (Windows line ends): replaced, the month stays verified. */
      let r = await w.api.post('/api/v1/income-records',
        { csv: `${HEADER}\r\n${J2.pnr},2025-03,${E1},800000\r\n` }, { as: officer });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(pick(r.json, 'lines', 'imported', 'replaced', 'unknown_person',
        'months_verified'), { lines: 1, imported: 1, replaced: 1, unknown_person: 0,
        months_verified: 1 });
      assert.equal((await outcome(o.id)()).months_counted, 1);
      /* Corrected to 799 999: 799 999 + 700 000 = 1 499 999 < 1 500 000. */
      r = await income([`${J2.pnr},2025-03,${E1},799999`]);
      assert.deepEqual(pick(r.json, 'imported', 'replaced', 'months_verified'),
        { imported: 1, replaced: 1, months_verified: 0 });
      const got = await outcome(o.id)();
      assert.deepEqual(got.months, [], 'a month only the income vouched for goes');
      assert.equal(got.months_counted, 0);
    });

    test('a month the provider confirmed keeps its row when the income is corrected', async () => {
      assert.equal((await confirm(o.id, '2025-04')).status, 201);
      let r = await income([`${J2.pnr},2025-04,${E1},1500000`]);
      assert.equal(r.json.months_verified, 1, r.text);
      let m = (await outcome(o.id)()).months.find((x) => x.month === '2025-04');
      assert.deepEqual(pick(m, 'provider_confirmed', 'income_verified'),
        { provider_confirmed: true, income_verified: true });
      r = await income([`${J2.pnr},2025-04,${E1},1499999`]);
      assert.equal(r.json.months_verified, 0, r.text);
      m = (await outcome(o.id)()).months.find((x) => x.month === '2025-04');
      assert.deepEqual(pick(m, 'provider_confirmed', 'income_verified', 'self_supporting'),
        { provider_confirmed: true, income_verified: false, self_supporting: true });
    });

    test('only the authority imports income returns', async () => {
      await h.assertNothingWritten(w, [outcome(o.id)], async () => {
        for (const who of [W.staff, me])
          h.assertError(await income([`${J2.pnr},2025-05,${E1},1500000`], who), 403,
            { code: 'forbidden' });
        h.assertError(await w.api.post('/api/v1/income-records', { csv: HEADER }), 401,
          { code: 'unauthorised' });
      });
    });
  });

  describe('who sees an outcome', () => {
    test('the provider\'s own staff, the authority and the jobseeker themself; nobody else', async () => {
      const o = await claim(P1);
      for (const who of [officer, controller, W.staff, me])
        assert.equal((await w.api.get(`/api/v1/outcomes/${o.id}`, { as: who })).status, 200);
      for (const who of [X.staff, other])
        h.assertError(await w.api.get(`/api/v1/outcomes/${o.id}`, { as: who }), 404,
          { code: 'not_found' });
      const theirs = await w.api.get('/api/v1/outcomes', { as: X.staff });
      assert.ok(!theirs.json.some((x) => x.id === o.id));
      const mine = await w.api.get(`/api/v1/outcomes?participation_id=${P1.id}`, { as: W.staff });
      assert.ok(mine.json.some((x) => x.id === o.id));
      h.assertError(await w.api.get(`/api/v1/outcomes?provider_id=${W.id}`, { as: X.staff }),
        404, { code: 'not_found' });
    });
  });
});
