/// <reference lib="webworker" />
/**
 * The benchmark worker. It drives the app's own TrainingSession (so the figures are the product's,
 * message hop included), then trains the same model with plain model.fit on the same backend and
 * the same images for comparison.
 */
import * as tf from '../core/tf';
import { PRESETS } from '../core/config/presets';
import { MnistLoader } from '../core/data/loader';
import { buildModel } from '../core/model/build';
import { describeModel } from '../core/model/describe';
import type { LayerSpec } from '../core/model/spec';
import { createOptimizer } from '../core/model/optimizers';
import type { BatchMetrics, EpochMetrics } from '../core/training/trainer';
import type { TrainingSpec } from '../core/training/types';
import type { EngineEvent, ImagePlacement } from '../engine/protocol';
import { TrainingSession } from '../engine/session';
import { probeText, type BenchMessage, type BenchReport, type BenchRequest, type RecipeReport, type RecipeRequest, type ScaleReport, type ScaleRequest, type Throughput } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const DATA_URL = new URL('/data/mnist/', self.location.origin).href;
const SEED = 42;

type Waiter = { test: (e: EngineEvent) => boolean; resolve: (e: EngineEvent) => void };

/** Wraps a session: commands in, a promise for the first event that matches a test out. */
function openSession() {
  const waiters: Waiter[] = [];
  const batches: BatchMetrics[] = [];
  const epochs: EpochMetrics[] = [];
  const placements: ImagePlacement[] = [];
  const epochTests: { epoch: number; accuracy: number; count: number }[] = [];
  let onBatch: () => void = () => {};
  const session = new TrainingSession((event) => {
    if (event.type === 'batchesEnded') for (const b of event.batches) { batches.push(b); onBatch(); }
    if (event.type === 'epochEnded') epochs.push(event.metrics);
    if (event.type === 'imagePlacement') placements.push(event.placement);
    if (event.type === 'epochEvaluated') epochTests.push({ epoch: event.epoch, accuracy: event.result.accuracy, count: event.result.count });
    if (event.type === 'dataFailed' || event.type === 'backendFailed' || event.type === 'engineError') {
      throw new Error(`${event.type}: ${JSON.stringify(event.message)}`);
    }
    for (const w of [...waiters]) if (w.test(event)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(event); }
  }, 'worker');
  const next = <T extends EngineEvent['type']>(type: T, test: (e: Extract<EngineEvent, { type: T }>) => boolean = () => true) =>
    new Promise<Extract<EngineEvent, { type: T }>>((resolve) => {
      waiters.push({ test: (e) => e.type === type && test(e as Extract<EngineEvent, { type: T }>), resolve: resolve as (e: EngineEvent) => void });
    });
  /** Trains `count` batches of one run (Stop sent as the last arrives) and returns their metrics. */
  const trainFor = async (count: number, layers: LayerSpec[], training: TrainingSpec): Promise<BatchMetrics[]> => {
    batches.length = 0;
    onBatch = () => {
      if (batches.length === count) session.handle({ type: 'stop' });
    };
    const ended = next('trainingEnded');
    session.handle({ type: 'train', runId: 1, layers, training });
    const outcome = await ended;
    if (batches.length < count) throw new Error(`training ended after ${batches.length} batches: ${JSON.stringify(outcome.message)}`);
    return batches.slice(0, count);
  };
  return { session, next, batches, epochs, epochTests, placements, trainFor };
}

/**
 * Counts GPU-to-CPU readbacks (each data() or dataSync() that reaches the backend) until stop() is
 * called. A backend's read may call its own readSync within the call: only the outermost counts
 * (reads still pending when another starts count apart: several can be in flight at once).
 */
function countReadbacks(): { stop: () => number } {
  const backend = tf.backend() as unknown as Record<'read' | 'readSync', (...args: unknown[]) => unknown>;
  const original = { read: backend.read, readSync: backend.readSync };
  let count = 0;
  let depth = 0;
  const wrap = (name: 'read' | 'readSync') => (...args: unknown[]) => {
    if (depth === 0) count++;
    depth++;
    try {
      return original[name].apply(backend, args);
    } finally {
      depth--;
    }
  };
  backend.read = wrap('read');
  backend.readSync = wrap('readSync');
  return {
    stop: () => {
      backend.read = original.read;
      backend.readSync = original.readSync;
      return count;
    },
  };
}

