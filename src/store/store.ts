/**
 * The one store, composed of typed slices, made by createAppStore with the engine passed in: the
 * page gives it the real engine (appStore.ts), a unit test a fake one. Actions live here; engine
 * events come in through one subscriber and the pure mapping in engineEvents.ts.
 */
import { create, type StateCreator, type StoreApi, type UseBoundStore } from 'zustand';
import type { Hideable, View } from '../core/config/hash';
import { defaultSettings, fieldByKey, isFieldShown, validateField, type FieldKey, type FieldProblem, type Settings } from '../core/config/fields';
import type { Language } from '../core/config/language';
import { DEFAULT_PRESET_ID, getPreset, PRESETS } from '../core/config/presets';
import { learningRateForOptimizer } from '../core/config/learningRates';
import { recipeDifferences, type RecipeChange } from '../core/config/recipe';
import { scheduleFields, scheduleOf } from '../core/config/scheduleSettings';
import type { Augmentation } from '../core/data/augment';
import { insertLayer, moveLayer, removeLayer, updateLayer, type LayerPatch } from '../core/model/edit';
import type { LayerKind, LayerSpec } from '../core/model/spec';
import type { BatchMetrics, EpochMetrics } from '../core/training/trainer';
import type { TrainingSpec } from '../core/training/types';
import type { Engine } from '../engine/engine';
import type { ActiveModelInfo, BackendReport, Command, DataProgress, EvaluationResult, ImagePlacement } from '../engine/protocol';
import { createDrawSlice, type DrawSlice } from './drawSlice';
import { createInspectSlice, type InspectSlice } from './inspectSlice';
import { subscribeToEngine } from './engineSubscriber';
import { createExportSlice, type ExportSlice } from './exportSlice';
import { createEvaluationSlice, type EvaluationSlice } from './evaluationSlice';
import type { AppMessage } from './messages';
import { createModelSlice, type ModelSlice } from './modelSlice';
import { createSamplesSlice, type SamplesSlice } from './samplesSlice';
import { createSpeedSlice, type SpeedSlice } from './speedSlice';
import { createStorageSlice, type StorageSlice } from './storageSlice';
import type { RunSetup } from './runRecord';
import { recordRuns } from './runsRecorder';
import { createRunsSlice, nextRunId, type RunsSlice } from './runsSlice';
import { selectIsBusy } from './selectors';

export interface ConfigSlice {
  settings: Settings;
  /**
   * Controls hidden by the link an instructor shared. Their values still apply and are fixed:
   * neither a preset change nor an edit changes them (see applyPreset, setSetting, editLayers).
   */
  hidden: Hideable[];
  /** The page's layout: the ordinary one or the presenter view for a projector (view=present in the link). */
  view: View;
  setView(view: View): void;
  presetId: string;
  layers: LayerSpec[];
  /** Per-field error for the value the user typed (the setting keeps its last valid value). */
  fieldErrors: Partial<Record<FieldKey, FieldProblem>>;
  /** The page's language: the browser's preference until a link or the student picks one. */
  language: Language;
  /** A link or the student chose the language, so the link written back keeps it (lang=...). */
  isLanguageChosen: boolean;
  /**
   * The student typed a learning rate (or a link set one of its own), so choosing another optimizer
   * keeps it; otherwise the optimizer brings its conventional rate (core/config/learningRates.ts).
   */
  isLearningRateChosen: boolean;
  /** The optimizer whose conventional rate was last set for the student, for the note by the field; null once they type one or pick a preset. */
  learningRateSetFor: Settings['optimizer'] | null;
  setLanguage(language: Language): void;
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
  backendError: AppMessage | null;
  /** The last engine error that was not tied to data or training. */
  engineError: AppMessage | null;
  /** The model drawings are read by (null until the engine has one). */
  activeModel: ActiveModelInfo | null;
  /** Why the ready model could not be loaded, while no other model is active. */
  readyModelError: AppMessage | null;
  chooseBackend(choice: Settings['backend']): void;
}

export type DataStatus = 'loading' | 'ready' | 'failed';

