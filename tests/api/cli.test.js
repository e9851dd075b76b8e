'use strict';
/*
 * cli.test.js — the set-up commands the API tests rely on: `init` (safe to
 * run again), `user add` (password from KUNDVAL_PASSWORD or standard
 * input, the same rules as the API), `serve` refusing a bad KUNDVAL_TODAY,
 * and `audit verify` on a fresh database.  Each run is checked for
 * sanitizer reports by helpers.cli().  (Usage, --help, `demo` and audit
 * tampering through the CLI are in cli_demo.test.js.)
 */
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const h = require('./helpers.js');

describe('the command line', () => {
  let t;
  before(() => { t = h.tempDb('cli'); });
  after(() => { fs.rmSync(t.dir, { recursive: true, force: true }); });

  const common = () => ['--db', t.db, '--rules', h.RULES, '--data', h.DATA];
  const records = () => {
    const r = h.cli(['audit', 'verify', ...common()]);
    assert.equal(r.status, 0, r.stderr);
    return Number(/\((\d+) records\)/.exec(r.stdout)[1]);
  };

  test('init creates the database with 290 municipalities, and is safe to run again', () => {
    let r = h.cli(['init', ...common()]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /290 municipalities/);
    const n = records();
    assert.equal(n, 1, 'one record: the municipalities were loaded');
    r = h.cli(['init', ...common()]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /290 municipalities/);
    assert.equal(records(), n, 'a second init changes nothing');
  });

  test('user add reads the password from KUNDVAL_PASSWORD or from standard input', () => {
    let r = h.cli(['user', 'add', ...common(), '--username', 'envuser', '--role', 'admin',
      '--display-name', 'Env User'], { env: { KUNDVAL_PASSWORD: h.PASSWORD } });
    assert.equal(r.status, 0, r.stderr);
    r = h.cli(['user', 'add', ...common(), '--username', 'stdinuser', '--role', 'controller',
      '--display-name', 'Stdin User'], { env: { KUNDVAL_PASSWORD: undefined },
      input: `${h.PASSWORD}\n` });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(records(), 3);
  });

  test('user add applies the API\'s rules: weak password, taken name, unknown role, missing provider', () => {
    const n = records();
    const cases = [
      [['--username', 'weak', '--role', 'admin', '--display-name', 'W'], 'short', /password/],
      [['--username', 'envuser', '--role', 'admin', '--display-name', 'E'], h.PASSWORD, /username|taken/],
      [['--username', 'r', '--role', 'root', '--display-name', 'R'], h.PASSWORD, /role/],
      [['--username', 'ps', '--role', 'provider_staff', '--display-name', 'P'], h.PASSWORD,
        /provider/],
      [['--role', 'admin', '--display-name', 'N'], h.PASSWORD, /username/],
    ];
    for (const [args, password, re] of cases) {
      const r = h.cli(['user', 'add', ...common(), ...args],
        { env: { KUNDVAL_PASSWORD: password } });
      assert.notEqual(r.status, 0, `${args.join(' ')} should fail`);
      assert.match(r.stderr, re);
    }
    assert.equal(records(), n, 'nothing was written');
  });

  test('serve refuses a KUNDVAL_TODAY that is not a real date', async () => {
    const s = new h.Server(t.db, { today: '2025-02-30' });
    await assert.rejects(s.start(), /exited/);
    const r = await s.stop();
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /KUNDVAL_TODAY/);
    h.assertNoSanitizerReport(r.stderr, 'kundval serve');
  });
});
