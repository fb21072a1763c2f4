// End-to-end tests of irregular timestamps put on a grid: shop ticket lines at any minute of
// the day become daily totals (each row moved to the start of its day, the rows of one day
// added up, a day without tickets counted as zero), and the column-roles card's time step and
// merge menus read the file again on another grid. Same rules as studio.test.mjs:
// data-testids only, a screenshot, and `assertClean()`.
//
// The fixture, tests/e2e/fixtures/tickets.csv, is a French till export: semicolons, decimal
// commas, `dd/mm/yyyy HH:MM`, 313 ticket lines from Monday 8 January 2024 to Saturday
// 2 March 2024, the shop shut every Sunday. Its first day, by hand:
//   08/01/2024  09:07 12,50 · 10:41 8,00 · 11:58 23,40 · 14:13 5,90 · 16:36 31,20 · 18:52 42,60
//   sum 123,60 over 6 tickets, mean 20,60.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';

import { FIXTURES, openStudio } from './harness.mjs';

const TICKETS = join(FIXTURES, 'tickets.csv');
const LINES = '313';

/** The warning when the engine chose the grid itself (src/i18n/en.rs, `IngestWarning::Resampled`). */
const automatic = (freq) =>
  `The dates are not regularly spaced, so each row was moved to the start of its period: the data is now ${freq}. ` +
  'Rows of one period are merged as said under “Repeated dates”; ' +
  'choose another time step or merge rule with the column roles.';

/** The warning when the time step was chosen in the column-roles card. */
const asked = (freq) =>
  `As asked, each row was moved to the start of its period: the data is now ${freq}. ` +
  'Rows of one period are merged as said under “Repeated dates”.';

/** Daily totals of the first ten days, 8–17 January 2024 (14 January is a Sunday). */
const FIRST_DAYS_SUMMED = [
  ['2024-01-08', '123.6'],
  ['2024-01-09', '83.3'],
  ['2024-01-10', '126.3'],
  ['2024-01-11', '216.8'],
  ['2024-01-12', '147.8'],
  ['2024-01-13', '216'],
  ['2024-01-14', '0'],
  ['2024-01-15', '127.8'],
  ['2024-01-16', '57.8'],
  ['2024-01-17', '135.5'],
];

/** Picks a time step and a merge rule in the column-roles card and applies them. */
async function applyGrid(studio, { step, merge }) {
  if (step) await studio.get('grid-step').selectOption(step);
  if (merge) await studio.get('grid-merge').selectOption(merge);
  await studio.get('roles-apply').click();
}

/** Waits until the report's frequency fact reads `text` (the report after an apply). */
async function waitForFrequency(studio, text) {
  await studio.get('fact-frequency').filter({ hasText: new RegExp(`^${text}$`) }).waitFor();
}

