/**
 * The one store, composed of typed slices. Actions live here; the engine bridge feeds engine
 * events in and turns actions into commands.
 */
import { create, type StateCreator } from 'zustand';
import type { Hideable } from '../core/config/hash';
import { defaultSettings, fieldByKey, isFieldShown, validateField, type FieldKey, type Settings } from '../core/config/fields';
import { DEFAULT_PRESET_ID, getPreset, PRESETS } from '../core/config/presets';
import { recipeDifferences } from '../core/config/recipe';
import type { Augmentation } from '../core/data/augment';
import { insertLayer, moveLayer, removeLayer, updateLayer, type LayerPatch } from '../core/model/edit';
import type { LayerKind, LayerSpec } from '../core/model/spec';
import type { BatchMetrics, EpochMetrics } from '../core/training/trainer';
import type { TrainingSpec } from '../core/training/types';
import type { BackendReport, DataProgress, EvaluationResult } from '../engine/protocol';
import { getEngine, sendAfterNextPaint, switchBackend } from './engineBridge';
import { createExportSlice, type ExportSlice } from './exportSlice';
import { selectIsBusy } from './selectors';

export interface ConfigSlice {
  settings: Settings;
  /** Controls hidden by the link an instructor shared (their values still apply). */
  hidden: Hideable[];
  presetId: string;
  layers: LayerSpec[];
  /** Per-field error for the value the user typed (the setting keeps its last valid value). */
  fieldErrors: Partial<Record<FieldKey, string>>;
  setSetting(key: FieldKey, value: unknown): void;
  applyPreset(id: string): void;
  /**
   * Layer edits (model/edit.ts). Each replaces `layers` with a new array; all are ignored while
   * a model trains. Without an index, addLayer picks a place that keeps the model working.
   */
  addLayer(kind: LayerKind, index?: number): void;
  removeLayer(index: number): void;
  moveLayer(index: number, delta: number): void;
  updateLayer(index: number, patch: LayerPatch): void;
  /** Puts the preset's layers back, keeping the training settings. */
  resetLayers(): void;
}

export type BackendStatus = 'starting' | 'ready' | 'failed';

export interface EngineSlice {
  backendStatus: BackendStatus;
  backend: BackendReport | null;
  backendError: string | null;
  /** The last engine error that was not tied to data or training. */
  engineError: string | null;
  chooseBackend(choice: Settings['backend']): void;
}

export type DataStatus = 'loading' | 'ready' | 'failed';

export interface DataSlice {
  dataStatus: DataStatus;
  progress: DataProgress | null;
  dataError: string | null;
  samples: { pixels: Uint8Array; labels: Uint8Array } | null;
  /** The first training digits warped by the augmentation settings, for the preview strip. */
  augmentedSamples: { pixels: Uint8Array; labels: Uint8Array } | null;
  retryData(): void;
  /** Asks for a fresh preview of the augmentation; `draw` > 0 draws other warps with the same settings. */
  previewAugmentation(draw?: number): void;
}

export type TrainingStatus = 'idle' | 'starting' | 'training' | 'paused' | 'stopping' | 'evaluating' | 'done' | 'stopped' | 'diverged' | 'failed';

export interface TrainingSlice {
  trainingStatus: TrainingStatus;
  /** Every batch of the current run, oldest first (appended once per animation frame). */
  batches: BatchMetrics[];
  epochs: EpochMetrics[];
  run: { trainCount: number; validationCount: number; batchesPerEpoch: number; epochs: number; flopsPerExample: number; startedAt: number } | null;
  firstBatchAt: number | null;
  trainingMessage: string | null;
  evaluation: EvaluationResult | null;
  /** The run's preset, when it has a published result, and what the run changed from its recipe. */
  runRecipe: { presetId: string; differences: string[] } | null;
  train(): void;
  pause(): void;
  resume(): void;
  stop(): void;
  evaluate(): void;
}

export type AppState = ConfigSlice & EngineSlice & DataSlice & TrainingSlice & ExportSlice;

/** The TrainingSpec the engine needs, derived from the settings. */
export function trainingSpecOf(settings: Settings): TrainingSpec {
  return {
    optimizer: { name: settings.optimizer, learningRate: settings.learningRate, momentum: settings.momentum },
    batchSize: settings.batchSize,
    epochs: settings.epochs,
    trainSize: settings.trainSize,
    validationSplit: settings.validationSplit,
    standardize: settings.standardize,
    seed: settings.seed,
    l1: settings.l1,
    l2: settings.l2,
    earlyStopping: settings.earlyStopping ? { patience: settings.patience } : null,
    augmentation: settings.augment ? augmentationOf(settings) : null,
  };
}

/** The augmentation ranges the settings describe (whether or not augmentation is switched on). */
export function augmentationOf(settings: Settings): Augmentation {
  return { maxRotationDegrees: settings.augmentRotation, maxShiftPixels: settings.augmentShift, maxScalePercent: settings.augmentScale };
}

/** How many digits the augmentation preview shows: the first ones of the training set, as in the data panel. */
export const AUGMENTED_SAMPLE_COUNT = 8;

