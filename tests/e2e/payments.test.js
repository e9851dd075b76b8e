'use strict';
/*
 * payments.test.js — the controllers' payment-run pages and the
 * dashboards in a real browser (issue 8, Done when; P-2, P-8, Q-7, U-1):
 *
 * - every page of the group in all six languages under axe (WCAG 2.1 A
 *   and AA), with no raw translation key, the document's language and
 *   direction right, and the charts named images drawn left to right
 *   while their tables follow the page;
 * - a run prepared by one controller and approved by another through the
 *   pages only: controller1 prepares the current month again (the demo
 *   leaves it prepared, waiting), is refused when approving it himself
 *   (four eyes), controller2 approves it, and the SIE and pain.001 files
 *   download with their names;
 * - the dashboard's payments table agrees with the API's figures;
 * - screenshots in Swedish and Arabic at desktop and phone width, with no
 *   sideways scrolling at phone width.
 */
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const e2e = require('./helpers.js');

const RTL = new Set(['ar', 'fa']);
const PHONE = { width: 390, height: 844 };
const RUNS = '/authority/payruns';
const DASH = '/authority/dashboards';

/* Sign a member of staff in through the page (user name and password). */
async function signInStaff(page, demo, username) {
  await page.goto(`${demo.server.base}/sign-in`);
  await page.fill('#f-username', username);
  await page.fill('#f-password', e2e.DEMO_PASSWORD);
  await Promise.all([page.waitForNavigation(),
    page.click('form[action="/sign-in/password"] button')]);
  assert.ok(!page.url().includes('/sign-in'), `${username} is signed in`);
}

/* "1 234,50 kr" as öre. */
function ore(text) {
  const m = /(-?[\d ]+),(\d\d)/.exec(text.replace(/\u00a0/g, ' '));
  assert.ok(m, `not an amount: ${text}`);
  return Number(m[1].replace(/ /g, '')) * 100 + Number(m[2]);
}

