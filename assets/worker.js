// The Web Worker that runs the Prevision engine off the page's thread.
//
// It loads the worker's own wasm (src/bin/prevision-worker.rs: the engine without the page's
// views) by the hashed names given in its query string —
// worker.js?js=prevision-worker-<hash>.js&wasm=prevision-worker-<hash>_bg.wasm — and hands
// every message to the wasm's `worker_handle`. Messages that arrive while the wasm is
// still loading are queued, not lost.
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
self.onmessage = (event) => {
  if (handle) handle(event.data);
  else queue.push(event.data);
};

const glue = await import(name('js'));
await glue.default({ module_or_path: name('wasm') });
handle = glue.worker_handle;
for (const data of queue.splice(0)) handle(data);