function presetSettings(id: string, base: Settings): { settings: Settings; layers: LayerSpec[] } {
  const preset = PRESETS.find((p) => p.id === id) ?? PRESETS.find((p) => p.id === DEFAULT_PRESET_ID)!;
  return {
    layers: structuredClone(preset.layers) as LayerSpec[],
    settings: {
      ...base,
      optimizer: preset.optimizer.name,
      learningRate: preset.optimizer.learningRate,
      momentum: preset.optimizer.momentum,
      batchSize: preset.batchSize,
      epochs: preset.epochs,
      standardize: preset.standardize,
    },
  };
}

/** The settings a link that names only this preset opens with. */
export function presetBaseline(id: string): Settings {
  return presetSettings(id, defaultSettings()).settings;
}

const createConfigSlice: StateCreator<AppState, [], [], ConfigSlice> = (set, get) => ({
  ...presetSettings(DEFAULT_PRESET_ID, defaultSettings()),
  presetId: DEFAULT_PRESET_ID,
  fieldErrors: {},
  hidden: [],
  setSetting(key, value) {
    const result = validateField(fieldByKey(key), value);
    if (!result.ok) {
      set({ fieldErrors: { ...get().fieldErrors, [key]: result.error } });
      return;
    }
    const rest = { ...get().fieldErrors };
    delete rest[key];
    const settings = { ...get().settings, [key]: result.value };
    // A hidden control cannot show its error, so it must not block Train: the field keeps its last valid value.
    for (const other of Object.keys(rest) as FieldKey[]) if (!isFieldShown(fieldByKey(other), settings)) delete rest[other];
    set({ settings, fieldErrors: rest });
  },
  applyPreset(id) {
    set({ ...presetSettings(id, get().settings), presetId: id, fieldErrors: {} });
  },
  addLayer(kind, index) {
    editLayers((layers) => insertLayer(layers, kind, index));
  },
  removeLayer(index) {
    editLayers((layers) => removeLayer(layers, index));
  },
  moveLayer(index, delta) {
    editLayers((layers) => moveLayer(layers, index, delta));
  },
  updateLayer(index, patch) {
    editLayers((layers) => updateLayer(layers, index, patch));
  },
  resetLayers() {
    editLayers(() => presetSettings(get().presetId, get().settings).layers);
  },
});

/** Applies a layer edit unless a model is training (its run keeps the layers it started with). */
function editLayers(edit: (layers: LayerSpec[]) => LayerSpec[]): void {
  const state = useAppStore.getState();
  if (selectIsBusy(state)) return;
  useAppStore.setState({ layers: edit(state.layers) });
}

const createEngineSlice: StateCreator<AppState, [], [], EngineSlice> = (set, get) => ({
  backendStatus: 'starting',
  backend: null,
  backendError: null,
  engineError: null,
  chooseBackend(choice) {
    get().setSetting('backend', choice);
    set({ backendStatus: 'starting', backendError: null });
    switchBackend(choice);
  },
});

const createDataSlice: StateCreator<AppState, [], [], DataSlice> = (set, get) => ({
  dataStatus: 'loading',
  progress: null,
  dataError: null,
  samples: null,
  augmentedSamples: null,
  retryData() {
    set({ dataStatus: 'loading', dataError: null });
    getEngine().send({ type: 'retryData' });
  },
  previewAugmentation(draw = 0) {
    const { settings } = get();
    getEngine().send({ type: 'augmentedSamples', count: AUGMENTED_SAMPLE_COUNT, augmentation: augmentationOf(settings), seed: settings.seed + draw });
  },
});

const createTrainingSlice: StateCreator<AppState, [], [], TrainingSlice> = (set, get) => ({
  trainingStatus: 'idle',
  batches: [],
  epochs: [],
  run: null,
  firstBatchAt: null,
  trainingMessage: null,
  evaluation: null,
  runRecipe: null,
  train() {
    const { settings, layers, presetId } = get();
    const preset = getPreset(presetId);
    const runRecipe = preset && preset.referenceAccuracy !== null ? { presetId, differences: recipeDifferences(preset, settings, layers) } : null;
    set({ trainingStatus: 'starting', batches: [], epochs: [], run: null, firstBatchAt: null, trainingMessage: null, evaluation: null, runRecipe });
    sendAfterNextPaint({ type: 'train', layers, training: trainingSpecOf(settings) });
  },
  pause() {
    getEngine().send({ type: 'pause' });
  },
  resume() {
    getEngine().send({ type: 'resume' });
  },
  stop() {
    set({ trainingStatus: 'stopping' });
    getEngine().send({ type: 'stop' });
  },
  evaluate() {
    set({ trainingStatus: 'evaluating' });
    getEngine().send({ type: 'evaluate' });
  },
});

export const useAppStore = create<AppState>()((...a) => ({
  ...createConfigSlice(...a),
  ...createEngineSlice(...a),
  ...createDataSlice(...a),
  ...createTrainingSlice(...a),
  ...createExportSlice(...a),
}));

/** The state as the app starts, for resetting between tests. */
export const initialState = useAppStore.getState();
