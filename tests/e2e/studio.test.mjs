// End-to-end tests of the studio in headless Chromium against the release build in dist/.
// Each test opens a fresh browser profile and server, asserts real content through
// `data-testid`s, saves a screenshot, and ends with `assertClean()`: no request off the page's
// origin, no console or page error, no Content-Security-Policy violation.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

import { FIXTURES, openStudio } from './harness.mjs';

test('the bike-sharing report shows 731 rows and its attribution', async (t) => {
  const s = await openStudio(t, { query: '?dataset=bike-sharing' });
  const { studio } = s;
  await studio.waitForReport('daily_bike_sharing.csv');
  t.diagnostic(`first report shown ${s.loadMs} ms after navigation`);

  assert.match(await studio.text('report-title'), /daily_bike_sharing\.csv/);
  assert.equal(await studio.text('rows-read'), '731');
  assert.equal(await studio.text('rows-loaded'), '731');
  assert.equal(await studio.text('rows-rejected'), '0');
  assert.equal(await studio.text('fact-frequency'), 'daily');
  assert.equal(await studio.text('fact-date-range'), '2011-01-01 to 2012-12-31');
  assert.equal(await studio.text('fact-series-count'), '1');
  const attribution =
    'Capital Bikeshare data via UCI Bike Sharing dataset, Fanaee-T & Gama (2013), CC BY 4.0';
  assert.equal(await studio.text('report-attribution'), attribution);
  assert.equal(await studio.text('attribution-bike-sharing'), attribution);
  assert.equal(
    await studio.text('privacy-note'),
    'Your data never leaves this computer: everything runs in your browser.',
  );
  const preview = await studio.tableRows('preview-table');
  assert.equal(preview.length, 10);
  assert.deepEqual(preview[0], ['2011-01-01', '985']);
  assert.equal(await studio.documentLang(), 'en');
  // The header index.html shows while the wasm loads is gone: one header, the app's.
  assert.equal(await s.page.locator('#boot-shell').count(), 0);
  assert.equal(await s.page.locator('header.topbar').count(), 1);
  await s.screenshot('01-first-load-bike-sharing');

  await studio.loadDataset('drinks-sales');
  await studio.waitForReport('monthly_drinks_sales.csv');
  assert.equal(await studio.text('fact-frequency'), 'monthly');
  await s.screenshot('02-drinks-sales');
  await s.assertClean();
});

test('a CSV picked with the file input or dropped on the drop zone gets its own report', async (t) => {
  const s = await openStudio(t);
  const { studio } = s;

  await studio.upload(join(FIXTURES, 'small_daily.csv'));
  await studio.waitForReport('small_daily.csv');
  assert.equal(await studio.text('rows-read'), '90');
  assert.equal(await studio.text('rows-loaded'), '90');
  assert.equal(await studio.text('fact-delimiter'), 'comma ( , )');
  assert.equal(await studio.text('fact-target-column'), 'sales');
  const columns = await studio.tableRows('columns-table');
  assert.deepEqual(
    columns.map((c) => c[0]),
    ['date', 'sales', 'promo'],
  );
  await s.screenshot('03-uploaded-small-daily');

  const buffer = await readFile(join(FIXTURES, 'small_daily.csv'));
  await studio.drop({ name: 'dropped.csv', buffer });
  await studio.waitForReport('dropped.csv');
  assert.equal(await studio.text('rows-loaded'), '90');

  // File content is shown as text, never interpreted as HTML.
  const hostile = '<img src=x onerror="window.__pwned=1">';
  await studio.upload({
    name: 'hostile.csv',
    buffer: Buffer.from(`date,"${hostile.replaceAll('"', '""')}"\n2024-01-01,1\n2024-01-02,2\n2024-01-03,3\n`),
  });
  await studio.waitForReport('hostile.csv');
  assert.equal(await studio.text('fact-target-column'), hostile);
  assert.equal(await s.page.locator('[data-testid="report"] img').count(), 0);
  assert.equal(await s.page.evaluate(() => window.__pwned), undefined);
  await s.assertClean();
});

test('a French Excel export: the bad line, its column and the missing days are named', async (t) => {
  const s = await openStudio(t);
  const { studio } = s;

  await studio.upload(join(FIXTURES, 'french_export.csv'));
  await studio.waitForReport('french_export.csv');
  assert.equal(await studio.text('fact-delimiter'), 'semicolon ( ; )');
  assert.equal(await studio.text('fact-decimal'), 'comma (12,5)');
  assert.equal(await studio.text('fact-encoding'), 'UTF-8 with byte-order mark (BOM)');
  assert.match(await studio.text('fact-date-format'), /^day\/month\/year/);
  assert.equal(await studio.text('rows-read'), '28');
  assert.equal(await studio.text('rows-loaded'), '27');
  assert.equal(await studio.text('rows-rejected'), '1');

  // Line 20 of the file is `21/11/2016;#VALEUR!` (the header is line 1).
  const rejected = await studio.tableRows('rejected-table');
  assert.deepEqual(rejected, [['20', 'Ventes', '“#VALEUR!” is not a number']]);
  const gaps = await studio.tableRows('gaps-table');
  assert.ok(
    gaps.some((g) => g.join('|') === 'Ventes|2016-11-14|2016-11-15|2' || g.slice(1).join('|') === '2016-11-14|2016-11-15|2'),
    `gaps table lacks 14–15 Nov 2016: ${JSON.stringify(gaps)}`,
  );
  assert.match(await studio.text('fill-policy'), /left empty/);
  await s.screenshot('04-french-export-en');

  await studio.switchLanguage('fr');
  assert.deepEqual(await studio.tableRows('rejected-table'), [
    ['20', 'Ventes', '«\u00a0#VALEUR!\u00a0» n\'est pas un nombre'],
  ]);
  const gapsFr = await studio.tableRows('gaps-table');
  assert.ok(gapsFr.some((g) => g.slice(1).join('|') === '14/11/2016|15/11/2016|2'));
  assert.equal(await studio.text('fact-delimiter'), 'point-virgule ( ; )');
  await s.screenshot('05-french-export-fr');
  await s.assertClean();
});

