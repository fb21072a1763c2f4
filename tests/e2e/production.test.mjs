// End-to-end tests of the production step (issue 5): versions that survive a reload and are
// compared with a verdict; new data appended, retrained and gated; a corrupt IndexedDB entry
// reported while the app keeps working; a 100,000-event load test with progress and figures;
// drift monitoring with alerts; the graduate script that Python compiles. Same rules as the
// other suites: data-testids only, screenshots, and `assertClean()` at the end of each test.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { FIXTURES, openStudio } from './harness.mjs';

/** Opens the production step on screen `code`. */
async function openOps(studio, code) {
  await studio.openTab('production');
  await studio.get(`ops-tab-${code}`).click();
  await studio.get(`ops-${code}`).waitFor();
}

/** Saves the finished run as a version labelled `label` and waits for its row. */
async function saveVersion(studio, label) {
  await openOps(studio, 'models');
  const before = await studio.get('version-row').count();
  await studio.get('version-label').fill(label);
  await studio.get('save-version').click();
  await studio.page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="version-row"]').length === n,
    before + 1,
  );
}

/** Runs the forecast again with random seed `seed` (other forests) and waits for its results. */
async function rerunWithSeed(studio, seed) {
  await studio.openTab('setup');
  await studio.get('setting-seed').fill(seed);
  await studio.get('setting-seed').press('Tab');
  await studio.get('setup-run').click();
  await studio.waitForResults();
}

/** Labels of the listed versions, newest first. */
async function versionLabels(studio) {
  return studio.get('version-label-cell').allInnerTexts();
}

/** Waits for the result `resultId` of the task just started; fails with the task's error. */
async function waitForTask(studio, resultId, timeout = 180_000) {
  const failed = studio.page.locator('[data-testid="task-status"].is-error');
  await studio.get(resultId).or(failed).first().waitFor({ timeout });
  if (await failed.count()) assert.fail(`task failed: ${await failed.innerText()}`);
}

test('two saved versions survive a reload and are compared with a Diebold–Mariano verdict', async (t) => {
  const s = await openStudio(t);
  const { studio, page } = s;
  await studio.waitForResults();
  await saveVersion(studio, 'demo seed 42');
  // The first version goes in service by itself.
  assert.equal(await studio.get('in-service-badge').count(), 1);

  // A second version: another seed gives other forests.
  await rerunWithSeed(studio, '7');
  await saveVersion(studio, 'demo seed 7');
  assert.deepEqual(await versionLabels(studio), ['demo seed 7', 'demo seed 42']);

  await page.reload();
  await studio.get('data-check').waitFor();
  await openOps(studio, 'models');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="version-row"]').length === 2);
  assert.deepEqual(await versionLabels(studio), ['demo seed 7', 'demo seed 42'], 'both versions are still there');
  assert.equal(await studio.get('in-service-badge').count(), 1, 'the in-service mark survived too');
  const rows = await studio.tableRows('version');
  for (const row of rows) {
    assert.match(row[3], /^\d+(\.\d{1,3})?$/, `MASE shown: ${row}`);
    assert.match(row[5], /^2023-01-02 → \d{4}-\d\d-\d\d · [\d,]+ · #[0-9a-f]{16}$/, `fingerprint shown: ${row}`);
  }
  await s.screenshot('production-models');

  // Export a version, delete it, import the file: it comes back with the same id.
  const older = page.locator('[data-testid="version-row"]').nth(1);
  const id = await older.getAttribute('data-version');
  const pending = page.waitForEvent('download');
  await older.getByTestId('export-version').click();
  const file = await (await pending).path();
  await older.getByTestId('delete-version').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="version-row"]').length === 1);
  await studio.get('import-version').setInputFiles(file);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="version-row"]').length === 2);
  assert.equal(await page.locator(`[data-testid="version-row"][data-version="${id}"]`).count(), 1);
  // A file that is not a version is refused in words.
  await studio.get('import-version').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
  await studio.get('import-version-error').waitFor();

  await studio.openTab('results');
  await studio.waitForResults();
  await openOps(studio, 'compare');
  await studio.get('compare-run').click();
  await waitForTask(studio, 'ab-result');
  const verdict = await studio.get('verdict').getAttribute('data-verdict');
  assert.ok(['Better', 'NoSignificantDifference', 'Worse'].includes(verdict), verdict);
  assert.match(await studio.text('verdict'), /^(Better: |No significant difference \(|Worse: ).*p = /);
  assert.match(await studio.text('dm-figures'), /^Diebold–Mariano \(HLN\): statistic [−-]?[\d.]+, p-value [<\d. ]+, on [\d,]+ paired errors\.$/);
  const steps = await studio.tableRows('ab-steps');
  assert.equal(steps.length, 8, 'seven steps and the overall row');
  const chart = '[data-testid="compare-chart"] canvas';
  await page.locator(chart).scrollIntoViewIfNeeded();
  const ink = await studio.canvasInk(chart);
  assert.ok(ink.ink > 1500 && ink.coloured > 300, `compare chart looks blank: ${JSON.stringify(ink)}`);
  await s.screenshot('production-compare');

  // French: the verdict is worded again.
  await studio.switchLanguage('fr');
  assert.match(await studio.text('verdict'), /^(Meilleure : |Pas de différence significative \(|Moins bonne : )/);
  await s.assertClean();
});

