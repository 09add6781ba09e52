#!/usr/bin/env node
/**
 * Benchmarks one training step on tfjs-backend-wasm in Node, batch 64 (default), categorical
 * cross-entropy on the logits, Adam, in training mode, the way the app's trainer runs it:
 *   lenet-5x5: conv 32@5x5 relu -> maxpool 2 -> conv 64@5x5 relu -> maxpool 2 -> dense 128 relu -> dense 10
 *   fast-99:   conv 16@3x3 relu -> batchNorm -> maxpool 2 -> conv 32@3x3 relu -> batchNorm -> maxpool 2 -> dense 10
 *
 *   node scripts/wasm-kernel-bench.mjs [--model lenet-5x5|fast-99] [--steps 30] [--rounds 2] [--batch 64]
 *        [--optimizer adam|sgd] [--modes stock,kernels,fused-js,fused] [--profiles 5]
 *
 * Modes, measured in turn, round after round, so that they share the machine's load:
 *  - stock: the stock wasm kernels plus only the missing Conv2DBackpropFilter (without it a conv
 *    net cannot train at all on wasm): "plain tfjs 4.22".
 *  - kernels: registerWasmTrainingKernels() with the fused training layers switched off.
 *  - fused: the same with the fused layers (fusedTraining.ts), as the app trains.
 *  - fused-js: the fused layers with their JS loops instead of the SIMD ones (simdLoops.ts).
 * Prints examples/s per round and the per-kernel time of one profiled step for each mode.
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
const MODEL = args.model ?? 'lenet-5x5';
const STEPS = Number(args.steps ?? 30);
const ROUNDS = Number(args.rounds ?? 2);
const BATCH = Number(args.batch ?? 64);
const OPTIMIZER = args.optimizer ?? 'adam';
const MODES = (args.modes ?? (args.only === 'after' ? 'fused' : 'stock,kernels,fused')).split(',');
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
const fused = await import(pathToFileURL(join(outDir, 'fusedTraining.js')).href);
const simd = await import(pathToFileURL(join(outDir, 'simdLoops.js')).href);

await tf.setBackend('wasm');
await tf.ready();
console.log(`tfjs ${tf.version.tfjs}, backend ${tf.getBackend()}, wasm threads ${wasm.getThreadsCount()}, ` +
  `SIMD ${await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')}, multithread ${await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')}`);
console.log(`model ${MODEL}, batch ${BATCH}, optimizer ${OPTIMIZER}, ${STEPS} timed steps x ${ROUNDS} rounds, modes ${MODES.join(', ')}\n`);

function buildModel() {
  const m = tf.sequential();
  const input = { inputShape: [28, 28, 1] };
  if (MODEL === 'fast-99') {
    m.add(tf.layers.conv2d({ ...input, filters: 16, kernelSize: 3, activation: 'relu', padding: 'valid' }));
    m.add(tf.layers.batchNormalization());
    m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    m.add(tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', padding: 'valid' }));
    m.add(tf.layers.batchNormalization());
    m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    m.add(tf.layers.flatten());
  } else if (MODEL === 'lenet-5x5') {
    m.add(tf.layers.conv2d({ ...input, filters: 32, kernelSize: 5, activation: 'relu', padding: 'valid' }));
    m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    m.add(tf.layers.conv2d({ filters: 64, kernelSize: 5, activation: 'relu', padding: 'valid' }));
    m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    m.add(tf.layers.flatten());
    m.add(tf.layers.dense({ units: 128, activation: 'relu' }));
  } else {
    throw new Error(`--model takes lenet-5x5 or fast-99, not ${MODEL}`);
  }
  m.add(tf.layers.dense({ units: 10 })); // logits; the loss applies the softmax, as the app does
  return m;
}

// The kernels a mode swaps, as the backend registered them.
const SWAPPED = ['BatchMatMul', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad', 'AvgPoolGrad'];
const stockKernels = new Map(SWAPPED.map((name) => [name, tf.getKernel(name, 'wasm')]));

function useMode(mode) {
  for (const name of SWAPPED) {
    if (tf.getKernel(name, 'wasm') != null) tf.unregisterKernel(name, 'wasm');
    const stock = stockKernels.get(name);
    if (stock != null) tf.registerKernel(stock);
  }
  if (mode === 'stock') {
    if (tf.getKernel('Conv2DBackpropFilter', 'wasm') != null) tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
    tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: filterGrad.makeConv2DBackpropFilter() });
  } else {
    kernels.registerWasmTrainingKernels();
  }
  fused.fusedTraining.isEnabled = mode === 'fused' || mode === 'fused-js';
  simd.simdLoopsSwitch.isEnabled = mode !== 'fused-js';
}

const median = (a) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];
const state = new Map();

function setup(mode) {
  const model = buildModel();
  const opt = OPTIMIZER === 'sgd' ? tf.train.sgd(0.05) : tf.train.adam(1e-3);
  const x = tf.randomUniform([BATCH, 28, 28, 1], 0, 1, 'float32', 1);
  const y = tf.oneHot(tf.randomUniform([BATCH], 0, 10, 'int32', 2), 10).toFloat();
  // The trainer's path (classifierScores): each layer through its fused kernel where one applies.
  const logits = () => {
    let h = x;
    for (const layer of model.layers) h = fused.trainingLayerApply(layer, h) ?? layer.apply(h, { training: true });
    return h;
  };
  const step = () => {
    const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(y, logits()), true);
    const v = loss.dataSync()[0];
    loss.dispose();
    return v;
  };
  const s = { model, opt, x, y, step, wall: [], cpu: [], rounds: [], first: 0, last: 0 };
  state.set(mode, s);
  return s;
}

function measure(mode) {
  useMode(mode);
  const s = state.get(mode) ?? setup(mode);
  for (let i = 0; i < 3; i++) s.first = s.first || s.step();
  // Wall time suffers when other processes share the cores; the process's CPU time does much
  // less (the wasm build is single-threaded in Node), so both are reported.
  const wall = [];
  const cpu = [];
  for (let i = 0; i < STEPS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    s.step();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  s.wall.push(...wall);
  s.cpu.push(...cpu);
  s.rounds.push({ wall: median(wall), cpu: median(cpu) });
  s.last = s.step();
}

async function profile(mode) {
  useMode(mode);
  const s = state.get(mode);
  // Per-kernel time: the minimum over several profiled steps, per kernel name.
  const perKernel = new Map();
  for (let rep = 0; rep < PROFILES; rep++) {
    const prof = await tf.profile(() => {
      s.step();
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
  const rate = (ms) => (BATCH / (ms / 1000)).toFixed(0);
  console.log(`== ${mode}`);
  console.log(`   per round, median step wall / CPU ms: ${s.rounds.map((r) => `${r.wall.toFixed(1)} / ${r.cpu.toFixed(1)}`).join(', ')}`);
  console.log(`   all rounds: wall median ${median(s.wall).toFixed(1)} ms, best ${Math.min(...s.wall).toFixed(1)} ms => ` +
    `${rate(median(s.wall))} examples/s (median), ${rate(Math.min(...s.wall))} (best step)`);
  console.log(`   CPU median ${median(s.cpu).toFixed(1)} ms => ${rate(median(s.cpu))} examples/s per busy core`);
  console.log(`   loss ${s.first.toFixed(4)} -> ${s.last.toFixed(4)}`);
  console.log(`   kernel (min of ${PROFILES} profiled steps)  ms/step  calls`);
  for (const [name, { ms, n }] of rows.slice(0, 16)) {
    console.log(`   ${name.padEnd(34)} ${ms.toFixed(2).padStart(7)}  ${String(n).padStart(5)}`);
  }
  const total = rows.reduce((sum, [, e]) => sum + e.ms, 0);
  console.log(`   ${'(sum of kernels)'.padEnd(34)} ${total.toFixed(2).padStart(7)}\n`);
}

for (let round = 0; round < ROUNDS; round++) for (const mode of MODES) measure(mode);
for (const mode of MODES) await profile(mode);
if (MODES.length > 1) {
  const cpuOf = (mode) => median(state.get(mode).cpu);
  const base = MODES[0];
  console.log(`CPU-time speed-up against ${base}: ${MODES.slice(1).map((m) => `${m} ${(cpuOf(base) / cpuOf(m)).toFixed(2)}x`).join(', ')}`);
}
