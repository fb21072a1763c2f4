// End-to-end tests of the forecasting studio (issue 4): a demo run from click to explained
// forecast, exports that parse, a French export that still forecasts, cancel, settings that
// persist and travel in a link, column roles, the language switch on the results screen, and
// offline use. Same rules as studio.test.mjs: data-testids only, a screenshot per screen, and
// `assertClean()` (no request off the origin, no console error, no CSP violation).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { FIXTURES, openStudio } from './harness.mjs';

/** Parses a CSV with the given delimiter into rows of fields (no quoting in our exports), after
 * its UTF-8 byte-order mark (Buffer.toString keeps it as U+FEFF). */
function parseCsv(text, delimiter) {
  return text
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/)
    .map((line) => line.split(delimiter));
}

test('the demo: one click gives a leaderboard with baselines, a drawn forecast with tooltips, explanations and parseable exports', async (t) => {
  const s = await openStudio(t);
  const { studio, page } = s;
  const started = Date.now();
  const status = await studio.waitForResults();
  t.diagnostic(`first visit to full results: ${Date.now() - started} ms after mount; ${status}`);
  assert.match(status, /^Computed in [\d,]+ ms, in your browser$/);
  assert.equal(await studio.text('results-source'), 'retail_demo.csv');

  const models = await studio.leaderboardModels();
  for (const expected of [/^Naive/, /^Seasonal naive/, /^Exponential smoothing/, /^Ridge/, /^k nearest/, /^Random forest/, /^Extra trees/]) {
    assert.ok(models.some((m) => expected.test(m)), `${expected} missing from ${JSON.stringify(models)}`);
  }
  assert.ok(models.some((m) => /\(baseline\)$/.test(m)), 'baselines are marked');
  assert.equal(models.filter((m) => / — chosen$/.test(m)).length, 1, 'exactly one model is chosen');
  assert.match(models[0], / — chosen$/, 'the chosen model heads the leaderboard');
  assert.match(await studio.text('chosen-model'), /^Chosen model: .+ \(MASE \d/);

  // Two wasm files, each named with its content hash: the page's, and the engine workers' own
  // (loaded by the workers, not the page; scripts/hash-worker.sh names it).
  const wasm = s.requests.map((url) => new URL(url).pathname).filter((p) => p.endsWith('.wasm'));
  // (Trunk writes its 64-bit hash without leading zeros; the hook writes 16 hex digits.)
  assert.ok(wasm.some((p) => /^\/prevision-app-[0-9a-f]+_bg\.wasm$/.test(p)), JSON.stringify(wasm));
  assert.ok(wasm.some((p) => /^\/prevision-worker-[0-9a-f]{16}_bg\.wasm$/.test(p)), JSON.stringify(wasm));
  assert.ok(wasm.every((p) => /-[0-9a-f]+_bg\.wasm$/.test(p)), JSON.stringify(wasm));

  // Forecast table: the horizon's 7 days with 80% and 95% bounds around the point.
  const forecast = await studio.tableRows('forecast-table');
  assert.equal(forecast.length, 7);
  for (const [, point, lo80, hi80, lo95, hi95] of forecast) {
    const n = (x) => Number(x.replaceAll(',', ''));
    assert.ok(n(lo95) <= n(lo80) && n(lo80) <= n(point) && n(point) <= n(hi80) && n(hi80) <= n(hi95), `${[lo95, lo80, point, hi80, hi95]}`);
  }
  assert.equal((await studio.tableRows('per-step-table')).length, 7);
  assert.equal(await studio.get('per-series').count(), 0, 'one series: no table per series');
  assert.ok((await studio.tableRows('coverage-table')).length >= 7);
  assert.ok((await studio.tableRows('importance-table')).length >= 3);
  const shap = await studio.tableRows('shap-table');
  assert.match(shap[0][0], /^Average/);
  assert.match(shap.at(-1)[0], /^Forecast$/);
  assert.ok((await studio.tableRows('shap-groups-table')).length >= 2);
  // The card names the model it explains: the chosen one when it uses features, else which
  // model and that the bars are not the forecast shown.
  const chosenName = models[0].replace(/ — chosen$/, '').replace(/ \(baseline\)$/, '');
  const explained = await studio.text('explained-model');
  assert.ok(
    explained === `Model explained: ${chosenName}, the chosen one.` ||
      explained.includes(`The chosen model, ${chosenName}, cannot be explained feature by feature`) ||
      (/^Ensemble/.test(chosenName) && explained.includes('one of the models the chosen forecast combines')),
    `${explained} (chosen: ${chosenName})`,
  );
  assert.ok((await studio.text('summary')).length > 40, 'a plain-language summary');
  // Where the time went: reading, the models, then each stage of the engine's finish.
  await studio.get('time-spent').locator('summary').click();
  const stages = await studio.get('time-spent').locator('li').allInnerTexts();
  assert.equal(stages.length, 7, JSON.stringify(stages));
  assert.ok(stages.every((l) => /: [\d,]+ ms$/.test(l)), JSON.stringify(stages));
  assert.match(stages.join('\n'), /^Calibration backtest and prediction intervals \(summed over the workers\): /m);

  // The chart is drawn (its pixels are not blank) and answers the pointer.
  const canvas = '[data-testid="forecast-chart"] canvas';
  await page.locator(canvas).scrollIntoViewIfNeeded();
  const ink = await studio.canvasInk(canvas);
  assert.ok(ink.ink > 2000 && ink.coloured > 500, `forecast canvas looks blank: ${JSON.stringify(ink)}`);
  const box = await page.locator(canvas).boundingBox();
  await page.mouse.move(box.x + box.width * 0.93, box.y + box.height * 0.5);
  const tooltip = studio.get('forecast-chart').getByTestId('chart-tooltip');
  await tooltip.waitFor();
  const tip = await tooltip.innerText();
  assert.match(tip, /^\d{1,2} [A-Z][a-z]{2} \d{4}\n/, 'the tooltip starts with the date');
  assert.match(tip, /\nForecast: [\d,.]+\n80% interval: [\d,.]+ – [\d,.]+\n95% interval: /);
  await s.screenshot('10-demo-results');

  // Exports: each file parses.
  const csv = await studio.download('export-csv');
  assert.match(csv.name, /^retail_demo-forecast\.csv$/);
  // A UTF-8 BOM first, for Excel, in every convention.
  assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const rows = parseCsv(csv.bytes.toString('utf8'), ',');
  assert.deepEqual(rows[0].slice(0, 2), ['date', 'sales']);
  assert.equal(rows.length, 8);
  assert.ok(rows.slice(1).every((r) => /^\d{4}-\d{2}-\d{2}$/.test(r[0]) && Number.isFinite(Number(r[1]))));
  const report = JSON.parse((await studio.download('export-report')).bytes.toString('utf8'));
  assert.equal(report.forecasts[0].point.length, 7);
  assert.ok(Array.isArray(report.leaderboard) && report.leaderboard.length >= 7);
  const model = await studio.download('export-model');
  const saved = Object.keys(JSON.parse(model.bytes.toString('utf8')));
  assert.ok(saved.length === 1 && ['single', 'ensemble'].includes(saved[0]), JSON.stringify(saved));
  const png = await studio.download('export-png');
  assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

  // The exported model re-imports and forecasts the same numbers.
  await studio.get('import-model').setInputFiles({ name: 'model.json', mimeType: 'application/json', buffer: model.bytes });
  await studio.get('imported-forecast-row').or(studio.get('import-error')).first().waitFor();
  const imported = await studio.tableRows('imported-forecast');
  assert.deepEqual(imported.map((r) => r[1]), forecast.map((r) => r[1]));
  // Switching language redraws the results: the imported forecast stays, in French.
  await studio.switchLanguage('fr');
  const importedFr = await studio.tableRows('imported-forecast');
  assert.equal(importedFr.length, imported.length);
  assert.match(importedFr[0][1], /^[\d\u202f]+(,\d+)?$/, 'French decimals');
  await studio.switchLanguage('en');

  // The share link names the dataset and the settings.
  const link = await studio.get('share-link').inputValue();
  assert.match(link, /\?dataset=retail-demo&h=7/);
  await s.assertClean();
});

test('a model exported from the shop is refused on bike rentals, with the reason in both languages', async (t) => {
  const s = await openStudio(t, { query: '?dataset=retail-demo' });
  const { studio, page } = s;
  await studio.waitForResults();
  const model = await studio.download('export-model');
  await page.goto(`${s.server.url}?dataset=bike-sharing`);
  await studio.waitForResults();
  await studio.get('import-model').setInputFiles({ name: 'model.json', mimeType: 'application/json', buffer: model.bytes });
  const error = studio.get('import-error');
  await error.waitFor();
  assert.match(await error.innerText(), /^This model forecasts “sales”, but the loaded data's target is “[^”]+”: it was made for other data/);
  assert.equal(await studio.get('imported-forecast').count(), 0);
  // In French: the results are drawn again, and the refusal stays, translated, with the
  // file's name beside the picker.
  await studio.switchLanguage('fr');
  await error.waitFor();
  assert.match(await error.innerText(), /^Ce modèle prévoit «\u00a0sales\u00a0», mais la cible des données chargées est «\u00a0[^»]+\u00a0»/);
  assert.match(await studio.get('import-model-chosen').innerText(), /model\.json/);
  await s.assertClean();
});

test('a French Excel export: the bad line and the gaps are named, and the forecast still runs', async (t) => {
  const s = await openStudio(t);
  const { studio } = s;
  await studio.upload(join(FIXTURES, 'french_export.csv'));
  await studio.waitForReport('french_export.csv');
  assert.deepEqual(await studio.tableRows('rejected-table'), [['20', 'Ventes', '“#VALEUR!” is not a number']]);
  await studio.openTab('results');
  await studio.waitForResults();
  assert.equal(await studio.text('rows-rejected'), '1');
  const forecast = await studio.tableRows('forecast-table');
  assert.equal(forecast.length, 7);
  // The forecast file follows the file's own convention: semicolons, decimal commas, d/m/y.
  const csv = await studio.download('export-csv');
  // A UTF-8 BOM first, so Excel on Windows reads the accents of the header.
  assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const rows = parseCsv(csv.bytes.toString('utf8'), ';');
  assert.equal(rows[0][0], 'date');
  assert.match(rows[1][0], /^\d{2}\/\d{2}\/\d{4}$/);
  assert.ok(rows.slice(1).every((r) => r.length === rows[0].length));
  // Numbers rounded to the series' scale (sales in the hundreds: two decimals), not 17 digits.
  for (const r of rows.slice(1)) {
    assert.ok(r.slice(1).every((v) => /^-?\d+,\d{2}$/.test(v)), r.join(';'));
  }
  await s.screenshot('11-french-export-results');
  await s.assertClean();
});

test('Cancel stops a long run at once and the next run still works', async (t) => {
  const s = await openStudio(t, { query: '?dataset=bike-sharing' });
  const { studio, page } = s;
  await studio.waitForResults();
  // Half a second after a run, boot.js has loaded spare workers, as many as a run uses. Wait
  // that long: a top-up still pending when the next run is cancelled would refill the spares
  // the cancel took, before they are counted.
  await page.waitForTimeout(700);
  const waiting = () => page.evaluate(() => globalThis.__previsionWorkers.length);
  const fullSpares = () => page.waitForFunction(
    () => globalThis.__previsionWorkers.length === Math.min(Math.max(navigator.hardwareConcurrency || 1, 1), 4),
    null, { timeout: 10000 },
  );
  await fullSpares();
  const spares = await waiting();
  // A run that stays long on a fast engine: 20 one-week origins, where every model (the
  // tabular ones included: their folds keep a year of history) is refitted at each (≈ 2.6 s
  // here; a 60-day horizon now fails the tabular models on short folds and ends in 0.4 s).
  await studio.openTab('setup');
  await studio.get('setting-horizon').fill('7');
  await studio.get('setting-horizon').dispatchEvent('change');
  await studio.get('setting-windows').fill('20');
  await studio.get('setting-windows').dispatchEvent('change');
  await studio.get('model-mstl').check();
  await studio.get('setup-run').click();
  await studio.get('run-status').filter({ hasText: /^Model \d+ of \d+/ }).waitFor();
  await studio.get('cancel-button').click({ timeout: 2000 });
  // The cancelled run's workers were terminated and spares took their place.
  assert.ok(await waiting() < spares, `no spare was taken: ${await waiting()} of ${spares} wait`);
  assert.equal(await studio.text('run-status'), 'Run cancelled. Change a setting or run again.');
  assert.equal(await studio.get('chosen-model').count(), 0);
  assert.equal(await studio.get('cancel-button').isEnabled(), false);
  // The same run again for the screenshot of its progress (the shot takes a while, so the run
  // may be over by then: only cancel what is still running).
  await studio.get('run-button').click();
  await studio.get('run-status').filter({ hasText: /^Model \d+ of \d+/ }).waitFor();
  await s.screenshot('12-long-run-progress');
  if (await studio.get('cancel-button').isEnabled()) {
    await studio.get('cancel-button').click({ timeout: 2000 }).catch(() => {});
  }
  // The page answered while the engine was busy; now a short run goes through a fresh worker.
  await studio.openTab('setup');
  await studio.get('setting-horizon').fill('7');
  await studio.get('setting-horizon').dispatchEvent('change');
  await studio.get('setting-windows').fill('3');
  await studio.get('setting-windows').dispatchEvent('change');
  await studio.get('setup-run').click();
  await studio.waitForResults();
  assert.equal((await studio.tableRows('forecast-table')).length, 7);
  await fullSpares();
  await s.assertClean();
});

test('settings are remembered across visits, travel in a link, and a reset forgets them', async (t) => {
  const s = await openStudio(t, { query: '?dataset=drinks-sales&h=6&windows=3&levels=90' });
  const { studio, page } = s;
  await studio.waitForResults();
  assert.equal(await studio.text('results-source'), 'monthly_drinks_sales.csv');
  assert.equal((await studio.tableRows('forecast-table')).length, 6);
  const header = await studio.get('forecast-table').locator('th').allInnerTexts();
  assert.deepEqual(header.slice(2), ['Low 90%', 'High 90%']);

  // A visit without a link brings the last run's settings back.
  await page.goto(s.server.url);
  await studio.waitForResults();
  await studio.openTab('setup');
  assert.equal(await studio.get('setting-horizon').inputValue(), '6');
  assert.equal(await studio.get('setting-levels').inputValue(), '90');
  await s.screenshot('13-setup-remembered');
  await studio.get('settings-forget').click();
  await studio.get('forget-status').filter({ hasText: 'Settings forgotten.' }).waitFor();
  await page.reload();
  await studio.waitForResults();
  await studio.openTab('setup');
  // Forgotten: the demo's own horizon, a week of days.
  assert.equal(await studio.get('setting-horizon').inputValue(), '7');
  // Monthly data with no horizon chosen: a year of months.
  await page.goto(`${s.server.url}?dataset=drinks-sales`);
  await studio.waitForResults();
  assert.equal((await studio.tableRows('forecast-table')).length, 12);
  await studio.openTab('setup');
  assert.equal(await studio.get('setting-horizon').inputValue(), '12');
  await s.assertClean();
});

test('changing a column role reads the file again and runs again', async (t) => {
  const s = await openStudio(t);
  const { studio } = s;
  await studio.waitForResults();
  await studio.openTab('data');
  await studio.get('role-select-promo').selectOption('ignored');
  await studio.get('roles-apply').click();
  await studio.openTab('results');
  await studio.waitForResults();
  await studio.openTab('data');
  const columns = await studio.tableRows('columns-table');
  const promo = columns.find((c) => c[0] === 'promo');
  assert.ok(promo, JSON.stringify(columns));
  assert.equal(promo[1], 'not used');
  await s.assertClean();
});

test('the language switch translates the whole results screen', async (t) => {
  const s = await openStudio(t);
  const { studio, page } = s;
  await studio.waitForResults();
  const visibleTexts = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('h2, h3, button, th, label, legend, .help, [role="tab"]')]
        .filter((el) => el.offsetParent !== null)
        .map((el) => el.innerText.trim())
        .filter((x) => x.length > 0),
    );
  const english = await visibleTexts();
  await studio.switchLanguage('fr');
  await studio.get('chosen-model').filter({ hasText: /^Modèle retenu/ }).waitFor();
  const french = await visibleTexts();
  // Words that are the same in both languages, and names (metrics, data, products).
  const same = /^(Prevision|English|Français|MASE|MAE|RMSE|sMAPE|MAPE|WAPE|σ|Date|ACF( 1(…[2-7])?)?|Points|Contribution|Calendrier|retail_demo\.csv|\d.*|.*\(\d+ trees?\)|.*[–—-].*)$/;
  const untranslated = english.filter((x) => french.includes(x) && !same.test(x));
  assert.deepEqual(untranslated, [], 'texts left in English after the switch');
  assert.match(await studio.text('run-status'), /^Calculé en [\d\u202f]+ ms/);
  await s.screenshot('14-results-fr');
  await s.assertClean();
});

