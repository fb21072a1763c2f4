import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { openStudio } from './harness.mjs';
const files = process.argv.slice(2);
const cleanups = [];
const { page, studio, assertClean } = await openStudio({ after: (f) => cleanups.push(f) });
for (const f of files) {
  const t0 = Date.now();
  await studio.drop({ name: f.split('/').pop(), buffer: readFileSync(f) });
  await page.waitForFunction((n) => (document.querySelector('[data-testid=results-source]')?.innerText || '').includes(n) && /Computed|Calcul|could not|failed/i.test(document.body.innerText.slice(0, 100000)) && document.querySelector('[data-testid=chosen-model]'), f.split('/').pop(), { timeout: 300000, polling: 50 }).catch(e => console.log('timeout', e.message.slice(0, 80)));
  console.log(f, Date.now() - t0, 'ms', await page.getByTestId('run-status').innerText().catch(() => '?'));
  await page.screenshot({ path: `/tmp/shots/${f.split('/').pop()}.png`, fullPage: false });
}
await assertClean().catch((e) => console.log('NOT CLEAN', e.message.slice(0, 300)));
for (const f of cleanups) await f();