describe('payment runs and dashboards', () => {
  let demo, browser, draft, approved;
  const checked = [];

  before(async () => {
    demo = await e2e.startDemo('e2e-payments');
    browser = await e2e.launch();
    const c1 = await require('../api/helpers.js').login(demo.server, 'controller1',
      e2e.DEMO_PASSWORD);
    const runs = (await demo.api.get('/api/v1/payruns', { as: c1 })).json;
    draft = runs.find((r) => r.status === 'draft');
    approved = runs.find((r) => r.status === 'approved');
    assert.ok(draft, 'the demo leaves the current month waiting for approval');
    assert.equal(draft.period, runs[0].period, 'the latest run is the one waiting');
    assert.ok(approved, 'the demo has approved runs');
  });
  after(async () => {
    if (browser) await browser.close();
    if (demo) await demo.stop();
    console.log(`axe: 0 violations on ${checked.length} page views`);
  });

  /* One page view: language, direction, axe, raw keys, the charts. */
  async function check(page, lang, what) {
    assert.equal(await page.getAttribute('html', 'lang'), lang, `${what}: lang`);
    assert.equal(await page.getAttribute('html', 'dir'), RTL.has(lang) ? 'rtl' : null,
      `${what}: dir`);
    await e2e.assertAccessible(page, `${what} [${lang}]`);
    await e2e.assertNoRawKeys(page, `${what} [${lang}]`);
    const text = await page.locator('body').innerText();
    const raw = text.match(/\b(?:payruns|dash|fig)\.[a-z0-9_.]+\b/g);
    assert.equal(raw, null, `${what} [${lang}]: untranslated keys ${raw}`);
    /* Each chart is a named image drawn left to right; its table follows
     * the page's direction. */
    for (const svg of await page.locator('svg.chart-svg').all()) {
      assert.equal(await svg.getAttribute('role'), 'img');
      assert.equal(await svg.getAttribute('dir'), 'ltr');
      const id = await svg.getAttribute('aria-labelledby');
      assert.ok((await page.locator(`[id="${id}"]`).textContent()).length > 3,
        `${what}: chart ${id} has a title`);
      const dir = await svg.evaluate((el) => getComputedStyle(
        el.closest('.figure').querySelector('table')).direction);
      assert.equal(dir, RTL.has(lang) ? 'rtl' : 'ltr', `${what}: table direction`);
    }
    checked.push(`${what} [${lang}]`);
  }

  for (const lang of e2e.LANGS) {
    test(`every payment-run and dashboard page in ${lang}`, async () => {
      const ctx = await e2e.context(browser, demo, lang);
      const page = await ctx.newPage();
      const base = demo.server.base;
      const go = async (p, what, status = 200) => {
        const r = await page.goto(base + p);
        assert.equal(r.status(), status, `${what}: ${r.status()}`);
        await check(page, lang, what);
      };
      await signInStaff(page, demo, 'controller1');

      await go(RUNS, 'payment runs');
      /* A month not yet begun: the message sits next to the field. */
      await page.fill('#f-period', '2999-01');
      await Promise.all([page.waitForNavigation(), page.click('.prepare-form button')]);
      assert.equal(await page.getAttribute('#f-period', 'aria-invalid'), 'true');
      assert.equal(await page.inputValue('#f-period'), '2999-01', 'the typed month is kept');
      assert.ok(await page.isVisible('#f-period-error'));
      await check(page, lang, 'payment runs, month not begun');

      await go(`${RUNS}/${draft.id}`, 'a run waiting for approval');
      assert.equal(await page.locator('.approve-form').count(), 1);
      /* the one who prepared it may not approve it. */
      await page.fill('#f-delegation', 'Delegationsordning 2024, punkt 4.2');
      await Promise.all([page.waitForNavigation(), page.click('.approve-form button')]);
      assert.ok(await page.isVisible('.error-summary[role="alert"]'));
      await check(page, lang, 'approval refused: four eyes');

      await go(`${RUNS}/${approved.id}`, 'an approved run');
      assert.equal(await page.locator('a[href$="/sie"]').count(), 1);
      await go(DASH, 'dashboards');
      assert.equal(await page.locator('svg.chart-svg').count(), 8);
      await go(`${DASH}?from=2026-013&to=`, 'dashboards, a bad month', 422);
      assert.equal(await page.getAttribute('#f-from', 'aria-invalid'), 'true');
      assert.equal(await page.inputValue('#f-from'), '2026-013', 'the typed month is kept');
      await ctx.close();
    });
  }

  test('one controller prepares, the same is refused, another approves; the files download',
    async () => {
      const base = demo.server.base;
      const one = await e2e.context(browser, demo, 'sv');
      const p1 = await one.newPage();
      await signInStaff(p1, demo, 'controller1');

      /* P-8: a case officer rejects, through the API (the officer's
       * pages are another group's), a result already paid; preparing
       * again claws it back. */
      const api = require('../api/helpers.js');
      const officer = await api.login(demo.server, 'handlaggare1', e2e.DEMO_PASSWORD);
      const paid = (await demo.api.get('/api/v1/outcomes?status=approved',
        { as: officer })).json[0];
      const rv = await demo.api.post(`/api/v1/outcomes/${paid.id}/review`,
        { decision: 'reject', reason: 'Anställningen fanns inte (e2e).' }, { as: officer });
      assert.equal(rv.status, 200, `reject: ${rv.text}`);

      /* Prepare the current month again through the list's form. */
      await p1.goto(base + RUNS);
      assert.equal(await p1.inputValue('#f-period'), draft.period);
      await Promise.all([p1.waitForURL(/\/authority\/payruns\/\d+\?done=prepared$/),
        p1.click('.prepare-form button')]);
      const runUrl = p1.url().replace(/\?.*$/, '');
      assert.equal(runUrl, `${base}${RUNS}/${draft.id}`);
      assert.match(await p1.locator('.notice.success').innerText(), /förberedd/);
      assert.match(await p1.locator('.status').first().innerText(), /Väntar på godkännande/);
      const preps = await p1.locator('#preps-cap').locator('xpath=..').locator('tbody tr').count();
      assert.ok(preps >= 2, `two preparations now (${preps})`);
      /* The clawback, by provider, kind and component, and in the sum. */
      const claw = p1.locator('#adj-cap').locator('xpath=..').locator('tbody tr',
        { hasText: 'Återkrav' });
      assert.ok(await claw.count() >= 1, 'the rejected result is clawed back');
      const cells = await claw.first().locator('td').allInnerTexts();
      assert.equal(cells[1], 'Resultatersättning');
      assert.ok(ore(cells[3]) < 0, `a clawback is negative: ${cells[3]}`);
      assert.match(await p1.locator('.totals').innerText(), /Återkrav: -/);
      await e2e.assertAccessible(p1, 'a run with a clawback [sv]');

      /* controller1 approving his own preparation is refused, plainly. */
      await p1.fill('#f-delegation', 'Delegationsordning 2024, punkt 4.2');
      const [refusal] = await Promise.all([p1.waitForNavigation(),
        p1.click('.approve-form button')]);
      assert.equal(refusal.status(), 403);
      assert.match(await p1.locator('.error-summary').innerText(),
        /Du förberedde den här utbetalningen.*En annan controller ska godkänna den/s);
      assert.equal(await p1.inputValue('#f-delegation'),
        'Delegationsordning 2024, punkt 4.2', 'what was typed is kept');
      await one.close();

      const two = await e2e.context(browser, demo, 'sv');
      const p2 = await two.newPage();
      await signInStaff(p2, demo, 'controller2');
      await p2.goto(runUrl);
      /* Without a delegation, and with a past date: errors at the fields. */
      await p2.fill('#f-execution_date', '2020-01-01');
      await Promise.all([p2.waitForNavigation(), p2.click('.approve-form button')]);
      assert.equal(await p2.getAttribute('#f-delegation', 'aria-invalid'), 'true');
      assert.ok(await p2.isVisible('.error-summary a[href="#f-delegation"]'));
      await p2.fill('#f-delegation', 'Delegationsordning 2024, punkt 4.2');
      await Promise.all([p2.waitForNavigation(), p2.click('.approve-form button')]);
      assert.equal(await p2.getAttribute('#f-execution_date', 'aria-invalid'), 'true');
      assert.match(await p2.locator('#f-execution_date-error').innerText(), /redan varit/);

      await p2.fill('#f-execution_date', '');
      await Promise.all([p2.waitForURL(/\?done=approved$/), p2.click('.approve-form button')]);
      assert.match(await p2.locator('.status').first().innerText(), /Godkänd/);
      assert.match(await p2.locator('.facts').innerText(), /controller2/);
      assert.equal(await p2.locator('.approve-form').count(), 0);

      /* The files, with their names, as downloads. */
      const [sie] = await Promise.all([p2.waitForEvent('download'),
        p2.click('a[href$="/sie"]')]);
      assert.equal(sie.suggestedFilename(), `kundval-${draft.period}.se`);
      const sieText = fs.readFileSync(await sie.path(), 'latin1');
      assert.match(sieText, /^#FLAGGA 0/m);
      assert.match(sieText, /^#VER /m);
      const [pain] = await Promise.all([p2.waitForEvent('download'),
        p2.click('a[href$="/pain001"]')]);
      assert.equal(pain.suggestedFilename(), `kundval-${draft.period}.pain001.xml`);
      assert.match(fs.readFileSync(await pain.path(), 'utf8'), /pain\.001\.001\.03/);

      /* The same response headers a browser saw. */
      const r = await p2.request.get(`${runUrl}/sie`);
      assert.equal(r.status(), 200);
      assert.equal(r.headers()['content-disposition'],
        `attachment; filename="kundval-${draft.period}.se"`);
      assert.equal(r.headers()['cache-control'], 'no-store');

      /* Approved: preparing the month again is refused at the field. */
      await p2.goto(base + RUNS);
      await Promise.all([p2.waitForNavigation(), p2.click('.prepare-form button')]);
      assert.match(await p2.locator('#f-period-error').innerText(), /redan godkänd/);
      await two.close();

      /* A case officer sees the runs but has no forms and no files. */
      const off = await e2e.context(browser, demo, 'sv');
      const po = await off.newPage();
      await signInStaff(po, demo, 'handlaggare1');
      await po.goto(runUrl);
      assert.equal(await po.locator('form.approve-form, a[href$="/sie"]').count(), 0);
      const denied = await po.request.get(`${runUrl}/sie`);
      assert.equal(denied.status(), 403);
      await off.close();
    });

  test('the dashboard\'s payments agree with the API\'s figures of each run', async () => {
    const ctx = await e2e.context(browser, demo, 'sv');
    const page = await ctx.newPage();
    await signInStaff(page, demo, 'controller2');
    const c2 = await require('../api/helpers.js').login(demo.server, 'controller2',
      e2e.DEMO_PASSWORD);
    const fig = (await demo.api.get(`/api/v1/payruns/${approved.id}/figures`,
      { as: c2 })).json;
    const total = fig.programmes.reduce((s, p) => s + p.total, 0);
    await page.goto(`${demo.server.base}${DASH}?from=${approved.period}&to=${approved.period}`);
    const row = page.locator('#t-payments-cap').locator('xpath=..').locator('tbody tr');
    assert.equal(await row.count(), 1);
    const cells = await row.locator('td').allInnerTexts();
    assert.equal(ore(cells[4]), total, 'the month\'s total is the run\'s');
    assert.equal(ore(cells[0]) + ore(cells[1]) + ore(cells[2]) + ore(cells[3]), total,
      'the parts add up to the total');
    /* P-2 for a single programme is the figures' result share. */
    const prog = fig.programmes.find((p) => p.total > 0);
    await page.goto(`${demo.server.base}${DASH}?from=${approved.period}` +
      `&to=${approved.period}&programme=${prog.programme_id}`);
    const share = await page.locator('#t-share-cap').locator('xpath=..')
      .locator('tbody tr td').last().innerText();
    const pm = prog.result_share_permille;
    assert.equal(share.trim(), `${Math.floor(pm / 10)},${pm % 10} %`);
    await ctx.close();
  });

  test('screenshots: Swedish and Arabic, desktop and phone; no sideways scrolling', async () => {
    for (const lang of ['sv', 'ar']) {
      for (const [size, viewport] of [['desktop', undefined], ['phone', PHONE]]) {
        const ctx = await e2e.context(browser, demo, lang, viewport);
        const page = await ctx.newPage();
        await signInStaff(page, demo, 'controller1');
        /* The run approved above: with its clawback and its files. */
        for (const [name, p] of [['payruns', RUNS], ['payrun', `${RUNS}/${draft.id}`],
          ['dashboards', DASH]]) {
          await page.goto(demo.server.base + p);
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