test('once loaded, the studio opens and forecasts offline', async (t) => {
  const s = await openStudio(t);
  const { studio, page } = s;
  await studio.waitForResults();
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  // A second visit while online puts every file in the cache (the first was not controlled).
  await page.reload();
  await studio.waitForResults();
  await page.context().setOffline(true);
  await page.reload();
  await studio.waitForResults();
  assert.equal((await studio.tableRows('forecast-table')).length, 7);
  await page.context().setOffline(false);
  await s.assertClean();
});

test('the tabs follow the keyboard (arrow keys) and keep a visible focus', async (t) => {
  const s = await openStudio(t);
  const { studio, page } = s;
  await studio.get('tab-results').focus();
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'tab-setup');
  await studio.get('panel-setup').waitFor();
  await page.keyboard.press('Home');
  await studio.get('panel-data').waitFor();
  assert.equal(await studio.get('tab-data').getAttribute('aria-selected'), 'true');
  const outline = await studio.get('tab-data').evaluate((el) => getComputedStyle(el).outlineStyle);
  assert.equal(outline, 'solid');
  // Every form control of the set-up step has a label.
  await studio.openTab('setup');
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll('#tab-panel input, #tab-panel select')]
      .filter((el) => !(el.labels && el.labels.length > 0) && !el.getAttribute('aria-label'))
      .map((el) => el.id || el.outerHTML.slice(0, 60)),
  );
  assert.deepEqual(unlabelled, []);
  await s.assertClean();
});

