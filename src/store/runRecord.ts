/**
 * One training run as a record: what it trained (settings and layers), how it went (batch and
 * epoch curves), what it scored on the test set, how long and how fast, where, and whether its
 * weights are kept. Plain data, so it goes to IndexedDB and to a JSON file as it is.
 */
import type { Settings } from '../core/config/fields';
import { describeModel } from '../core/model/describe';
import type { LayerSpec } from '../core/model/spec';
import type { BatchMetrics, EpochMetrics } from '../core/training/trainer';
import type { BackendName, BackendReport, EvaluationResult } from '../engine/protocol';

/** Bumped when a record's shape changes: records of another version are left out when read back. */
export const RUN_RECORD_VERSION = 1;

export type RunStatus = 'training' | 'done' | 'stopped' | 'diverged' | 'failed';

/** The batch curve, smoothed and thinned to at most CURVE_POINTS points; x counts epochs (1.5 = half-way through the second). */
export interface RunCurve {
  x: number[];
  loss: number[];
  accuracy: number[];
}

export interface RunTest {
  accuracy: number;
  loss: number;
  count: number;
  /** confusion[actual * 10 + predicted], 100 counts. */
  confusion: number[];
}

export interface RunRecord {
  version: typeof RUN_RECORD_VERSION;
  id: number;
  /** The student's name for the run; null: the page names it from its id and preset. */
  name: string | null;
  /** The preset the run's recipe came from, when its layers are that preset's; null for layers of one's own. */
  presetId: string | null;
  /** ISO date and time the run started. */
  startedAt: string;
  status: RunStatus;
  settings: Settings;
  layers: LayerSpec[];
  params: number;
  /** Multiply-adds for one image, forward pass. */
  macsPerImage: number;
  trainCount: number;
  validationCount: number;
  epochsPlanned: number;
  batches: RunCurve;
  epochs: EpochMetrics[];
  test: RunTest | null;
  /** Seconds of training (batches and validation), without the test evaluation. */
  seconds: number;
  examplesPerSecond: number;
  backend: BackendName | null;
  /** WebAssembly's threads, 1 for the CPU backend; null for a GPU backend. */
  threads: number | null;
  /** Size of the weights kept in the browser; null while none are kept. */
  weightsBytes: number | null;
}

/** What a run is started with. */
export interface RunSetup {
  settings: Settings;
  layers: LayerSpec[];
  /** The preset the recipe came from (the page's, or one of the conv-vs-dense pair). */
  presetId: string;
  /** A name given at the start (none: the page names it). */
  name?: string | null;
}

export const CURVE_POINTS = 300;
/** The moving average the live chart draws, so the stored curve looks like what the student saw. */
const SMOOTHING = 0.9;

/** A fresh record for a run that is starting. */
export function newRunRecord(id: number, setup: RunSetup, backend: BackendReport | null, startedAt: Date): RunRecord {
  const description = describeModel(setup.layers);
  return {
    version: RUN_RECORD_VERSION,
    id,
    name: setup.name ?? null,
    presetId: setup.presetId,
    startedAt: startedAt.toISOString(),
    status: 'training',
    settings: { ...setup.settings },
    layers: structuredClone(setup.layers),
    params: description.totalParams,
    macsPerImage: description.macs,
    trainCount: 0,
    validationCount: 0,
    epochsPlanned: setup.settings.epochs,
    batches: { x: [], loss: [], accuracy: [] },
    epochs: [],
    test: null,
    seconds: 0,
    examplesPerSecond: 0,
    backend: backend?.active ?? null,
    threads: threadsOf(backend),
    weightsBytes: null,
  };
}

/** WebAssembly's thread count as the backend report gives it; 1 for the plain CPU; null for a GPU. */
export function threadsOf(backend: BackendReport | null): number | null {
  if (!backend) return null;
  if (backend.active === 'cpu') return 1;
  if (backend.active !== 'wasm') return null;
  const note = backend.notes.find((n) => n.code === 'wasmThreads');
  return note && note.code === 'wasmThreads' ? note.count : 1;
}

