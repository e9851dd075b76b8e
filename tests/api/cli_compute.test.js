'use strict';
/*
 * cli_compute.test.js — `kundval compute` as a black box: JSON lines with
 * keys, amounts and explanations; --explain text; the rulebook and month
 * from options or from the case file; precise errors for a missing
 * rulebook, a malformed rulebook and a malformed case (nothing printed on
 * stdout then).  Expected amounts are computed by hand in the comments.
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

function run(args) {
  const r = spawnSync(BIN, args, { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
  if (r.error) throw r.error;
  assert.doesNotMatch(r.stderr, SANITIZER_RE, r.stderr);
  return r;
}

/* A participant in track 2 from Monday 2024-01-15, moved to track 3 on
 * Monday 2024-03-11, ended by a job on 2024-03-31 (stom). */
const CASE = {
  participation: { id: 'P1', start: '2024-01-15', end: '2024-03-31', ended_by: 'job' },
  tracks: [{ from: '2024-01-15', track: 2 }, { from: '2024-03-11', track: 3 }],
  outcomes: [{ id: 'O1', type: 'employment', start: '2024-04-01', evidence: 'approved',
    self_supporting: ['2024-04', '2024-05', '2024-06'] }],
};

describe('kundval compute', () => {
  let dir, file;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kundval-compute-'));
    file = path.join(dir, 'case.json');
    fs.writeFileSync(file, JSON.stringify(CASE));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('P-3, P-4, P-8: JSON lines for stom through 2024-07', () => {
    const r = run(['compute', '--rulebook', 'stom', file, '--through', '2024-07']);
    assert.equal(r.status, 0, r.stderr);
    const lines = JSON.parse(r.stdout);
    const byKey = Object.fromEntries(lines.map((l) => [l.key, l]));
    /* Jan: Mon 15 – Wed 31 = 13 weekdays × 160 kr = 2 080 kr, due Feb.
     * Feb 2024: 21 weekdays × 160 kr = 3 360 kr.
     * Mar: 1–8 = 6 weekdays × 160 kr = 960 kr; 11–29 = 15 × 220 kr = 3 300 kr.
     * Result: track on 2024-04-01 is 3 → 16 000 kr, all of it after three
     * self-supporting months (June), due July. */
    assert.equal(byKey['base:2024-01'].amount_ore, 208000);
    assert.equal(byKey['base:2024-01'].due, '2024-02');
    assert.equal(byKey['base:2024-02'].amount_ore, 336000);
    assert.equal(byKey['base:2024-03'].amount_ore, 96000 + 330000);
    assert.equal(byKey['result:O1:1'].amount_ore, 1600000);
    assert.equal(byKey['result:O1:1'].due, '2024-07');
    assert.equal(byKey['result:O1:1'].rule, 'P-8');
    assert.equal(lines.length, 4);
    assert.match(byKey['base:2024-03'].explain, /6 weekdays .* track 2 .*; 15 weekdays .* track 3/);
  });

  test('through an earlier month leaves later lines out (P-4: one month in arrears)', () => {
    const r = run(['compute', '--rulebook', 'stom', file, '--through', '2024-03']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).map((l) => l.key), ['base:2024-01', 'base:2024-02']);
  });

  test('--explain prints a readable text with the total', () => {
    const r = run(['compute', '--rulebook', 'stom', file, '--through', '2024-07', '--explain']);
    assert.equal(r.status, 0, r.stderr);
    /* 2 080 + 3 360 + 4 260 + 16 000 = 25 700 kr */
    assert.match(r.stdout, /Total to pay: 25 700,00 kr/);
    /* P-2: result 16 000 / total 25 700 = 62.26 % → 62.3 % */
    assert.match(r.stdout, /Result share \(P-2\): 62\.3 %/);
    assert.match(r.stdout, /13 weekdays from 2024-01-15 in track 2 at 160,00 kr/);
  });

  test('the case file may name its rulebook and month; options win', () => {
    const named = path.join(dir, 'named.json');
    fs.writeFileSync(named, JSON.stringify({ ...CASE, rulebook: 'stom', through: '2024-02' }));
    let r = run(['compute', named]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).map((l) => l.key), ['base:2024-01']);
    r = run(['compute', named, '--through', '2024-03']);
    assert.equal(JSON.parse(r.stdout).length, 2);
  });

  test('P-14: what was paid is settled, never repaid; a change gives a correction', () => {
    const paid = path.join(dir, 'paid.json');
    /* Paid 2 000 kr for January, where 2 080 kr is owed: a correction of 80 kr. */
    fs.writeFileSync(paid, JSON.stringify({ ...CASE,
      paid: [{ key: 'base:2024-01', amount_ore: 200000 }, { key: 'base:2024-02', amount_ore: 336000 }] }));
    const r = run(['compute', '--rulebook', 'stom', paid, '--through', '2024-03']);
    assert.equal(r.status, 0, r.stderr);
    const lines = JSON.parse(r.stdout);
    assert.equal(lines.length, 1);
    assert.equal(lines[0].component, 'correction');
    assert.equal(lines[0].amount_ore, 8000);
    assert.equal(lines[0].key, 'base:2024-01');
  });

  test('errors name the problem and print nothing on stdout', () => {
    let r = run(['compute', '--rulebook', 'no-such-book', file, '--through', '2024-07']);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /no rulebook no-such-book/);

    r = run(['compute', '--rulebook', '../etc', file, '--through', '2024-07']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /bad_rulebook/);

    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ ...CASE, tracks: [{ from: '2024-01-15', track: 9 }] }));
    r = run(['compute', '--rulebook', 'stom', bad, '--through', '2024-07']);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /tracks\[0\]\.track/);

    r = run(['compute', '--rulebook', 'stom', file]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /--through/);

    r = run(['compute']);
    assert.equal(r.status, 2);
  });

  test('a malformed rulebook is refused with the file and key path', () => {
    const rules = path.join(dir, 'rules');
    fs.mkdirSync(rules);
    const book = JSON.parse(fs.readFileSync(path.join(ROOT, 'rules', 'stom.json'), 'utf8'));
    book.base.ore = { '2019-08-21': [10000, 16000, 22000] };
    fs.writeFileSync(path.join(rules, 'stom.json'), JSON.stringify(book));
    const r = run(['--rules', rules, 'compute', '--rulebook', 'stom', file, '--through', '2024-07']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /stom\.json: base\.ore\.2019-08-21: needs a list of 4 values/);
  });
});
