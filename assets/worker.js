// The Web Worker that runs the Prevision engine off the page's thread.
//
// Its wasm (src/bin/prevision-worker.rs: the engine without the page's views) arrives compiled
// from the page, which boot.js compiles once for every worker: the first message is
// { previsionModule } (null if the page could not compile it, and then the worker fetches the
// wasm named in its own query string). Started as
// worker.js?js=prevision-worker-<hash>.js&wasm=prevision-worker-<hash>_bg.wasm&module=page
// (without `module=page`, it fetches and compiles the wasm itself).
// Every other message goes to the wasm's `worker_handle`; messages that arrive while the wasm is
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
let receiveModule;
const fromPage = new Promise((resolve) => {
  receiveModule = resolve;
});
self.onmessage = (event) => {
  const data = event.data;
  if (data !== null && typeof data === 'object' && 'previsionModule' in data) {
    receiveModule(data.previsionModule);
  } else {
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

