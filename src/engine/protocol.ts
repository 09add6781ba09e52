/**
 * The messages between the page and the training engine. Plain data only: numbers, strings and
 * typed arrays cross the boundary, tensors never do. Both sides switch exhaustively over `type`.
 * Whatever the engine has to say travels as a code with parameters (messages.ts), never as a
 * sentence: the page words it in the student's language.
 */
import type { LayersModelArtifacts } from '../core/export/layersModelFiles';
import type { Augmentation } from '../core/data/augment';
import type { LayerSpec } from '../core/model/spec';
import type { FilterImages, LayerActivation, LayerSummary } from '../core/model/inspect';
import type { OptimizerSpec, TrainingSpec } from '../core/training/types';
import type { SpeedMeasurement } from '../core/training/estimate';
import type { BatchMetrics, EpochMetrics, StopReason } from '../core/training/trainer';
import type { TestMistakes, WatchedPredictions } from '../core/training/testDetails';
import type { BackendNote, EngineMessage, ProbeProblem, SkipReason } from './messages';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BACKEND_NAMES: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** What the engine found out about one backend while choosing. */
export interface BackendProbe {
  name: BackendName;
  /** Usable at all in this browser (an adapter/context was obtained and tfjs initialised it). */
  isAvailable: boolean;
  /** A software GPU (SwiftShader, llvmpipe, a WebGPU fallback adapter): correct but very slow. */
  isSoftware: boolean;
  /** The GPU adapter's or renderer's name (XNNPACK for WASM); null when unavailable or for the CPU. */
  renderer: string | null;
  /** Why it is unavailable; null while it is available. */
  problem: ProbeProblem | null;
}

/**
 * What keeps WASM on one thread: the page is not cross-origin isolated (the host sends no COOP and
 * COEP headers), so the browser withholds SharedArrayBuffer; or the browser has none at all.
 */
export type WasmThreadLimit = 'notIsolated' | 'noSharedArrayBuffer';

export interface BackendReport {
  active: BackendName;
  /** Every backend, in the order they were ranked. */
  probes: BackendProbe[];
  /** Why each backend ranked above the active one was passed over (empty when the user chose). */
  skipped: { name: BackendName; reason: SkipReason }[];
  chosenBy: 'auto' | 'user';
  /** 'worker', or 'main' when training had to run on the page's thread. */
  thread: 'worker' | 'main';
  /** Extra facts worth showing: WASM SIMD/threads, etc. */
  notes: BackendNote[];
  /** Why WASM runs on one thread on a machine with more cores; null when it does not, or another backend runs. */
  threadLimit?: WasmThreadLimit | null;
  /**
   * WASM or CPU asked for by name started before the GPU backends were probed: `probes` lists only
   * WASM and CPU until a 'backendsProbed' event brings the rest (backends.ts says why).
   */
  probesPending?: boolean;
}

export interface DataProgress {
  bytesLoaded: number;
  bytesTotal: number;
  /** Of bytesLoaded, those read from this device's copy (engine/dataCache.ts) rather than downloaded. */
  bytesFromStore?: number;
  trainImagesLoaded: number;
  trainImagesTotal: number;
  testImagesLoaded: number;
  testImagesTotal: number;
}

/**
 * A test-set evaluation, as plain data (typed arrays, structured-cloneable: a run record can keep it
 * as it is). The optional parts come with the page's evaluations (engine/testEvaluation.ts).
 */
export interface EvaluationResult {
  loss: number;
  accuracy: number;
  /** Test images evaluated: 10,000, or the fixed subset evaluated at an epoch's end. */
  count: number;
  /** confusion[actual * 10 + predicted] */
  confusion: Int32Array;
  /** Seconds the evaluation took. */
  seconds?: number;
  /** The misclassified images (the gallery). */
  mistakes?: TestMistakes;
  /** The watched digits' predictions (the grid that changes from epoch to epoch). */
  watched?: WatchedPredictions;
}

/** The set-up a speed probe times: what decides a training step's cost (engine/speedProbe.ts). */
export interface SpeedProbeRequest {
  layers: LayerSpec[];
  batchSize: number;
  optimizer: OptimizerSpec;
  l1: number;
  l2: number;
}

/** Which model answers predictions: the shipped one, the last run's, or one the user brought in. */
export type ModelSource = 'ready' | 'trained' | 'fineTuned' | 'loaded' | 'saved';

/**
 * A model's name: the student's own words for a model saved or loaded under a name, otherwise a
 * code the page words ("Ready model", "Run 3", "Ready model + 5 of your digits").
 */
export type ModelName =
  | { kind: 'ready' }
  | { kind: 'run'; runId: number }
  | { kind: 'fineTuned'; base: ModelName; sampleCount: number }
  | { kind: 'given'; text: string };

/** The model the engine predicts with, as the page shows it. */
export interface ActiveModelInfo {
  source: ModelSource;
  /** The run, the saved model or the file it came from. */
  name: ModelName;
  /** The model was trained on standardised inputs: drawings are standardised the same way. */
  standardize: boolean;
  params: number;
  /** The run that trained it, for source 'trained'. */
  runId: number | null;
  /** True while that run is still training it: its predictions change batch by batch. */
  isTraining: boolean;
}

