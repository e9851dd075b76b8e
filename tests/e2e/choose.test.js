'use strict';
/*
 * choose.test.js — a jobseeker signs in and chooses a provider with the
 * keyboard alone (issue 8, Done when; C-1, C-2, D-7): Tab, typing, arrow
 * keys and Enter, no mouse.  The choice is then read back through the API
 * as the case officer sees it.
 */
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const e2e = require('./helpers.js');

describe('a jobseeker chooses a provider by keyboard alone', () => {
  let demo, browser, js;

  before(async () => {
    demo = await e2e.startDemo('e2e-choose');
    browser = await e2e.launch();
    js = await e2e.newJobseeker(demo);
  });
  after(async () => {
    if (browser) await browser.close();
    if (demo) await demo.stop();
  });

  test('sign in, choose, confirm: every step by keyboard', async () => {
    const ctx = await e2e.context(browser, demo, 'sv');
    const page = await ctx.newPage();
    await page.goto(`${demo.server.base}/`);

    /* The skip link is the first thing Tab reaches. */
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.className),
      'skip-link');

    /* Sign in: the navigation's link, then personnummer and the code. */
    await e2e.tabTo(page, 'a[href="/sign-in"]');
    await Promise.all([page.waitForURL('**/sign-in'), page.keyboard.press('Enter')]);
    await e2e.tabTo(page, '#f-personnummer');
    await page.keyboard.type(js.pnr);
    await Promise.all([page.waitForURL('**/sign-in/code-request'),
      page.keyboard.press('Enter')]);
    const code = await e2e.demoCode(page);
    await e2e.tabTo(page, '#f-code');
    await page.keyboard.type(code);
    await Promise.all([page.waitForURL('**/me'), page.keyboard.press('Enter')]);

    /* My page: the deadline and what happens without a choice (C-4). */
    const me = await page.locator('main').innerText();
    assert.match(me, /Välj en anordnare senast/);
    assert.match(me, /Om du inte väljer/);
    assert.match(me, /\d{8}-\*\*\*\*/, 'the masked personnummer');
    assert.ok(!me.includes(js.pnr.slice(9)), 'the last four digits are never shown');

    await e2e.tabTo(page, 'main a[href="/me/choose"]');
    await Promise.all([page.waitForURL('**/me/choose'), page.keyboard.press('Enter')]);

    /* The start date is shown as a date before choosing (C-1). */
    assert.match(await page.locator('.dates').innerText(),
      /börjar du hos anordnaren den \d{1,2} [a-zåäö]+ \d{4}/);

    /* The radio group: Tab into it, an arrow key moves and selects. */
    const names = await page.locator('.choice label').allInnerTexts();
    assert.ok(names.length >= 2, `only ${names.length} providers to choose from`);
    await e2e.tabTo(page, '#f-provider');
    await page.keyboard.press('ArrowDown');
    const chosen = await page.evaluate(() => {
      const r = document.querySelector('input[name="provider"]:checked');
      return { id: r.value, name: document.querySelector(`label[for="${r.id}"]`).textContent };
    });
    assert.equal(chosen.name, names[1]);
    await e2e.tabTo(page, '.choose-form button[type="submit"]');
    /* The same address answers the POST: wait for the new document. */
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);

    /* Confirm: the provider and the dates once more. */
    assert.match(await page.locator('h1').innerText(), /Stämmer ditt val/);
    assert.match(await page.locator('main').innerText(), new RegExp(`Du väljer ${chosen.name}`));
    await e2e.tabTo(page, 'form[action="/me/choose/confirm"] button');
    await Promise.all([page.waitForURL('**/me?done=choice'), page.keyboard.press('Enter')]);

    const done = await page.locator('main').innerText();
    assert.match(done, /Ditt val är sparat/);
    assert.match(done, new RegExp(`Du har valt ${chosen.name}\\. Du börjar \\d{1,2} [a-zåäö]+ \\d{4}`));

    /* The same choice through the API, as the case officer reads it. */
    const r = await demo.api.get(`/api/v1/jobseekers/${js.id}`, { as: demo.officer });
    assert.equal(r.status, 200, r.text);
    const p = r.json.participations;
    assert.equal(p.length, 1);
    assert.equal(p[0].provider_id, Number(chosen.id));
    assert.equal(p[0].how, 'choice');
    await ctx.close();
  });

  test('a POST without the CSRF token is refused and changes nothing', async () => {
    const ctx = await e2e.context(browser, demo, 'en');
    const page = await ctx.newPage();
    const other = await e2e.newJobseeker(demo);
    await e2e.signIn(page, demo, other.pnr);
    const status = await page.evaluate(async () => {
      const r = await fetch('/me/choose/confirm', { method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'provider=1&csrf=' + '0'.repeat(64) });
      return r.status;
    });
    assert.equal(status, 403);
    const r = await demo.api.get(`/api/v1/jobseekers/${other.id}`, { as: demo.officer });
    assert.equal(r.json.participations.length, 0);
    await ctx.close();
  });
});