test('ticket lines at any minute become daily totals, Sundays count as zero, and the forecast runs', async (t) => {
  const s = await openStudio(t);
  const { studio } = s;
  await studio.upload(TICKETS);
  await studio.waitForReport('tickets.csv');

  // Every ticket line is loaded: none is dropped as off the grid.
  assert.equal(await studio.text('rows-read'), LINES);
  assert.equal(await studio.text('rows-loaded'), LINES);
  assert.equal(await studio.text('rows-rejected'), '0');
  assert.equal(await studio.text('fact-delimiter'), 'semicolon ( ; )');
  assert.equal(await studio.text('fact-decimal'), 'comma (12,5)');
  assert.match(await studio.text('fact-date-format'), /^day\/month\/year/);
  assert.equal(await studio.text('fact-frequency'), 'daily');
  assert.equal(await studio.text('fact-date-range'), '2024-01-08 to 2024-03-02');
  assert.deepEqual(await studio.get('warning').allInnerTexts(), [automatic('daily')]);

  // The preview: one row a day from the first day's midnight, tickets added up, the Sunday 0.
  assert.deepEqual(await studio.tableRows('preview-table'), FIRST_DAYS_SUMMED);
  // 55 days from Monday 8 January to Saturday 2 March, Sundays included.
  assert.match(await studio.text('preview-note'), /^The first 10 of 55 rows of series /);

  // The seven Sundays inside the range are the gaps, each one day, and were set to zero.
  assert.equal(await studio.text('missing-steps'), '7');
  const gaps = await studio.tableRows('gaps-table');
  const sundays = ['2024-01-14', '2024-01-21', '2024-01-28', '2024-02-04', '2024-02-11', '2024-02-18', '2024-02-25'];
  assert.deepEqual(
    gaps.map((g) => g.slice(1)),
    sundays.map((d) => [d, d, '1']),
  );
  assert.equal(await studio.text('fill-policy'), '7 missing values were set to zero.');
  // A shop shut on Sundays: its zero Sundays are the weekly pattern, not unusual values.
  const unusual = (await studio.tableRows('outliers-table')).map((o) => o.join(' '));
  assert.ok(unusual.length > 0, 'the busiest days are still flagged');
  for (const day of sundays) {
    assert.ok(!unusual.some((o) => o.includes(day)), `${day} flagged: ${unusual}`);
  }
  // Each open day's tickets are one repeated date, added together.
  const repeated = await studio.tableRows('duplicates-table');
  assert.equal(repeated.length, 48, 'one merged group per open day');
  assert.deepEqual(repeated[0].slice(1), ['2024-01-08', '6', '2, 3, 4, 5, 6, 7']);
  assert.equal(await studio.text('duplicate-policy'), 'Rows with the same date were added together.');

  // The column-roles card offers the grid, starting from the file's own spacing and the
  // engine's own merge rule (tickets: a sum).
  assert.equal(await studio.get('grid-step').inputValue(), 'file');
  assert.equal(await studio.get('grid-merge').inputValue(), 'auto');
  assert.deepEqual(await studio.get('grid-step').locator('option').evaluateAll((o) => o.map((x) => x.value)), [
    'file',
    'hour',
    'day',
    'week',
    'month',
  ]);
  assert.deepEqual(await studio.get('grid-merge').locator('option').evaluateAll((o) => o.map((x) => x.value)), [
    'auto',
    'sum',
    'mean',
    'last',
  ]);
  await studio.get('roles').scrollIntoViewIfNeeded();
  await s.screenshot('16-tickets-resampled');

  // In French: the same warning, translated, and French dates and decimals in the preview.
  await studio.switchLanguage('fr');
  assert.equal(await studio.text('fact-frequency'), 'quotidienne');
  assert.match(
    await studio.text('warning'),
    /^Les dates ne sont pas régulièrement espacées\u00a0: chaque ligne a été ramenée au début de sa période et les données sont désormais de fréquence quotidienne\./,
  );
  assert.deepEqual((await studio.tableRows('preview-table')).slice(0, 1), [['08/01/2024', '123,6']]);
  await studio.switchLanguage('en');

  // The daily series forecasts: the week after the last Saturday, from Sunday 3 March.
  await studio.openTab('results');
  const status = await studio.waitForResults();
  assert.match(status, /^Computed in [\d,]+ ms, in your browser$/);
  assert.equal(await studio.text('results-source'), 'tickets.csv');
  assert.match(await studio.text('chosen-model'), /^Chosen model: .+ \(MASE \d/);
  assert.ok((await studio.leaderboardModels()).length >= 3);
  const forecast = await studio.tableRows('forecast-table');
  assert.deepEqual(
    forecast.map((r) => r[0]),
    ['2024-03-03', '2024-03-04', '2024-03-05', '2024-03-06', '2024-03-07', '2024-03-08', '2024-03-09'],
  );
  t.diagnostic(`${status}; chosen: ${await studio.text('chosen-model')}; Sunday forecast ${forecast[0][1]}`);
  await s.assertClean();
});

test('the time step and merge menus: weekly totals, then daily means, then hours', async (t) => {
  const s = await openStudio(t);
  const { studio } = s;
  await studio.upload(TICKETS);
  await studio.waitForReport('tickets.csv');
  assert.equal(await studio.text('fact-frequency'), 'daily');

  // Weeks from Monday: eight weekly totals, nothing missing, the "as asked" warning.
  await applyGrid(studio, { step: 'week' });
  await waitForFrequency(studio, 'weekly, on Monday');
  assert.deepEqual(await studio.get('warning').allInnerTexts(), [asked('weekly, on Monday')]);
  assert.equal(await studio.text('rows-loaded'), LINES);
  assert.equal(await studio.text('rows-rejected'), '0');
  assert.equal(await studio.text('missing-steps'), '0');
  assert.equal(await studio.text('fact-date-range'), '2024-01-08 to 2024-02-26');
  assert.deepEqual(await studio.tableRows('preview-table'), [
    ['2024-01-08', '913.8'],
    ['2024-01-15', '896'],
    ['2024-01-22', '843.4'],
    ['2024-01-29', '1,197.6'],
    ['2024-02-05', '941.9'],
    ['2024-02-12', '828.6'],
    ['2024-02-19', '980.8'],
    ['2024-02-26', '869.4'],
  ]);
  // The menus keep what was applied; a step asked for adds the tickets up.
  assert.equal(await studio.get('grid-step').inputValue(), 'week');
  assert.equal(await studio.get('grid-merge').inputValue(), 'auto');
  assert.equal(await studio.text('duplicate-policy'), 'Rows with the same date were added together.');

  // Days again, the tickets of a day averaged: 123,60 over 6 tickets is 20,6. A Sunday has
  // no ticket to average, so it stays empty rather than zero.
  await applyGrid(studio, { step: 'day', merge: 'mean' });
  await waitForFrequency(studio, 'daily');
  await studio.get('duplicate-policy').filter({ hasText: 'averaged' }).waitFor();
  const warnings = await studio.get('warning').allInnerTexts();
  assert.deepEqual(warnings, [asked('daily')]);
  assert.equal(await studio.text('rows-loaded'), LINES);
  assert.equal(await studio.text('duplicate-policy'), 'Rows with the same date were averaged.');
  const means = await studio.tableRows('preview-table');
  assert.deepEqual(means.slice(0, 2), [
    ['2024-01-08', '20.6'],
    ['2024-01-09', '16.66'],
  ]);
  assert.deepEqual(means[6], ['2024-01-14', '—']);
  assert.match(await studio.text('fill-policy'), /left empty/);
  assert.equal(await studio.get('grid-step').inputValue(), 'day');
  assert.equal(await studio.get('grid-merge').inputValue(), 'mean');
  await studio.get('roles').scrollIntoViewIfNeeded();
  await s.screenshot('17-tickets-daily-mean');

  // Hours, added up: each ticket moves to the start of its hour (09:07 → 09:00) and the
  // empty hours between tickets are zero.
  await applyGrid(studio, { step: 'hour', merge: 'sum' });
  await waitForFrequency(studio, 'hourly');
  assert.deepEqual(await studio.get('warning').allInnerTexts(), [asked('hourly')]);
  assert.deepEqual((await studio.tableRows('preview-table')).slice(0, 5), [
    ['2024-01-08 09:00', '12.5'],
    ['2024-01-08 10:00', '8'],
    ['2024-01-08 11:00', '23.4'],
    ['2024-01-08 12:00', '0'],
    ['2024-01-08 13:00', '0'],
  ]);

  // Back to the file's own spacing: the automatic daily grid and its warning.
  await applyGrid(studio, { step: 'file' });
  await waitForFrequency(studio, 'daily');
  assert.deepEqual(await studio.get('warning').allInnerTexts(), [automatic('daily')]);
  assert.deepEqual((await studio.tableRows('preview-table')).slice(0, 1), [FIRST_DAYS_SUMMED[0]]);
  await studio.openTab('results');
  await studio.waitForResults();
  assert.equal((await studio.tableRows('forecast-table')).length, 7);
  await s.assertClean();
});

test('readings taken at any time are averaged on the grid chosen for them, not added up', async (t) => {
  const s = await openStudio(t);
  const { studio } = s;
  // A room temperature between 15 and 25 °C (one day's cycle), read every 3 to 33 minutes
  // for a week: several readings fall in each hour.
  const lines = ['timestamp,temperature'];
  let minute = 0;
  for (let k = 0; minute < 7 * 24 * 60; k++) {
    minute += 3 + ((k * 7919) % 31);
    const t = new Date(Date.UTC(2024, 0, 1) + minute * 60000).toISOString().slice(0, 16).replace('T', ' ');
    lines.push(`${t},${(20 + 5 * Math.sin((minute / 1440) * 2 * Math.PI)).toFixed(2)}`);
  }
  await studio.drop({ name: 'room.csv', buffer: Buffer.from(lines.join('\n') + '\n') });
  await studio.waitForReport('room.csv');
  assert.equal(await studio.text('fact-frequency'), 'hourly');
  assert.equal(await studio.text('warning'), automatic('hourly'));
  assert.equal(await studio.text('duplicate-policy'), 'Rows with the same date were averaged.');
  assert.equal(await studio.get('grid-merge').inputValue(), 'auto');
  // Each hour holds a temperature, not the sum of its readings.
  const values = (await studio.tableRows('preview-table')).map((r) => r[1]).filter((v) => v !== '—');
  assert.ok(values.length > 0);
  for (const v of values) assert.ok(Number(v) >= 14.9 && Number(v) <= 25.1, `hourly value ${v}`);
  await s.assertClean();
});