export interface SavedModelInfo {
  name: string;
  savedAt: string;
  bytes: number;
}

/** Drawings the user labelled, as 28x28 fields of bytes (0 = background, 255 = full ink). */
export interface LabelledDigits {
  pixels: Uint8Array;
  labels: Uint8Array;
  count: number;
}

export interface FineTuneOptions {
  epochs: number;
  /** Keep every Conv2D layer's weights as they are; only the layers above learn. */
  freezeConv: boolean;
  learningRate: number;
  /** MNIST training images replayed per kept sample, so the model does not forget the rest. */
  replayPerSample: number;
  seed: number;
}

/** Accuracy on the user's own samples and on the 10,000 test images. */
export interface FineTuneScore {
  samplesAccuracy: number;
  testAccuracy: number;
}

export interface FineTuneResult {
  before: FineTuneScore;
  after: FineTuneScore;
  sampleCount: number;
  replayCount: number;
  epochs: number;
  seconds: number;
  model: ActiveModelInfo;
}

/**
 * Questions the page asks and waits for: each is sent with a request id and answered by a
 * 'replied' or 'queryFailed' event carrying it back. `request` is what the page sends, `result`
 * what comes back.
 */
export interface Queries {
  /** The active model's ten probabilities for one 28x28 image in [0, 1] (standardised by the engine when the model needs it). */
  predict: {
    request: { pixels: Float32Array };
    /** `modelSerial` numbers each distinct model description, so the page can match an answer read from shared memory (answerSlot.ts). */
    result: { probabilities: Float32Array; model: ActiveModelInfo; modelSerial?: number };
  };
  /** The active (or the last run's) model's topology and weights, for a download. */
  exportModel: { request: { source: 'active' | 'trained' }; result: LayersModelArtifacts };
  /** Makes the ready model or the last run's model active. */
  useModel: { request: { source: 'ready' | 'trained' }; result: ActiveModelInfo };
  /** Checked model files become the active model; on any failure nothing changes. */
  loadModel: { request: { artifacts: LayersModelArtifacts; name: string }; result: ActiveModelInfo };
  listSavedModels: { request: Record<never, never>; result: SavedModelInfo[] };
  saveModel: { request: { name: string }; result: SavedModelInfo[] };
  openSavedModel: { request: { name: string }; result: ActiveModelInfo };
  renameSavedModel: { request: { from: string; to: string }; result: SavedModelInfo[] };
  deleteSavedModel: { request: { name: string }; result: SavedModelInfo[] };
  /** Trains a copy of the active model on the user's digits mixed with MNIST replay; the copy becomes active. */
  fineTune: { request: { samples: LabelledDigits; options: FineTuneOptions }; result: FineTuneResult };
  /** The pixels (784 bytes each, white ink on black) and labels of some test images: those the page shows. */
  testImages: { request: { indices: Int32Array }; result: { pixels: Uint8Array; labels: Uint8Array } };
  /**
   * How fast these layers train and score on the running backend (a few steps on random images,
   * engine/speedProbe.ts), so the page can say how long a run will take before it starts.
   */
  measureSpeed: { request: SpeedProbeRequest; result: SpeedMeasurement & { backend: string } };
  // Look inside (features/inspect): answered between two training batches, like predict.
  /**
   * The active model's reading of one 28x28 image in [0, 1] (a drawing, or test image `index`):
   * each conv, pool and dense layer's output (at most `maxMaps` maps per layer) and the first conv layer's filters.
   */
  activations: { request: { input: { kind: 'pixels'; pixels: Float32Array } | { kind: 'test'; index: number }; maxMaps?: number }; result: ActivationsResult };
  /** The active model's layers: output shapes, parameters, and every weight tensor's statistics and histogram. */
  modelLayers: { request: Record<never, never>; result: { model: ActiveModelInfo; layers: LayerSummary[] } };
  /** tf.memory() where the engine runs: live tensors and the bytes they hold. */
  memory: { request: Record<never, never>; result: EngineMemory };
  // Runs (the run history): a finished run's weights are kept in the browser under its run id.
  /** Writes the latest run's weights to the browser's storage under its run id; answers their size. */
  keepRunWeights: { request: { runId: number }; result: { runId: number; bytes: number } };
  /** Makes a finished run's model active: the latest run's from memory, an earlier one from storage. */
  useRun: { request: { runId: number }; result: ActiveModelInfo };
  /** Deletes a run's stored weights (nothing happens when none are stored). */
  forgetRun: { request: { runId: number }; result: { runId: number } };
}

/** What the activations query answers (features/inspect). */
export interface ActivationsResult {
  model: ActiveModelInfo;
  /** The image read, 28x28 in [0, 1] (before any standardisation). */
  pixels: Float32Array;
  /** The test image's true digit; null for a drawing. */
  label: number | null;
  layers: LayerActivation[];
  /** The first conv layer's kernels; null for a model without one. */
  filters: FilterImages | null;
}

