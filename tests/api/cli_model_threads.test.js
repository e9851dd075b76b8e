'use strict';
/*
 * cli_model_threads.test.js — `kundval model train --threads N` runs the
 * cross-validation's folds in parallel (src/cli/cmd_model_fit.c); the
 * model file must not depend on how many threads ran them, and a count
 * outside 1 … 64 is refused.
 */
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const h = require('./helpers.js');

describe('model train --threads', () => {
  let dir;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kundval-threads-')); });
  after(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  const file = (n) => path.join(dir, n);
  const train = (out, threads) => h.cli(['model', 'train', '--history', file('a.csv'),
    '--out', out, '--threads', String(threads)], { env: { KUNDVAL_TODAY: '2026-11-23' } });

  test('one, two and five threads give the same model file', () => {
    const g = h.cli(['generate', '--seed', '21', '--people', '20000', '--out', file('a.csv')]);
    assert.equal(g.status, 0, g.stderr);
    for (const t of [1, 2, 5]) {
      const r = train(file(`m${t}.json`), t);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, new RegExp(`cross-validation [0-9.]+ s \\(${t} threads?\\)`));
    }
    const one = fs.readFileSync(file('m1.json'));
    assert.ok(one.equals(fs.readFileSync(file('m2.json'))), '2 threads differ from 1');
    assert.ok(one.equals(fs.readFileSync(file('m5.json'))), '5 threads differ from 1');
  });

  test('a thread count outside 1 … 64 is refused with the usage', () => {
    for (const t of ['0', '65', 'many']) {
      const r = train(file('bad.json'), t);
      assert.equal(r.status, 2, `--threads ${t}`);
      assert.match(r.stderr, /--threads N/);
      assert.ok(!fs.existsSync(file('bad.json')), 'nothing written');
    }
  });
});
