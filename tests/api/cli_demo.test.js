'use strict';
/*
 * cli_demo.test.js — the `kundval` command line as a black box: usage and
 * every command's --help, unknown commands, `kundval demo` (and its refusal
 * on a database that already holds providers), `audit verify` on an intact
 * demo market and after the audit log was edited with the sqlite3 shell
 * (a changed row, a deleted last row: Q-7), and `user add` password rules.
 *
 * Self-contained (node:test, no dependencies).  The binary comes from
 * KUNDVAL_BIN (default build/san/kundval, relative to the repository root)
 * and runs from the repository root, where rules/ and data/ are found.
 * Every run's stderr is checked for sanitizer reports.
 */
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.resolve(ROOT, process.env.KUNDVAL_BIN || 'build/san/kundval');
const SANITIZER_RE = /ERROR: AddressSanitizer|LeakSanitizer|runtime error/;
const COMMANDS = ['init', 'serve', 'user add', 'demo', 'audit verify'];
const DEMO_PASSWORD = 'kundval-demo';

function run(args, { env = {}, input = '', cwd = ROOT } = {}) {
  const r = spawnSync(BIN, args, {
    cwd,
    env: { ...process.env, KUNDVAL_PASSWORD: undefined, ...env },
    input,
    encoding: 'utf8',
    timeout: 120000,
  });
  if (r.error) throw r.error;
  assert.doesNotMatch(r.stderr, SANITIZER_RE,
    `kundval ${args.join(' ')}: sanitizer report:\n${r.stderr}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function sqlite(db, statement) {
  const r = spawnSync('sqlite3', [db, statement], { encoding: 'utf8' });
  if (r.error) throw r.error;
  assert.equal(r.status, 0, `sqlite3 ${statement}: ${r.stderr}`);
  return r.stdout.trim();
}

function verify(db) {
  return run(['audit', 'verify', '--db', db]);
}

function recordsOf(r) {
  const m = /\((\d+) records\)/.exec(r.stdout);
  assert.ok(m, `no record count in: ${r.stdout}`);
  return Number(m[1]);
}

describe('kundval usage', () => {
  let empty;
  before(() => { empty = fs.mkdtempSync(path.join(os.tmpdir(), 'kundval-cli-help-')); });
  after(() => { fs.rmSync(empty, { recursive: true, force: true }); });

  test('--help, -h and help print the usage with every command and exit 0', () => {
    for (const flag of ['--help', '-h', 'help']) {
      const r = run([flag]);
      assert.equal(r.status, 0, `${flag}: ${r.stderr}`);
      assert.match(r.stdout, /^usage: kundval /);
      for (const c of COMMANDS) {
        assert.match(r.stdout, new RegExp(`^  ${c} `, 'm'), `${flag} lists ${c}`);
      }
    }
  });

  test('no command prints the usage on stderr and exits 2', () => {
    const r = run([]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^usage: kundval /);
    assert.equal(r.stdout, '');
  });

  test('each command\'s --help and -h print its usage, exit 0, and touch nothing', () => {
    for (const c of COMMANDS) {
      for (const flag of ['--help', '-h']) {
        // From an empty directory: no rules, no data, no kundval.db.
        const r = run([...c.split(' '), flag], { cwd: empty });
        assert.equal(r.status, 0, `${c} ${flag}: ${r.stderr}`);
        assert.ok(r.stdout.startsWith(`usage: kundval ${c}`),
          `${c} ${flag} prints its usage: ${r.stdout}`);
        assert.equal(r.stderr, '');
      }
    }
    // --help wins even after other options
    const r = run(['demo', '--db', path.join(empty, 'x.db'), '--help'], { cwd: empty });
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^usage: kundval demo/);
    assert.deepEqual(fs.readdirSync(empty), [], 'no file was created');
  });

  test('an unknown command exits 2 and names it', () => {
    const cases = [
      [['frobnicate'], 'frobnicate'],
      [['user', 'frobnicate'], 'user'],
      [['audit'], 'audit'],           // a two-word command needs both words
      [['Demo'], 'Demo'],
    ];
    for (const [args, name] of cases) {
      const r = run(args, { cwd: empty });
      assert.equal(r.status, 2, `${args.join(' ')}: exit ${r.status}`);
      assert.ok(r.stderr.includes(`unknown command '${name}'`), r.stderr);
      assert.match(r.stderr, /usage: kundval /);
    }
    assert.deepEqual(fs.readdirSync(empty), [], 'no file was created');
  });

  test('a common option without its value exits 2', () => {
    const r = run(['audit', 'verify', '--db'], { cwd: empty });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--db needs a value/);
  });
});

describe('kundval demo and audit verify', () => {
  let dir, pristine, records;
  const copy = (name) => {
    const db = path.join(dir, `${name}.db`);
    fs.copyFileSync(pristine, db);
    return db;
  };

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kundval-cli-demo-'));
    pristine = path.join(dir, 'demo.db');
  });
  after(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  test('demo builds a market and prints the demo password', () => {
    const r = run(['demo', '--db', pristine]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.includes(DEMO_PASSWORD), `password printed: ${r.stdout}`);
    assert.match(r.stdout, /demo market ready in /);
    assert.ok(Number(sqlite(pristine, 'SELECT count(*) FROM providers')) > 0);
    // The WAL was checkpointed on exit, so the file alone is the database.
    assert.ok(!fs.existsSync(`${pristine}-wal`) ||
      fs.statSync(`${pristine}-wal`).size === 0, 'no pending WAL');
  });

  test('audit verify accepts the demo market\'s chain (exit 0)', () => {
    const r = verify(pristine);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /audit log intact/);
    records = recordsOf(r);
    assert.ok(records > 5, `${records} records`);
    assert.equal(Number(sqlite(pristine, 'SELECT count(*) FROM audit_log')), records);
  });

  test('an audit row edited with sqlite3 fails verification naming record 5 (exit 1)', () => {
    const db = copy('edited');
    sqlite(db, "UPDATE audit_log SET detail='{}' WHERE id=5");
    const r = verify(db);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stderr, /[Rr]ecord 5\b/);
    assert.match(r.stderr, /audit_broken/);
    assert.doesNotMatch(r.stdout, /intact/);
  });

  test('a demo database with its last audit row deleted fails verification (exit 1)', () => {
    const db = copy('truncated');
    const last = Number(sqlite(db, 'SELECT max(id) FROM audit_log'));
    assert.equal(last, records);
    sqlite(db, `DELETE FROM audit_log WHERE id=${last}`);
    const r = verify(db);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stderr, new RegExp(`[Rr]ecord ${last}\\b`));
    assert.match(r.stderr, /audit_broken/);
  });

  test('a deleted middle row fails verification naming it (exit 1)', () => {
    const db = copy('holed');
    sqlite(db, 'DELETE FROM audit_log WHERE id=7');
    const r = verify(db);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stderr, /[Rr]ecord 7\b/);
  });

  test('demo refuses a database that already holds providers (exit 1) and changes nothing', () => {
    const db = copy('again');
    const providers = sqlite(db, 'SELECT count(*) FROM providers');
    const r = run(['demo', '--db', db]);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stderr, /already holds providers/);
    assert.doesNotMatch(r.stdout, /demo market ready/);
    assert.equal(sqlite(db, 'SELECT count(*) FROM providers'), providers);
    assert.equal(recordsOf(verify(db)), records);
  });

  test('user add refuses a short password naming the field, and accepts a good one', () => {
    const db = copy('users');
    const args = ['user', 'add', '--db', db, '--username', 'newadmin', '--role', 'admin',
      '--display-name', 'New Admin'];
    // 9 characters: one short of the minimum of 10
    let r = run(args, { env: { KUNDVAL_PASSWORD: '123456789' } });
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stderr, /password/);
    assert.match(r.stderr, /weak_password/);
    assert.equal(sqlite(db, "SELECT count(*) FROM users WHERE username='newadmin'"), '0');
    assert.equal(recordsOf(verify(db)), records, 'nothing was audited');
    // the same from standard input
    r = run(args, { input: 'short\n' });
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stderr, /password/);
    // exactly 10 characters is enough
    r = run(args, { env: { KUNDVAL_PASSWORD: '1234567890' } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /user newadmin \(admin\) created/);
    assert.equal(sqlite(db, "SELECT role FROM users WHERE username='newadmin'"), 'admin');
    assert.equal(recordsOf(verify(db)), records + 1, 'one audit record for the new user');
    // the name is now taken
    r = run(args, { env: { KUNDVAL_PASSWORD: 'another good one' } });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /username/);
  });
});
