/**
 * The bench that scripts/bench-gpu-node.mjs bundles: the app's own training path (TrainingSession,
 * buildModel, Trainer, the MNIST loader) on tfjs-backend-webgpu in Node, over Dawn (the WebGPU
 * implementation Chrome uses) from the npm package `webgpu`. It needs no browser, so it runs where
 * Chromium cannot go, e.g. a borrowed GPU machine with only a Node binary and a Vulkan driver.
 *
 * For each preset: one epoch through the session (as the page trains), then the same model, images,
 * batch size and optimizer through plain model.fit. Prints the adapter, time to first batch,
 * steady examples/s, seconds per 60,000-image epoch, test accuracy on the 10,000 test images and
 * GPU-to-CPU readbacks (backend read + readSync calls) per batch. Figures print as they come, so a
 * run cut short still says something.
 *
 *   node bench.mjs --data DIR [--presets lenet-5x5,fast-99] [--batches N] [--batch 64] [--seed 42]
 *                  [--no-fit] [--budget SECONDS] [--dawn key=value,...] [--json FILE]
 *                  [--candidates FILE --seeds 1,2,3 [--shard K/N]]
 *
 * DIR holds the app's data shards (public/data/mnist: manifest.json, PNG sprites, label files); it
 * is served on 127.0.0.1, as the page fetches it. --batches limits each epoch to N batches (a smoke
 * test); --budget stops training (ours or fit) once that many seconds have passed since start.
 *
 * --candidates trains each entry of a JSON list ({ name, layers, training }: the format of
 * `npm run bench -- --candidates`, training over the preset fast-99's settings) for each seed,
 * through the session on all 60,000 images with 10% held out as the page does, and prints the test
 * accuracy after every epoch and at the end. --shard K/N takes every Nth (candidate, seed) pair from
 * the Kth, so that N processes share one GPU. Accuracy does not depend on the GPU's speed: this
 * is how recipes are searched where the 2-core machine would take hours.
 */
import { createServer } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';

const startedAt = performance.now();
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const option = (name, fallback) => {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return fallback;
  return argv[i].includes('=') ? argv[i].slice(argv[i].indexOf('=') + 1) : argv[i + 1];
};
const DATA_DIR = resolve(option('data', 'public/data/mnist'));
const PRESET_IDS = option('presets', 'lenet-5x5').split(',').filter(Boolean);
const BATCH_LIMIT = option('batches') === undefined ? null : Number(option('batches'));
const BATCH_SIZE = Number(option('batch', 64));
const SEED = Number(option('seed', 42));
const BUDGET_S = Number(option('budget', Infinity));
const DAWN_FLAGS = (option('dawn', '') ?? '').split(',').filter(Boolean);
const JSON_OUT = option('json');
const RUN_FIT = !flag('no-fit');
const CANDIDATES_FILE = option('candidates');
const SEEDS = option('seeds', '1,2,3').split(',').map(Number);
const [SHARD, SHARDS] = option('shard', '0/1').split('/').map(Number);
// --backend wasm: the candidates on the CPU (one thread per process in Node), where a GPU is slower for small nets.
const BACKEND = option('backend', 'webgpu');
const WARMUP_BATCHES = 10;

const since = () => (performance.now() - startedAt) / 1000;
const log = (line) => console.log(`[${since().toFixed(1).padStart(6)} s] ${line}`);
const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : String(n));
const overBudget = () => since() > BUDGET_S;

// 1. WebGPU from Dawn, set up before tfjs-backend-webgpu loads (it registers itself only where navigator.gpu exists).
const { create, globals } = await import('webgpu');
Object.assign(globalThis, globals);
const gpu = create(DAWN_FLAGS);
Object.defineProperty(globalThis, 'navigator', {
  value: { gpu, hardwareConcurrency: cpus().length, userAgent: `Node ${process.version}`, language: 'en' },
  configurable: true,
  writable: true,
});
log(`Node ${process.version}, ${cpus().length} CPUs, Dawn flags [${DAWN_FLAGS.join(', ')}]`);
const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
if (!adapter && BACKEND === 'webgpu') {
  log('NO WEBGPU ADAPTER: Dawn found no usable GPU (its reasons, if any, are on stderr above).');
  log(`VK_DRIVER_FILES=${process.env.VK_DRIVER_FILES ?? ''} VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES ?? ''} LD_LIBRARY_PATH=${process.env.LD_LIBRARY_PATH ?? ''}`);
  const fallback = await gpu.requestAdapter({ forceFallbackAdapter: true }).catch(() => null);
  log(`fallback adapter: ${fallback ? describeAdapter(fallback) : 'none'}`);
  process.exit(3);
}
const adapterText = adapter ? describeAdapter(adapter) : 'none';
log(`adapter: ${adapterText}`);

