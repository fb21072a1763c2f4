// The Web Worker that runs the Prevision engine off the page's thread.
//
// Its wasm (src/bin/prevision-worker.rs: the engine without the page's views) arrives compiled
// from the page, which boot.js compiles once for every worker: the first message is
// { previsionModule } (null if the page could not compile it, and then the worker fetches the
// wasm named in its own query string). Started as
// worker.js?js=prevision-worker-<hash>.js&wasm=prevision-worker-<hash>_bg.wasm&module=page
// (without `module=page`, it fetches and compiles the wasm itself).
// Every other message goes to the wasm's `worker_handle`; messages that arrive while the wasm is
// still loading are queued, not lost. Started with `warm=1`, the worker warms the engine's code
// up (the wasm's `worker_warm_up`, src/warm_up.rs) one step per task until the first message
// from the page, which thus waits for one step at most (tens of milliseconds).
const here = new URL(import.meta.url);
const name = (key) => {
  const value = here.searchParams.get(key) ?? '';
  // Only plain file names next to this script: never another directory or origin.
  if (!/^[A-Za-z0-9_.-]+$/.test(value)) {
    throw new Error(`worker.js: bad ${key} file name`);
  }
  return new URL(value, here).href;
};

const queue = [];
let handle = null;
let warming = here.searchParams.get('warm') === '1';
let receiveModule;
const fromPage = new Promise((resolve) => {
  receiveModule = resolve;
});
self.onmessage = (event) => {
  const data = event.data;
  if (data !== null && typeof data === 'object' && 'previsionModule' in data) {
    receiveModule(data.previsionModule);
  } else {
    warming = false;
    if (handle) {
      handle(data);
    } else {
      queue.push(data);
    }
  }
};

const glue = await import(name('js'));
const module = here.searchParams.get('module') === 'page' ? await fromPage : null;
await glue.default({ module_or_path: module ?? name('wasm') });
handle = glue.worker_handle;
for (const data of queue.splice(0)) handle(data);

const warmUp = () => {
  try {
    if (warming && glue.worker_warm_up()) setTimeout(warmUp, 0);
  } catch {
    // A warm-up that fails changes nothing for the runs: they start from a fresh call.
    warming = false;
  }
};
if (warming && typeof glue.worker_warm_up === 'function') setTimeout(warmUp, 0);