/** The batch curve smoothed as the live chart smooths it, thinned to at most `maxPoints` points (the last batch always in). */
export function curveOf(batches: readonly BatchMetrics[], maxPoints = CURVE_POINTS): RunCurve {
  const curve: RunCurve = { x: [], loss: [], accuracy: [] };
  const stride = Math.max(1, Math.ceil(batches.length / maxPoints));
  let loss = NaN;
  let accuracy = NaN;
  batches.forEach((b, i) => {
    loss = Number.isNaN(loss) ? b.loss : SMOOTHING * loss + (1 - SMOOTHING) * b.loss;
    accuracy = Number.isNaN(accuracy) ? b.accuracy : SMOOTHING * accuracy + (1 - SMOOTHING) * b.accuracy;
    if (i % stride !== 0 && i !== batches.length - 1) return;
    curve.x.push(b.epoch + (b.batch + 1) / b.batchesPerEpoch);
    // JSON has no NaN or Infinity: a diverged run's last points are kept as null-free large numbers.
    curve.loss.push(Number.isFinite(loss) ? loss : Number.MAX_VALUE);
    curve.accuracy.push(Number.isFinite(accuracy) ? accuracy : 0);
  });
  return curve;
}

/**
 * Seconds and throughput from the trainer's own clock (the last batch's): the steady speed the page
 * shows (warm-up left out), or the plain average when the run was too short to have one.
 */
export function speedOf(batches: readonly BatchMetrics[]): { seconds: number; examplesPerSecond: number } {
  const last = batches[batches.length - 1];
  if (!last || last.elapsedSeconds <= 0) return { seconds: 0, examplesPerSecond: 0 };
  const steady = last.examplesPerSecond > 0 && Number.isFinite(last.examplesPerSecond) ? last.examplesPerSecond : 0;
  return { seconds: last.elapsedSeconds, examplesPerSecond: steady || last.examplesSeen / last.elapsedSeconds };
}

export function testOf(evaluation: EvaluationResult): RunTest {
  return { accuracy: evaluation.accuracy, loss: evaluation.loss, count: evaluation.count, confusion: Array.from(evaluation.confusion) };
}

/** The records as one JSON document (a file a student can keep or hand in). */
export function runsToJson(records: readonly RunRecord[]): string {
  return JSON.stringify({ format: 'mnist-playground-runs', version: RUN_RECORD_VERSION, runs: records }, null, 2);
}

const CSV_COLUMNS = [
  'id', 'name', 'preset', 'status', 'started_at', 'test_accuracy', 'test_loss', 'params', 'macs_per_image', 'train_images',
  'epochs', 'seconds', 'examples_per_second', 'backend', 'threads', 'optimizer', 'learning_rate', 'batch_size', 'seed', 'layers',
] as const;

/** One line per run, the figures a spreadsheet compares; `nameOf` words a run without a name of its own. */
export function runsToCsv(records: readonly RunRecord[], nameOf: (record: RunRecord) => string, layerText: (layers: LayerSpec[]) => string): string {
  const rows = records.map((r) => [
    r.id, nameOf(r), r.presetId ?? '', r.status, r.startedAt, r.test?.accuracy ?? '', r.test?.loss ?? '', r.params, r.macsPerImage,
    r.trainCount, r.epochs.length, round(r.seconds, 3), round(r.examplesPerSecond, 1), r.backend ?? '', r.threads ?? '',
    r.settings.optimizer, r.settings.learningRate, r.settings.batchSize, r.settings.seed, layerText(r.layers),
  ]);
  return [CSV_COLUMNS.join(','), ...rows.map((row) => row.map(csvCell).join(','))].join('\r\n') + '\r\n';
}

function round(n: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(n * scale) / scale;
}

/** RFC 4180: a cell with a comma, a quote or a line break is quoted, its quotes doubled. */
export function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