export interface DataSlice {
  dataStatus: DataStatus;
  progress: DataProgress | null;
  dataError: AppMessage | null;
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
  run: {
    trainCount: number; validationCount: number; testCount: number; batchesPerEpoch: number; epochs: number; flopsPerExample: number; startedAt: number;
    /** On a GPU backend: where the training images are (kept on the device, or uploaded per batch and why). */
    imagePlacement?: ImagePlacement;
  } | null;
  firstBatchAt: number | null;
  trainingMessage: AppMessage | null;
  evaluation: EvaluationResult | null;
  /** The run's preset, when it has a published result, and what the run changed from its recipe. */
  runRecipe: { presetId: string; differences: RecipeChange[] } | null;
  /** The settings and layers the shown run trained with, for reading its result (the controls may change after it). */
  runSetup: { settings: Settings; layers: LayerSpec[]; presetId: string } | null;
  /** The id of the run this page shows; run events of any other run are ignored. */
  runId: number | null;
  train(): void;
  /** Trains these settings and layers rather than the page's (one of "Conv vs dense"); returns the run's id. */
  trainWith(setup: RunSetup): number;
  pause(): void;
  resume(): void;
  stop(): void;
  evaluate(): void;
}

export type AppState = ConfigSlice & EngineSlice & DataSlice & TrainingSlice & ExportSlice & DrawSlice & ModelSlice & SamplesSlice & StorageSlice & SpeedSlice & InspectSlice & RunsSlice & EvaluationSlice;
export type AppStore = UseBoundStore<StoreApi<AppState>>;
/** A slice creator that also gets the engine. */
export type SliceWithEngine<T> = (engine: Engine) => StateCreator<AppState, [], [], T>;

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
    schedule: scheduleOf(settings),
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
      ...scheduleFields(preset.schedule ?? { kind: 'constant' }),
    },
  };
}

/** The settings a link that names only this preset opens with. */
export function presetBaseline(id: string): Settings {
  return presetSettings(id, defaultSettings()).settings;
}

