/**
 * The messages between the page and the training engine. Plain data only: numbers, strings and
 * typed arrays cross the boundary, tensors never do. Both sides switch exhaustively over `type`.
 */
import type { LayersModelArtifacts } from '../core/export/layersModelFiles';
import type { Augmentation } from '../core/data/augment';
import type { LayerSpec } from '../core/model/spec';
import type { TrainingSpec } from '../core/training/types';
import type { BatchMetrics, EpochMetrics, StopReason } from '../core/training/trainer';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BACKEND_NAMES: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** What the engine found out about one backend while choosing. */
export interface BackendProbe {
  name: BackendName;
  /** Usable at all in this browser (an adapter/context was obtained and tfjs initialised it). */
  isAvailable: boolean;
  /** A software GPU (SwiftShader, llvmpipe, a WebGPU fallback adapter): correct but very slow. */
  isSoftware: boolean;
  /** Adapter or renderer name, or why it is unavailable. */
  detail: string;
}

export interface BackendReport {
  active: BackendName;
  /** Every backend, in the order they were ranked. */
  probes: BackendProbe[];
  /** Why each backend ranked above the active one was passed over (empty when the user chose). */
  skipped: { name: BackendName; reason: string }[];
  chosenBy: 'auto' | 'user';
  /** 'worker', or 'main' when training had to run on the page's thread. */
  thread: 'worker' | 'main';
  /** Extra facts worth showing: WASM SIMD/threads, etc. */
  notes: string[];
}

export interface DataProgress {
  bytesLoaded: number;
  bytesTotal: number;
  trainImagesLoaded: number;
  trainImagesTotal: number;
  testImagesLoaded: number;
  testImagesTotal: number;
}

export interface EvaluationResult {
  loss: number;
  accuracy: number;
  count: number;
  /** confusion[actual * 10 + predicted] */
  confusion: Int32Array;
}

/** Page -> engine. */
export type Command =
  | { type: 'init'; dataUrl: string; backend: BackendName | 'auto'; trainSize: number }
  | { type: 'setBackend'; backend: BackendName | 'auto' }
  | { type: 'retryData' }
  | { type: 'train'; layers: LayerSpec[]; training: TrainingSpec }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }
  | { type: 'evaluate' }
  | { type: 'samples'; count: number }
  /** The first `count` training images, each warped as training would warp it with this seed. */
  | { type: 'augmentedSamples'; count: number; augmentation: Augmentation; seed: number }
  /** The last trained model's topology and weights, for the "Download trained model" button. */
  | { type: 'exportModel' };

/** Engine -> page, named for what happened. */
export type EngineEvent =
  | { type: 'backendReady'; report: BackendReport }
  | { type: 'backendFailed'; message: string }
  | { type: 'dataProgress'; progress: DataProgress }
  | { type: 'dataReady'; progress: DataProgress }
  | { type: 'dataFailed'; message: string; file: string | null }
  | { type: 'trainingStarted'; trainCount: number; validationCount: number; batchesPerEpoch: number; epochs: number; flopsPerExample: number }
  | { type: 'batchesEnded'; batches: BatchMetrics[] }
  | { type: 'epochEnded'; metrics: EpochMetrics }
  | { type: 'trainingPaused' }
  | { type: 'trainingResumed' }
  | { type: 'trainingEnded'; reason: StopReason; message: string | null; epochsCompleted: number }
  | { type: 'evaluationStarted' }
  | { type: 'evaluated'; result: EvaluationResult }
  | { type: 'samples'; pixels: Uint8Array; labels: Uint8Array; count: number }
  | { type: 'augmentedSamples'; pixels: Uint8Array; labels: Uint8Array; count: number; augmentation: Augmentation; seed: number }
  | { type: 'modelExported'; artifacts: LayersModelArtifacts }
  | { type: 'modelExportFailed'; message: string }
  | { type: 'engineError'; message: string };

export type EventType = EngineEvent['type'];
