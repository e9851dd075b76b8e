'use strict';
/*
 * signin.test.js — the one-time code behind the jobseeker's sign-in
 * (issue 8 §1, app/onetime.c), through the pages with plain HTTP (no
 * browser needed): the code is on screen in a demo database only; a code
 * is used once, dies after five wrong tries and after ten minutes; a sixth
 * code in an hour is refused; outside a demo an unknown personnummer gets
 * the same answer as a known one and writes nothing; the personnummer is
 * never in a page the server sends back after it was accepted.
 */
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const api = require('../api/helpers.js');
const e2e = require('./helpers.js');

/* A browser-like visitor: cookies kept, forms posted with their token. */
class Visitor {
  constructor(server) { this.server = server; this.cookies = {}; }

  async send(method, p, form) {
    const headers = { Accept: 'text/html', Cookie: Object.entries(this.cookies)
      .map(([k, v]) => `${k}=${v}`).join('; ') };
    let body;
    if (form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams({ csrf: this.csrf, ...form }).toString();
    }
    const r = await fetch(this.server.base + p, { method, headers, body, redirect: 'manual' });
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = pair.split('=');
      if (/Max-Age=0/.test(c)) delete this.cookies[k]; else this.cookies[k] = v;
    }
    const text = await r.text();
    const m = /name="csrf" value="([0-9a-f]+)"/.exec(text);
    if (m) this.csrf = m[1];
    return { status: r.status, text, location: r.headers.get('location') };
  }

  get(p) { return this.send('GET', p); }
  post(p, form) { return this.send('POST', p, form); }

  /* Ask for a code; returns {ticket, code (demo only), page}. */
  async requestCode(pnr) {
    await this.get('/sign-in');
    const r = await this.post('/sign-in/code-request', { personnummer: pnr, back: '' });
    const t = /name="ticket" value="([0-9a-f]+)"/.exec(r.text);
    const c = /(\d{6})/.exec((/class="notice demo"[^]*?<\/div>/.exec(r.text) || [''])[0]);
    return { ticket: t && t[1], code: c && c[1], page: r };
  }

  enter(ticket, code) {
    return this.post('/sign-in/code', { ticket, code, back: '' });
  }
}

const fieldError = (text, field) => {
  const m = new RegExp(`id="f-${field}-error">([^]*?)</p>`).exec(text);
  return m ? m[1].replace(/<[^>]+>/g, '').trim() : null;
};

