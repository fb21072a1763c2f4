// Times the random forest in WebAssembly under node 20 (single thread, no imports).
// Usage: node run.mjs [n_trees]   (after the release build described in README.md)
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';

// CARGO_TARGET_DIR, when set, is where cargo put the build.
const targetDir = process.env.CARGO_TARGET_DIR ?? new URL('./target', import.meta.url).pathname;
const wasmPath = `${targetDir}/wasm32-unknown-unknown/release/wasm_forest.wasm`;
const nTrees = Number(process.argv[2] ?? 100);
const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), {});
const start = performance.now();
const r2 = instance.exports.run_friedman(nTrees);
const elapsedMs = performance.now() - start;
console.log(`wasm random forest, ${nTrees} trees, 50,000 x 30 train / 10,000 test: ` +
  `data + fit + predict ${(elapsedMs / 1000).toFixed(2)} s, test R² ${r2.toFixed(4)}`);
