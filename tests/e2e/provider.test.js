'use strict';
/*
 * provider.test.js — the provider staff's pages (issue 8 §2 and Done
 * when): a staff member signs in and, through the pages only, files a
 * monthly report with the minutes of each week's meeting (D-5, D-3) and
 * claims an outcome with its evidence as an uploaded file (P-6 … P-8),
 * confirms a month, downloads the evidence and a statement's CSV; what the
 * pages wrote is read back through the API.  Then axe (WCAG 2.1 A and AA)
 * on every provider page in all six languages, and screenshots in Swedish
 * and Arabic at desktop and phone width into build/screenshots/.
 *
 * The demo's staff01 works for provider 1; the case officer (through the
 * API, as set-up) gives that provider a warning and an order stop so the
 * follow-up page has something to show.
 */
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const api = require('../api/helpers.js');
const e2e = require('./helpers.js');

const RTL = new Set(['ar', 'fa']);
const PHONE = { width: 390, height: 844 };
/* A tiny but real PDF: what the evidence upload sniffs is "%PDF-". */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n' +
  '2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

function stockholmToday() {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' })
    .format(new Date());
}

/* The Swedish name of the month of "YYYY-MM-DD", as the pages write it. */
const SV_MONTHS = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli',
  'augusti', 'september', 'oktober', 'november', 'december'];
function svMonth(ymd) {
  return `${SV_MONTHS[Number(ymd.slice(5, 7)) - 1]} ${ymd.slice(0, 4)}`;
}

/* Sign staff01 in through the sign-in page's staff form. */
async function signInStaff(page, demo, back = '/provider/participants') {
  await page.goto(`${demo.server.base}${back}`);
  assert.match(page.url(), /\/sign-in\?back=/, 'a staff page asks to sign in first');
  await page.fill('#f-username', 'staff01');
  await page.fill('#f-password', e2e.DEMO_PASSWORD);
  await Promise.all([page.waitForURL(`**${back}`),
    page.click('form[action="/sign-in/password"] button')]);
}

/* No provider text left as a raw key (the shared check knows the other
 * groups' prefixes). */
async function assertNoRawProvKeys(page, what) {
  const text = await page.locator('body').innerText();
  const raw = text.match(/\bprov\.[a-z0-9_.]+\b/g);
  assert.equal(raw, null, `${what}: untranslated keys ${raw}`);
  await e2e.assertNoRawKeys(page, what);
}