describe('one-time codes in a demo database', () => {
  let demo;

  before(async () => { demo = await e2e.startDemo('e2e-signin'); });
  after(async () => { if (demo) await demo.stop(); });

  test('the code signs in once; the same code again is refused', async () => {
    const js = await e2e.newJobseeker(demo);
    const v = new Visitor(demo.server);
    const { ticket, code, page } = await v.requestCode(js.pnr);
    assert.equal(page.status, 200);
    assert.ok(ticket && code, 'the demo shows the code');
    assert.ok(!page.text.includes(js.pnr) && !page.text.includes(js.pnr.replace('-', '')),
      'the personnummer is not in the code page');
    const ok = await v.enter(ticket, code);
    assert.equal(ok.status, 303);
    assert.equal(ok.location, '/me');
    const me = await v.get('/me');
    assert.equal(me.status, 200);
    assert.ok(!me.text.includes(js.pnr.slice(-4)) || /\d{8}-\*\*\*\*/.test(me.text));
    assert.match(me.text, new RegExp(`${js.pnr.slice(0, 8)}-\\*\\*\\*\\*`), 'masked');
    assert.ok(!me.text.includes(js.pnr), 'never the whole number');

    const again = await new Visitor(demo.server);
    await again.get('/sign-in');
    const r = await again.enter(ticket, code);
    assert.equal(r.status, 422);
    assert.match(fieldError(r.text, 'code'), /gäller inte längre/);
  });

  test('five wrong tries end the code; the right one is refused after', async () => {
    const js = await e2e.newJobseeker(demo);
    const v = new Visitor(demo.server);
    const { ticket, code } = await v.requestCode(js.pnr);
    const wrong = code === '123456' ? '654321' : '123456';
    for (let i = 1; i <= 5; i++) {
      const r = await v.enter(ticket, wrong);
      assert.equal(r.status, 422);
      assert.match(fieldError(r.text, 'code'),
        i < 5 ? /stämmer inte/ : /för många gånger/, `try ${i}`);
      assert.match(r.text, /aria-invalid="true"/);
    }
    const r = await v.enter(ticket, code);
    assert.equal(r.status, 422, 'the right code after five wrong ones');
    /* Bad shapes are refused before any try is counted. */
    const v2 = new Visitor(demo.server);
    const t2 = await v2.requestCode(js.pnr);
    for (const bad of ['12345', 'abcdef', '1234567']) {
      const b = await v2.enter(t2.ticket, bad);
      assert.equal(b.status, 422);
      assert.match(fieldError(b.text, 'code'), /6 siffror/);
    }
    assert.equal((await v2.enter(t2.ticket, t2.code)).status, 303);
  });

  test('only the newest code works, and a sixth code in an hour is refused', async () => {
    const js = await e2e.newJobseeker(demo);
    const v = new Visitor(demo.server);
    const first = await v.requestCode(js.pnr);
    const codes = [first];
    for (let i = 2; i <= 5; i++) codes.push(await v.requestCode(js.pnr));
    const sixth = await v.requestCode(js.pnr);
    assert.equal(sixth.page.status, 422);
    assert.match(fieldError(sixth.page.text, 'personnummer'), /för många koder/);
    assert.equal((await v.enter(first.ticket, first.code)).status, 422, 'superseded');
    assert.equal((await v.enter(codes[4].ticket, codes[4].code)).status, 303);
  });

  test('a personnummer that is not valid, or not registered, is named at the field', async () => {
    const v = new Visitor(demo.server);
    let r = await v.requestCode('19850312-0000');
    assert.equal(r.page.status, 422);
    assert.match(fieldError(r.page.text, 'personnummer'), /stämmer inte/);
    assert.match(r.page.text, /value="19850312-0000"/, 'what was typed is kept');
    r = await v.requestCode('');
    assert.match(fieldError(r.page.text, 'personnummer'), /Skriv ditt personnummer/);
    r = await v.requestCode(api.newPnr());
    assert.match(fieldError(r.page.text, 'personnummer'), /Ingen som söker jobb/);
  });

  test('a code expires after ten minutes', async () => {
    const js = await e2e.newJobseeker(demo);
    const tomorrow = new Date(Date.now() + 86400000).toISOString().slice(0, 10);
    const v = new Visitor(demo.server);
    const { ticket, code } = await v.requestCode(js.pnr);
    await demo.server.restart(tomorrow);
    const v2 = new Visitor(demo.server);
    await v2.get('/sign-in');
    const r = await v2.enter(ticket, code);
    assert.equal(r.status, 422);
    assert.match(fieldError(r.text, 'code'), /gäller inte längre/);
    await demo.server.restart(undefined);
    delete demo.officer;
  });
});

describe('one-time codes outside a demo', () => {
  let w, officer, prog;

  before(async () => {
    w = await api.startWorld('e2e-signin-real');
    officer = await api.makeUser(w, 'case_officer');
    prog = await api.makeProgramme(w, { A: ['0180'] });
  });
  after(async () => { if (w) await w.stop(); });

  test('the code is not shown, and an unknown number gets the same answer', async () => {
    const js = await api.registerJobseeker(w, officer, prog.id);
    const v = new Visitor(w.server);
    const known = await v.requestCode(js.pnr);
    assert.equal(known.page.status, 200);
    assert.equal(known.code, null, 'no code on screen');
    assert.match(known.page.text, /Vi har skickat en kod/);
    assert.ok(known.ticket);

    const before = await api.auditCount(w);
    const unknown = await v.requestCode(api.newPnr());
    assert.equal(unknown.page.status, 200);
    assert.equal(unknown.code, null);
    const strip = (t) => t.replace(/value="[0-9a-f]{64}"/g, '');
    assert.equal(strip(unknown.page.text), strip(known.page.text),
      'the same page for a number that is not registered');
    assert.equal(await api.auditCount(w), before, 'nothing written for it');
    const r = await v.enter(unknown.ticket, '123456');
    assert.equal(r.status, 422);
  });
});