function describeAdapter(a) {
  const info = a.info ?? {};
  const fields = ['vendor', 'architecture', 'device', 'description', 'driver', 'backendType', 'adapterType']
    .map((key) => [key, info[key]])
    .filter(([, value]) => value !== undefined && value !== '');
  const limit = a.limits?.maxStorageBufferBindingSize;
  return `${fields.map(([k, v]) => `${k}=${v}`).join(' ') || 'no info'}${a.isFallbackAdapter || info.isFallbackAdapter ? ' (fallback adapter)' : ''}` +
    (limit ? `, maxStorageBufferBindingSize ${fmt(limit / 2 ** 20)} MiB` : '');
}

// The WASM backend's Emscripten loader expects CommonJS globals under Node; the bundle is ESM.
if (BACKEND === 'wasm') {
  const { createRequire } = await import('node:module');
  Object.assign(globalThis, { require: createRequire(import.meta.url), __dirname: '/', __filename: '/bench.mjs' });
}

// 2. The app's modules (bundled from src/), loaded now that navigator.gpu is in place.
const tf = await import('@tensorflow/tfjs');
const { TrainingSession } = await import('../src/engine/session.ts');
const { getPreset } = await import('../src/core/config/presets.ts');
const { buildModel } = await import('../src/core/model/build.ts');
const { createOptimizer } = await import('../src/core/model/optimizers.ts');
const { describeModel } = await import('../src/core/model/describe.ts');
const { MnistLoader } = await import('../src/core/data/loader.ts');
const { evaluate } = await import('../src/core/training/evaluate.ts');

// 3. The data, served as the page fetches it.
const TYPES = { '.json': 'application/json', '.png': 'image/png' };
const server = createServer(async (request, response) => {
  const path = resolve(join(DATA_DIR, decodeURIComponent(new URL(request.url, 'http://x').pathname)));
  if (!path.startsWith(DATA_DIR + sep)) return void response.writeHead(403).end();
  try {
    const body = await readFile(path);
    response.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream', 'Content-Length': body.length }).end(body);
  } catch {
    response.writeHead(404).end();
  }
});
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const DATA_URL = `http://127.0.0.1:${server.address().port}/`;

/** Counts GPU-to-CPU readbacks: every read (tensor.data) and readSync (tensor.dataSync) the backend serves. */
function countReadbacks(backend) {
  const counts = { read: 0, readSync: 0 };
  for (const method of ['read', 'readSync']) {
    const original = backend[method].bind(backend);
    backend[method] = (...args) => {
      counts[method]++;
      return original(...args);
    };
  }
  return { counts, total: () => counts.read + counts.readSync };
}

/** Wraps one TrainingSession: commands in, a promise for the first event that passes a test out. */
function openSession(onEvent) {
  const waiters = [];
  const session = new TrainingSession((event) => {
    if (event.type === 'dataFailed' || event.type === 'backendFailed' || event.type === 'engineError') {
      log(`engine event ${event.type}: ${JSON.stringify(event.message)}`);
    }
    onEvent(event);
    for (const w of [...waiters]) {
      if (w.test(event)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(event);
      }
    }
  }, 'worker');
  const next = (type, test = () => true) => new Promise((resolveEvent) => waiters.push({ test: (e) => e.type === type && test(e), resolve: resolveEvent }));
  return { session, next };
}

