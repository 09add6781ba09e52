/**
 * Measures how fast the chosen model trains on the running backend, before any run: a few real
 * training steps on random images (speed does not depend on the pixels), then a few inference
 * batches. The page turns the figures into "this run will take about ...".
 */
import * as tf from '../core/tf';
import { DEFAULT_PRESET_ID, getPreset } from '../core/config/presets';
import { buildModel, classifierScores } from '../core/model/build';
import { createOptimizer } from '../core/model/optimizers';
import { INPUT_SHAPE, NUM_CLASSES } from '../core/model/spec';
import type { SpeedMeasurement } from '../core/training/estimate';
import { trainStep } from '../core/training/trainer';
import { yieldToEventLoop } from '../core/training/yield';
import { compileInParallel } from './parallelCompile';
import type { SpeedProbeRequest } from './protocol';

/** Steps after the first (timed apart: it builds the graph and compiles kernels), at most. */
const MAX_TIMED_STEPS = 10;
const MIN_TIMED_STEPS = 1;
/** The probe stops timing once this much has passed, so a slow backend is not held up for long. */
const TIME_BUDGET_MS = 1000;
/**
 * Images per scoring pass. Runs score in batches of 256 to 500; a smaller pass keeps the probe short
 * on the slowest backends (plain CPU), and its per-image pace is close enough.
 */
const EVAL_BATCH = 128;

/** `isCancelled` is checked between steps: a Train or a backend switch need the thread more. */
export async function measureSpeed(request: SpeedProbeRequest, isCancelled: () => boolean): Promise<SpeedMeasurement & { backend: string }> {
  const { batchSize } = request;
  const model = buildModel(request.layers, { seed: 1, l1: request.l1, l2: request.l2 });
  const optimizer = createOptimizer(request.optimizer);
  const pixels = randomPixels(Math.max(batchSize, EVAL_BATCH));
  const labels = oneHotLabels(Math.max(batchSize, EVAL_BATCH));
  const batch = (n: number) => syntheticBatch(pixels, labels, n);
  const check = () => {
    if (isCancelled()) throw new Error('The speed probe gave way to other work.');
  };
  try {
    // As the trainer does it: a step and reading its loss back. The turn of the event loop that
    // follows is left out of the time: while shards stream in, it decodes one, which a run does not wait for.
    const step = async () => {
      const started = performance.now();
      const data = batch(batchSize);
      const { loss, accuracy } = trainStep(model, optimizer, data);
      await Promise.all([loss.data(), accuracy.data()]);
      tf.dispose([loss, accuracy, data.xs, data.ys]);
      const ms = performance.now() - started;
      await yieldToEventLoop();
      return ms;
    };
    // On a GPU, the programs of a step and of a scoring pass are compiled at once first, in parallel
    // where the backend can (parallelCompile.ts); the run that follows finds them built.
    const compileMs = await compileInParallel(() => {
      const data = batch(batchSize);
      const { loss, accuracy } = trainStep(model, optimizer, data);
      // The trainer reads figures back stacked, one or two batches at a time (readback.ts).
      const stacked = [tf.stack([loss, accuracy]), tf.stack([loss, accuracy, loss, accuracy])];
      const scoring = batch(EVAL_BATCH);
      const predicted = tf.tidy(() => tf.argMax(classifierScores(model, scoring.xs, false).scores, 1));
      tf.dispose([loss, accuracy, ...stacked, data.xs, data.ys, scoring.xs, scoring.ys, predicted]);
    }) ?? 0;
    check();
    const firstMs = await step();
    check();
    const stepsMs: number[] = [];
    const timingStart = performance.now();
    while (stepsMs.length < MAX_TIMED_STEPS && (stepsMs.length < MIN_TIMED_STEPS || performance.now() - timingStart < TIME_BUDGET_MS)) {
      stepsMs.push(await step());
      check();
    }
    // The median step. Measured on a 2-core machine under a load average of 20 (other runs sharing
    // it), neither figure is steady: the median once read 84 images/s where the run then went at
    // 250, the fastest step 699 where it went at 300. The median is the one that errs less often;
    // a run then calibrates the estimate of its set-up (store/speedSlice.ts).
    const stepMs = median(stepsMs);

    const score = async () => {
      const started = performance.now();
      const data = batch(EVAL_BATCH);
      const predicted = tf.tidy(() => tf.argMax(classifierScores(model, data.xs, false).scores, 1));
      await predicted.data();
      tf.dispose([predicted, data.xs, data.ys]);
      return performance.now() - started;
    };
    const firstScoreMs = await score();
    check();
    // A second pass, timed apart from the first's warm-up, unless one pass already took long.
    const scoreMs = firstScoreMs < TIME_BUDGET_MS / 2 ? Math.min(firstScoreMs, await score()) : firstScoreMs;
    return {
      backend: tf.getBackend(),
      trainPerSecond: (batchSize * 1000) / stepMs,
      evalPerSecond: (EVAL_BATCH * 1000) / scoreMs,
      // The first step and the first scoring pass, above the steady pace: what a run pays once.
      warmupSeconds: (compileMs + Math.max(0, firstMs - stepMs) + Math.max(0, firstScoreMs - scoreMs)) / 1000,
      source: 'probe',
    };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}

/**
 * One training step of the page's default set-up on random images, its loss read back, everything
 * disposed: what the session runs on WASM once the first training images are in (session.ts). A
 * worker's first step costs about ten steady ones (V8 compiles tfjs's training code on first use,
 * the WASM heap grows to the step's size); paid here, a first Train pressed soon after does not wait
 * for it. Returns how long the step took, in ms.
 */
export async function warmUpTraining(): Promise<number> {
  const preset = getPreset(DEFAULT_PRESET_ID);
  if (!preset) return 0;
  const started = performance.now();
  const model = buildModel(preset.layers, { seed: 1, l1: 0, l2: 0 });
  const optimizer = createOptimizer(preset.optimizer);
  const n = preset.batchSize;
  const { xs, ys } = syntheticBatch(randomPixels(n), oneHotLabels(n), n);
  try {
    const { loss, accuracy } = trainStep(model, optimizer, { xs, ys });
    await Promise.all([loss.data(), accuracy.data()]);
    tf.dispose([loss, accuracy]);
    return performance.now() - started;
  } finally {
    tf.dispose([xs, ys]);
    optimizer.dispose();
    model.dispose();
  }
}

/** The first `n` images and labels of `pixels` and `labels` as a training batch. */
function syntheticBatch(pixels: Float32Array, labels: Float32Array, n: number): { xs: tf.Tensor4D; ys: tf.Tensor2D } {
  return {
    xs: tf.tensor4d(pixels.subarray(0, n * 784), [n, ...INPUT_SHAPE] as [number, number, number, number]),
    ys: tf.tensor2d(labels.subarray(0, n * NUM_CLASSES), [n, NUM_CLASSES]),
  };
}

function randomPixels(count: number): Float32Array {
  const pixels = new Float32Array(count * 784);
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.random();
  return pixels;
}

function oneHotLabels(count: number): Float32Array {
  const labels = new Float32Array(count * NUM_CLASSES);
  for (let i = 0; i < count; i++) labels[i * NUM_CLASSES + (i % NUM_CLASSES)] = 1;
  return labels;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