test('a store opened last month is compared on the windows it holds, and named, instead of failing the comparison', async (t) => {
  const s = await openStudio(t);
  const { studio } = s;
  // two_stores.csv (140 days a store) and a third store with the last 30 days of Lyon's sales.
  const lines = readFileSync(join(FIXTURES, 'two_stores.csv'), 'utf8').trimEnd().split('\n');
  const recent = lines.filter((l) => l.includes(',Lyon,')).slice(-30).map((l) => l.replace(',Lyon,', ',Angers,'));
  await studio.drop({ name: 'new_store.csv', buffer: Buffer.from([...lines, ...recent].join('\n') + '\n') });
  await studio.get('results-source').filter({ hasText: 'new_store.csv' }).waitFor();
  await studio.waitForResults();
  await saveVersion(studio, 'seed 42');
  await rerunWithSeed(studio, '7');
  await saveVersion(studio, 'seed 7');
  await openOps(studio, 'compare');
  await studio.get('compare-run').click();
  await waitForTask(studio, 'ab-result');
  assert.equal(
    await studio.text('ab-short-series'),
    'Series "Angers" (30 observed values) is too new for the comparison\'s 5 windows: it is compared on the latest 2 only.',
  );
  assert.equal((await studio.tableRows('ab-steps')).length, 8, 'seven steps and the overall row');
  await studio.switchLanguage('fr');
  assert.match(await studio.text('ab-short-series'), /^La série « Angers » \(30 valeurs observées\) est trop récente pour les 5 fenêtres de la comparaison : elle n'est comparée que sur les 2 dernières\.$/);
  await s.assertClean();
});

test('new data: the append report names overlaps and the conflict, retraining is gated, the candidate is promoted, drift is monitored', async (t) => {
  const s = await openStudio(t);
  const { studio, page } = s;
  await studio.waitForResults();
  await studio.upload(join(FIXTURES, 'shop_old.csv'));
  await studio.get('results-source').filter({ hasText: 'shop_old.csv' }).waitFor();
  await studio.waitForResults();
  await saveVersion(studio, 'shop v1');

  await openOps(studio, 'new-data');
  await studio.get('newer-file').setInputFiles(join(FIXTURES, 'shop_new.csv'));
  await studio.get('newer-name').filter({ hasText: 'shop_new.csv' }).waitFor();
  await studio.get('retrain-run').click();
  await waitForTask(studio, 'retrain-result');
  const facts = Object.fromEntries((await studio.tableRows('append-report')).map(([k, v]) => [k, v]));
  assert.equal(facts['Rows already loaded'], '240');
  assert.equal(facts['Rows in the newer file'], '63');
  assert.equal(facts['New rows appended'], '60');
  assert.equal(facts['Rows overlapping the loaded data'], '3');
  assert.equal(facts['…of which identical'], '2');
  assert.equal(facts['…of which conflicting'], '1');
  assert.deepEqual(await studio.tableRows('conflicts'), [['sales', '2024-08-26', '212.6', '252.6']]);
  const verdict = await studio.get('verdict').getAttribute('data-verdict');
  assert.ok(['Better', 'NoSignificantDifference', 'Worse'].includes(verdict), verdict);
  await s.screenshot('production-new-data');
  // Before deciding: drift of the newer rows against the training window of the version in
  // service (shop v1).
  await openOps(studio, 'monitoring');
  await studio.get('recent-rows').fill('30');
  await studio.get('recent-rows').press('Tab');
  await studio.get('monitor-run').click();
  await waitForTask(studio, 'drift-result');
  const drift = await studio.tableRows('drift');
  assert.ok(drift.length >= 3, `target and features measured: ${JSON.stringify(drift)}`);
  for (const [, psi, , , level] of drift) {
    assert.ok(/^(\d+(\.\d{1,3})?|—)$/.test(psi), psi);
    assert.ok(/Stable|Moderate|Significant|Not measurable/.test(level), level);
  }
  assert.ok((await studio.get('alert').count()) + (await studio.get('no-alerts').count()) >= 1, 'alerts or their absence are said');
  await s.screenshot('production-monitoring');
  // The rules are editable: with every threshold out of reach, the same check raises nothing.
  await page.locator('[data-testid="rules"] summary').click();
  const thresholds = studio.get('rule-threshold');
  const rules = await thresholds.count();
  assert.ok(rules >= 3, `${rules} default rules`);
  for (let i = 0; i < rules; i += 1) {
    await thresholds.nth(i).fill('1000');
    await thresholds.nth(i).press('Tab');
  }
  await studio.get('add-rule').click();
  assert.equal(await studio.get('rule-row').count(), rules + 1);
  await studio.get('rule-threshold').nth(rules).fill('1000');
  await studio.get('rule-threshold').nth(rules).press('Tab');
  await studio.get('monitor-run').click();
  await waitForTask(studio, 'drift-result');
  assert.equal(await studio.get('alert').count(), 0);
  await studio.get('no-alerts').waitFor();

  await openOps(studio, 'new-data');
  if (verdict === 'Worse') {
    assert.ok(await studio.get('promote').isDisabled(), 'the gate blocks a worse candidate');
    await studio.get('keep').click();
  } else {
    await studio.get('promote').click();
  }
  await studio.get('decision').waitFor();

  await openOps(studio, 'models');
  assert.equal(await studio.get('version-row').count(), 2);
  const serving = await page.locator('[data-testid="version-row"].in-service [data-testid="version-label-cell"]').innerText();
  assert.equal(serving, verdict === 'Worse' ? 'shop v1' : 'shop v1 +');
  // The decision and the gate's reason are recorded, and survive a reload.
  const logged = await studio.get('decision-entry').allInnerTexts();
  assert.equal(logged.length, 1);
  assert.match(logged[0], verdict === 'Worse' ? /shop v1 kept in service; shop v1 \+ saved\. Worse: .*p = / : /shop v1 \+ replaced shop v1\. (Better: |No significant difference \().*p = /);
  if (verdict !== 'Worse') {
    // The promoted version has seen every row: monitoring says so instead of inventing drift.
    await openOps(studio, 'monitoring');
    await studio.get('monitor-run').click();
    await studio.page.locator('[data-testid="task-status"].is-error').waitFor();
    assert.match(await studio.text('task-status'), /trained on every loaded row/);
  }
  await page.reload();
  await studio.get('data-check').waitFor();
  await openOps(studio, 'models');
  await studio.get('decision-entry').waitFor();
  assert.deepEqual(await studio.get('decision-entry').allInnerTexts(), logged);

  await s.assertClean();
});

test('the demo alone tells the production story: save, the store\'s next export, retrain, a drift alert', async (t) => {
  const s = await openStudio(t, { query: '?dataset=retail-demo' });
  const { studio } = s;
  await studio.waitForResults();
  await openOps(studio, 'models');
  assert.match(await studio.text('models-empty'), /^No version saved yet\. Save the run above/);
  await saveVersion(studio, 'demo');

  await openOps(studio, 'new-data');
  await studio.get('newer-demo').click();
  await studio.get('newer-name').filter({ hasText: 'retail_demo_4_weeks_later.csv' }).waitFor();
  await studio.get('retrain-run').click();
  await waitForTask(studio, 'retrain-result');
  const facts = Object.fromEntries((await studio.tableRows('append-report')).map(([k, v]) => [k, v]));
  assert.equal(facts['Rows in the newer file'], '56');
  assert.equal(facts['…of which conflicting'], '0');
  await studio.get('verdict').waitFor();

  // The competitor's drop from the second new week: monitoring raises an alert on the sales.
  await openOps(studio, 'monitoring');
  await studio.get('recent-rows').fill('28');
  await studio.get('recent-rows').press('Tab');
  await studio.get('monitor-run').click();
  await waitForTask(studio, 'drift-result');
  const alerts = await studio.get('alert').allInnerTexts();
  assert.ok(alerts.some((a) => /sales/i.test(a)), `an alert on the sales: ${JSON.stringify(alerts)}`);
  await s.screenshot('production-demo-drift');
  await s.assertClean();
});

test('a corrupt IndexedDB entry is reported and skipped, and the app keeps working', async (t) => {
  const s = await openStudio(t);
  const { studio, page } = s;
  await studio.waitForResults();
  await saveVersion(studio, 'good one');
  await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('prevision');
        open.onsuccess = () => {
          const tx = open.result.transaction('versions', 'readwrite');
          tx.objectStore('versions').put('{"format": 1, "id": "v-broken", "label": tr', 'v-broken');
          tx.objectStore('versions').put({ not: 'text' }, 'v-object');
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
        open.onerror = () => reject(open.error);
      }),
  );
  await page.reload();
  await studio.get('data-check').waitFor();
  await openOps(studio, 'models');
  await studio.get('skipped-entries').waitFor();
  const skipped = await studio.get('skipped-entry').allInnerTexts();
  assert.equal(skipped.length, 2, JSON.stringify(skipped));
  assert.ok(skipped.some((e) => e.startsWith('v-broken')), JSON.stringify(skipped));
  assert.ok(skipped.some((e) => e.startsWith('v-object')), JSON.stringify(skipped));
  assert.deepEqual(await versionLabels(studio), ['good one'], 'the readable version is still listed');
  await s.screenshot('production-corrupt');

  // The app still works: a new run finishes and can be saved.
  await studio.openTab('results');
  await studio.waitForResults();
  await saveVersion(studio, 'after the damage');
  assert.deepEqual(await versionLabels(studio), ['after the damage', 'good one']);
  await s.assertClean();
});