const report = { adapter: adapterText, node: process.version, batchSize: BATCH_SIZE, seed: SEED, presets: [] };
let batchSink = () => {};
let onEpochTest = () => {};
const { session, next } = openSession((event) => {
  if (event.type === 'batchesEnded') for (const metrics of event.batches) batchSink(metrics);
  // Where the session keeps the training images on the GPU backend (engine/deviceData.ts), when it says.
  if (event.type === 'epochEvaluated') onEpochTest(event);
  if (event.type === 'imagePlacement') log(`training images: ${JSON.stringify(event.placement)}`);
  if (!CANDIDATES_FILE && event.type === 'evaluationProgress' && event.total > 0 && event.evaluated > 0 && event.evaluated % 2500 < 500) {
    log(`test images scored: ${fmt(event.evaluated)}/${fmt(event.total)}`);
  }
});
const backendReady = next('backendReady');
const backendFailed = next('backendFailed');
const dataReady = next('dataReady');
const trainSize = BATCH_LIMIT ? Math.min(60_000, BATCH_LIMIT * BATCH_SIZE) : 60_000;
session.handle({ type: 'init', dataUrl: DATA_URL, readyModelUrl: '', backend: BACKEND, trainSize });
const ready = await Promise.race([backendReady, backendFailed]);
if (ready.type === 'backendFailed' || ready.report.active !== BACKEND) {
  log(`tfjs WebGPU did not start: ${JSON.stringify(ready.type === 'backendFailed' ? ready.message : ready.report)}`);
  process.exit(4);
}
const probe = ready.report.probes.find((p) => p.name === BACKEND);
log(`tfjs ${tf.version.tfjs} on ${tf.getBackend()} (the page's probe: ${probe?.renderer ?? '?'}${probe?.isSoftware ? ', software' : ''})`);
const readbacks = countReadbacks(tf.backend());
const dataProgress = (await dataReady).progress;
log(`data ready: ${fmt(dataProgress.trainImagesLoaded)} training and ${fmt(dataProgress.testImagesLoaded)} test images from ${DATA_DIR}`);

let runId = 0;
if (CANDIDATES_FILE) {
  await trainCandidates(JSON.parse(await readFile(CANDIDATES_FILE, 'utf8')));
  if (JSON_OUT) await writeFile(JSON_OUT, JSON.stringify(report, null, 2));
  server.close();
  log('done');
  process.exit(0);
}
for (const presetId of PRESET_IDS) {
  const preset = getPreset(presetId);
  if (!preset) {
    log(`no preset ${presetId}`);
    continue;
  }
  if (overBudget()) {
    log(`budget of ${BUDGET_S} s spent: ${presetId} skipped`);
    break;
  }
  const flopsPerExample = 3 * describeModel(preset.layers).flops;
  const entry = { preset: presetId, flopsPerExample, ours: await trainOurs(preset), fit: null };
  report.presets.push(entry);
  if (RUN_FIT && !overBudget()) entry.fit = await trainFit(preset);
  else if (RUN_FIT) log(`budget of ${BUDGET_S} s spent: ${presetId} model.fit skipped`);
  printSummary(entry);
}
if (JSON_OUT) await writeFile(JSON_OUT, JSON.stringify(report, null, 2));
server.close();
log('done');
process.exit(0);

/** Every (candidate, seed) pair of this shard, trained to the end through the session; test accuracy per epoch. */
async function trainCandidates(candidates) {
  const base = getPreset('fast-99');
  const jobs = candidates.flatMap((candidate) => SEEDS.map((seed) => ({ candidate, seed }))).filter((_, i) => i % SHARDS === SHARD);
  report.candidates = [];
  for (const { candidate, seed } of jobs) {
    if (overBudget()) {
      log(`budget of ${BUDGET_S} s spent: ${candidate.name} seed ${seed} skipped`);
      continue;
    }
    const layers = candidate.layers ?? [...base.layers];
    const training = {
      optimizer: base.optimizer, batchSize: base.batchSize, epochs: base.epochs, trainSize, validationSplit: 0.1,
      standardize: base.standardize, seed, schedule: base.schedule ?? null, ...candidate.training,
    };
    const id = ++runId;
    const epochTests = [];
    const ended = next('trainingEnded', (e) => e.runId === id);
    const evaluated = next('evaluated', (e) => e.runId === id);
    const stopOnEpochTest = onEpochTest;
    onEpochTest = (e) => {
      if (e.runId !== id) return;
      epochTests.push(e.result.accuracy);
      log(`${candidate.name} seed ${seed}: epoch ${e.epoch + 1} test ${(e.result.accuracy * 100).toFixed(2)}% (${fmt(e.result.count ?? 0)} images)`);
    };
    const started = performance.now();
    session.handle({ type: 'train', runId: id, layers, training });
    const outcome = await ended;
    const result = outcome.reason === 'completed' ? (await evaluated).result : null;
    onEpochTest = stopOnEpochTest;
    const seconds = (performance.now() - started) / 1000;
    const macs = describeModel(layers).macs;
    log(`CANDIDATE ${candidate.name} seed ${seed}: ${result ? `test ${(result.accuracy * 100).toFixed(2)}%` : outcome.reason} ` +
      `after ${training.epochs} epochs of batch ${training.batchSize}; ${fmt(macs)} multiply-adds/image; ${fmt(seconds, 1)} s here`);
    report.candidates.push({ name: candidate.name, seed, testAccuracy: result?.accuracy ?? null, epochTestAccuracy: epochTests, epochs: training.epochs, batchSize: training.batchSize, macs, seconds });
  }
}

