'use strict';
/*
 * helpers.js — what the browser tests share: a demo market (`kundval
 * demo`) served by the sanitizer build on a random loopback port, Debian's
 * Chromium driven by playwright-core (never a downloaded browser), axe with
 * the WCAG 2.1 A and AA rules, keyboard-only navigation, signing a
 * jobseeker in through the pages, and screenshots into build/screenshots/.
 *
 * The server part reuses tests/api/helpers.js (the same binary, the same
 * sanitizer checks on exit).
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { default: AxeBuilder } = require('@axe-core/playwright');
const api = require('../api/helpers.js');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SHOTS = path.join(api.ROOT, 'build', 'screenshots');
const LANGS = ['sv', 'en', 'ar', 'so', 'ti', 'fa'];
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const DEMO_PASSWORD = 'kundval-demo';

/* `kundval demo` takes a while under the sanitizers; the test files run
 * one after another, so the first builds it and the others copy it.  The
 * copy is keyed by the binary and the day (the demo's history leads up
 * to today). */
function demoCopy(db) {
  const st = fs.statSync(api.BIN);
  const key = `${st.size}-${Math.floor(st.mtimeMs)}-${new Date().toISOString().slice(0, 10)}`;
  const cached = path.join(os.tmpdir(), `kundval-e2e-demo-${key}.db`);
  if (!fs.existsSync(cached)) {
    /* Older copies (another binary, another day) go. */
    for (const f of fs.readdirSync(os.tmpdir()))
      if (f.startsWith('kundval-e2e-demo-') && !f.startsWith(path.basename(cached)))
        fs.rmSync(path.join(os.tmpdir(), f), { recursive: true, force: true });
    const { dir, db: fresh } = api.tempDb('e2e-demo-build');
    api.cliOk(['demo', '--db', fresh, '--rules', api.RULES, '--data', api.DATA]);
    /* The database (no WAL is left beside it) and its evidence files;
     * the database last, by an atomic rename, as the sign it is whole. */
    if (fs.existsSync(`${fresh}.files`))
      fs.cpSync(`${fresh}.files`, `${cached}.files`, { recursive: true, force: true });
    fs.copyFileSync(fresh, `${cached}.${process.pid}`);
    fs.renameSync(`${cached}.${process.pid}`, cached);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  fs.copyFileSync(cached, db);
  if (fs.existsSync(`${cached}.files`))
    fs.cpSync(`${cached}.files`, `${db}.files`, { recursive: true });
}

/* A demo database and a server on it; stop() checks a clean exit. */
async function startDemo(label) {
  const { dir, db } = api.tempDb(label);
  demoCopy(db);
  const server = new api.Server(db);
  await server.start();
  const client = api.client(server);
  const demo = { server, api: client, db, dir };
  demo.stop = async () => {
    await server.stopClean();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return demo;
}

/* A jobseeker registered by the demo's case officer through the API (the
 * officer's pages come later), living in Stockholm (0180) with a choice to
 * make.  Returns {id, pnr, given_name}. */
async function newJobseeker(demo, extra = {}) {
  if (!demo.officer) demo.officer = await api.login(demo.server, 'handlaggare1', DEMO_PASSWORD);
  if (!demo.programme) {
    const r = await demo.api.get('/api/v1/programmes');
    demo.programme = r.json.find((p) => p.code === 'rusta-matcha').id;
  }
  const body = api.jobseekerBody(demo.programme, { municipality: '0180', ...extra });
  const r = await demo.api.post('/api/v1/jobseekers', body, { as: demo.officer });
  assert.equal(r.status, 201, `register jobseeker: ${r.text}`);
  return { id: r.json.id, pnr: body.personnummer, given_name: body.given_name };
}

/* Debian's Chromium, headless.  playwright-core gives every launch a
 * fresh --user-data-dir of its own in the temporary folder (it refuses
 * one passed in args) and removes it on close. */
async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
      '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/* A browser context in one language (the kv_lang cookie), desktop size
 * unless told. */
async function context(browser, demo, lang, viewport = { width: 1280, height: 900 }) {
  const ctx = await browser.newContext({ viewport, locale: 'sv-SE' });
  if (lang) {
    await ctx.addCookies([{ name: 'kv_lang', value: lang,
      url: demo.server.base }]);
  }
  return ctx;
}

/* axe with the WCAG 2.1 A and AA rules: no violation allowed. */
async function assertAccessible(page, what) {
  const r = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const msg = r.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n` +
    v.nodes.slice(0, 3).map((n) => `    ${n.target.join(' ')}: ${n.failureSummary}`)
      .join('\n')).join('\n');
  assert.equal(r.violations.length, 0, `${what}: axe found\n${msg}`);
  return r.passes.length;
}

/* Text a page must never show: a translation key left raw ("me.title")
 * means a key is missing in Swedish too. */
async function assertNoRawKeys(page, what) {
  const text = await page.locator('body').innerText();
  const raw = text.match(/\b(?:nav|start|compare|provider|stars|signin|me|track|choice|error|form|lang|month|langname|site|skip|footer)\.[a-z0-9_.]+\b/g);
  assert.equal(raw, null, `${what}: untranslated keys ${raw}`);
}

/* Press Tab until the focused element matches the CSS selector; fails
 * after `max` presses.  Keyboard only: no clicks. */
async function tabTo(page, selector, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const hit = await page.evaluate((sel) => {
      const a = document.activeElement;
      return !!a && a.matches(sel);
    }, selector);
    if (hit) return i + 1;
  }
  throw new Error(`Tab never reached ${selector} in ${max} presses`);
}

/* The page's own sign-in: personnummer, then the code the demo shows. */
async function signIn(page, demo, pnr) {
  await page.goto(`${demo.server.base}/sign-in`);
  await page.fill('#f-personnummer', pnr);
  await Promise.all([page.waitForURL('**/sign-in/code-request'),
    page.click('form[action="/sign-in/code-request"] button')]);
  const code = await demoCode(page);
  await page.fill('#f-code', code);
  await Promise.all([page.waitForURL('**/me'),
    page.click('form[action="/sign-in/code"] button')]);
}

async function demoCode(page) {
  const text = await page.locator('.notice.demo').innerText();
  const m = /(\d{6})/.exec(text);
  assert.ok(m, `no code on the demo page: ${text}`);
  return m[1];
}

async function screenshot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

module.exports = {
  startDemo, newJobseeker, launch, context, assertAccessible, assertNoRawKeys,
  tabTo, signIn, demoCode, screenshot, LANGS, SHOTS, DEMO_PASSWORD,
};
