// Starts the Prevision wasm app.
//
// Trunk would otherwise inject an inline <script type="module">, which a strict
// Content-Security-Policy (no 'unsafe-inline') blocks. Trunk.toml's `pattern_script` instead
// loads this file with the hashed file names in its query string, and the post-build hook
// (scripts/hash-worker.sh) adds the engine worker's:
//   boot.js?worker=prevision-worker-<hash>&js=prevision-app-<hash>.js&wasm=prevision-app-<hash>_bg.wasm
const here = new URL(import.meta.url);
const name = (key) => {
  const value = here.searchParams.get(key) ?? '';
  // Only plain file names next to this script: never another directory or origin.
  if (!/^[A-Za-z0-9_.-]+$/.test(value)) {
    throw new Error(`boot.js: bad ${key} file name`);
  }
  return new URL(value, here).href;
};

// The Web Worker that runs the engine loads a wasm of its own, without the page's views
// (src/bin/prevision-worker.rs); src/worker.rs reads these names to start more workers.
const worker = here.searchParams.get('worker') ?? '';
globalThis.__previsionAssets = {
  js: `${worker}.js`,
  wasm: `${worker}_bg.wasm`,
};

// The engine's workers start now, so their wasm loads while the page's own starts and the
// first run finds them ready. As many as the page shares a run between (src/state.rs,
// MAX_RUN_WORKERS = 4); src/worker.rs takes them from this list before starting new ones.
// A worker whose start fails is marked, and never handed a run.
globalThis.__previsionWorkers = Array.from(
  { length: Math.min(Math.max(navigator.hardwareConcurrency || 1, 1), 4) },
  () => {
    const { js, wasm } = globalThis.__previsionAssets;
    const url = new URL(
      `worker.js?js=${encodeURIComponent(js)}&wasm=${encodeURIComponent(wasm)}`,
      here,
    );
    const worker = new Worker(url, { type: 'module' });
    worker.onerror = () => {
      worker.previsionFailed = true;
    };
    return worker;
  },
);

const { default: init } = await import(name('js'));
const wasm = await init({ module_or_path: name('wasm') });
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));

// Works offline once loaded: the service worker keeps the app shell (see sw.js).
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register(new URL('sw.js', here).href).catch(() => {});
}