/** One epoch of `preset` through the session, as the page trains: figures from its own batch metrics. */
async function trainOurs(preset) {
  const training = {
    optimizer: preset.optimizer, batchSize: BATCH_SIZE, epochs: 1, trainSize, validationSplit: 0,
    standardize: preset.standardize, seed: SEED, schedule: preset.schedule ?? null,
  };
  const id = ++runId;
  const batches = [];
  let isCutShort = false;
  const started = next('trainingStarted', (e) => e.runId === id);
  const epochEnded = next('epochEnded', (e) => e.runId === id);
  const ended = next('trainingEnded', (e) => e.runId === id);
  const evaluated = next('evaluated', (e) => e.runId === id);
  let batchesPerEpoch = 0;
  batchSink = (m) => {
    batches.push(m);
    if (batches.length === 1) {
      log(`${preset.id} ours: first batch ${fmt(m.firstBatchSeconds, 2)} s after Train (model build, shader compilation, one step), ${fmt(since(), 1)} s after this process started`);
    } else if (batches.length % 100 === 0 || batches.length === batchesPerEpoch) {
      log(`${preset.id} ours: batch ${batches.length}/${batchesPerEpoch}, steady ${fmt(m.examplesPerSecond)} examples/s, loss ${m.loss.toFixed(3)}, ${fmt(readbacks.total() / batches.length, 2)} readbacks/batch so far`);
    }
    if (!isCutShort && overBudget()) {
      isCutShort = true;
      log(`${preset.id} ours: budget spent, stopping`);
      session.handle({ type: 'stop' });
    }
  };
  const readsBefore = readbacks.total();
  const trainAt = performance.now();
  session.handle({ type: 'train', runId: id, layers: [...preset.layers], training });
  batchesPerEpoch = (await started).batchesPerEpoch;
  log(`${preset.id} ours: training ${fmt(batchesPerEpoch)} batches of ${BATCH_SIZE} (${preset.optimizer.name} ${preset.optimizer.learningRate}${preset.schedule ? `, ${preset.schedule.kind}` : ''})`);
  const outcome = await ended;
  const wallSeconds = (performance.now() - trainAt) / 1000;
  const reads = readbacks.total() - readsBefore;
  const epoch = outcome.reason === 'completed' ? (await epochEnded).metrics : null;
  const gpuBytes = tf.memory().numBytesInGPU ?? null;
  let testAccuracy = null;
  if (outcome.reason === 'completed') {
    // The session scores the 10,000 test images after a completed run; give up once the budget is spent.
    const stopped = next('evaluationStopped', (e) => e.runId === id);
    const waitS = Math.max(60, BUDGET_S - since());
    const evaluation = await Promise.race([evaluated, stopped, new Promise((r) => setTimeout(() => r(null), Math.min(waitS, 1e6) * 1000))]);
    testAccuracy = evaluation?.type === 'evaluated' ? evaluation.result.accuracy : null;
    log(`${preset.id} ours: test accuracy ${testAccuracy === null ? 'not measured' : `${(testAccuracy * 100).toFixed(2)}%`}`);
  } else {
    log(`${preset.id} ours: ended ${outcome.reason} ${JSON.stringify(outcome.message)}`);
  }
  batchSink = () => {};
  return figures({
    batches: batches.length,
    examples: batches.at(-1)?.examplesSeen ?? 0,
    firstBatchSeconds: batches[0]?.firstBatchSeconds ?? null,
    timesS: batches.map((b) => b.elapsedSeconds),
    // The trainer's own steady rate (pace.ts), as the page shows it.
    paceExamplesPerSecond: batches.at(-1)?.examplesPerSecond ?? null,
    epochSeconds: epoch?.seconds ?? null,
    wallSeconds,
    reads,
    testAccuracy,
    reason: outcome.reason,
    gpuBytesAfterEpoch: gpuBytes,
  });
}

