/**
 * Connects the store to the training engine: starts it once, turns its events into store updates,
 * and coalesces the many per-batch events into a few store updates a second.
 */
import type { LayersModelArtifacts } from '../core/export/layersModelFiles';
import type { BatchMetrics } from '../core/training/trainer';
import type { BackendName, BackendReport, Command, EngineEvent } from '../engine/protocol';
import { probeWebGl, probeWebGpu } from '../engine/probes';
import { createTrainingClient, type TrainingClient } from '../engine/trainingClient';
import { useAppStore, type AppState } from './store';

let engine: TrainingClient | null = null;
let startOptions: EngineStartOptions | null = null;
/** The GPU backend the engine moved to the page for, while it runs there for that reason alone. */
let pageOnlyBackend: 'webgl' | 'webgpu' | null = null;
let pendingBatches: BatchMetrics[] = [];
let flushTimer: ReturnType<typeof setTimeout> | null = null;
let samplesRequested = false;
/** The one model export in flight: the engine answers modelExported or modelExportFailed. */
let pendingExport: { resolve(artifacts: LayersModelArtifacts): void; reject(error: Error): void } | null = null;

const SAMPLE_COUNT = 24;
/**
 * Batch metrics reach the store at most this often: ten updates a second keep the figures and
 * charts live, and leave the page's thread idle most of the time while a small model trains
 * hundreds of batches a second.
 */
const FLUSH_INTERVAL_MS = 100;

/** Asks once for a strip of real training digits, as soon as the first shard is in. */
function requestSamples(): void {
  if (samplesRequested) return;
  samplesRequested = true;
  engine?.send({ type: 'samples', count: SAMPLE_COUNT });
}

export interface EngineStartOptions {
  dataUrl: string;
  /** Run the engine on the page's thread instead of a worker. */
  mainThread?: boolean;
}

/** Starts the engine (once) and asks it to choose a backend and stream the data. */
export function startEngine({ dataUrl, mainThread = false }: EngineStartOptions): TrainingClient {
  if (engine) return engine;
  startOptions = { dataUrl, mainThread };
  engine = createTrainingClient(mainThread);
  engine.subscribe(applyEvent);
  const { settings } = useAppStore.getState();
  engine.send({ type: 'init', dataUrl, backend: settings.backend, trainSize: 60_000 });
  return engine;
}

/** Ends the engine; the next startEngine begins a fresh one. */
export function stopEngine(): void {
  engine?.terminate();
  engine = null;
  pageOnlyBackend = null;
  pendingBatches = [];
  samplesRequested = false;
  pendingExport?.reject(new Error('The training engine was stopped.'));
  pendingExport = null;
}

/**
 * A GPU backend the user chose may be unavailable inside a worker (no OffscreenCanvas WebGL, no
 * WebGPU in workers) yet work on the page. Then the engine restarts on the main thread, where
 * the trainer yields after every batch, and the backend panel says so.
 */
async function fallBackToMainThreadIfNeeded(report: BackendReport): Promise<void> {
  const wanted = useAppStore.getState().settings.backend;
  if (report.thread !== 'worker' || wanted === 'auto' || wanted === report.active || !startOptions) return;
  if (wanted !== 'webgl' && wanted !== 'webgpu') return;
  const inWorker = report.probes.find((p) => p.name === wanted);
  if (inWorker?.isAvailable) return;
  const onPage = wanted === 'webgl' ? probeWebGl() : await probeWebGpu();
  if (!onPage.isAvailable) return;
  restartEngine(true);
  pageOnlyBackend = wanted;
}

/**
 * Sends the user's backend choice to the engine. An engine that moved to the page only for a GPU
 * backend a worker lacks moves back to a worker for any other choice, so training leaves the page's
 * thread again. (A new backend starts from a fresh model either way.)
 */
export function switchBackend(choice: BackendName | 'auto'): void {
  if (pageOnlyBackend !== null && choice !== pageOnlyBackend) {
    restartEngine(false);
    return;
  }
  getEngine().send({ type: 'setBackend', backend: choice });
}

/** A fresh engine on the chosen thread; it starts with the backend in the settings and streams the data again (from the HTTP cache). */
function restartEngine(mainThread: boolean): void {
  if (!startOptions) return;
  const { dataUrl } = startOptions;
  stopEngine();
  useAppStore.setState({ backendStatus: 'starting', progress: null, dataStatus: 'loading' });
  startEngine({ dataUrl, mainThread });
}

/** Asks the engine for the trained model's topology and weights (one request at a time). */
export function requestModelExport(): Promise<LayersModelArtifacts> {
  if (pendingExport) return Promise.reject(new Error('A download is already being prepared.'));
  return new Promise((resolve, reject) => {
    pendingExport = { resolve, reject };
    getEngine().send({ type: 'exportModel' });
  });
}

/**
 * Sends a command once the page has painted what it shows now. For 'train': the worker takes
 * every core the moment it starts, so the frame that locks the settings is laid out first, on
 * a free CPU, instead of competing with the first training step (one frame, about 16 ms, later).
 */
