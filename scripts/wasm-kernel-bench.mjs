#!/usr/bin/env node
/**
 * Benchmarks one training step of the "lenet-5x5" model on tfjs-backend-wasm in Node:
 *   conv 32@5x5 relu -> maxpool 2 -> conv 64@5x5 relu -> maxpool 2 -> dense 128 relu -> dense 10 softmax
 * batch 64 (default), categorical cross-entropy, Adam.
 *
 *   node scripts/wasm-kernel-bench.mjs [--steps 30] [--batch 64] [--optimizer adam|sgd] [--only after] [--profiles 5]
 *
 * "before": the stock wasm kernels plus only the missing Conv2DBackpropFilter (without it a
 * conv net cannot train at all on wasm). "after": registerWasmTrainingKernels().
 * Prints examples/s and the per-kernel time of one profiled step for each.
 *
 * src/core/wasm/*.ts is transpiled on the fly with the project's TypeScript into
 * node_modules/.wasm-kernel-bench/ (Node 20 cannot run .ts files itself).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const STEPS = Number(args.steps ?? 30);
const BATCH = Number(args.batch ?? 64);
const OPTIMIZER = args.optimizer ?? 'adam';
const ONLY = args.only;
const PROFILES = Number(args.profiles ?? 5);

function transpileKernels() {
  const srcDir = join(root, 'src/core/wasm');
  const outDir = join(root, 'node_modules/.wasm-kernel-bench');
  mkdirSync(outDir, { recursive: true });
  for (const file of readdirSync(srcDir)) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
    const { outputText } = ts.transpileModule(readFileSync(join(srcDir, file), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
    });
    const withExt = outputText.replace(/from '(\.\/[^']+)'/g, "from '$1.js'");
    writeFileSync(join(outDir, file.replace(/\.ts$/, '.js')), withExt);
  }
  return outDir;
}

const outDir = transpileKernels();
const tf = await import('@tensorflow/tfjs');
const wasm = await import('@tensorflow/tfjs-backend-wasm');
const kernels = await import(pathToFileURL(join(outDir, 'trainingKernels.js')).href);
const filterGrad = await import(pathToFileURL(join(outDir, 'convBackpropFilter.js')).href);

await tf.setBackend('wasm');
await tf.ready();
console.log(`tfjs ${tf.version.tfjs}, backend ${tf.getBackend()}, wasm threads ${wasm.getThreadsCount()}, ` +
  `SIMD ${await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')}, multithread ${await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')}`);
console.log(`batch ${BATCH}, optimizer ${OPTIMIZER}, ${STEPS} timed steps\n`);

function lenet() {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 5, activation: 'relu', padding: 'valid' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.conv2d({ filters: 64, kernelSize: 5, activation: 'relu', padding: 'valid' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 128, activation: 'relu' }));
  m.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
  return m;
}

async function measure(label) {
  const model = lenet();
  const opt = OPTIMIZER === 'sgd' ? tf.train.sgd(0.05) : tf.train.adam(1e-3);
  const x = tf.randomUniform([BATCH, 28, 28, 1], 0, 1, 'float32', 1);
  const y = tf.oneHot(tf.randomUniform([BATCH], 0, 10, 'int32', 2), 10).toFloat();
  const step = () => {
    const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x)), true);
    const v = loss.dataSync()[0];
    loss.dispose();
    return v;
  };
  let first = 0;
  for (let i = 0; i < 3; i++) first = first || step();
  // Wall time suffers when other processes share the cores; the process's CPU time does much
  // less (the wasm build is single-threaded in Node), so both are reported.
  const wall = [];
  const cpu = [];
  for (let i = 0; i < STEPS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    step();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const median = (a) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];
  const last = step();

  // Per-kernel time: the minimum over several profiled steps, per kernel name.
  const perKernel = new Map();
  for (let rep = 0; rep < PROFILES; rep++) {
    const prof = await tf.profile(() => {
      step();
    });
    const sums = new Map();
    for (const k of prof.kernels) {
      const e = sums.get(k.name) ?? { ms: 0, n: 0 };
      e.ms += k.kernelTimeMs;
      e.n += 1;
      sums.set(k.name, e);
    }
    for (const [name, e] of sums) {
      const prev = perKernel.get(name);
      if (prev == null || e.ms < prev.ms) perKernel.set(name, e);
    }
  }
  const rows = [...perKernel.entries()].filter(([n]) => !n.endsWith('__op')).sort((a, b) => b[1].ms - a[1].ms);
  const wallMed = median(wall);
  const cpuMed = median(cpu);
  console.log(`== ${label}`);
  console.log(`   step wall: median ${wallMed.toFixed(1)} ms, min ${Math.min(...wall).toFixed(1)} ms => ` +
    `${(BATCH / (wallMed / 1000)).toFixed(0)} examples/s (median), ${(BATCH / (Math.min(...wall) / 1000)).toFixed(0)} (best step)`);
  console.log(`   step CPU:  median ${cpuMed.toFixed(1)} ms => ${(BATCH / (cpuMed / 1000)).toFixed(0)} examples/s per busy core`);
  console.log(`   loss ${first.toFixed(4)} -> ${last.toFixed(4)}`);
  console.log(`   kernel (min of ${PROFILES} profiled steps)  ms/step  calls`);
  for (const [name, { ms, n }] of rows.slice(0, 14)) {
    console.log(`   ${name.padEnd(34)} ${ms.toFixed(2).padStart(7)}  ${String(n).padStart(5)}`);
  }
  const total = rows.reduce((sum, [, e]) => sum + e.ms, 0);
  console.log(`   ${'(sum of kernels)'.padEnd(34)} ${total.toFixed(2).padStart(7)}\n`);
  tf.dispose([x, y]);
  model.dispose();
  opt.dispose();
}

if (ONLY !== 'after') {
  tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: filterGrad.makeConv2DBackpropFilter() });
  await measure('before (stock wasm kernels + Conv2DBackpropFilter only)');
  tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
}
kernels.registerWasmTrainingKernels();
await measure('after (registerWasmTrainingKernels)');
