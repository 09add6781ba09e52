/** The benchmark worker's request and report (plain data). */
import type { LayerSpec } from '../core/model/spec';
import type { TrainingSpec } from '../core/training/types';
import type { BackendNote } from '../engine/messages';
import type { BackendName, BackendProbe, ImagePlacement } from '../engine/protocol';

/** A probe for the bench's log: its renderer, or the code of why it is unavailable (the bench speaks to developers). */
export function probeText(probe: BackendProbe | undefined): string {
  if (!probe) return 'not probed';
  return probe.renderer ?? (probe.problem ? `${probe.problem.code} ${JSON.stringify(probe.problem)}` : probe.name);
}

/** The active backend's notes for the bench's log, e.g. "WASM SIMD on, 2 threads". */
export function notesText(notes: readonly BackendNote[]): string[] {
  return notes.map((note) => (note.code === 'wasmSimd' ? `WASM SIMD ${note.isOn ? 'on' : 'off'}` : `${note.count} threads`));
}

export interface BenchRequest {
  backend: BackendName;
  presetId: string;
  /** Timed batches for the throughput comparison (after warm-up). */
  batches: number;
  warmupBatches: number;
  batchSize: number;
  /** Also train one full epoch of 60,000 images and evaluate on the test set. */
  fullEpoch: boolean;
}

export interface Throughput {
  examplesPerSecond: number;
  gflops: number;
  batches: number;
}

export interface BenchReport {
  backend: BackendName;
  backendDetail: string;
  thread: 'worker' | 'main';
  flopsPerExample: number;
  /** performance.now() from navigation start to the first trained batch. */
  msToFirstBatch: number;
  pipeline: Throughput;
  fit: Throughput;
  fullEpoch: { seconds: number; examples: number; testAccuracy: number; examplesPerSecond: number } | null;
  numTensorsPerEpoch: number[];
  /** GPU-to-CPU readbacks (data()/dataSync() calls reaching the backend) per trained batch, ours and model.fit's. */
  readbacksPerBatch: { ours: number; fit: number };
  /** tf.memory() before our first run and after the timed one (the session keeps the training images on a GPU). */
  memory: { before: { numBytes: number; numBytesInGPU: number | null }; after: { numBytes: number; numBytesInGPU: number | null } };
  /** Where our timed run took its training images from (GPU backends; null elsewhere). */
  imagePlacement: ImagePlacement | null;
}

/** One preset trained with its own recipe on all 60,000 images, then scored on the test set. */
export interface RecipeRequest {
  presetId: string;
  backend: BackendName;
  /** Seeds the initial weights and the shuffle; run several to see the spread. */
  seed: number;
  /**
   * A candidate instead of the preset's recipe (the fast-99 search): these layers and these training
   * settings over the recipe's (the candidate sets its own validation split; the recipe's is 0).
   */
  candidate?: { layers?: LayerSpec[]; training?: Partial<TrainingSpec> };
}

export interface RecipeReport {
  presetId: string;
  seed: number;
  backend: BackendName;
  epochs: number;
  batchSize: number;
  seconds: number;
  testAccuracy: number;
  referenceAccuracy: number | null;
  epochValidation: { epoch: number; trainLoss: number; trainAccuracy: number; seconds: number }[];
  /** What the run trained, for a candidate: multiply-adds per image (forward), parameters, images per epoch. */
  macsPerExample: number;
  params: number;
  trainCount: number;
  /** Seconds of training alone (the epochs, without the test passes) and the training rate. */
  trainSeconds: number;
  examplesPerSecond: number;
  /** Test accuracy after each epoch but the last, when the engine scores the test set during training. */
  epochTestAccuracy: { epoch: number; accuracy: number; count: number }[];
}

/**
 * One point of the scale table (npm run bench -- --scale): a preset at one batch size on one backend,
 * trained from a fresh page and worker so its first batch is cold and the WASM heap is its own.
 */
export interface ScaleRequest {
  backend: BackendName;
  presetId: string;
  batchSize: number;
  /** Steady batches timed after the warm-up ones. */
  batches: number;
  warmupBatches: number;
  /** Also train two batches under tf.profile for the peak of tf.memory().numBytes (slow on GPU backends). */
  measurePeak: boolean;
}

export interface ScaleReport {
  backend: BackendName;
  backendDetail: string;
  presetId: string;
  batchSize: number;
  warmupBatches: number;
  flopsPerExample: number;
  /** Seconds from the train command to the first batch done: model build, kernel compilation, the first step. */
  firstBatchSeconds: number;
  /** Each batch's end, in seconds since the trainer's run began (BatchMetrics.elapsedSeconds). */
  batchEndSeconds: number[];
  /** The WASM module's memory (its buffer's byteLength) after the timed batches: it only grows, so this is its peak. Null off WASM. */
  wasmHeapBytes: number | null;
  /** The highest tf.memory().numBytes after any kernel over two profiled batches (tensors only, not kernel scratch). Null if not measured. */
  tfPeakBytes: number | null;
}

export type BenchMessage =
  | { type: 'report'; report: BenchReport }
  | { type: 'scale'; report: ScaleReport }
  | { type: 'recipe'; report: RecipeReport }
  /** The weights stay an ArrayBuffer; the build script reads them out of the page as base64. */
  | { type: 'readyModel'; report: ReadyModelReport; weights: ArrayBuffer }
  | { type: 'progress'; text: string }
  | { type: 'failed'; message: string };

/** Train the ready model (src/core/model/readyModel.ts); the fields override its recipe for trial runs. */
export interface ReadyModelRequest {
  seed?: number;
  epochs?: number;
  /** Fewer than 60,000 only for a quick trial: the shipped model sees them all. */
  trainSize?: number;
}

export interface ReadyModelReport {
  testAccuracy: number;
  testLoss: number;
  /** Seconds from the first batch to the last, and with the test pass and export. */
  trainSeconds: number;
  totalSeconds: number;
  backendDetail: string;
  params: number;
  epochs: { epoch: number; trainLoss: number; trainAccuracy: number; learningRate: number; seconds: number }[];
  /** The model.json text, metadata included; its weights file is WEIGHTS_FILE_NAME. */
  modelJson: string;
  weightsFileName: string;
}
