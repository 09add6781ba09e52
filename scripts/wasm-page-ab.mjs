#!/usr/bin/env node
/**
 * The fused WASM training layers against the same kernels without them and against plain tfjs, in headless Chromium on
 * the threaded SIMD build with 2 threads (the training worker's set-up: hardwareConcurrency lifted,
 * setThreadsCount(2)), one page, alternating rounds so that both share the machine's load:
 *
 *   node scripts/wasm-page-ab.mjs [--presets fast-99,lenet-5x5] [--steps 15] [--rounds 3] [--threads 2]
 *        [--modes stock,kernels,fused]
 *
 * Modes as in scripts/wasm-kernel-bench.mjs: stock = plain tfjs 4.22 + only our
 * Conv2DBackpropFilter, kernels = registerWasmTrainingKernels without the fused layers, fused = the
 * app's path. The last mode is compared with each of the others.
 * Trains with the app's own trainStep (src/core/training/trainer.ts) on random images, batch 64,
 * the preset's optimizer, and prints each mode's median step and examples/s per round, and the
 * per-kernel time of one profiled step (wall time: tf.profile in the page). The page runs from a
 * small entry written to .tmp/ (git-ignored) and served by Vite with the app's COOP/COEP headers.
 * Environment: CHROMIUM_PATH (default /usr/bin/chromium), WASM_AB_PORT (default 5293).
 */
import { chromium } from '@playwright/test';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const config = {
  presets: (args.presets ?? 'fast-99,lenet-5x5').split(','),
  steps: Number(args.steps ?? 15),
  rounds: Number(args.rounds ?? 3),
  threads: Number(args.threads ?? 2),
  modes: (args.modes ?? 'stock,kernels,fused').split(','),
};