test('long format: two stores are forecast together and the chart follows the chosen store', async (t) => {
  const s = await openStudio(t);
  const { studio, page } = s;
  await studio.upload(join(FIXTURES, 'two_stores.csv'));
  await studio.get('results-source').filter({ hasText: 'two_stores.csv' }).waitFor();
  await studio.waitForResults();
  const forecast = await studio.tableRows('forecast-table');
  assert.equal(forecast.length, 14, 'seven days for each store');
  assert.deepEqual([...new Set(forecast.map((r) => r[0]))], ['Lyon', 'Nantes']);
  const menu = studio.get('forecast-series');
  assert.deepEqual(await menu.locator('option').allInnerTexts(), ['Lyon', 'Nantes']);
  const canvas = '[data-testid="forecast-chart"] canvas';
  const before = await studio.canvasInk(canvas);
  await menu.selectOption('1');
  // The chart is redrawn for the other store: poll its pixels until they change.
  let after = before;
  for (let i = 0; i < 30 && JSON.stringify(after) === JSON.stringify(before); i++) {
    await page.waitForTimeout(100);
    after = await studio.canvasInk(canvas);
  }
  assert.ok(after.ink > 2000, 'the chart of the second store is drawn');
  assert.notDeepEqual(after, before, 'the chart changed with the store');
  // Both stores are explained: the SHAP card has a store menu, and its tables follow it.
  const shapMenu = studio.get('shap-series');
  assert.deepEqual(await shapMenu.locator('option').allInnerTexts(), ['Lyon', 'Nantes']);
  assert.equal(await studio.get('explained-series').count(), 0, 'no note: every store is explained');
  const lyon = await studio.tableRows('shap-table');
  await shapMenu.selectOption('1');
  let nantes = lyon;
  for (let i = 0; i < 30 && JSON.stringify(nantes) === JSON.stringify(lyon); i++) {
    await page.waitForTimeout(100);
    nantes = await studio.tableRows('shap-table');
  }
  assert.notDeepEqual(nantes, lyon, 'the explanation changed with the store');
  assert.equal((await studio.get('shap-step').locator('option').allInnerTexts()).length, 7);
  await s.screenshot('15-two-stores');
  await s.assertClean();
});

