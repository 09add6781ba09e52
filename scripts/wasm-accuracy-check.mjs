#!/usr/bin/env node
/**
 * Checks that the fused WASM training layers (src/core/wasm/fusedTraining.ts) learn what the
 * unfused kernels learn: trains a model on real MNIST (the shards in public/data) in Node on
 * tfjs-backend-wasm, once with the fused layers and once without, from the same initial weights,
 * on the same batches in the same order, and prints the test accuracy on the 10,000 test images.
 *
 *   node scripts/wasm-accuracy-check.mjs [--model lenet-5x5|fast-99] [--train 10000] [--epochs 1] [--batch 64]
 *
 * Adam at 0.001 (lenet-5x5) or 0.005 (fast-99), constant rate. The two runs are not bit-identical
 * (sums run in another order), so their accuracies may differ by a few test digits.
 */
import { readFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decode } from 'fast-png';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const MODEL = args.model ?? 'lenet-5x5';
const TRAIN = Number(args.train ?? 10000);
const EPOCHS = Number(args.epochs ?? 1);
const BATCH = Number(args.batch ?? 64);

// src/core/wasm/*.ts, transpiled as scripts/wasm-kernel-bench.mjs does.
const outDir = join(root, 'node_modules/.wasm-accuracy-check');
mkdirSync(outDir, { recursive: true });
for (const file of readdirSync(join(root, 'src/core/wasm'))) {
  if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
  const { outputText } = ts.transpileModule(readFileSync(join(root, 'src/core/wasm', file), 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  writeFileSync(join(outDir, file.replace(/\.ts$/, '.js')), outputText.replace(/from '(\.\/[^']+)'/g, "from '$1.js'"));
}
const tf = await import('@tensorflow/tfjs');
await import('@tensorflow/tfjs-backend-wasm');
const { registerWasmTrainingKernels } = await import(pathToFileURL(join(outDir, 'trainingKernels.js')).href);
const fused = await import(pathToFileURL(join(outDir, 'fusedTraining.js')).href);
registerWasmTrainingKernels();
await tf.setBackend('wasm');
await tf.ready();

/** The split's images as [count, 28, 28, 1] in [0, 1] and its labels. */
function loadSplit(split, count) {
  const manifest = JSON.parse(readFileSync(join(root, 'public/data/mnist/manifest.json'), 'utf8'));
  const info = manifest.splits[split];
  const pixels = new Uint8Array(count * 784);
  for (const shard of info.shards) {
    if (shard.start >= count) break;
    const png = decode(readFileSync(join(root, 'public/data/mnist', shard.file)));
    const n = Math.min(shard.count, count - shard.start);
    pixels.set(png.data.subarray(0, n * 784), shard.start * 784);
  }
  const labels = readFileSync(join(root, 'public/data/mnist', info.labels.file)).subarray(0, count);
  return { pixels, labels, count };
}

function build(seed) {
  const m = tf.sequential();
  const init = (i) => tf.initializers.glorotUniform({ seed: seed * 100 + i });
  const input = { inputShape: [28, 28, 1] };
  if (MODEL === 'fast-99') {
    m.add(tf.layers.conv2d({ ...input, filters: 16, kernelSize: 3, activation: 'relu', kernelInitializer: init(0) }));
    m.add(tf.layers.batchNormalization());
    m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    m.add(tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', kernelInitializer: init(1) }));
    m.add(tf.layers.batchNormalization());
    m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    m.add(tf.layers.flatten());
  } else {
    m.add(tf.layers.conv2d({ ...input, filters: 32, kernelSize: 5, activation: 'relu', kernelInitializer: init(0) }));
    m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    m.add(tf.layers.conv2d({ filters: 64, kernelSize: 5, activation: 'relu', kernelInitializer: init(1) }));
    m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    m.add(tf.layers.flatten());
    m.add(tf.layers.dense({ units: 128, activation: 'relu', kernelInitializer: init(2) }));
  }
  m.add(tf.layers.dense({ units: 10, kernelInitializer: init(3) }));
  return m;
}

/** A seeded shuffle (mulberry32) of 0..n-1. */
function permutation(n, seed) {
  const order = Array.from({ length: n }, (_, i) => i);
  let s = seed >>> 0;
  for (let i = n - 1; i > 0; i--) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const j = Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

function batchOf(split, indices) {
  const xs = new Float32Array(indices.length * 784);
  indices.forEach((k, i) => { for (let p = 0; p < 784; p++) xs[i * 784 + p] = split.pixels[k * 784 + p] / 255; });
  return {
    x: tf.tensor4d(xs, [indices.length, 28, 28, 1]),
    y: tf.oneHot(tf.tensor1d(indices.map((k) => split.labels[k]), 'int32'), 10),
  };
}

const train = loadSplit('train', TRAIN);
const test = loadSplit('test', 10000);
const initial = build(1);
const initialWeights = initial.getWeights().map((w) => w.clone());
initial.dispose();

async function run(isFused) {
  fused.fusedTraining.isEnabled = isFused;
  const model = build(1);
  model.setWeights(initialWeights);
  const optimizer = tf.train.adam(MODEL === 'fast-99' ? 0.005 : 0.001);
  const started = performance.now();
  let steps = 0;
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    const order = permutation(TRAIN, 1000 + epoch);
    for (let at = 0; at + BATCH <= TRAIN; at += BATCH) {
      const { x, y } = batchOf(train, order.slice(at, at + BATCH));
      const loss = optimizer.minimize(() => {
        let h = x;
        for (const layer of model.layers) h = fused.trainingLayerApply(layer, h) ?? layer.apply(h, { training: true });
        return tf.losses.softmaxCrossEntropy(y, h);
      }, true);
      loss.dataSync();
      tf.dispose([x, y, loss]);
      steps++;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  let right = 0;
  for (let at = 0; at < test.count; at += 500) {
    const idx = Array.from({ length: Math.min(500, test.count - at) }, (_, i) => at + i);
    const { x, y } = batchOf(test, idx);
    right += tf.tidy(() => tf.sum(tf.equal(tf.argMax(model.predict(x), 1), tf.argMax(y, 1))).dataSync()[0]);
    tf.dispose([x, y]);
  }
  model.dispose();
  optimizer.dispose();
  console.log(`${isFused ? 'fused  ' : 'unfused'}: test accuracy ${(right / 100).toFixed(2)}% (${right} of 10,000) after ${steps} steps in ${seconds.toFixed(1)} s`);
}

console.log(`${MODEL}: ${EPOCHS} epoch(s) of ${TRAIN} training images, batch ${BATCH}, Adam, same initial weights and batches`);
await run(false);
await run(true);