describe('provider staff: participants, reports, outcomes, follow-up, payments', () => {
  let demo, browser, staff, officer, part, part2, other, payrun;
  const today = stockholmToday();
  const checked = [];

  before(async () => {
    demo = await e2e.startDemo('e2e-provider');
    browser = await e2e.launch();
    staff = await api.login(demo.server, 'staff01', e2e.DEMO_PASSWORD);
    officer = await api.login(demo.server, 'handlaggare1', e2e.DEMO_PASSWORD);
    /* A participant who has been with provider 1 for a while and still
     * is: this month has weeks to report. */
    const mine = await demo.api.get(`/api/v1/participations?active_on=${today}`,
      { as: staff });
    assert.equal(mine.status, 200, mine.text);
    const running = mine.json.filter((p) => p.starts_on < `${today.slice(0, 7)}-01` &&
      p.ends_on > today && p.provider_id === staff.user.provider_id);
    assert.ok(running.length >= 2, 'the demo gives staff01 running participants');
    part = running[0];     /* files through the pages */
    part2 = running[1];    /* keeps this month open for the forms' views */
    const all = await demo.api.get('/api/v1/participations', { as: officer });
    other = all.json.find((p) => p.provider_id !== staff.user.provider_id);
    /* The follow-up page's warning and order stop (D-10, F-6). */
    const adm = await demo.api.get('/api/v1/admissions', { as: staff });
    const area = adm.json.find((a) => !a.ended_on).area_id;
    api.assertStatus(await demo.api.post('/api/v1/warnings', {
      provider_id: staff.user.provider_id, area_id: area,
      problems: 'Månadsrapporterna kommer för sent.',
      delegation: 'Delegationsordning 5.2' }, { as: officer }), 201);
    api.assertStatus(await demo.api.post('/api/v1/order-stops', {
      provider_id: staff.user.provider_id, area_id: area,
      until_on: new Date(Date.parse(today) + 90 * 86400000).toISOString().slice(0, 10),
      reason: 'Brister i tillgänglighet.', delegation: 'Delegationsordning 5.1' },
    { as: officer }), 201);
  });
  after(async () => {
    if (browser) await browser.close();
    if (demo) await demo.stop();
    console.log(`axe: 0 violations on ${checked.length} provider page views`);
  });

  test('staff01 files a monthly report and an outcome claim with evidence, through the pages only', async () => {
    const ctx = await e2e.context(browser, demo, 'sv');
    const page = await ctx.newPage();
    const base = demo.server.base;
    await signInStaff(page, demo);

    /* My participants: own only, names and references, never a
     * personnummer. */
    const list = await page.locator('main').innerText();
    assert.ok(list.includes(part.ref), 'the participant is listed');
    assert.ok(!/\d{8}-?\d{4}/.test(list), 'no personnummer on the page');
    await Promise.all([page.waitForURL(`**/provider/participants/${part.id}`),
      page.click(`main a[href="/provider/participants/${part.id}"]`)]);
    assert.ok(!/\d{8}-?\d{4}/.test(await page.locator('main').innerText()));

    /* Step one: the month (this month, the newest open one, is chosen). */
    await Promise.all([page.waitForURL('**/report'),
      page.click(`a[href="/provider/participants/${part.id}/report"]`)]);
    assert.equal(await page.inputValue('#f-month'), today.slice(0, 7));
    await Promise.all([page.waitForURL('**/report?month=*'),
      page.click('main form button[type="submit"]')]);

    /* Step two, sent empty: every field says what is missing, next to it. */
    const weeks = await page.locator('input[name^="minutes-"]').evaluateAll(
      (els) => els.map((e) => e.name.slice(8)));
    assert.ok(weeks.length >= 1, 'the month has weeks to report');
    await Promise.all([page.waitForNavigation(),
      page.click('main form[method="post"] button[type="submit"]')]);
    assert.ok(await page.isVisible('.error-summary'));
    for (const f of ['job_search_activities', 'activities_attended', `minutes-${weeks[0]}`])
      assert.equal(await page.getAttribute(`#f-${f}`, 'aria-invalid'), 'true', f);

    /* A wrong number keeps what was typed and says what is wrong. */
    await page.fill('#f-job_search_activities', 'fem');
    await page.fill('#f-activities_attended', 'CV-verkstad och två intervjuer.');
    for (const w of weeks) await page.fill(`#f-minutes-${w}`, '45');
    await Promise.all([page.waitForNavigation(),
      page.click('main form[method="post"] button[type="submit"]')]);
    assert.equal(await page.inputValue('#f-job_search_activities'), 'fem');
    assert.equal(await page.inputValue('#f-activities_attended'),
      'CV-verkstad och två intervjuer.');
    assert.match(await page.locator('#f-job_search_activities-error').innerText(),
      /siffror/);
    await page.fill('#f-job_search_activities', '5');
    for (const [i, w] of weeks.entries()) await page.fill(`#f-minutes-${w}`, String(30 + 15 * i));
    await Promise.all([page.waitForURL(`**/provider/participants/${part.id}?done=report`),
      page.click('main form[method="post"] button[type="submit"]')]);
    assert.match(await page.locator('.notice.success').innerText(), /Månadsrapporten är skickad/);
    assert.match(await page.locator('section[aria-labelledby="reports-h"]').innerText(),
      new RegExp(svMonth(today)));

    /* What the page filed, read back through the API. */
    const reps = await demo.api.get(`/api/v1/participations/${part.id}/reports`, { as: staff });
    const rep = reps.json.find((r) => r.month === today.slice(0, 7));
    assert.ok(rep, 'the report is stored');
    assert.equal(rep.job_search_activities, 5);
    assert.equal(rep.activities_attended, 'CV-verkstad och två intervjuer.');
    assert.deepEqual(rep.meetings, weeks.map((w, i) => ({ week: w, minutes: 30 + 15 * i })));

    /* The same month again is refused: it is no longer offered. */
    await page.goto(`${base}/provider/participants/${part.id}/report`);
    assert.equal(await page.locator(`option[value="${today.slice(0, 7)}"]`).count(), 0);

    /* The outcome claim: the occupation is needed for employment. */
    await page.goto(`${base}/provider/participants/${part.id}`);
    await Promise.all([page.waitForURL('**/outcome'),
      page.click(`a[href="/provider/participants/${part.id}/outcome"]`)]);
    await page.selectOption('#f-type', 'employment');
    await page.fill('#f-starts_on', part.starts_on);
    await page.fill('#f-extent_percent', '100');
    await Promise.all([page.waitForNavigation(),
      page.click('main form button[type="submit"]')]);
    assert.equal(await page.getAttribute('#f-occupation', 'aria-invalid'), 'true');
    assert.equal(await page.inputValue('#f-type'), 'employment', 'the choice is kept');
    await page.fill('#f-occupation', '2512');
    await Promise.all([page.waitForURL('**/provider/outcomes/*?done=claimed'),
      page.click('main form button[type="submit"]')]);
    const outcomeId = Number(/outcomes\/(\d+)/.exec(page.url())[1]);
    assert.match(await page.locator('main').innerText(), /Ladda upp ett intyg/);

    /* Evidence: no file, then a file that is not a document, then the PDF. */
    await Promise.all([page.waitForNavigation(), page.click('form.upload button')]);
    assert.match(await page.locator('#f-file-error').innerText(), /Välj en fil/);
    await page.setInputFiles('#f-file', { name: 'anteckning.txt', mimeType: 'text/plain',
      buffer: Buffer.from('inte ett intyg') });
    await Promise.all([page.waitForNavigation(), page.click('form.upload button')]);
    assert.match(await page.locator('#f-file-error').innerText(), /PDF, PNG eller JPEG/);
    assert.equal(await page.getAttribute('#f-file', 'aria-invalid'), 'true');
    await page.setInputFiles('#f-file', { name: 'anställningsbevis.pdf',
      mimeType: 'application/pdf', buffer: PDF });
    await Promise.all([page.waitForURL(`**/provider/outcomes/${outcomeId}?done=evidence`),
      page.click('form.upload button')]);
    assert.ok((await page.locator('main table').first().innerText())
      .includes('anställningsbevis.pdf'));

    /* P-8: this month goes on and the person supports themself. */
    assert.equal(await page.inputValue('#f-month'), today.slice(0, 7));
    await page.check('#f-continues');
    await page.check('#f-self_supporting');
    await Promise.all([page.waitForURL(`**/provider/outcomes/${outcomeId}?done=month`),
      page.click('form[action$="/months"] button')]);

    /* Read back: the claim, the stored file byte for byte, the month. */
    const o = (await demo.api.get(`/api/v1/outcomes/${outcomeId}`, { as: staff })).json;
    assert.equal(o.type, 'employment');
    assert.equal(o.starts_on, part.starts_on);
    assert.equal(o.occupation, '2512');
    assert.equal(o.status, 'claimed');
    assert.equal(o.evidence.length, 1);
    assert.equal(o.evidence[0].filename, 'anställningsbevis.pdf');
    assert.equal(o.evidence[0].media_type, 'application/pdf');
    assert.equal(o.evidence[0].sha256, crypto.createHash('sha256').update(PDF).digest('hex'));
    assert.deepEqual(o.months.map((m) => [m.month, m.continues, m.self_supporting]),
      [[today.slice(0, 7), true, true]]);

    /* The evidence downloads as it was sent. */
    const [dl] = await Promise.all([page.waitForEvent('download'),
      page.click(`a[href="/provider/evidence/${o.evidence[0].id}"]`)]);
    assert.equal(dl.suggestedFilename(), 'anställningsbevis.pdf');
    assert.deepEqual(fs.readFileSync(await dl.path()), PDF);

    /* A POST without the form's token is refused, multipart or not. */
    const forged = await ctx.request.post(`${base}/provider/outcomes/${outcomeId}/evidence`, {
      multipart: { file: { name: 'x.pdf', mimeType: 'application/pdf', buffer: PDF } },
      maxRedirects: 0 });
    assert.equal(forged.status(), 403);
    assert.equal((await demo.api.get(`/api/v1/outcomes/${outcomeId}`, { as: staff }))
      .json.evidence.length, 1, 'nothing stored by the forged form');

    /* Another provider's participant does not exist for staff01. */
    const nf = await page.goto(`${base}/provider/participants/${other.id}`);
    assert.equal(nf.status(), 404);

    /* A statement: the page's total is the API's, and the CSV downloads. */
    await page.goto(`${base}/provider/payments`);
    const first = page.locator('main table tbody tr th a').first();
    payrun = Number(/payments\/(\d+)/.exec(await first.getAttribute('href'))[1]);
    await Promise.all([page.waitForURL(`**/provider/payments/${payrun}`), first.click()]);
    const st = (await demo.api.get(`/api/v1/payruns/${payrun}/statement?provider_id=${
      staff.user.provider_id}`, { as: staff })).json;
    const kr = (ore) => `${(ore / 100).toFixed(2).replace('.', ',')
      .replace(/\B(?=(\d{3})+(?!\d))/g, ' ')} kr`;
    assert.ok((await page.locator('main table').first().innerText()).includes(kr(st.earned)),
      `the earned total ${kr(st.earned)} is shown`);
    const [csv] = await Promise.all([page.waitForEvent('download'),
      page.click(`a[href="/provider/payments/${payrun}/statement.csv"]`)]);
    const text = fs.readFileSync(await csv.path(), 'utf8');
    assert.match(text, /^\uFEFFdeltagare;komponent;typ;spår;period;/);
    assert.equal(text.trim().split('\r\n').length, st.lines.length + 1);
    await ctx.close();
  });

  /* One page view: language, direction, axe, raw keys. */
  async function check(page, lang, what) {
    const html = page.locator('html');
    assert.equal(await html.getAttribute('lang'), lang, `${what}: lang`);
    assert.equal(await html.getAttribute('dir'), RTL.has(lang) ? 'rtl' : null, `${what}: dir`);
    await e2e.assertAccessible(page, `${what} [${lang}]`);
    await assertNoRawProvKeys(page, `${what} [${lang}]`);
    checked.push(`${what} [${lang}]`);
  }

  for (const lang of e2e.LANGS) {
    test(`every provider page in ${lang}: axe WCAG 2.1 A/AA, no raw keys`, async () => {
      const ctx = await e2e.context(browser, demo, lang);
      const page = await ctx.newPage();
      const base = demo.server.base;
      const go = async (p, what) => {
        const r = await page.goto(base + p);
        assert.equal(r.status(), 200, `${what}: ${r.status()}`);
        await check(page, lang, what);
      };
      const send = async (selector, what) => {
        await Promise.all([page.waitForNavigation(), page.click(selector)]);
        await check(page, lang, what);
      };
      await signInStaff(page, demo);
      const p = `/provider/participants/${part.id}`;
      const outcomes = (await demo.api.get(`/api/v1/outcomes?participation_id=${part.id}`,
        { as: staff })).json;

      await check(page, lang, 'participants');
      await go('/provider/participants?show=all', 'participants, all');
      await go(p, 'participant');
      await go(`${p}/plan`, 'action plan');
      await page.fill('#f-long_term_goal', '');
      await send('main form button[type="submit"]', 'action plan, errors');
      await go(`${p}/report`, 'report, month');
      await go(`/provider/participants/${part2.id}/report?month=${today.slice(0, 7)}`,
        'report, weeks');
      await send('main form[method="post"] button[type="submit"]', 'report, errors');
      await go(`${p}/deviation`, 'deviation');
      await send('main form button[type="submit"]', 'deviation, errors');
      await go(`${p}/outcome`, 'outcome claim');
      await send('main form button[type="submit"]', 'outcome claim, errors');
      await go(`${p}/reassessment`, 'reassessment');
      await send('main form button[type="submit"]', 'reassessment, errors');
      await go('/provider/outcomes', 'outcomes');
      await go(`/provider/outcomes/${outcomes[0].id}`, 'outcome');
      await send('form.upload button', 'outcome, upload error');
      await go('/provider/deviations', 'deviations and requests');
      await go('/provider/quality', 'agreement and follow-up');
      await go('/provider/payments', 'payments');
      await go(`/provider/payments/${payrun}`, 'statement');
      await ctx.close();
    });
  }

  test('the main provider pages at desktop and phone width, Swedish and Arabic', async () => {
    const outcomes = (await demo.api.get(`/api/v1/outcomes?participation_id=${part.id}`,
      { as: staff })).json;
    const pages = [['provider-participants', '/provider/participants'],
      ['provider-participant', `/provider/participants/${part.id}`],
      ['provider-report', `/provider/participants/${part2.id}/report?month=${today.slice(0, 7)}`],
      ['provider-outcome', `/provider/outcomes/${outcomes[0].id}`],
      ['provider-quality', '/provider/quality'],
      ['provider-statement', `/provider/payments/${payrun}`]];
    for (const lang of ['sv', 'ar']) {
      for (const [size, viewport] of [['desktop', undefined], ['phone', PHONE]]) {
        const ctx = await e2e.context(browser, demo, lang, viewport);
        const page = await ctx.newPage();
        await signInStaff(page, demo);
        for (const [name, p] of pages) {
          await page.goto(demo.server.base + p);
          /* Wide tables scroll in their own region; the page never
           * scrolls sideways (WCAG 1.4.10). */
          const overflow = await page.evaluate(() =>
            document.documentElement.scrollWidth - document.documentElement.clientWidth);
          assert.ok(overflow <= 0, `${name} [${lang}, ${size}] scrolls sideways by ${overflow}px`);
          await e2e.screenshot(page, `${name}-${lang}-${size}`);
        }
        await ctx.close();
      }
    }
  });
});