/** tf.memory()'s bytes, and those it counts on the GPU (WebGL and WebGPU say; null elsewhere). */
function memoryFigures(): { numBytes: number; numBytesInGPU: number | null } {
  const memory = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
  return { numBytes: memory.numBytes, numBytesInGPU: memory.numBytesInGPU ?? null };
}

function throughput(timesMs: number[], examplesPerBatch: number, warmup: number, flopsPerExample: number): Throughput {
  const timed = timesMs.length - 1 - warmup;
  const seconds = (timesMs[timesMs.length - 1] - timesMs[warmup]) / 1000;
  const examplesPerSecond = (timed * examplesPerBatch) / seconds;
  return { examplesPerSecond, gflops: (examplesPerSecond * flopsPerExample) / 1e9, batches: timed };
}

async function run(request: BenchRequest, navigationStart: number): Promise<BenchReport> {
  const preset = PRESETS.find((p) => p.id === request.presetId);
  if (!preset) throw new Error(`no preset ${request.presetId}`);
  const flopsPerExample = 3 * describeModel(preset.layers).flops;
  const total = request.warmupBatches + request.batches;
  const trainSize = Math.min(60_000, total * request.batchSize);

  // 1. Our pipeline: backend choice, streamed data, the trainer, the message hop.
  const run = openSession();
  const { session, next, batches, placements } = run;
  const backendReady = next('backendReady');
  const firstShard = next('dataProgress', (e) => e.progress.trainImagesLoaded > 0);
  const dataReady = next('dataReady');
  session.handle({ type: 'init', dataUrl: DATA_URL, readyModelUrl: '', backend: request.backend, trainSize });
  const { report } = await backendReady;
  if (report.active !== request.backend) throw new Error(`${request.backend} did not start: ${probeText(report.probes.find((p) => p.name === request.backend))}`);
  const training = {
    optimizer: preset.optimizer, batchSize: request.batchSize, epochs: 1, trainSize,
    validationSplit: 0, standardize: preset.standardize, seed: SEED,
  };
  const trainFor = (count: number) => run.trainFor(count, [...preset.layers], training);

  // Latency: Train pressed as soon as the first shard is in, as a student would.
  await firstShard;
  await trainFor(1);
  const msToFirstBatch = self.performance.timeOrigin + performance.now() - navigationStart;
  // Throughput in steady state, once the rest of the data has finished streaming in.
  await dataReady;
  const memoryBefore = memoryFigures();
  const oursReads = countReadbacks();
  const timed = await trainFor(total);
  // The session keeps the training images on a GPU from run to run: what they and the model hold now.
  const memoryAfter = memoryFigures();
  // Per batch trained, counting the few that run between reaching `total` and the Stop arriving.
  const oursReadsPerBatch = oursReads.stop() / batches.length;
  const pipeline = throughput(timed.map((b) => b.elapsedSeconds * 1000), request.batchSize, request.warmupBatches, flopsPerExample);

  // 2. Plain model.fit on the same backend, images, batch size and optimizer.
  const dataset = await new MnistLoader(DATA_URL, { trainSize }).load();
  const view = dataset.view({ trainSize, validationSplit: 0, standardize: preset.standardize, seed: SEED });
  const all = (await view.trainBatches(0, trainSize).next()).value!;
  const model = buildModel(preset.layers, { seed: SEED });
  model.compile({ optimizer: createOptimizer(preset.optimizer), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const fitTimes: number[] = [];
  const fitStart = performance.now();
  const fitReads = countReadbacks();
  await model.fit(all.xs, all.ys, {
    batchSize: request.batchSize, epochs: 1, shuffle: false,
    callbacks: { onBatchEnd: async () => { fitTimes.push(performance.now() - fitStart); } },
  });
  const fitReadsPerBatch = fitReads.stop() / fitTimes.length;
  const fit = throughput(fitTimes.slice(0, total), request.batchSize, request.warmupBatches, flopsPerExample);
  tf.dispose([all.xs, all.ys]);
  model.dispose();

  // 3. Optionally one full epoch of all 60,000 images through the product path, then the test set.
  let fullEpoch: BenchReport['fullEpoch'] = null;
  const numTensorsPerEpoch: number[] = [];
  if (request.fullEpoch) {
    const full = openSession();
    const ready = full.next('backendReady');
    full.session.handle({ type: 'init', dataUrl: DATA_URL, readyModelUrl: '', backend: request.backend, trainSize: 60_000 });
    await ready;
    await full.next('dataReady');
    const evaluated = full.next('evaluated');
    const started = performance.now();
    full.session.handle({ type: 'train', runId: 1, layers: [...preset.layers], training: { ...training, trainSize: 60_000, epochs: 1 } });
    await full.next('trainingEnded');
    const seconds = (performance.now() - started) / 1000;
    const { result } = await evaluated;
    fullEpoch = { seconds, examples: 60_000, testAccuracy: result.accuracy, examplesPerSecond: 60_000 / seconds };
    numTensorsPerEpoch.push(...full.epochs.map((e) => e.numTensors));
  }

  return {
    backend: report.active,
    backendDetail: probeText(report.probes.find((p) => p.name === report.active)),
    thread: report.thread,
    flopsPerExample,
    msToFirstBatch,
    pipeline,
    fit,
    fullEpoch,
    numTensorsPerEpoch,
    readbacksPerBatch: { ours: oursReadsPerBatch, fit: fitReadsPerBatch },
    memory: { before: memoryBefore, after: memoryAfter },
    imagePlacement: placements.at(-1) ?? null,
  };
}

/** Trains a preset exactly as its recipe says, on all 60,000 training images, and scores it. */
async function runRecipe(request: RecipeRequest): Promise<RecipeReport> {
  const preset = PRESETS.find((p) => p.id === request.presetId);
  if (!preset) throw new Error(`no preset ${request.presetId}`);
  const { session, next, epochs, epochTests } = openSession();
  const layers = request.candidate?.layers ?? [...preset.layers];
  const training: TrainingSpec = {
    optimizer: preset.optimizer, batchSize: preset.batchSize, epochs: preset.epochs, trainSize: 60_000,
    validationSplit: 0, standardize: preset.standardize, seed: request.seed, schedule: preset.schedule ?? null,
    ...request.candidate?.training,
  };
  const ready = next('backendReady');
  const dataReady = next('dataReady');
  session.handle({ type: 'init', dataUrl: DATA_URL, readyModelUrl: '', backend: request.backend, trainSize: 60_000 });
  await ready;
  await dataReady;
  const evaluated = next('evaluated');
  const ended = next('trainingEnded');
  const started = performance.now();
  const progress = setInterval(() => {
    self.postMessage({ type: 'progress', text: `${request.presetId}: ${epochs.length}/${training.epochs} epochs, ${((performance.now() - started) / 1000).toFixed(0)} s` } satisfies BenchMessage);
  }, 30_000);
  const trainingStarted = next('trainingStarted');
  session.handle({ type: 'train', runId: 1, layers, training });
  const { trainCount } = await trainingStarted;
  const outcome = await ended;
  clearInterval(progress);
  if (outcome.reason !== 'completed') throw new Error(`${request.presetId} ${outcome.reason}: ${JSON.stringify(outcome.message)}`);
  const seconds = (performance.now() - started) / 1000;
  const { result } = await evaluated;
  const description = describeModel(layers);
  const trainSeconds = epochs.reduce((total, m) => total + m.seconds, 0);
  return {
    presetId: preset.id, seed: request.seed, backend: request.backend, epochs: training.epochs, batchSize: training.batchSize, seconds,
    testAccuracy: result.accuracy, referenceAccuracy: request.candidate ? null : preset.referenceAccuracy,
    epochValidation: epochs.map((m) => ({ epoch: m.epoch + 1, trainLoss: m.trainLoss, trainAccuracy: m.trainAccuracy, seconds: m.seconds })),
    macsPerExample: description.macs, params: description.totalParams, trainCount,
    trainSeconds, examplesPerSecond: (trainCount * epochs.length) / trainSeconds,
    epochTestAccuracy: epochTests.map((t) => ({ epoch: t.epoch + 1, accuracy: t.accuracy, count: t.count })),
  };
}

/** The WASM module's memory in bytes (it grows and never shrinks), or null on another backend. */
function wasmHeapBytes(): number | null {
  if (tf.getBackend() !== 'wasm') return null;
  const module = (tf.backend() as unknown as { wasm: { wasmMemory?: WebAssembly.Memory; HEAPU8: Uint8Array } }).wasm;
  return (module.wasmMemory?.buffer ?? module.HEAPU8.buffer).byteLength;
}

/** One point of the scale table: a preset at one batch size, cold first batch, then steady batches (and the peak memory). */
async function runScale(request: ScaleRequest): Promise<ScaleReport> {
  const preset = PRESETS.find((p) => p.id === request.presetId);
  if (!preset) throw new Error(`no preset ${request.presetId}`);
  const total = 1 + request.warmupBatches + request.batches;
  // Room past the last batch: Stop is sent as batch metrics arrive (every 50 ms), and a run that completes its epoch scores the test set.
  const trainSize = Math.min(60_000, (total + 30) * request.batchSize);
  const run = openSession();
  const { session, next } = run;
  const backendReady = next('backendReady');
  const dataReady = next('dataReady');
  session.handle({ type: 'init', dataUrl: DATA_URL, readyModelUrl: '', backend: request.backend, trainSize });
  const { report } = await backendReady;
  if (report.active !== request.backend) throw new Error(`${request.backend} did not start: ${probeText(report.probes.find((p) => p.name === request.backend))}`);
  await dataReady;
  const training: TrainingSpec = {
    optimizer: preset.optimizer, batchSize: request.batchSize, epochs: 1, trainSize,
    validationSplit: 0, standardize: preset.standardize, seed: SEED, schedule: preset.schedule ?? null,
  };
  const trainFor = (count: number) => run.trainFor(count, [...preset.layers], training);
  // The first run in this worker: its first batch pays for the model build and every kernel's first call.
  const timed = await trainFor(total);
  const heapBytes = wasmHeapBytes();
  let tfPeakBytes: number | null = null;
  if (request.measurePeak) {
    const profile = await tf.profile(async () => {
      await trainFor(2);
    });
    tfPeakBytes = profile.peakBytes;
  }
  return {
    backend: report.active,
    backendDetail: probeText(report.probes.find((p) => p.name === report.active)),
    presetId: preset.id,
    batchSize: request.batchSize,
    warmupBatches: request.warmupBatches,
    flopsPerExample: 3 * describeModel(preset.layers).flops,
    firstBatchSeconds: timed[0].firstBatchSeconds,
    batchEndSeconds: timed.map((b) => b.elapsedSeconds),
    wasmHeapBytes: heapBytes,
    tfPeakBytes,
  };
}

self.onmessage = (event: MessageEvent<(BenchRequest & { navigationOffset: number }) | ({ recipe: true } & RecipeRequest) | ({ scale: true } & ScaleRequest)>) => {
  const data = event.data;
  if ('scale' in data) {
    runScale(data)
      .then((report) => self.postMessage({ type: 'scale', report } satisfies BenchMessage))
      .catch((error: unknown) => self.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies BenchMessage));
    return;
  }
  if ('recipe' in data) {
    runRecipe(data)
      .then((report) => self.postMessage({ type: 'recipe', report } satisfies BenchMessage))
      .catch((error: unknown) => self.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies BenchMessage));
    return;
  }
  run(data, data.navigationOffset)
    .then((report) => self.postMessage({ type: 'report', report } satisfies BenchMessage))
    .catch((error: unknown) => self.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies BenchMessage));
};