const entry = `
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { registerWasmTrainingKernels } from '../src/core/wasm/trainingKernels';
import { makeConv2DBackpropFilter } from '../src/core/wasm/convBackpropFilter';
import { fusedTraining } from '../src/core/wasm/fusedTraining';
import { simdLoops } from '../src/core/wasm/simdLoops';
import { getPreset } from '../src/core/config/presets';
import { buildModel } from '../src/core/model/build';
import { createOptimizer } from '../src/core/model/optimizers';
import { trainStep } from '../src/core/training/trainer';

const config = ${JSON.stringify(config)};
const log = (line) => { globalThis.abLines.push(line); };
globalThis.abLines = [];
(async () => {
  try {
    Object.defineProperty(navigator, 'hardwareConcurrency', { value: 2 * config.threads, configurable: true });
    setWasmPaths({ 'tfjs-backend-wasm.wasm': plain, 'tfjs-backend-wasm-simd.wasm': simd, 'tfjs-backend-wasm-threaded-simd.wasm': threaded });
    setThreadsCount(config.threads);
    // The stock kernels that registerWasmTrainingKernels replaces, kept for the 'stock' mode.
    const SWAPPED = ['BatchMatMul', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad', 'AvgPoolGrad'];
    const stock = new Map(SWAPPED.map((name) => [name, tf.getKernel(name, 'wasm')]));
    const ours = new Map();
    registerWasmTrainingKernels();
    for (const name of SWAPPED) ours.set(name, tf.getKernel(name, 'wasm'));
    const swapTo = (kernels) => {
      for (const name of SWAPPED) {
        if (tf.getKernel(name, 'wasm') != null) tf.unregisterKernel(name, 'wasm');
        if (kernels.get(name) != null) tf.registerKernel(kernels.get(name));
      }
    };
    const stockWithFilter = new Map(stock);
    stockWithFilter.set('Conv2DBackpropFilter', { kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: makeConv2DBackpropFilter() });
    await tf.setBackend('wasm');
    await tf.ready();
    log('wasm threads ' + getThreadsCount() + ', SIMD loops ' + (simdLoops(tf.backend()) !== null) + ', cross-origin isolated ' + crossOriginIsolated);
    const median = (a) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];
    for (const id of config.presets) {
      const preset = getPreset(id);
      const modes = config.modes;
      const runs = {};
      for (const mode of modes) {
        const model = buildModel(preset.layers, { seed: 1 });
        const optimizer = createOptimizer(preset.optimizer);
        const xs = tf.randomUniform([64, 28, 28, 1], 0, 1, 'float32', 1);
        const ys = tf.oneHot(tf.randomUniform([64], 0, 10, 'int32', 2), 10).toFloat();
        const step = () => { const r = trainStep(model, optimizer, { xs, ys }); r.loss.dataSync(); tf.dispose([r.loss, r.accuracy]); };
        runs[mode] = { step, times: [], rounds: [] };
      }
      const use = (mode) => {
        swapTo(mode === 'stock' ? stockWithFilter : ours);
        fusedTraining.isEnabled = mode === 'fused';
      };
      for (const mode of modes) { use(mode); for (let i = 0; i < 3; i++) runs[mode].step(); }
      for (let round = 0; round < config.rounds; round++) {
        for (const mode of modes) {
          use(mode);
          const times = [];
          for (let i = 0; i < config.steps; i++) { const t0 = performance.now(); runs[mode].step(); times.push(performance.now() - t0); }
          runs[mode].times.push(...times);
          runs[mode].rounds.push(median(times));
        }
      }
      for (const mode of modes) {
        use(mode);
        const r = runs[mode];
        const prof = await tf.profile(() => { r.step(); });
        const sums = new Map();
        for (const k of prof.kernels) sums.set(k.name, (sums.get(k.name) ?? 0) + k.kernelTimeMs);
        const top = [...sums].filter(([n]) => !n.endsWith('__op')).sort((a, b) => b[1] - a[1]).slice(0, 8);
        log(id + ' ' + mode + ': median step per round ' + r.rounds.map((m) => m.toFixed(1)).join(', ') + ' ms; all ' +
          median(r.times).toFixed(1) + ' ms => ' + (64000 / median(r.times)).toFixed(0) + ' examples/s (best step ' + (64000 / Math.min(...r.times)).toFixed(0) + ')');
        log('   one profiled step: ' + top.map(([n, ms]) => n + ' ' + ms.toFixed(1)).join(', '));
      }
      const last = modes[modes.length - 1];
      log(id + ': ' + modes.slice(0, -1).map((m) => last + ' vs ' + m + ' ' + (median(runs[m].times) / median(runs[last].times)).toFixed(2) + 'x').join(', ') + ' (median steps)');
    }
  } catch (e) { log('failed: ' + (e && e.stack || e)); }
  globalThis.abDone = true;
})();
`;

await mkdir(join(root, '.tmp'), { recursive: true });
await writeFile(join(root, '.tmp/wasm-page-ab.ts'), entry);
await writeFile(join(root, '.tmp/wasm-page-ab.html'), '<!doctype html><meta charset="utf-8"><script type="module" src="./wasm-page-ab.ts"></script>\n');
const port = Number(process.env.WASM_AB_PORT ?? 5293);
const server = await createServer({ root, server: { port, strictPort: true, hmr: false, watch: { ignored: ['**/*'] } }, logLevel: 'warn' });
await server.listen();
const browser = await chromium.launch({
  executablePath: (process.env.CHROMIUM_PATH ?? '/usr/bin/chromium') === 'playwright' ? undefined : (process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'),
  args: ['--no-sandbox', '--disable-background-networking'],
});
try {
  const page = await browser.newPage();
  await page.goto(`http://localhost:${port}/.tmp/wasm-page-ab.html`);
  let printed = 0;
  for (;;) {
    const { lines, done } = await page.evaluate(() => ({ lines: globalThis.abLines ?? [], done: globalThis.abDone === true }));
    for (; printed < lines.length; printed++) console.log(lines[printed]);
    if (done) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
} finally {
  await browser.close();
  await server.close();
}
