// Starts the Prevision wasm app and the engine's workers.
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

// The app's wasm uses WebAssembly SIMD (Chrome 91, Firefox 89, Safari 16.4 or later): a browser
// without it gets a sentence instead of a blank page. The probe is a module of one function
// returning `i8x16.splat(0)`.
const simd = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0,
  10, 8, 1, 6, 0, 65, 0, 253, 15, 11]);
if (!WebAssembly.validate(simd)) {
  const message = document.createElement('p');
  message.className = 'noscript';
  message.setAttribute('role', 'alert');
  message.textContent = 'Prevision needs a browser with WebAssembly SIMD (Chrome 91, Firefox 89, '
    + 'Safari 16.4 or later). / Prevision a besoin d’un navigateur avec WebAssembly SIMD '
    + '(Chrome 91, Firefox 89, Safari 16.4 ou plus récent).';
  document.body.append(message);
  throw new Error('boot.js: no WebAssembly SIMD');
}

// The engine's Web Workers run a wasm of their own, without the page's views
// (src/bin/prevision-worker.rs).
const worker = here.searchParams.get('worker') ?? '';
if (!/^[A-Za-z0-9_.-]+$/.test(worker)) {
  throw new Error('boot.js: bad worker file name');
}
const workerFiles = `js=${encodeURIComponent(`${worker}.js`)}&wasm=${encodeURIComponent(`${worker}_bg.wasm`)}`;
const workerWasm = new URL(`${worker}_bg.wasm`, here).href;

// The page compiles the workers' wasm once, here, and hands the compiled module to every
// worker. The workers then share one compiled copy (and its optimised code), and the browser
// keeps that code in its cache for the next visit, which it does not do for a module a worker
// compiles itself. If compiling fails here, each worker loads the wasm on its own.
const workerModule = Promise.resolve()
  .then(() => WebAssembly.compileStreaming(fetch(workerWasm)))
  .catch(() => fetch(workerWasm).then((r) => r.arrayBuffer()).then((b) => WebAssembly.compile(b)))
  .catch(() => null);

// Starts one engine worker (assets/worker.js) and sends it the compiled module. src/worker.rs
// calls this for every worker it starts; a worker whose start fails is marked, and never
// handed a run.
globalThis.__previsionStartWorker = () => {
  const url = new URL(`worker.js?${workerFiles}&module=page`, here);
  const started = new Worker(url, { type: 'module' });
  started.onerror = () => {
    started.previsionFailed = true;
  };
  workerModule.then((module) => {
    try {
      started.postMessage({ previsionModule: module });
    } catch {
      // A browser that cannot send a compiled module to a worker: the worker loads its own.
      started.postMessage({ previsionModule: null });
    }
  });
  return started;
};

// The engine's workers start now, so their wasm loads while the page's own starts and the
// first run finds them ready: as many as the page shares a run between (src/state.rs,
// MAX_RUN_WORKERS = 4). src/worker.rs takes them from this list before starting new ones.
const runWorkers = Math.min(Math.max(navigator.hardwareConcurrency || 1, 1), 4);
const waiting = Array.from({ length: runWorkers }, () => globalThis.__previsionStartWorker());
globalThis.__previsionWorkers = waiting;

// Spares. A run the visitor overtakes (another dataset, another setting) is stopped by
// terminating its workers, and the next run would wait for fresh ones to load (about 0.1 s,
// longer while the page is busy drawing). So once the app has started, and whenever the page
// is idle again (src/worker.rs `top_up`, after a run), workers are started until as many as a
// run uses wait, loaded, in the list.
globalThis.__previsionTopUp = () => {
  while (waiting.length < runWorkers) waiting.push(globalThis.__previsionStartWorker());
};

const { default: init } = await import(name('js'));
const wasm = await init({ module_or_path: name('wasm') });
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
globalThis.__previsionTopUp();

// Works offline once loaded: the service worker keeps the app shell (see sw.js).
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register(new URL('sw.js', here).href).catch(() => {});
}