/** The engine's tf.memory(), as plain numbers. */
export interface EngineMemory {
  backend: string;
  numTensors: number;
  numDataBuffers: number;
  numBytes: number;
  /** Bytes held on the GPU (WebGL only); null where the backend does not say. */
  numBytesInGpu: number | null;
  /** tfjs cannot count every byte on this backend (e.g. strings kept elsewhere). */
  isUnreliable: boolean;
}

export type QueryKind = keyof Queries;
export type QueryOf<K extends QueryKind> = { kind: K } & Queries[K]['request'];
export type Query = { [K in QueryKind]: QueryOf<K> }[QueryKind];
export type QueryResult<K extends QueryKind> = Queries[K]['result'];

/** Page -> engine. */
export type Command =
  | { type: 'init'; dataUrl: string; readyModelUrl: string; backend: BackendName | 'auto'; trainSize: number; answerSlot?: SharedArrayBuffer }
  | { type: 'setBackend'; backend: BackendName | 'auto' }
  | { type: 'retryData' }
  | { type: 'train'; runId: number; layers: LayerSpec[]; training: TrainingSpec }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }
  | { type: 'evaluate' }
  | { type: 'samples'; count: number }
  /** The first `count` training images, each warped as training would warp it with this seed. */
  | { type: 'augmentedSamples'; count: number; augmentation: Augmentation; seed: number }
  | { type: 'query'; id: number; query: Query }
  /** The page no longer wants the answer to query `id`: a queued query is skipped. */
  | { type: 'cancel'; id: number };

/**
 * Where a run on a GPU backend takes its training images from: kept on the device for the whole
 * run ('device', `bytes` of GPU memory), or made on the CPU and uploaded batch by batch ('upload'),
 * because the device refused the memory, the run warps its images (on the CPU), or not every shard
 * has arrived yet (the run moves its images to the device once they have).
 */
export type ImagePlacement =
  | { where: 'device'; bytes: number }
  | { where: 'upload'; reason: 'refused' | 'augmented' | 'streaming'; bytes: number };

/** Engine -> page, named for what happened. Run events carry the run id the page gave 'train'. */
export type EngineEvent =
  | { type: 'backendReady'; report: BackendReport }
  /** The GPU probes a report with `probesPending` left for later: every backend, ranked. */
  | { type: 'backendsProbed'; probes: BackendProbe[] }
  | { type: 'backendFailed'; message: EngineMessage }
  | { type: 'dataProgress'; progress: DataProgress }
  | { type: 'dataReady'; progress: DataProgress }
  | { type: 'dataFailed'; message: EngineMessage; file: string | null }
  /** testCount: the test images a completed run is scored on (its time left counts them). */
  | { type: 'trainingStarted'; runId: number; trainCount: number; validationCount: number; testCount: number; batchesPerEpoch: number; epochs: number; flopsPerExample: number }
  | { type: 'batchesEnded'; runId: number; batches: BatchMetrics[] }
  /** On a GPU backend: where the run's training images are, each time that changes (engine/deviceData.ts). */
  | { type: 'imagePlacement'; runId: number; placement: ImagePlacement }
  | { type: 'epochEnded'; runId: number; metrics: EpochMetrics }
  | { type: 'trainingPaused'; runId: number }
  | { type: 'trainingResumed'; runId: number }
  /** message: why it ended, when it did not simply complete or was stopped by the student. */
  | { type: 'trainingEnded'; runId: number; reason: StopReason; message: EngineMessage | null; epochsCompleted: number }
  | { type: 'evaluationStarted'; runId: number }
  | { type: 'evaluated'; runId: number; result: EvaluationResult }
  /** Test images evaluated so far, after epoch `epoch` (from 0) or, with null, after training (or on request). */
  | { type: 'evaluationProgress'; runId: number; epoch: number | null; evaluated: number; total: number }
  /** The test-set figures after epoch `epoch` (from 0), while training goes on. */
  | { type: 'epochEvaluated'; runId: number; epoch: number; result: EvaluationResult }
  /** Stop ended the evaluation after training before it finished: no new figures. */
  | { type: 'evaluationStopped'; runId: number }
  | { type: 'samples'; pixels: Uint8Array; labels: Uint8Array; count: number }
  | { type: 'augmentedSamples'; pixels: Uint8Array; labels: Uint8Array; count: number; augmentation: Augmentation; seed: number }
  /** The model predictions come from changed (null: none yet, e.g. the ready model has not loaded). */
  | { type: 'activeModelChanged'; model: ActiveModelInfo | null }
  /** The ready model could not be loaded: drawings wait for a model the user trains or loads. */
  | { type: 'readyModelFailed'; message: EngineMessage }
  | { type: 'fineTuneProgress'; epoch: number; epochs: number; loss: number }
  | { type: 'replied'; id: number; result: QueryResult<QueryKind> }
  | { type: 'queryFailed'; id: number; message: EngineMessage }
  /** isFatal: the worker itself died, so no open query will be answered. */
  | { type: 'engineError'; message: EngineMessage; isFatal?: boolean }
  /** Sent by the page's engine host, not the engine: a fresh engine is starting (another thread). */
  | { type: 'engineRestarting' };

export type EventType = EngineEvent['type'];
