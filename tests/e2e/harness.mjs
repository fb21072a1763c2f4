// Shared set-up for the end-to-end tests: a static server on a free port serving dist/, a
// fresh headless Chromium profile, and recorders for everything a test must fail on —
// requests to any other origin, console errors, uncaught page errors and
// Content-Security-Policy violations.
//
// Every test calls `openStudio(t)`; clean-up (browser, profile dir, server) is registered on
// the test context, and `session.assertClean()` checks the recorders.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { StudioPage } from './pages/studio.mjs';
import { startServer } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(here, '..', '..');
export const DIST = process.env.PREVISION_DIST ?? join(ROOT, 'dist');
export const FIXTURES = join(here, 'fixtures');
export const ARTIFACTS = join(here, 'artifacts');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that keep Chromium quiet, offline and happy as root in a container. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Starts a server and a browser, opens the app, and waits for the first report.
 * @param {import('node:test').TestContext} t
 * @param {{ locale?: string, query?: string, beforeOpen?: (context: import('playwright-core').BrowserContext) => Promise<void> }} options
 *   `beforeOpen` runs before the app is opened (to route requests, say).
 */
export async function openStudio(t, { locale = 'en-US', query = '', beforeOpen } = {}) {
  assert.ok(existsSync(join(DIST, 'index.html')), `no build in ${DIST}: run tests/e2e/run.sh`);
  await mkdir(ARTIFACTS, { recursive: true });
  const server = await startServer({ root: DIST });
  const profile = await mkdtemp(join(tmpdir(), 'prevision-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    locale,
    viewport: { width: 1280, height: 900 },
  });
  t.after(async () => {
    await context.close();
    await server.close();
    await rm(profile, { recursive: true, force: true });
  });

  const origin = new URL(server.url).origin;
  const requests = [];
  const consoleErrors = [];
  const pageErrors = [];
  context.on('request', (req) => requests.push(req.url()));
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => pageErrors.push(String(err)));
  // Injected by the DevTools protocol, so the page's CSP does not apply to it.
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });

  if (beforeOpen) await beforeOpen(context);
  const studio = new StudioPage(page);
  const loadMs = await studio.open(server.url + query);

  return {
    page,
    studio,
    server,
    origin,
    requests,
    loadMs,
    /** Fails on any request off this origin, console error, page error or CSP violation. */
    async assertClean() {
      const foreign = requests.filter((url) => {
        if (url.startsWith('data:') || url.startsWith('blob:')) return false;
        return new URL(url).origin !== origin;
      });
      assert.deepEqual(foreign, [], 'requests left the page origin');
      const csp = await page.evaluate(() => window.__cspViolations);
      assert.deepEqual(csp, [], 'Content-Security-Policy violations');
      assert.deepEqual(pageErrors, [], 'uncaught errors in the page');
      assert.deepEqual(consoleErrors, [], 'console errors');
    },
    /** Saves a full-page screenshot under tests/e2e/artifacts/. */
    screenshot(name) {
      return studio.screenshot(ARTIFACTS, name);
    },
  };
}