/** The same model, images, batch size and optimizer through plain model.fit (no schedule: fit has none). */
async function trainFit(preset) {
  const dataset = await new MnistLoader(DATA_URL, { trainSize }).load();
  const view = dataset.view({ trainSize, validationSplit: 0, standardize: preset.standardize, seed: SEED });
  const all = (await view.trainBatches(0, trainSize).next()).value;
  const model = buildModel(preset.layers, { seed: SEED });
  const optimizer = createOptimizer(preset.optimizer);
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const timesS = [];
  const batchesPerEpoch = Math.ceil(trainSize / BATCH_SIZE);
  const readsBefore = readbacks.total();
  const fitStart = performance.now();
  log(`${preset.id} model.fit: training ${fmt(batchesPerEpoch)} batches of ${BATCH_SIZE} (shaders the session compiled are reused)`);
  await model.fit(all.xs, all.ys, {
    batchSize: BATCH_SIZE, epochs: 1, shuffle: false,
    callbacks: {
      onBatchEnd: async (_batch, logs) => {
        timesS.push((performance.now() - fitStart) / 1000);
        const n = timesS.length;
        if (n === 1) log(`${preset.id} model.fit: first batch ${fmt(timesS[0], 2)} s after fit()`);
        else if (n % 100 === 0 || n === batchesPerEpoch) {
          log(`${preset.id} model.fit: batch ${n}/${batchesPerEpoch}, loss ${Number(logs?.loss).toFixed(3)}, ${fmt((readbacks.total() - readsBefore) / n, 2)} readbacks/batch so far`);
        }
        if (overBudget() && !model.stopTraining) {
          log(`${preset.id} model.fit: budget spent, stopping`);
          model.stopTraining = true;
        }
      },
    },
  });
  const wallSeconds = (performance.now() - fitStart) / 1000;
  const reads = readbacks.total() - readsBefore;
  tf.dispose([all.xs, all.ys]);
  const evaluation = await evaluate(model, view.testBatches(1000));
  model.dispose();
  optimizer.dispose();
  return figures({
    batches: timesS.length,
    examples: Math.min(trainSize, timesS.length * BATCH_SIZE),
    firstBatchSeconds: timesS[0] ?? null,
    timesS,
    epochSeconds: timesS.length === batchesPerEpoch ? wallSeconds : null,
    wallSeconds,
    reads,
    testAccuracy: evaluation.accuracy,
    reason: timesS.length === batchesPerEpoch ? 'completed' : 'stopped',
  });
}

/** Steady rate after the warm-up batches, and what it makes of a 60,000-image epoch. */
function figures(run) {
  const { timesS, batches } = run;
  const from = Math.min(WARMUP_BATCHES, Math.max(0, batches - 2));
  // Every batch but possibly the last holds BATCH_SIZE images.
  const steadyExamples = (batches - 1 - from) * BATCH_SIZE;
  // With metrics read back a few batches late, the last batches' times can coincide: too few batches give no rate.
  const steadySeconds = batches > 1 ? timesS[batches - 1] - timesS[from] : NaN;
  const examplesPerSecond = steadyExamples > 0 && steadySeconds > 0 ? steadyExamples / steadySeconds : NaN;
  const rest = { ...run };
  delete rest.timesS;
  return { ...rest, examplesPerSecond, secondsPer60k: 60_000 / examplesPerSecond, readbacksPerBatch: batches ? run.reads / batches : NaN };
}

function printSummary({ preset, flopsPerExample, ours, fit }) {
  const line = (name, r) => `${name.padEnd(9)} first batch ${fmt(r.firstBatchSeconds, 2).padStart(6)} s | steady ${fmt(r.examplesPerSecond).padStart(7)} examples/s ` +
    `(${fmt((r.examplesPerSecond * flopsPerExample) / 1e9, 1)} GFLOP/s) | 60,000 images in ${fmt(r.secondsPer60k, 1)} s at that rate` +
    `${r.epochSeconds !== null ? `, epoch measured ${fmt(r.epochSeconds, 1)} s` : ''} | ${fmt(r.readbacksPerBatch, 2)} readbacks/batch | ` +
    `test accuracy ${r.testAccuracy === null ? 'n/a' : `${(r.testAccuracy * 100).toFixed(2)}%`} | ${r.batches} batches, ${r.reason}`;
  console.log(`\n=== ${preset}, batch ${BATCH_SIZE}, WebGPU (${adapterText})`);
  console.log(line('ours', ours));
  if (ours.paceExamplesPerSecond) console.log(`          the trainer's own pace (what the page shows): ${fmt(ours.paceExamplesPerSecond)} examples/s`);
  if (ours.gpuBytesAfterEpoch) console.log(`          tfjs GPU memory after the epoch: ${fmt(ours.gpuBytesAfterEpoch / 2 ** 20, 1)} MiB`);
  if (fit) {
    console.log(line('model.fit', fit));
    console.log(`ours / model.fit: ${(ours.examplesPerSecond / fit.examplesPerSecond).toFixed(2)}x steady examples/s`);
  }
  console.log('');
}
