'use strict';
/*
 * authority.test.js — the case officer's pages (issue 8 §3, Done when):
 * through the pages only, a case officer signs in, opens the application
 * queue, records the four checks (Q-2 … Q-5) and admits with a
 * delegation; registers a jobseeker and reads the model's
 * explanation, or why the duration rule was used, and
 * overrides it with a reason; decides a reassessment request
 * and a deviation report (D-6); computes and publishes a rating round
 * warns, stops orders, imposes a penalty and follows up
 * (D-10, F-6); plans and holds a review (D-9).  Then axe (WCAG 2.1 A and
 * AA) on every authority page in all six languages, and screenshots of
 * the main ones in Swedish and Arabic at desktop and phone width.
 */
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const api = require('../api/helpers.js');
const e2e = require('./helpers.js');

const PHONE = { width: 390, height: 844 };
const DELEGATION = 'Delegationsordning 2026, punkt 4.2';

function isoDay(offsetDays = 0) {
  const d = new Date(Date.now() + offsetDays * 86400000);
  return d.toISOString().slice(0, 10);
}

describe('the authority: a case officer works through the pages', () => {
  let demo, browser, ctx, page, base;
  /* What the flows leave behind, for the axe pass over every page. */
  const made = {};

  before(async () => {
    demo = await e2e.startDemo('e2e-authority');
    browser = await e2e.launch();
    base = demo.server.base;
    ctx = await e2e.context(browser, demo, 'sv');
    page = await ctx.newPage();
    await signInOfficer(page);
  });
  after(async () => {
    if (browser) await browser.close();
    if (demo) await demo.stop();
  });

  async function signInOfficer(p) {
    await p.goto(`${base}/sign-in`);
    await p.fill('#f-username', 'handlaggare1');
    await p.fill('#f-password', e2e.DEMO_PASSWORD);
    await Promise.all([p.waitForNavigation(),
      p.click('form[action="/sign-in/password"] button')]);
  }

  /* Submit the form that `selector` is in and wait for the next page. */
  async function submit(selector) {
    await Promise.all([page.waitForNavigation(), page.click(selector)]);
    return page.locator('main').innerText();
  }

  test('a case officer decides an application: queue, four checks, admission with delegation', async () => {
    /* The queue, reached from the navigation. */
    await page.goto(`${base}/authority`);
    await Promise.all([page.waitForURL('**/authority/applications'),
      page.click('nav a[href="/authority/applications"]')]);
    const queue = await page.locator('main').innerText();
    assert.match(queue, /dagar (kvar|för sent)/, 'Q-1: the days left to decide');

    /* An application that is complete and has no checks yet. */
    const rows = page.locator('#queue tbody tr');
    let target = null;
    for (let i = 0; i < await rows.count(); i++) {
      const text = await rows.nth(i).innerText();
      if (/Komplett, väntar på beslut/.test(text) && /0 av 4 godkända/.test(text)) {
        target = await rows.nth(i).locator('th a').getAttribute('href');
        break;
      }
    }
    assert.ok(target, `no complete application without checks in the queue:\n${queue}`);
    made.application = target;
    await Promise.all([page.waitForURL(`**${target}`), page.click(`#queue a[href="${target}"]`)]);
    assert.match(await page.locator('#checklist').innerText(), /Inte kontrollerad/);

    /* Admitting before the checks is refused, next to the field, and
     * what was typed stays. */
    await page.selectOption('#f-decision', 'admit');
    await page.fill('#f-reason', 'Alla krav är uppfyllda.');
    let main = await submit('form[action$="/decisions"] button');
    assert.ok(await page.isVisible('.error-summary'));
    assert.equal(await page.getAttribute('#f-delegation', 'aria-invalid'), 'true');
    assert.equal(await page.inputValue('#f-reason'), 'Alla krav är uppfyllda.');
    await page.fill('#f-delegation', DELEGATION);
    main = await submit('form[action$="/decisions"] button');
    assert.match(main, /Alla kontroller är inte gjorda/, 'Q-2 … Q-5 come first');

    /* conduct of the owners, board and management. */
    await page.click('a[href$="/checks/new?kind=conduct"]');
    await page.fill('#f-subject', 'Ägare, styrelse och ledning');
    main = await submit('form[action$="/checks"] button[type="submit"]');
    assert.match(main, /Kontrollen är sparad/);
    /* finances. */
    await page.click('a[href$="/checks/new?kind=finances"]');
    for (const f of ['credit_rating_sufficient', 'carries_minimum_scenario', 'liability_insurance'])
      await page.check(`#f-${f}`);
    await submit('form[action$="/checks"] button[type="submit"]');
    /* two reference assignments and the regulations. */
    await page.click('a[href$="/checks/new?kind=references"]');
    await page.fill('#f-ref1_client', 'Arbetsförmedlingen');
    await page.fill('#f-ref1_participants', '120');
    await page.fill('#f-ref2_client', 'Uppsala kommun');
    await page.fill('#f-ref2_participants', '45');
    await page.check('#f-knows_regulations');
    await submit('form[action$="/checks"] button[type="submit"]');
    /* a valid ISO 9001 certificate. */
    await page.click('a[href$="/checks/new?kind=quality"]');
    await page.selectOption('#f-certificate', 'iso9001');
    await page.fill('#f-certificate_valid_until', isoDay(300));
    main = await submit('form[action$="/checks"] button[type="submit"]');
    const checklist = await page.locator('#checklist').innerText();
    assert.equal((checklist.match(/Godkänd/g) || []).length, 4, checklist);
    assert.doesNotMatch(checklist, /Inte kontrollerad/);

    /* admit, with the delegation. */
    await page.selectOption('#f-decision', 'admit');
    await page.fill('#f-reason', 'Alla krav i förfrågningsunderlaget är uppfyllda.');
    await page.fill('#f-delegation', DELEGATION);
    main = await submit('form[action$="/decisions"] button');
    assert.match(main, /Beslutet är sparat/);
    const areas = await page.locator('#areas').innerText();
    assert.match(areas, /Godkänd/);
    assert.match(areas, new RegExp(`handlaggare1 enligt ${DELEGATION}`));

    /* The API, as the provider sees it, says the same. */
    const id = target.split('/').pop();
    const r = await demo.api.get(`/api/v1/applications/${id}`,
      { as: await api.login(demo.server, 'handlaggare2', e2e.DEMO_PASSWORD) });
    assert.equal(r.json.status, 'decided');
    assert.equal(r.json.areas[0].decision, 'admit');
    assert.equal(r.json.areas[0].decided_by, 'handlaggare1');
    assert.equal(r.json.areas[0].delegation, DELEGATION);
  });

  test('a case officer registers a jobseeker and reads the model\'s explanation', async () => {
    await page.goto(`${base}/authority/jobseekers/new`);
    const pnr = api.newPnr();
    const fill = async (bad) => {
      await page.selectOption('#f-programme_id', { label: 'Rusta och matcha (nationell)' });
      await page.fill('#f-personnummer', bad || pnr);
      await page.fill('#f-given_name', 'Samira');
      await page.fill('#f-family_name', 'Ali');
      await page.selectOption('#f-municipality', '0180');
      await page.fill('#f-unemployed_since', isoDay(-400));
      await page.selectOption('#f-age_band', '35-44');
      await page.selectOption('#f-gender', 'woman');
      await page.selectOption('#f-birth_region', 'outside_europe');
      await page.selectOption('#f-education', 'upper_secondary');
      await page.fill('#f-occupation', '5120');
      await page.fill('#f-previous_registrations', '1');
    };
    /* A wrong number: the message next to it, the number kept. */
    await fill('19850312-0000');
    await submit('form[action="/authority/jobseekers"] button[type="submit"]');
    assert.equal(await page.getAttribute('#f-personnummer', 'aria-invalid'), 'true');
    assert.equal(await page.inputValue('#f-personnummer'), '19850312-0000');
    assert.match(await page.locator('#f-personnummer-error').innerText(), /stämmer inte/);
    assert.equal(await page.inputValue('#f-given_name'), 'Samira', 'what was typed stays');

    await page.fill('#f-personnummer', pnr);
    let main = await submit('form[action="/authority/jobseekers"] button[type="submit"]');
    assert.match(page.url(), /\/authority\/jobseekers\/\d+\?done=registered$/);
    assert.ok(!page.url().includes(pnr.slice(0, 8)), 'no personnummer in the URL');
    made.jobseeker = new URL(page.url()).pathname;
    assert.match(main, /Personen är inskriven och bedömd/);
    assert.match(main, /\d{8}-\*\*\*\*/, 'the number, masked');
    assert.ok(!main.includes(pnr.slice(9)), 'never the last four digits');
    /* the chance, the track, the factors, the advice. */
    assert.match(main, /Spår [1-4]/);
    assert.match(main, /Beräknad chans att få jobb:\s*\d+\s%/);
    assert.match(main, /Modellen h12-[0-9a-f]+-p bedömde/);
    assert.match(main, /Ökar chansen/);
    assert.match(main, /Minskar chansen/);
    assert.match(main, /Född utanför Europa|Gymnasieutbildning|Arbetslösheten i kommunen/);
    assert.match(main, /Insatser som modellen rekommenderar/);

    /* the officer's own track needs a reason. */
    await page.selectOption('#f-track', '2');
    main = await submit('form[action$="/assessments"] button');
    assert.equal(await page.getAttribute('#f-reason', 'aria-invalid'), 'true');
    await page.fill('#f-reason', 'Personen har ett erbjudande om anställning i vår.');
    main = await submit('form[action$="/assessments"] button');
    assert.match(main, /Handläggaren bestämde spåret/);
    assert.match(main, /erbjudande om anställning/);
    assert.match(await page.locator('#assessments').innerText(), /Handläggaren/);

    /* Someone the model cannot score: the duration rule, and why. */
    await page.goto(`${base}/authority/jobseekers/new`);
    await fill(api.newPnr());
    await page.selectOption('#f-gender', 'other');
    main = await submit('form[action="/authority/jobseekers"] button[type="submit"]');
    made.jobseekerByDuration = new URL(page.url()).pathname;
    assert.match(main, /Spåret följer hur länge personen varit utan arbete/);
    assert.match(main, /Modellen kunde inte användas/);
    assert.match(main, /gender/, 'the recorded reason');

    /* exempt from tracks, with the reason. */
    await page.selectOption('#f-exemption', 'self_reliant');
    await page.fill('#f-exemption_reason', 'Har ett eget nätverk och söker på egen hand.');
    main = await submit('form[action$="/exemption"] button');
    assert.match(main, /Undantaget är sparat/);
    assert.match(main, /Undantagen från spår/);

    /* Finding a person by number: in a form body, never in the URL. */
    await page.goto(`${base}/authority/jobseekers`);
    await page.fill('#f-personnummer', pnr);
    await submit('form[action="/authority/jobseekers/lookup"] button');
    assert.equal(new URL(page.url()).pathname, made.jobseeker);
  });

  test('a reassessment request and a deviation report are decided', async () => {
    /* A provider asks (through its API): someone in a running participation. */
    const officer = await api.login(demo.server, 'handlaggare2', e2e.DEMO_PASSWORD);
    const parts = await demo.api.get(`/api/v1/participations?active_on=${isoDay()}`, { as: officer });
    let rq = null;
    for (const p of parts.json.filter((x) => x.provider_id <= 28).slice(0, 10)) {
      const staff = await api.login(demo.server,
        `staff${String(p.provider_id).padStart(2, '0')}`, e2e.DEMO_PASSWORD);
      rq = await demo.api.post(`/api/v1/participations/${p.id}/reassessment-requests`,
        { reason: 'Deltagaren har berättat om en skada som inte var känd.' }, { as: staff });
      if (rq.status === 201) break;
    }
    assert.equal(rq && rq.status, 201, rq && rq.text);

    await page.goto(`${base}/authority`);
    await Promise.all([page.waitForURL('**/authority/reassessments'),
      page.click('main a[href="/authority/reassessments"]')]);
    await page.click(`a[href="/authority/reassessments/${rq.json.id}"]`);
    made.request = `/authority/reassessments/${rq.json.id}`;
    assert.match(await page.locator('main').innerText(), /skada som inte var känd/);
    await page.selectOption('#f-decision', 'grant');
    await page.selectOption('#f-track', '3');
    await page.fill('#f-reason', 'Nya uppgifter om hälsan.');
    let main = await submit(`form[action="${made.request}"] button`);
    assert.match(main, /Beviljad/);

    /* D-6: an open deviation report. */
    await page.goto(`${base}/authority/deviations`);
    const link = page.locator('#deviations tbody a').first();
    made.deviation = await link.getAttribute('href');
    await Promise.all([page.waitForNavigation(), link.click()]);
    await page.selectOption('#f-decision', 'talk_to_jobseeker');
    await page.fill('#f-reason', 'Vi bokar ett samtal med deltagaren.');
    main = await submit(`form[action="${made.deviation}"] button`);
    assert.match(main, /Beslutet om avvikelsen är sparat/);
    assert.match(main, /Prata med den arbetssökande/);
  });

  test('a rating round is computed, seen and published', async () => {
    await page.goto(`${base}/authority/ratings`);
    let main = await submit('form[action="/authority/ratings"] button');
    assert.match(main, /Betygen är uträknade/);
    made.round = new URL(page.url()).pathname;
    assert.match(await page.locator('#rows').innerText(), /av 4 stjärnor|För få deltagare/);
    main = await submit('#f-publish');
    assert.match(main, /Omgången är publicerad/);
    /* a second round the same day is not due; the refusal shows. */
    await page.goto(`${base}/authority/ratings`);
    await submit('form[action="/authority/ratings"] button');
    main = await submit('#f-publish');
    assert.ok(await page.isVisible('.error-summary'), main);
    assert.match(main, /inte dags än/);
    await page.goto(`${base}/authority/ratings/candidates`);
    assert.match(await page.locator('main').innerText(), /Kandidater/);
  });

  test('warning, order stop, penalty and follow-up, each with its delegation', async () => {
    /* Provider 3 has an agreement in one area (the demo). */
    made.provider = '/authority/providers/3';
    const decide = async (kind, fill) => {
      await page.goto(`${base}${made.provider}`);
      await page.click(`a[href$="/decisions/new?kind=${kind}"]`);
      await fill();
      await page.fill('#f-delegation', 'Delegationsordning 2026, punkt 5.2');
      return submit('form.stack button[type="submit"]');
    };
    let main = await decide('warning', async () => {
      await page.fill('#f-problems', 'Handlingsplaner saknas för flera deltagare.');
    });
    assert.match(main, /Varningen är sparad/);
    main = await decide('order_stop', async () => {
      await page.fill('#f-until_on', isoDay(30));
      await page.fill('#f-reason', 'Tills handlingsplanerna finns.');
    });
    assert.match(main, /Stoppet är sparat/);
    main = await decide('penalty', async () => {
      await page.fill('#f-amount', '10 000');
      await page.fill('#f-reason', 'Avtalsbrott enligt punkt 9.');
    });
    assert.match(main, /Vitet är sparat/);
    assert.match(main, /10\s000\skr/);
    assert.match(main, /handlaggare1 enligt Delegationsordning 2026, punkt 5.2/);

    /* D-10: follow the warning up; lift the stop early. */
    const w = page.locator('#warnings tbody a').first();
    made.warning = await w.getAttribute('href');
    await Promise.all([page.waitForNavigation(), w.click()]);
    await page.selectOption('#f-remedied', 'yes');
    await page.fill('#f-reason', 'Planerna finns nu.');
    await page.fill('#f-delegation', 'Delegationsordning 2026, punkt 5.2');
    main = await submit('form.stack button[type="submit"]');
    assert.match(main, /Uppföljningen är sparad/);
    assert.match(await page.locator('#warnings').innerText(), /Rättad/);
    const s = page.locator('#stops tbody a').first();
    made.stop = await s.getAttribute('href');
    await Promise.all([page.waitForNavigation(), s.click()]);
    await page.fill('#f-reason', 'Bristerna är rättade.');
    await page.fill('#f-delegation', 'Delegationsordning 2026, punkt 5.2');
    main = await submit('form.stack button[type="submit"]');
    assert.match(main, /Stoppet är hävt/);

    /* terminate another provider's agreement in its area. */
    await page.goto(`${base}/authority/providers/5/decisions/new?kind=termination`);
    await page.fill('#f-reason', 'Varningen är inte åtgärdad och resultaten är låga.');
    await page.fill('#f-delegation', 'Delegationsordning 2026, punkt 4.5');
    main = await submit('form.stack button[type="submit"]');
    assert.match(main, /Avtalet i området är avslutat/);
    assert.match(await page.locator('#terminations').innerText(),
      /handlaggare1 enligt Delegationsordning 2026, punkt 4.5/);
  });

  test('a quality review is planned, its findings recorded and it is held', async () => {
    await page.goto(`${base}/authority/reviews/new?provider=3`);
    await page.selectOption('#f-kind', 'extra');
    await page.fill('#f-planned_on', isoDay(0));
    await page.fill('#f-reason', 'Klagomål från deltagare.');
    let main = await submit('form[action="/authority/reviews"] button');
    assert.match(main, /Granskningen är planerad/);
    made.review = new URL(page.url()).pathname;
    await page.selectOption('#f-requirement', 'D-5');
    await page.selectOption('#f-severity', 'shortcoming');
    await page.fill('#f-text', 'Tre av tio handlingsplaner saknades.');
    main = await submit('form[action$="/findings"] button');
    assert.match(main, /Tre av tio handlingsplaner/);
    await page.fill('#f-summary', 'Brister i handlingsplaner; varning följer.');
    main = await submit('form[action$="/completion"] button');
    assert.match(main, /Granskningen är avslutad/);
  });

  test('every authority page in every language: axe WCAG 2.1 A/AA, no raw keys', async () => {
    const pages = [
      '/authority', '/authority/applications', '/authority/applications?status=decided',
      made.application, '/authority/applications/1',
      '/authority/applications/40/checks/new?kind=conduct',
      '/authority/applications/40/checks/new?kind=finances',
      '/authority/applications/40/checks/new?kind=references',
      '/authority/applications/40/checks/new?kind=quality',
      '/authority/applications/40',
      '/authority/jobseekers', '/authority/jobseekers?municipality=0180',
      '/authority/jobseekers/new', made.jobseeker, made.jobseekerByDuration,
      '/authority/reassessments', '/authority/reassessments?status=granted', made.request,
      '/authority/deviations', '/authority/deviations?status=decided', made.deviation,
      '/authority/ratings', made.round, '/authority/ratings/candidates',
      '/authority/providers', made.provider, '/authority/providers/34',
      '/authority/providers/3/decisions/new?kind=warning',
      '/authority/providers/3/decisions/new?kind=order_stop',
      '/authority/providers/3/decisions/new?kind=penalty',
      '/authority/providers/3/decisions/new?kind=termination',
      made.warning, made.stop,
      '/authority/reviews', '/authority/reviews/new', '/authority/reviews/new?provider=3',
      made.review,
    ];
    for (const p of pages) assert.ok(p, `a page the flows should have made: ${pages}`);
    let views = 0;
    /* One language's pass: every page, then two refused forms. */
    const pass = async (lang) => {
      const c = await e2e.context(browser, demo, lang);
      const pg = await c.newPage();
      await signInOfficer(pg);
      for (const p of pages) {
        const r = await pg.goto(base + p);
        assert.equal(r.status(), 200, `${p} [${lang}]`);
        assert.equal(await pg.locator('html').getAttribute('lang'), lang);
        await e2e.assertAccessible(pg, `${p} [${lang}]`);
        await e2e.assertNoRawKeys(pg, `${p} [${lang}]`);
        const raw = (await pg.locator('body').innerText()).match(/\bauthority\.[a-z0-9_.-]+/g);
        assert.equal(raw, null, `${p} [${lang}]: untranslated keys ${raw}`);
        views++;
      }
      /* A refused form: the summary, the messages, the fields. */
      await pg.goto(`${base}/authority/jobseekers/new`);
      await Promise.all([pg.waitForNavigation(),
        pg.click('form[action="/authority/jobseekers"] button[type="submit"]')]);
      assert.equal(await pg.getAttribute('#f-personnummer', 'aria-invalid'), 'true');
      await e2e.assertAccessible(pg, `registration with errors [${lang}]`);
      await pg.goto(`${base}/authority/applications/40`);
      await Promise.all([pg.waitForNavigation(),
        pg.click('form[action$="/decisions"] button')]);
      await e2e.assertAccessible(pg, `decision with errors [${lang}]`);
      views += 2;
      await c.close();
    };
    /* Three languages at a time: the browser waits on the server and on
     * itself, so side by side is quicker than one after another. */
    for (let i = 0; i < e2e.LANGS.length; i += 3)
      await Promise.all(e2e.LANGS.slice(i, i + 3).map(pass));
    console.log(`axe: 0 violations on ${views} authority page views`);
  });

  test('the main authority pages at desktop and phone width, Swedish and Arabic', async () => {
    const shots = [['authority-queue', '/authority/applications'],
      ['authority-application', made.application],
      ['authority-checks', '/authority/applications/40/checks/new?kind=quality'],
      ['authority-register', '/authority/jobseekers/new'],
      ['authority-jobseeker', made.jobseeker],
      ['authority-rating', made.round],
      ['authority-provider', made.provider],
      ['authority-review', made.review]];
    for (const lang of ['sv', 'ar']) {
      for (const [size, viewport] of [['desktop', undefined], ['phone', PHONE]]) {
        const c = await e2e.context(browser, demo, lang, viewport);
        const pg = await c.newPage();
        await signInOfficer(pg);
        for (const [name, p] of shots) {
          await pg.goto(base + p);
          /* No sideways scrolling at phone width (WCAG 1.4.10): wide
           * tables scroll in their own region. */
          const overflow = await pg.evaluate(() =>
            document.documentElement.scrollWidth - document.documentElement.clientWidth);
          assert.ok(overflow <= 0, `${name} [${lang}, ${size}] scrolls sideways by ${overflow}px`);
          await e2e.screenshot(pg, `${name}-${lang}-${size}`);
        }
        await c.close();
      }
    }
  });
});