test('malformed files show a translated error in place and the page keeps working', async (t) => {
  const s = await openStudio(t);
  const { studio } = s;
  const cases = [
    { name: 'empty.csv', buffer: Buffer.alloc(0), en: 'This file is empty.' },
    {
      name: 'header_only.csv',
      buffer: Buffer.from('date,value\n'),
      en: 'This file has a header line but no data rows.',
    },
    {
      name: 'junk.csv',
      // A PNG signature and a NUL: what a picture renamed to .csv starts with.
      buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff, 0x10]),
      en: /^This is not a text file/,
    },
  ];
  for (const c of cases) {
    await studio.upload({ name: c.name, buffer: c.buffer });
    await studio.get('error-title').filter({ hasText: c.name }).waitFor();
    const message = await studio.text('error-message');
    if (c.en instanceof RegExp) assert.match(message, c.en);
    else assert.equal(message, c.en);
    assert.notEqual(await studio.text('error-advice'), '');
    assert.equal(await studio.get('report').count(), 0);
    // A bad file is an error in place, never a panic reaching the crash notice.
    assert.equal(await studio.get('crash-notice').count(), 0);
  }
  await s.screenshot('06-error-binary-en');

  await studio.switchLanguage('fr');
  assert.match(await studio.text('error-message'), /^Ce n'est pas un fichier texte/);
  assert.match(await studio.text('error-next-step'), /la page continue de fonctionner/);
  await s.screenshot('07-error-binary-fr');

  // The page still works: a valid file loads and shows its report.
  await studio.upload(join(FIXTURES, 'small_daily.csv'));
  await studio.waitForReport('small_daily.csv');
  assert.equal(await studio.text('rows-loaded'), '90');
  await s.assertClean();
});

test('the language switch changes the data report and html[lang]', async (t) => {
  const s = await openStudio(t, { query: '?dataset=bike-sharing' });
  const { studio, page } = s;
  await studio.waitForReport('daily_bike_sharing.csv');
  const english = {
    'privacy-note': 'Your data never leaves this computer: everything runs in your browser.',
    'tagline': 'Forecasts you can check, from your own files',
    'report-title': 'Data check: daily_bike_sharing.csv',
    'fact-frequency': 'daily',
    'facts-section-title': 'The file',
  };
  const french = {
    'privacy-note':
      'Vos données ne quittent jamais cet ordinateur\u00a0: tout se passe dans votre navigateur.',
    'tagline': 'Des prévisions vérifiables, à partir de vos propres fichiers',
    'report-title': 'Vérification des données\u00a0: daily_bike_sharing.csv',
    'fact-frequency': 'quotidienne',
    'facts-section-title': 'Le fichier',
  };
  const check = async (expected) => {
    for (const [id, text] of Object.entries(expected)) {
      assert.equal(await studio.text(id), text, `text of ${id}`);
    }
  };
  await check(english);
  assert.equal(await studio.get('lang-en').getAttribute('aria-pressed'), 'true');

  await studio.switchLanguage('fr');
  await check(french);
  assert.equal(await studio.documentLang(), 'fr');
  assert.equal(await studio.get('lang-fr').getAttribute('aria-pressed'), 'true');
  assert.equal(await studio.text('fact-date-range'), 'du 01/01/2011 au 31/12/2012');
  await s.screenshot('08-bike-sharing-fr');

  // The choice survives a reload.
  await page.reload();
  await studio.waitForReport('daily_bike_sharing.csv');
  await check(french);

  await studio.switchLanguage('en');
  await check(english);
  assert.equal(await studio.documentLang(), 'en');
  await s.assertClean();
});

test('a first visit from a French browser starts in French', async (t) => {
  const s = await openStudio(t, { locale: 'fr-FR', query: '?dataset=bike-sharing' });
  const { studio } = s;
  assert.equal(await studio.documentLang(), 'fr');
  assert.equal(await studio.text('tab-results'), '3. Résultats');
  assert.equal(await studio.text('rows-loaded'), '731');
  assert.equal(await studio.text('app-title'), 'Prevision');
  assert.equal(await studio.text('start-title'), 'Chargez votre historique');
  await s.assertClean();
});

test('the drop zone is a keyboard-reachable button that opens the file picker', async (t) => {
  const s = await openStudio(t);
  const { studio, page } = s;
  // Tab from the top of the page until the drop zone has focus.
  let focused = '';
  for (let i = 0; i < 10 && focused !== 'drop-zone'; i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement?.dataset.testid ?? '');
  }
  assert.equal(focused, 'drop-zone');
  const outline = await studio
    .get('drop-zone')
    .evaluate((el) => getComputedStyle(el).outlineStyle);
  assert.equal(outline, 'solid', 'the focused drop zone shows a focus outline');
  // `locator.press` resolves the element first: that round trip lets Playwright's file
  // chooser interception, armed by `waitForEvent`, reach the browser before the key press.
  const chooserShown = page.waitForEvent('filechooser');
  await studio.get('drop-zone').press('Enter');
  const chooser = await chooserShown;
  await s.screenshot('09-keyboard-focus');
  await chooser.setFiles(join(FIXTURES, 'small_daily.csv'));
  await studio.waitForReport('small_daily.csv');
  assert.equal(await studio.text('rows-loaded'), '90');
  await s.assertClean();
});