test('a load test of 100,000 events shows progress, throughput, latency percentiles and a histogram, and the page stays responsive', async (t) => {
  const s = await openStudio(t);
  const { studio, page } = s;
  await studio.waitForResults();
  await openOps(studio, 'load-test');
  assert.equal(await studio.get('load-events').inputValue(), '100000');
  for (const model of ['forest', 'linear']) {
    await studio.get('load-model').selectOption(model);
    await studio.get('load-run').click();
    // Progress is reported while the worker scores.
    await page.waitForFunction(
      () => {
        const p = document.querySelector('[data-testid="task-progress"]');
        return (p && p.value > 0 && p.value < 1) || document.querySelector('[data-testid="load-result"]');
      },
      null,
      { timeout: 60_000 },
    );
    // The page answers while the worker runs: switching screens is immediate.
    const before = Date.now();
    await studio.get('ops-tab-graduate').click();
    await studio.get('ops-graduate').waitFor({ timeout: 2000 });
    t.diagnostic(`screen switch during the load test: ${Date.now() - before} ms`);
    await studio.get('ops-tab-load-test').click();
    await waitForTask(studio, 'load-result');
    const figures = await studio.tableRows('load-figures');
    assert.equal(figures.length, 2);
    for (const [phase, throughput, p50, p95, p99] of figures) {
      assert.match(throughput, /^[\d,]+$/, `${phase} throughput`);
      for (const p of [p50, p95, p99]) assert.match(p, /^[\d.,]+ ms$/, `${phase} percentile ${p}`);
    }
    t.diagnostic(`${model}: ${JSON.stringify(figures)} — ${await studio.text('load-facts')}`);
    assert.match(await studio.text('load-facts'), /^100,000 events of \d+ features through /);
    const chart = '[data-testid="latency-chart"] canvas';
    await page.locator(chart).scrollIntoViewIfNeeded();
    const ink = await studio.canvasInk(chart);
    assert.ok(ink.ink > 800, `latency histogram looks blank: ${JSON.stringify(ink)}`);
  }
  await s.screenshot('production-load-test');
  await s.assertClean();
});

test('graduate: the long-format data and the Python script download, and Python compiles the script', async (t) => {
  const s = await openStudio(t);
  const { studio } = s;
  await studio.waitForResults();
  await openOps(studio, 'graduate');
  const data = await studio.download('download-long');
  const lines = data.bytes.toString('utf8').trim().split('\n');
  assert.match(lines[0], /^unique_id,ds,y/);
  assert.ok(lines.length > 300, `${lines.length} rows`);
  const script = await studio.download('download-script');
  const text = script.bytes.toString('utf8');
  assert.match(text, /mlforecast|statsforecast/);
  const dir = await mkdtemp(join(tmpdir(), 'prevision-py-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, script.name);
  await writeFile(path, text);
  execFileSync('python3', ['-m', 'py_compile', path]);
  await s.screenshot('production-graduate');
  await s.assertClean();
});
