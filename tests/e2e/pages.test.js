'use strict';
/*
 * pages.test.js — every public and jobseeker page in every language
 * (issue 8, Done when; D-4, C-1, C-5): axe with the WCAG 2.1 A and AA rules
 * finds no violation, no translation key shows raw, the document says its
 * language and direction, and the main pages are photographed in Swedish
 * and Arabic at desktop and phone width into build/screenshots/.
 *
 * Each language signs in its own jobseeker (a code per sign-in; the
 * one-time code's hourly limit is per person).
 */
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const e2e = require('./helpers.js');

const RTL = new Set(['ar', 'fa']);
const PHONE = { width: 390, height: 844 };

describe('every page in every language: axe WCAG 2.1 A/AA, no raw keys', () => {
  let demo, browser, providerId;
  const checked = [];

  before(async () => {
    demo = await e2e.startDemo('e2e-pages');
    browser = await e2e.launch();
    const r = await demo.api.get('/api/v1/municipalities/0180/providers');
    providerId = r.json.providers[0].id;
  });
  after(async () => {
    if (browser) await browser.close();
    if (demo) await demo.stop();
    console.log(`axe: 0 violations on ${checked.length} page views`);
  });

  /* One page view: language, direction, axe, raw keys. */
  async function check(page, lang, what) {
    const html = page.locator('html');
    assert.equal(await html.getAttribute('lang'), lang, `${what}: lang`);
    assert.equal(await html.getAttribute('dir'), RTL.has(lang) ? 'rtl' : null,
      `${what}: dir`);
    await e2e.assertAccessible(page, `${what} [${lang}]`);
    await e2e.assertNoRawKeys(page, `${what} [${lang}]`);
    checked.push(`${what} [${lang}]`);
  }

  for (const lang of e2e.LANGS) {
    test(`public and jobseeker pages in ${lang}`, async () => {
      const ctx = await e2e.context(browser, demo, lang);
      const page = await ctx.newPage();
      const base = demo.server.base;
      const go = async (p, what) => {
        const r = await page.goto(base + p);
        assert.ok(r.status() < 500, `${what}: ${r.status()}`);
        await check(page, lang, what);
        return r;
      };

      await go('/', 'start');
      await go('/compare?municipality=0180', 'compare');
      await go('/compare?municipality=0180&digital=1&accessible=1&sort=stars&service=zzz',
        'compare, nothing matches');
      await go(`/providers/${providerId}?municipality=0180`, 'provider');
      await go('/stars', 'stars');
      const nf = await go('/no-such-page', 'not found');
      assert.equal(nf.status(), 404);

      /* Sign-in with a mistake: the message sits next to the field. */
      await go('/sign-in', 'sign-in');
      await page.fill('#f-personnummer', '19850312-0000');
      await Promise.all([page.waitForNavigation(),
        page.click('form[action="/sign-in/code-request"] button')]);
      assert.equal(await page.getAttribute('#f-personnummer', 'aria-invalid'), 'true');
      assert.equal(await page.inputValue('#f-personnummer'), '19850312-0000',
        'what the user typed is kept');
      assert.ok(await page.isVisible('#f-personnummer-error'));
      await check(page, lang, 'sign-in, error');

      const js = await e2e.newJobseeker(demo);
      await page.fill('#f-personnummer', js.pnr);
      await Promise.all([page.waitForNavigation(),
        page.click('form[action="/sign-in/code-request"] button')]);
      await check(page, lang, 'code');
      const code = await e2e.demoCode(page);
      await page.fill('#f-code', code === '000000' ? '111111' : '000000');
      await Promise.all([page.waitForNavigation(),
        page.click('form[action="/sign-in/code"] button')]);
      assert.ok(await page.isVisible('#f-code-error'));
      await check(page, lang, 'code, wrong');
      await page.fill('#f-code', code);
      await Promise.all([page.waitForURL('**/me'),
        page.click('form[action="/sign-in/code"] button')]);
      await check(page, lang, 'my page');
      if (lang === 'sv' || lang === 'ar') await e2e.screenshot(page, `me-${lang}-desktop`);

      await go('/me/choose', 'choose');
      if (lang === 'sv' || lang === 'ar') await e2e.screenshot(page, `choose-${lang}-desktop`);
      await Promise.all([page.waitForNavigation(),
        page.click('.choose-form button[type="submit"]')]);
      assert.ok(await page.isVisible('.error-summary'));
      await check(page, lang, 'choose, nothing picked');
      await page.check('#f-provider');
      await Promise.all([page.waitForNavigation(),
        page.click('.choose-form button[type="submit"]')]);
      await check(page, lang, 'confirm');
      await ctx.close();
    });
  }

  test('the main pages at desktop and phone width, Swedish and Arabic', async () => {
    for (const lang of ['sv', 'ar']) {
      for (const [size, viewport] of [['desktop', undefined], ['phone', PHONE]]) {
        const ctx = await e2e.context(browser, demo, lang, viewport);
        const page = await ctx.newPage();
        for (const [name, p] of [['start', '/'], ['compare', '/compare?municipality=0180'],
          ['provider', `/providers/${providerId}?municipality=0180`], ['sign-in', '/sign-in']]) {
          await page.goto(demo.server.base + p);
          /* No sideways scrolling at phone width (WCAG 1.4.10 reflow). */
          const overflow = await page.evaluate(() =>
            document.documentElement.scrollWidth - document.documentElement.clientWidth);
          assert.ok(overflow <= 0, `${name} [${lang}, ${size}] scrolls sideways by ${overflow}px`);
          await e2e.screenshot(page, `${name}-${lang}-${size}`);
        }
        if (size === 'phone') {
          const js = await e2e.newJobseeker(demo);
          await e2e.signIn(page, demo, js.pnr);
          await e2e.screenshot(page, `me-${lang}-phone`);
          await page.goto(`${demo.server.base}/me/choose`);
          await e2e.screenshot(page, `choose-${lang}-phone`);
        }
        await ctx.close();
      }
    }
  });

  test('at 200 % zoom nothing scrolls sideways (WCAG 1.4.4, 1.4.10)', async () => {
    /* 200 % of a 1280 px window is a 640 px wide page at scale 2. */
    const ctx = await browser.newContext({ viewport: { width: 640, height: 450 },
      deviceScaleFactor: 2 });
    const page = await ctx.newPage();
    for (const p of ['/', '/compare?municipality=0180', '/sign-in', '/stars']) {
      await page.goto(demo.server.base + p);
      const overflow = await page.evaluate(() =>
        document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${p} scrolls sideways at 200 %: ${overflow}px`);
    }
    await ctx.close();
  });
});
