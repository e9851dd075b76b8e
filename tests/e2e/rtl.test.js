'use strict';
/*
 * rtl.test.js — switching the language to Arabic through the switcher
 * every page carries gives a right-to-left page that is really mirrored
 * (issue 8, Done when; C-1, C-5), and the choice is remembered: in a
 * cookie, and for a signed-in user in the account (users.lang), so a new
 * browser signing in gets Arabic too.
 */
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const e2e = require('./helpers.js');

/* Where the header's parts and the first heading sit, in CSS pixels. */
async function layout(page) {
  return page.evaluate(() => {
    const box = (sel) => {
      const r = document.querySelector(sel).getBoundingClientRect();
      return { left: r.left, right: r.right, width: r.width };
    };
    return {
      width: document.documentElement.clientWidth,
      brand: box('.brand'),
      lang: box('.lang-switch'),
      h1: box('h1'),
      label: box('.filters label[for="f-municipality"]'),
      firstNav: box('.site-nav li:first-child a'),
      lastNav: box('.site-nav li:last-child'),
    };
  });
}

describe('switching to Arabic gives a mirrored, right-to-left page', () => {
  let demo, browser;

  before(async () => {
    demo = await e2e.startDemo('e2e-rtl');
    browser = await e2e.launch();
  });
  after(async () => {
    if (browser) await browser.close();
    if (demo) await demo.stop();
  });

  test('the switcher turns the compare page into Arabic, right to left', async () => {
    const ctx = await e2e.context(browser, demo, null);
    const page = await ctx.newPage();
    await page.goto(`${demo.server.base}/compare?municipality=0180`);
    assert.equal(await page.getAttribute('html', 'lang'), 'sv');
    assert.equal(await page.getAttribute('html', 'dir'), null);
    const ltr = await layout(page);

    await page.selectOption('#lang-select', 'ar');
    await Promise.all([page.waitForNavigation(), page.click('.lang-switch button')]);

    /* Back on the same page, with its query, now in Arabic. */
    assert.match(page.url(), /\/compare\?municipality=0180$/);
    assert.equal(await page.getAttribute('html', 'lang'), 'ar');
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).direction), 'rtl');
    assert.match(await page.locator('h1').innerText(), /مقدمو الخدمة/);
    const rtl = await layout(page);

    /* Left to right: the brand at the left, the switcher at the right. */
    assert.ok(ltr.brand.left < ltr.width / 2, 'sv: brand on the left');
    assert.ok(ltr.lang.right > ltr.width / 2, 'sv: language switch on the right');
    /* Right to left: the other way round, mirrored about the middle. */
    assert.ok(rtl.brand.right > rtl.width / 2, `ar: brand on the right (${JSON.stringify(rtl.brand)})`);
    assert.ok(rtl.lang.left < rtl.width / 2, 'ar: language switch on the left');
    const mirrored = (a, b) => Math.abs(a.left - (ltr.width - b.right));
    assert.ok(mirrored(ltr.brand, rtl.brand) < 2,
      `the brand's inline start mirrors: ${ltr.brand.left} vs ${ltr.width - rtl.brand.right}`);
    /* Headings and labels start at the right edge of the content. */
    assert.ok(Math.abs(rtl.h1.right - (rtl.width - ltr.h1.left)) < 2, 'h1 starts at the right');
    assert.ok(rtl.label.right > rtl.width / 2 && ltr.label.left < ltr.width / 2,
      'form labels start on the reading side');
    /* The navigation runs from right to left. */
    assert.ok(rtl.firstNav.left > rtl.lastNav.left, 'first menu item is rightmost');

    /* The cookie remembers it on the next page. */
    await page.goto(`${demo.server.base}/stars`);
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    await e2e.assertAccessible(page, 'stars [ar] after the switch');
    await e2e.screenshot(page, 'stars-ar-desktop');
    await ctx.close();
  });

  test('a signed-in jobseeker\'s language is kept with the account', async () => {
    const js = await e2e.newJobseeker(demo);
    const ctx = await e2e.context(browser, demo, null);
    const page = await ctx.newPage();
    await e2e.signIn(page, demo, js.pnr);
    assert.equal(await page.getAttribute('html', 'lang'), 'sv');
    await page.selectOption('#lang-select', 'fa');
    await Promise.all([page.waitForNavigation(), page.click('.lang-switch button')]);
    assert.match(page.url(), /\/me$/);
    assert.equal(await page.getAttribute('html', 'lang'), 'fa');
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    await ctx.close();

    /* Another browser, no cookie: signing in brings Persian back. */
    const ctx2 = await e2e.context(browser, demo, null);
    const page2 = await ctx2.newPage();
    await page2.goto(`${demo.server.base}/sign-in`);
    await page2.fill('#f-personnummer', js.pnr);
    await Promise.all([page2.waitForNavigation(),
      page2.click('form[action="/sign-in/code-request"] button')]);
    await page2.fill('#f-code', await e2e.demoCode(page2));
    await Promise.all([page2.waitForURL('**/me'),
      page2.click('form[action="/sign-in/code"] button')]);
    assert.equal(await page2.getAttribute('html', 'lang'), 'fa');
    await ctx2.close();
  });
});
