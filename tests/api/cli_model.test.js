'use strict';
/*
 * cli_model.test.js — the profiling commands: `kundval
 * generate` gives the same bytes for the same seed and different ones for
 * another; `kundval model train` gives the same model file for the same
 * data and date, a model that beats the duration rule's AUC on its
 * held-out part, with the features in the documented order and track cut
 * points strictly descending; a file that is not a generated history is
 * refused, naming the line.
 */
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./helpers.js');

describe('generate and model train', () => {
  let dir;
  before(() => { dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'kundval-model-')); });
  after(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  const file = (n) => path.join(dir, n);
  const gen = (seed, out) => {
    const r = h.cli(['generate', '--seed', String(seed), '--people', '20000', '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    return r;
  };
  const train = (out, extra = []) => h.cli(['model', 'train', '--history', file('a.csv'),
    '--out', out, ...extra], { env: { KUNDVAL_TODAY: '2026-11-23' } });

  test('the same seed gives the same history; another seed another', () => {
    const r = gen(11, file('a.csv'));
    assert.match(r.stdout + r.stderr, /in work within 6 months/);
    gen(11, file('b.csv'));
    gen(12, file('c.csv'));
    assert.ok(fs.readFileSync(file('a.csv')).equals(fs.readFileSync(file('b.csv'))));
    assert.ok(!fs.readFileSync(file('a.csv')).equals(fs.readFileSync(file('c.csv'))));
    const lines = fs.readFileSync(file('a.csv'), 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, 20001);
    assert.match(lines[0], /^id,age_band,gender,birth_region,/);
    assert.doesNotMatch(lines.join('\n'), /\d{12}/, 'no personnummer in the file');
  });

  test('the same data and date give the same model, which beats the duration rule', () => {
    let r = train(file('m1.json'));
    assert.equal(r.status, 0, r.stderr);
    r = train(file('m2.json'));
    assert.equal(r.status, 0, r.stderr);
    assert.ok(fs.readFileSync(file('m1.json')).equals(fs.readFileSync(file('m2.json'))));
    const m = JSON.parse(fs.readFileSync(file('m1.json'), 'utf8'));
    assert.equal(m.kind, 'kundval-profile-model');
    assert.equal(m.horizon_months, 12);
    assert.equal(m.with_protected, true, 'with gender and birth region by default (docs/profiling.md)');
    assert.equal(m.trained_on, '2026-11-23');
    assert.equal(m.data.rows, 20000);
    assert.equal(m.features.length, m.weights.length);
    assert.equal(m.features[0], 'age_band=25-34');
    assert.ok(m.features.includes('gender=man') && m.features.includes('region=outside_europe'));
    assert.ok(m.thresholds[0] > m.thresholds[1] && m.thresholds[1] > m.thresholds[2]);
    assert.ok(m.validation.auc > m.validation.auc_duration_rule,
      `model AUC ${m.validation.auc} vs duration rule ${m.validation.auc_duration_rule}`);
  });

  test('--without-protected leaves gender and birth region out', () => {
    const r = train(file('mp.json'), ['--without-protected']);
    assert.equal(r.status, 0, r.stderr);
    const m = JSON.parse(fs.readFileSync(file('mp.json'), 'utf8'));
    assert.equal(m.with_protected, false);
    assert.ok(!m.features.some((f) => f.startsWith('gender') || f.startsWith('region')));
  });

  test('model report: held-out figures, the duration rule beside them, and the fairness audit', () => {
    gen(13, file('hold.csv'));
    const r = h.cli(['model', 'report', file('mp.json'), '--history', file('hold.csv'), '--json']);
    assert.equal(r.status, 0, r.stderr);
    const rep = JSON.parse(r.stdout);
    assert.equal(rep.rows, 20000);
    assert.ok(rep.model_scores.auc > rep.duration_rule.auc,
      `model ${rep.model_scores.auc} vs duration rule ${rep.duration_rule.auc}`);
    assert.ok(rep.model_scores.brier < rep.duration_rule.brier);
    assert.equal(rep.deciles.length, 10);
    /* 2 genders + 3 birth regions + 5 age bands + 2 disability groups. */
    assert.equal(rep.groups.length, 12);
    for (const g of rep.groups) {
      const sum = g.track_shares.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - 1) < 1e-5, `${g.attribute}=${g.value}: shares sum to ${sum}`);
    }
    const n = rep.groups.filter((g) => g.attribute === 'gender').reduce((a, g) => a + g.n, 0);
    assert.equal(n, 20000);
    const text = h.cli(['model', 'report', file('mp.json'), '--history', file('hold.csv')]);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /duration rule: AUC/);
    assert.match(text.stdout, /outside_europe/);
  });

  test('a malformed model is refused with the key it is wrong in', () => {
    const m = JSON.parse(fs.readFileSync(file('m1.json'), 'utf8'));
    m.weights.pop();
    fs.writeFileSync(file('short.json'), JSON.stringify(m));
    const r = h.cli(['model', 'report', file('short.json'), '--history', file('a.csv')]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /weights/);
  });

  test('a file that is not a generated history is refused, naming the line', () => {
    fs.writeFileSync(file('bad.csv'), fs.readFileSync(file('a.csv'), 'utf8')
      .replace(/\n(\d+),25-34,/, '\n$1,25-99,'));
    let r = h.cli(['model', 'train', '--history', file('bad.csv'), '--out', file('x.json')]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /line \d+ is not a history row/);
    fs.writeFileSync(file('nohead.csv'), 'a,b\n');
    r = h.cli(['model', 'train', '--history', file('nohead.csv'), '--out', file('x.json')]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /line 1 is not the header/);
    assert.ok(!fs.existsSync(file('x.json')));
  });
});
