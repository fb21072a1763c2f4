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

  /** Opens the app and waits until the wasm has mounted and a first report is shown. */
  async open(url) {
    const started = Date.now();
    await this.page.goto(url);
    await this.get('report').waitFor();
    return Date.now() - started;
  }

  /** Waits for the report of `sourceName` (the title names the file). */
  async waitForReport(sourceName) {
    await this.get('report-title').filter({ hasText: sourceName }).waitFor();
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
