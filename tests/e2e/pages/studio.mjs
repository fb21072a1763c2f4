// Page object for the Prevision studio: every selector the end-to-end tests use lives here,
// and all of them are `data-testid`s, so the tests survive layout and wording changes.

import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';

export class StudioPage {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    this.page = page;
  }

  /** The element with `data-testid=id`. */
  get(id) {
    return this.page.getByTestId(id);
  }

  /** Opens the app and waits until the wasm has mounted and the first data check is shown. */
  async open(url) {
    const started = Date.now();
    await this.page.goto(url);
    await this.get('data-check').waitFor();
    return Date.now() - started;
  }

  /** Shows step `code` (`data`, `setup`, `results`). */
  async openTab(code) {
    await this.get(`tab-${code}`).click();
    await this.get(`panel-${code}`).waitFor();
  }

  /** Shows the data step and waits for the report of `sourceName` (the title names the file). */
  async waitForReport(sourceName) {
    await this.get('results-source').or(this.get('report-title')).filter({ hasText: sourceName }).first().waitFor();
    await this.openTab('data');
    await this.get('report-title').filter({ hasText: sourceName }).waitFor();
  }

  /** Waits until a forecast run has finished (results shown) and returns the status text. */
  async waitForResults(timeout = 120_000) {
    await this.get('chosen-model').waitFor({ timeout });
    return this.text('run-status');
  }

  /** The leaderboard's model names, in rank order. */
  async leaderboardModels() {
    const rows = await this.tableRows('leaderboard-table');
    return rows.map((r) => r[1]);
  }

  /** Clicks a button that downloads a file, and returns `{ name, bytes }`. */
  async download(testid) {
    const pending = this.page.waitForEvent('download');
    await this.get(testid).click();
    const download = await pending;
    const path = await download.path();
    const { readFile } = await import('node:fs/promises');
    return { name: download.suggestedFilename(), bytes: await readFile(path) };
  }

  /** Non-background pixels of a canvas, per colour family (reads its bitmap). */
  async canvasInk(selector) {
    return this.page.locator(selector).evaluate((canvas) => {
      const ctx = canvas.getContext('2d');
      const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let ink = 0;
      let coloured = 0;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
        if (a === 0 || (r > 245 && g > 245 && b > 245)) continue;
        ink += 1;
        if (Math.max(r, g, b) - Math.min(r, g, b) > 40) coloured += 1;
      }
      return { ink, coloured, width, height };
    });
  }

  /** Waits for the error panel. */
  async waitForError() {
    await this.get('error-panel').waitFor();
  }

  /** The trimmed text of `data-testid=id`. */
  async text(id) {
    return (await this.get(id).first().innerText()).trim();
  }

  /** Picks a file through the file input: a path on disk, or `{ name, buffer }`. */
  async upload(file) {
    const payload =
      typeof file === 'string'
        ? { name: basename(file), mimeType: 'text/csv', buffer: await readFile(file) }
        : { mimeType: 'text/csv', ...file };
    await this.get('file-input').setInputFiles(payload);
  }

  /** Drops a file on the drop zone the way a browser does: a `drop` event with a DataTransfer. */
  async drop({ name, buffer }) {
    const bytes = [...buffer];
    const dataTransfer = await this.page.evaluateHandle(
      ({ name, bytes }) => {
        const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array(bytes)], name, { type: 'text/csv' }));
        return dt;
      },
      { name, bytes },
    );
    const zone = this.get('drop-zone');
    await zone.dispatchEvent('dragenter', { dataTransfer });
    await zone.dispatchEvent('dragover', { dataTransfer });
    await zone.dispatchEvent('drop', { dataTransfer });
    await dataTransfer.dispose();
  }

  /** Loads a built-in dataset by its slug (`bike-sharing`, `drinks-sales`). */
  async loadDataset(slug) {
    await this.get(`load-${slug}`).click();
  }

  /** Switches the interface language (`en`, `fr`). */
  async switchLanguage(code) {
    await this.get(`lang-${code}`).click();
    await this.page.locator(`html[lang="${code}"]`).waitFor();
  }

  /** The `lang` attribute of the document. */
  async documentLang() {
    return this.page.evaluate(() => document.documentElement.lang);
  }

  /** Rows of a table as arrays of trimmed cell texts. */
  async tableRows(testid) {
    return this.get(`${testid}-row`).evaluateAll((rows) =>
      rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent.trim())),
    );
  }

  /** Full-page screenshot into `dir/name.png`. */
  async screenshot(dir, name) {
    await this.page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
  }
}