export function sendAfterNextPaint(command: Command): void {
  const send = () => getEngine().send(command);
  if (typeof requestAnimationFrame === 'function' && document.visibilityState === 'visible') requestAnimationFrame(() => setTimeout(send, 0));
  else setTimeout(send, 0);
}

export function getEngine(): TrainingClient {
  if (!engine) throw new Error('The training engine has not been started.');
  return engine;
}

/** Moves buffered batch metrics into the store. */
function flushBatches(): void {
  if (pendingBatches.length === 0) return;
  const added = pendingBatches;
  pendingBatches = [];
  useAppStore.setState((s) => ({
    batches: s.batches.concat(added),
    firstBatchAt: s.firstBatchAt ?? performance.now(),
  }));
}

function scheduleBatchFlush(): void {
  if (flushTimer !== null) return;
  // A timer of its own, not an animation frame: the store update and React's commit then run as
  // a task apart from the browser's rendering, so neither grows into a long task on a busy CPU.
  flushTimer = setTimeout(() => {
    flushTimer = null;
    flushBatches();
  }, FLUSH_INTERVAL_MS);
}

function set(partial: Partial<AppState>): void {
  useAppStore.setState(partial);
}

/** Maps one engine event onto the store. Exhaustive: a new event type fails to compile until handled. */
export function applyEvent(event: EngineEvent): void {
  // Any other event lands after the batches that came before it, so the store never shows
  // 'paused' or 'done' with batches still waiting in the buffer.
  if (event.type !== 'batchesEnded') flushBatches();
  switch (event.type) {
    case 'backendReady':
      void fallBackToMainThreadIfNeeded(event.report);
      // A new backend starts from a fresh model: the trained one is gone.
      set({ backendStatus: 'ready', backend: event.report, backendError: null, hasTrainedModel: false, runRecipe: null });
      return;
    case 'backendFailed':
      set({ backendStatus: 'failed', backendError: event.message });
      return;
    case 'dataProgress':
      set({ progress: event.progress, dataStatus: 'loading', dataError: null });
      if (event.progress.trainImagesLoaded > 0) requestSamples();
      return;
    case 'dataReady':
      set({ progress: event.progress, dataStatus: 'ready', dataError: null });
      requestSamples();
      return;
    case 'dataFailed':
      set({ dataStatus: 'failed', dataError: event.message });
      return;
    case 'trainingStarted':
      set({
        trainingStatus: 'training',
        hasTrainedModel: true,
        run: {
          trainCount: event.trainCount, validationCount: event.validationCount, batchesPerEpoch: event.batchesPerEpoch,
          epochs: event.epochs, flopsPerExample: event.flopsPerExample, startedAt: performance.now(),
        },
      });
      return;
    case 'batchesEnded':
      pendingBatches.push(...event.batches);
      scheduleBatchFlush();
      return;
    case 'epochEnded':
      useAppStore.setState((s) => ({ epochs: [...s.epochs, event.metrics] }));
      return;
    case 'trainingPaused':
      set({ trainingStatus: 'paused' });
      return;
    case 'trainingResumed':
      set({ trainingStatus: 'training' });
      return;
    case 'trainingEnded': {
      // Early stopping is a normal end (its message says why). After either, the engine goes
      // straight on to the test set, so the page stays busy rather than re-enabling every control
      // only to disable it again a moment later: both flips re-render the whole settings column.
      const status = event.reason === 'completed' || event.reason === 'earlyStopped' ? 'evaluating' : event.reason === 'diverged' ? 'diverged' : event.message ? 'failed' : 'stopped';
      set({ trainingStatus: status, trainingMessage: event.message });
      return;
    }
    case 'evaluationStarted':
      set({ trainingStatus: 'evaluating' });
      return;
    case 'evaluated':
      set({ trainingStatus: 'done', evaluation: event.result });
      return;
    case 'samples':
      if (event.count > 0) set({ samples: { pixels: event.pixels, labels: event.labels } });
      return;
    case 'augmentedSamples':
      set({ augmentedSamples: { pixels: event.pixels, labels: event.labels } });
      return;
    case 'modelExported':
      pendingExport?.resolve(event.artifacts);
      pendingExport = null;
      return;
    case 'modelExportFailed':
      pendingExport?.reject(new Error(event.message));
      pendingExport = null;
      return;
    case 'engineError': {
      const { trainingStatus } = useAppStore.getState();
      const wasBusy = trainingStatus === 'starting' || trainingStatus === 'evaluating' || trainingStatus === 'stopping';
      set({ engineError: event.message, ...(wasBusy ? { trainingStatus: 'failed' as const, trainingMessage: event.message } : {}) });
      // A crashed worker never answers a pending download: end it rather than leave it spinning.
      pendingExport?.reject(new Error(event.message));
      pendingExport = null;
      return;
    }
    default: {
      const unknown: never = event;
      throw new Error(`Unhandled engine event ${JSON.stringify(unknown)}`);
    }
  }
}
