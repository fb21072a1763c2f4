// Times engine workloads in WebAssembly under node 20 (single thread, no imports).
// Usage (after the release build described in README.md):
//   node run.mjs [n_trees]     random forest (default 100 trees)
//   node run.mjs ingest [mib]  CSV ingest of the long-format store × item file (default 100)
//   node run.mjs pipeline [dataset] [runs]  full default forecast run (0 retail demo, 1 bike, 2 drinks)
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';

// CARGO_TARGET_DIR, when set, is where cargo put the build.
const targetDir = process.env.CARGO_TARGET_DIR ?? new URL('./target', import.meta.url).pathname;
const wasmPath = `${targetDir}/wasm32-unknown-unknown/release/wasm_forest.wasm`;
const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), {});

const timed = (f) => {
  const start = performance.now();
  const value = f();
  return [value, performance.now() - start];
};

if (process.argv[2] === 'ingest') {
  const mib = Number(process.argv[3] ?? 100);
  // Generation alone, then generation + ingest: ingest time is the difference (the module
  // has no imports, so the text cannot be handed in from JS without an allocator export).
  const [bytes, genMs] = timed(() => instance.exports.generate_only(mib));
  const [rows, totalMs] = timed(() => instance.exports.run_ingest(mib));
  const ingestMs = totalMs - genMs;
  const mibs = bytes / (1024 * 1024) / (ingestMs / 1000);
  console.log(`wasm ingest, ${(bytes / 1048576).toFixed(1)} MiB long-format CSV: ` +
    `${rows} rows loaded, generate ${(genMs / 1000).toFixed(2)} s, ` +
    `ingest ${(ingestMs / 1000).toFixed(2)} s = ${mibs.toFixed(1)} MiB/s`);
} else if (process.argv[2] === 'pipeline') {
  // Repeated runs in one instance: the first runs in V8's baseline tier, later ones optimised.
  const names = ['retail demo', 'bike sharing', 'drinks sales'];
  const dataset = Number(process.argv[3] ?? 0);
  for (let i = 1; i <= Number(process.argv[4] ?? 5); i++) {
    const [rows, elapsedMs] = timed(() => instance.exports.run_pipeline(dataset));
    console.log(`wasm pipeline, ${names[dataset]}, run ${i}: ${elapsedMs.toFixed(0)} ms ` +
      `(${rows} leaderboard rows)`);
  }
} else {
  const nTrees = Number(process.argv[2] ?? 100);
  const [r2, elapsedMs] = timed(() => instance.exports.run_friedman(nTrees));
  console.log(`wasm random forest, ${nTrees} trees, 50,000 x 30 train / 10,000 test: ` +
    `data + fit + predict ${(elapsedMs / 1000).toFixed(2)} s, test R² ${r2.toFixed(4)}`);
}