const createConfigSlice: StateCreator<AppState, [], [], ConfigSlice> = (set, get) => {
  /** Applies a layer edit unless a model is training (its run keeps the layers it started with). */
  const editLayers = (edit: (layers: LayerSpec[]) => LayerSpec[]) => {
    // Layers an instructor's link hid are fixed too.
    if (!selectIsBusy(get()) && !get().hidden.includes('layers')) set({ layers: edit(get().layers) });
  };
  return {
  ...presetSettings(DEFAULT_PRESET_ID, defaultSettings()),
  presetId: DEFAULT_PRESET_ID,
  fieldErrors: {},
  hidden: [],
  view: 'standard',
  setView(view) {
    set({ view });
  },
  language: 'en',
  isLanguageChosen: false,
  isLearningRateChosen: false,
  learningRateSetFor: null,
  setLanguage(language) {
    set({ language, isLanguageChosen: true });
  },
  setSetting(key, value) {
    // The link fixed this setting (and hid its control): nothing else may change it either.
    if (get().hidden.includes(key)) return;
    const result = validateField(fieldByKey(key), value);
    if (!result.ok) {
      set({ fieldErrors: { ...get().fieldErrors, [key]: result.error } });
      return;
    }
    const rest = { ...get().fieldErrors };
    delete rest[key];
    const settings = { ...get().settings, [key]: result.value };
    // A new optimizer brings its own usual rate, unless the student (or a link that hides the rate) chose one.
    let rateChange: Partial<Pick<ConfigSlice, 'isLearningRateChosen' | 'learningRateSetFor'>> = {};
    if (key === 'learningRate') rateChange = { isLearningRateChosen: true, learningRateSetFor: null };
    else if (key === 'optimizer' && settings.optimizer !== get().settings.optimizer && !get().isLearningRateChosen && !get().hidden.includes('learningRate')) {
      settings.learningRate = learningRateForOptimizer(settings.optimizer, settings.learningRate, false);
      delete rest.learningRate;
      rateChange = { learningRateSetFor: settings.optimizer };
    }
    // A hidden control cannot show its error, so it must not block Train: the field keeps its last valid value.
    for (const other of Object.keys(rest) as FieldKey[]) if (!isFieldShown(fieldByKey(other), settings)) delete rest[other];
    set({ settings, fieldErrors: rest, ...rateChange });
  },
  applyPreset(id) {
    const { hidden, settings: current, layers: currentLayers } = get();
    if (hidden.includes('preset')) return;
    const next = presetSettings(id, current);
    // What the instructor's link fixed keeps the link's value: a hidden setting, hidden layers.
    const settings = { ...next.settings };
    for (const name of hidden) if (name in settings) (settings as Record<string, unknown>)[name] = current[name as FieldKey];
    const layers = hidden.includes('layers') ? currentLayers : next.layers;
    // A preset brings its own learning rate, which the next optimizer change may replace.
    set({ settings, layers, presetId: id, fieldErrors: {}, isLearningRateChosen: false, learningRateSetFor: null });
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
  };
};

const createEngineSlice: SliceWithEngine<EngineSlice> = (engine) => (set, get) => ({
  backendStatus: 'starting',
  backend: null,
  backendError: null,
  engineError: null,
  activeModel: null,
  readyModelError: null,
  chooseBackend(choice) {
    get().setSetting('backend', choice);
    set({ backendStatus: 'starting', backendError: null });
    engine.switchBackend(choice);
  },
});

const createDataSlice: SliceWithEngine<DataSlice> = (engine) => (set, get) => ({
  dataStatus: 'loading',
  progress: null,
  dataError: null,
  samples: null,
  augmentedSamples: null,
  retryData() {
    set({ dataStatus: 'loading', dataError: null });
    engine.send({ type: 'retryData' });
  },
  previewAugmentation(draw = 0) {
    const { settings } = get();
    engine.send({ type: 'augmentedSamples', count: AUGMENTED_SAMPLE_COUNT, augmentation: augmentationOf(settings), seed: settings.seed + draw });
  },
});

/**
 * Sends a command once the page has painted what it shows now. For 'train': the worker takes
 * every core the moment it starts, so the frame that locks the settings is laid out first, on
 * a free CPU, instead of competing with the first training step (one frame, about 16 ms, later).
 */
function sendAfterNextPaint(engine: Engine, command: Extract<Command, { type: 'train' }>): void {
  const send = () => engine.send(command);
  if (typeof requestAnimationFrame === 'function' && document.visibilityState === 'visible') requestAnimationFrame(() => setTimeout(send, 0));
  else setTimeout(send, 0);
}

const createTrainingSlice: SliceWithEngine<TrainingSlice> = (engine) => (set, get) => ({
  trainingStatus: 'idle',
  batches: [],
  epochs: [],
  run: null,
  firstBatchAt: null,
  trainingMessage: null,
  evaluation: null,
  runRecipe: null,
  runSetup: null,
  runId: null,
  train() {
    const { settings, layers, presetId } = get();
    get().trainWith({ settings, layers, presetId });
  },
  trainWith(setup) {
    const { settings, layers, presetId } = setup;
    const preset = getPreset(presetId);
    const runRecipe = preset && preset.referenceAccuracy !== null ? { presetId, differences: recipeDifferences(preset, settings, layers) } : null;
    // Past every run the history holds too, so a run id is never used twice across reloads.
    const runId = nextRunId(get());
    set({ trainingStatus: 'starting', runId, batches: [], epochs: [], run: null, firstBatchAt: null, trainingMessage: null, evaluation: null, epochEvaluation: null, evaluationProgress: null, isEvaluationStopped: false, runRecipe, runSetup: { settings, layers, presetId } });
    get().recordRunStarted(runId, setup);
    sendAfterNextPaint(engine, { type: 'train', runId, layers, training: trainingSpecOf(settings) });
    return runId;
  },
  pause() {
    engine.send({ type: 'pause' });
  },
  resume() {
    engine.send({ type: 'resume' });
  },
  stop() {
    set({ trainingStatus: 'stopping' });
    engine.send({ type: 'stop' });
  },
  evaluate() {
    set({ trainingStatus: 'evaluating' });
    engine.send({ type: 'evaluate' });
  },
});

/** Makes the app's store around `engine` and feeds it the engine's events; the store owns no engine of its own. */
export function createAppStore(engine: Engine): AppStore {
  const store = create<AppState>()((...a) => ({
    ...createConfigSlice(...a),
    ...createEngineSlice(engine)(...a),
    ...createDataSlice(engine)(...a),
    ...createTrainingSlice(engine)(...a),
    ...createExportSlice(engine)(...a),
    ...createDrawSlice(engine)(...a),
    ...createModelSlice(engine)(...a),
    ...createSamplesSlice(engine)(...a),
    ...createInspectSlice(engine)(...a),
    ...createStorageSlice(...a),
    ...createEvaluationSlice(engine)(...a),
    ...createSpeedSlice(...a),
    ...createRunsSlice(engine)(...a),
  }));
  subscribeToEngine(store, engine);
  recordRuns(store, engine);
  return store;
}