test('long format: a store too short for one backtest window is named and forecast by a rule, the others by the chosen model', async (t) => {
  const s = await openStudio(t);
  const { studio } = s;
  // two_stores.csv with a store opened on its last two days, written first in the file.
  const lines = readFileSync(join(FIXTURES, 'two_stores.csv'), 'utf8').trimEnd().split('\n');
  const last = lines.filter((l) => l.includes(',Lyon,')).slice(-2).map((l) => l.replace(',Lyon,', ',Angers,'));
  const csv = [lines[0], ...last, ...lines.slice(1)].join('\n') + '\n';
  await studio.drop({ name: 'three_stores.csv', buffer: Buffer.from(csv) });
  await studio.get('results-source').filter({ hasText: 'three_stores.csv' }).waitFor();
  await studio.waitForResults();
  const forecast = await studio.tableRows('forecast-table');
  assert.deepEqual([...new Set(forecast.map((r) => r[0]))], ['Lyon', 'Nantes']);
  const notes = await studio.get('run-warnings').innerText();
  assert.match(notes, /Series "Angers" too new to compare models on: 2 observed values, 15 needed for one backtest window\. It is forecast by the mean of its values, without an interval; the other series get the chosen model's forecast\./);
  // Angers gets the mean of its two days, for each of the 7 days after its last one.
  const angers = last.map((l) => Number(l.split(',')[2]));
  const mean = (angers[0] + angers[1]) / 2;
  const lastDay = last[1].split(',')[0];
  const rows = await studio.tableRows('new-series-table');
  assert.equal(rows.length, 7);
  for (const r of rows) {
    assert.deepEqual(r.slice(0, 3), ['Angers', '2', 'mean of its values']);
    // Shown with the forecast table's decimals (one, for values in the hundreds).
    assert.ok(Math.abs(Number(r[4].replace(/[\s,\u202f]/g, '')) - mean) <= 0.05 + 1e-9, `${r[4]} vs ${mean}`);
  }
  const dayAfter = new Date(Date.parse(`${lastDay}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);
  // The forecast file carries it too, after the others, with empty bounds.
  const csvOut = (await studio.download('export-csv')).bytes.toString('utf8').trim().split(/\r?\n/);
  const angersLines = csvOut.filter((l) => l.startsWith('Angers,'));
  assert.equal(angersLines.length, 7);
  assert.equal(csvOut.indexOf(angersLines[0]), csvOut.length - 7);
  const [id, date, value, ...bounds] = angersLines[0].split(',');
  assert.equal(date, dayAfter);
  assert.ok(Math.abs(Number(value) - mean) < 0.01, `${value} vs ${mean}`);
  assert.ok(bounds.length >= 2 && bounds.every((b) => b === ''), angersLines[0]);
  // The chart is Lyon's: its history is found by the series' name, not its place in the file.
  const ink = await studio.canvasInk('[data-testid="forecast-chart"] canvas');
  assert.ok(ink.ink > 2000, `the forecast chart is drawn: ${JSON.stringify(ink)}`);
  const label = await studio.get('forecast-chart').locator('canvas').getAttribute('aria-label');
  assert.match(label, /^Forecast — Lyon · [^.]+\. /);
  await studio.switchLanguage('fr');
  assert.match(await studio.get('run-warnings').innerText(), /Série « Angers » trop récente pour comparer les modèles : 2 valeurs observées, il en faut 15/);
  assert.match(await studio.get('new-series').innerText(), /Séries trop récentes pour comparer les modèles/);
  assert.equal((await studio.tableRows('new-series-table'))[0][2], 'moyenne de ses valeurs');
  await s.screenshot('15b-store-left-out');
  await s.assertClean();
});

test('long format: a store opened last month is scored on the windows it holds, and the others keep all five', async (t) => {
  const s = await openStudio(t);
  const { studio, page } = s;
  // two_stores.csv (140 days a store) and a third store with the last 30 days of Lyon's sales.
  const lines = readFileSync(join(FIXTURES, 'two_stores.csv'), 'utf8').trimEnd().split('\n');
  const recent = lines.filter((l) => l.includes(',Lyon,')).slice(-30).map((l) => l.replace(',Lyon,', ',Angers,'));
  const csv = [...lines, ...recent].join('\n') + '\n';
  await studio.drop({ name: 'new_store.csv', buffer: Buffer.from(csv) });
  await studio.get('results-source').filter({ hasText: 'new_store.csv' }).waitFor();
  await studio.waitForResults();
  const forecast = await studio.tableRows('forecast-table');
  assert.deepEqual([...new Set(forecast.map((r) => r[0]))], ['Lyon', 'Nantes', 'Angers']);
  const notes = await studio.get('run-warnings').innerText();
  assert.match(notes, /Series "Angers" has only 30 observed values: too new for the others' 5 backtest windows, it is scored on the latest 2 only\. The others keep all their windows and lags\./);
  assert.doesNotMatch(notes, /Short history/, 'the old stores keep their five windows');
  // A model the new store is too short for is left out, and the note says on which store.
  assert.match(notes, /Model Seasonal average \(4\) left out: on series "Angers", it needs at least 28 values to learn from and had only \d+\./);
  // The chosen model's errors store by store, with the windows each was scored on.
  const perSeries = await studio.tableRows('per-series-table');
  const windows = Object.fromEntries(perSeries.map((r) => [r[0], r[1]]));
  assert.deepEqual(windows, { Lyon: '5', Nantes: '5', Angers: '2' });
  const mase = perSeries.map((r) => Number(r[3]));
  assert.ok(mase.every((m, i) => Number.isFinite(m) && (i === 0 || m <= mase[i - 1])), `least accurate first: ${mase}`);
  // Picking the new store in that table shows its chart (history, its two past windows'
  // forecasts, its future) and moves the focus to the forecast card's menu, which follows.
  await studio.get('per-series-table-pick').filter({ hasText: 'Angers' }).click();
  const chart = studio.get('forecast-chart').locator('canvas');
  await page.waitForFunction(
    () => document.querySelector('[data-testid="forecast-chart"] canvas')?.getAttribute('aria-label')?.includes('Angers'),
  );
  assert.match(await chart.getAttribute('aria-label'), /^Forecast — Angers · /);
  assert.equal(await studio.get('forecast-series').inputValue(), '2');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'forecast-series');
  const ink = await studio.canvasInk('[data-testid="forecast-chart"] canvas');
  assert.ok(ink.ink > 2000, `the new store's chart is drawn: ${JSON.stringify(ink)}`);
  await studio.switchLanguage('fr');
  assert.match(
    await studio.get('run-warnings').innerText(),
    /La série « Angers » n'a que 30 valeurs observées : trop récente pour les 5 fenêtres de test des autres, elle n'est évaluée que sur les 2 dernières\./,
  );
  assert.match(await studio.get('per-series').locator('h2').innerText(), /^Erreur par série$/);
  await s.screenshot('15e-new-store');
  await s.assertClean();
});

test('a wide table (one column per store) becomes one series per column when asked, in both languages', async (t) => {
  const s = await openStudio(t);
  const { studio } = s;
  // stores_wide.csv: date;Lyon;Paris;Nantes;promo, 112 days, French decimals.
  await studio.upload(join(FIXTURES, 'stores_wide.csv'));
  await studio.waitForReport('stores_wide.csv');
  // Read as it stands: Lyon is the value to forecast, the other stores are inputs.
  assert.equal(await studio.get('role-select-Lyon').inputValue(), 'target');
  assert.equal(await studio.get('wide-table').isChecked(), false);
  await studio.get('wide-table').check();
  await studio.get('role-select-promo').selectOption('known');
  await studio.get('roles-apply').click();
  // The data step reads the file again: a `series` column of the stores' names and a `value`.
  await studio.get('role-select-series').waitFor();
  assert.equal(await studio.get('role-select-series').inputValue(), 'series-id');
  assert.equal(await studio.get('role-select-value').inputValue(), 'target');
  assert.equal(await studio.get('wide-table').isChecked(), true);
  await studio.openTab('results');
  const menu = studio.get('forecast-series');
  await menu.waitFor({ timeout: 120_000 });
  await studio.waitForResults();
  assert.deepEqual(await menu.locator('option').allInnerTexts(), ['Lyon', 'Paris', 'Nantes']);
  const forecast = await studio.tableRows('forecast-table');
  assert.equal(forecast.length, 21, 'seven days for each of three stores');
  // Paris sells about three times Lyon: its first forecast is well above Lyon's.
  const first = (store) => Number(forecast.find((r) => r[0] === store)[2].replace(/,/g, ''));
  assert.ok(first('Paris') > 2 * first('Lyon'), `${first('Paris')} vs ${first('Lyon')}`);
  const ink = await studio.canvasInk('[data-testid="forecast-chart"] canvas');
  assert.ok(ink.ink > 2000, `the chart is drawn: ${JSON.stringify(ink)}`);
  await studio.openTab('data');
  await studio.switchLanguage('fr');
  assert.match(await studio.get('roles').innerText(), /Chaque colonne de nombres est une série/);
  await studio.get('roles').scrollIntoViewIfNeeded();
  await s.screenshot('15c-wide-table-fr');
  await s.assertClean();
});

test('real-data layouts: a meter export with its times in a column of their own is hourly, a web-traffic file with its dates across the header is one series per row', async (t) => {
  const s = await openStudio(t);
  const { studio } = s;
  // The layout of the UCI household power file: Date;Time;..., `?` for a missing reading.
  const meter = ['Date;Time;Global_active_power;Voltage'];
  for (let h = 0; h < 24 * 12; h++) {
    const day = 16 + Math.floor(h / 24);
    const hh = String(h % 24).padStart(2, '0');
    const value = h === 50 ? '?' : (1.5 + Math.sin((h % 24) / 24 * 2 * Math.PI) + (h % 7) / 10).toFixed(3);
    meter.push(`${day}/11/2006;${hh}:00:00;${value};240.1`);
  }
  await studio.drop({ name: 'meter.txt', buffer: Buffer.from(meter.join('\n') + '\n') });
  await studio.waitForReport('meter.txt');
  assert.equal(await studio.text('fact-frequency'), 'hourly');
  assert.equal(await studio.get('role-select-Time').inputValue(), 'date');
  const warnings = await studio.get('warnings').innerText();
  assert.match(warnings, /The dates are in “Date” and the times of day in “Time”: each row's date and time were read together/);
  await studio.openTab('results');
  await studio.waitForResults();
  const forecast = await studio.tableRows('forecast-table');
  // Hourly data: the horizon nobody chose is a day of hours, not 7 steps.
  assert.equal(forecast.length, 24);
  // The first hour after the last reading (27/11 23:00), not the next day.
  assert.equal(forecast[0][0], '2006-11-28 00:00');
  assert.equal(forecast[23][0], '2006-11-28 23:00');

  // Dates across the header, one page per row (the Kaggle web-traffic layout).
  const days = Array.from({ length: 120 }, (_, i) => new Date(Date.UTC(2023, 0, 1 + i)).toISOString().slice(0, 10));
  const traffic = [`Page,${days.join(',')}`];
  for (const [page, base] of [['Main_Page_en', 4000], ['Paris_fr', 300], ['Rust_en', 900]]) {
    traffic.push(`"${page}",${days.map((d, i) => (i === 40 ? '' : String(base + (i % 7 < 5 ? base / 4 : 0) + (i * 37) % 50))).join(',')}`);
  }
  await studio.drop({ name: 'traffic.csv', buffer: Buffer.from(traffic.join('\n') + '\n') });
  await studio.waitForReport('traffic.csv');
  assert.equal(await studio.text('rows-loaded'), '3');
  assert.equal(await studio.get('role-select-Page').inputValue(), 'series-id');
  assert.match(await studio.get('warnings').innerText(), /The dates are the column headers and each row is one series: 120 dates were read from the header for 3 series/);
  await studio.openTab('results');
  const menu = studio.get('forecast-series');
  await menu.waitFor({ timeout: 120_000 });
  await studio.waitForResults();
  assert.deepEqual(await menu.locator('option').allInnerTexts(), ['Main_Page_en', 'Paris_fr', 'Rust_en']);
  const ink = await studio.canvasInk('[data-testid="forecast-chart"] canvas');
  assert.ok(ink.ink > 2000, `the chart is drawn: ${JSON.stringify(ink)}`);
  await studio.openTab('data');
  await studio.switchLanguage('fr');
  assert.match(await studio.get('warnings').innerText(), /Les dates sont les en-têtes des colonnes et chaque ligne est une série\s?: 120 dates ont été lues dans l'en-tête pour 3 séries/);
  await s.screenshot('15d-dates-across-fr');
  await s.assertClean();
});

test('if the page cannot compile the workers\' wasm, each worker loads it itself and the forecast still runs', async (t) => {
  // The page's two tries (streaming, then from bytes) fail; later requests go through.
  const asked = [];
  const s = await openStudio(t, {
    beforeOpen: (context) =>
      context.route(/\/prevision-worker-[0-9a-f]+_bg\.wasm$/, (route) => {
        asked.push(route.request().url());
        return asked.length <= 2 ? route.abort() : route.continue();
      }),
  });
  const { studio } = s;
  const status = await studio.waitForResults();
  assert.match(status, /^Computed in [\d,]+ ms, in your browser$/);
  assert.ok(asked.length >= 2, `the page asked for the workers' wasm: ${asked.length}`);
  const workerFetches = s.requests.filter((url) => /\/prevision-worker-[0-9a-f]+_bg\.wasm$/.test(url));
  assert.ok(workerFetches.length >= 3, `the workers fetched it after the page failed: ${workerFetches.length}`);
  assert.ok((await studio.leaderboardModels()).length >= 7);
});
