/**
 * The models the engine can predict with, one of them active: the ready model shipped under
 * public/, the model of the latest run, and one more the user brought in (loaded from files,
 * opened from the browser's storage, or fine-tuned). All live on the current backend.
 */
import * as tf from '../core/tf';
import { captureLayersModel } from '../core/export/layersModel';
import type { LayersModelArtifacts } from '../core/export/layersModelFiles';
import { standardizeInput } from '../core/draw/preprocess';
import { READY_MODEL_METADATA_KEY, type ReadyModelMetadata } from '../core/model/readyModel';
import { EngineFailure, errorText } from './messages';
import type { ActiveModelInfo, ModelName, ModelSource, SavedModelInfo } from './protocol';

type Slot = 'ready' | 'trained' | 'other';

interface ShelfModel {
  model: tf.LayersModel;
  info: ActiveModelInfo;
}

/** Saved models live in tfjs's IndexedDB store under this prefix, apart from anything else there. */
const SAVED_PREFIX = 'indexeddb://mnist-playground/';
/** Finished runs' weights live there too, one model per run id (the run history keeps the rest of each run). */
const RUN_PREFIX = 'indexeddb://mnist-playground-runs/';

/**
 * The playground's own metadata inside model.json (the ready model's full record, or just the
 * standardisation for a model trained, fine-tuned or saved here).
 */
export type PlaygroundMetadata = Partial<ReadyModelMetadata>;

export function playgroundMetadata(artifacts: { userDefinedMetadata?: object }): PlaygroundMetadata {
  const own = (artifacts.userDefinedMetadata as Record<string, unknown> | undefined)?.[READY_MODEL_METADATA_KEY];
  return own && typeof own === 'object' ? (own as PlaygroundMetadata) : {};
}

export class ModelShelf {
  private readonly slots: Partial<Record<Slot, ShelfModel>> = {};
  private active: Slot | null = null;
  private readyLoading: Promise<ShelfModel> | null = null;

  constructor(
    private readonly readyModelUrl: string,
    private readonly activeChanged: (info: ActiveModelInfo | null) => void,
  ) {}

  get activeInfo(): ActiveModelInfo | null {
    return this.active ? (this.slots[this.active]?.info ?? null) : null;
  }

  /** The active model, loading the ready one first when nothing else is active. */
  async activeModel(): Promise<ShelfModel> {
    const current = this.active ? this.slots[this.active] : undefined;
    if (current) return current;
    const ready = await this.loadReady();
    // Another model may have become active while the ready one loaded (a run started): it stays.
    const meanwhile = this.active ? this.slots[this.active] : undefined;
    if (meanwhile) return meanwhile;
    this.activate('ready');
    return ready;
  }

  /** Fetches the shipped model once per backend. */
  loadReady(): Promise<ShelfModel> {
    if (this.slots.ready) return Promise.resolve(this.slots.ready);
    this.readyLoading ??= (async () => {
      const model = await tf.loadLayersModel(this.readyModelUrl).catch((error: unknown) => {
        throw new EngineFailure({ code: 'readyModelUnavailable', url: this.readyModelUrl, detail: errorText(error) }, { cause: error });
      });
      const standardize = metadataOf(model).standardize === true;
      const entry = { model, info: infoOf(model, 'ready', { kind: 'ready' }, standardize, null) };
      this.slots.ready = entry;
      return entry;
    })().finally(() => (this.readyLoading = null));
    return this.readyLoading;
  }

  /** A new run's model becomes the trained slot and the active model, so drawings follow its training. */
  setTrained(model: tf.LayersModel, runId: number, standardize: boolean): void {
    this.replace('trained', { model, info: infoOf(model, 'trained', { kind: 'run', runId }, standardize, runId, true) });
    this.activate('trained');
  }

  /** The run is over: its model stays, no longer changing. */
  trainingEnded(model: tf.LayersModel): void {
    const trained = this.slots.trained;
    if (trained?.model !== model) return;
    trained.info = { ...trained.info, isTraining: false };
    if (this.active === 'trained') this.activeChanged(trained.info);
  }

  /** The trained model, unless a new run is about to replace it. */
  get trained(): tf.LayersModel | null {
    return this.slots.trained?.model ?? null;
  }

  async use(source: 'ready' | 'trained'): Promise<ActiveModelInfo> {
    if (source === 'ready') await this.loadReady();
    else if (!this.slots.trained) throw new EngineFailure({ code: 'noTrainedModel' });
    this.activate(source);
    return this.activeInfo!;
  }

  /** Builds a model from checked artifacts; it becomes active only once it has answered one prediction. */
  async adopt(artifacts: LayersModelArtifacts, source: ModelSource, name: ModelName): Promise<ActiveModelInfo> {
    const model = await tf.loadLayersModel(tf.io.fromMemory({ ...artifacts, weightData: artifacts.weightData.slice(0) }));
    return this.adoptModel(model, source, name);
  }

  /** Checks that `model` reads a 28x28x1 digit into ten classes, then makes it the active one. Disposes it on failure. */
  private adoptModel(model: tf.LayersModel, source: ModelSource, name: ModelName): ActiveModelInfo {
    try {
      const shape = tf.tidy(() => (model.predict(tf.zeros([1, 28, 28, 1])) as tf.Tensor).shape);
      if (shape.length !== 2 || shape[1] !== 10) throw new EngineFailure({ code: 'notTenClasses', shape });
    } catch (error) {
      model.dispose();
      throw error;
    }
    const standardize = metadataOf(model).standardize === true;
    this.replace('other', { model, info: infoOf(model, source, name, standardize, null) });
    this.activate('other');
    return this.activeInfo!;
  }

  /** The active model's ten probabilities for one 28x28 image in [0, 1]. */
  async predict(pixels: Float32Array): Promise<{ probabilities: Float32Array; model: ActiveModelInfo }> {
    const { model, info } = await this.activeModel();
    const input = standardizeInput(pixels, info.standardize);
    const output = tf.tidy(() => model.predict(tf.tensor4d(input, [1, 28, 28, 1]), {}) as tf.Tensor);
    try {
      const probabilities = (await output.data()) as Float32Array;
      return { probabilities, model: info };
    } finally {
      output.dispose();
    }
  }

  /** The active model (or the last run's) as files, with the playground's metadata (its input standardisation) inside. */
  async exportModel(source: 'active' | 'trained'): Promise<LayersModelArtifacts> {
    if (source === 'trained' && !this.slots.trained) throw new EngineFailure({ code: 'noTrainedWeights' });
    const { model } = stamp(source === 'trained' ? this.slots.trained! : await this.activeModel());
    return captureLayersModel(model);
  }

  /** Saves the active model in the browser (tfjs's IndexedDB store); returns every saved model. */
  async save(name: string): Promise<SavedModelInfo[]> {
    const { model } = await this.stampedActive();
    await model.save(SAVED_PREFIX + encodeURIComponent(name));
    return this.listSaved();
  }

  async openSaved(name: string): Promise<ActiveModelInfo> {
    const model = await tf.loadLayersModel(SAVED_PREFIX + encodeURIComponent(name));
    return this.adoptModel(model, 'saved', { kind: 'given', text: name });
  }

  private async stampedActive(): Promise<ShelfModel> {
    return stamp(await this.activeModel());
  }

  async listSaved(): Promise<SavedModelInfo[]> {
    const models = await tf.io.listModels();
    return Object.entries(models)
      .filter(([url]) => url.startsWith(SAVED_PREFIX))
      .map(([url, info]) => ({
        name: decodeURIComponent(url.slice(SAVED_PREFIX.length)),
        savedAt: new Date(info.dateSaved).toISOString(),
        bytes: (info.modelTopologyBytes ?? 0) + (info.weightSpecsBytes ?? 0) + (info.weightDataBytes ?? 0),
      }))
      .sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  }

  async renameSaved(from: string, to: string): Promise<SavedModelInfo[]> {
    const saved = await this.listSaved();
    if (saved.some((m) => m.name === to)) throw new EngineFailure({ code: 'savedNameTaken', name: to });
    await tf.io.moveModel(SAVED_PREFIX + encodeURIComponent(from), SAVED_PREFIX + encodeURIComponent(to));
    return this.listSaved();
  }

  async deleteSaved(name: string): Promise<SavedModelInfo[]> {
    await tf.io.removeModel(SAVED_PREFIX + encodeURIComponent(name));
    return this.listSaved();
  }

  /** Writes the latest run's weights to the browser's storage under its run id; answers their size in bytes. */
  async keepRun(runId: number): Promise<{ runId: number; bytes: number }> {
    const trained = this.slots.trained;
    if (!trained || trained.info.runId !== runId) throw new EngineFailure({ code: 'runWeightsMissing', runId });
    const { modelArtifactsInfo: info } = await stamp(trained).model.save(RUN_PREFIX + runId);
    return { runId, bytes: (info.modelTopologyBytes ?? 0) + (info.weightSpecsBytes ?? 0) + (info.weightDataBytes ?? 0) };
  }

  /** Makes a finished run's model active: the latest run's from memory, an earlier one read back from storage. */
  async useRun(runId: number): Promise<ActiveModelInfo> {
    for (const slot of ['trained', 'other'] as const) {
      if (this.slots[slot]?.info.runId === runId && this.slots[slot]?.info.source === 'trained') {
        this.activate(slot);
        return this.activeInfo!;
      }
    }
    const model = await tf.loadLayersModel(RUN_PREFIX + runId).catch((error: unknown) => {
      throw new EngineFailure({ code: 'runWeightsMissing', runId }, { cause: error });
    });
    const standardize = metadataOf(model).standardize === true;
    this.replace('other', { model, info: infoOf(model, 'trained', { kind: 'run', runId }, standardize, runId) });
    this.activate('other');
    return this.activeInfo!;
  }

  /** Deletes a run's stored weights; a run that has none is no failure. */
  async forgetRun(runId: number): Promise<{ runId: number }> {
    const stored = await tf.io.listModels();
    if (RUN_PREFIX + runId in stored) await tf.io.removeModel(RUN_PREFIX + runId);
    return { runId };
  }

  /** Weights live on one backend: a backend switch disposes every model (the ready one reloads on demand). */
  clear(): void {
    for (const slot of Object.keys(this.slots) as Slot[]) this.slots[slot]?.model.dispose();
    for (const slot of Object.keys(this.slots) as Slot[]) delete this.slots[slot];
    this.active = null;
    this.activeChanged(null);
  }

  private replace(slot: Slot, entry: ShelfModel): void {
    const old = this.slots[slot];
    if (old && old.model !== entry.model) old.model.dispose();
    this.slots[slot] = entry;
  }

  private activate(slot: Slot): void {
    this.active = slot;
    this.activeChanged(this.slots[slot]?.info ?? null);
  }
}

/** Writes the model's standardisation into its metadata, so a saved or downloaded copy predicts the same. */
function stamp(entry: ShelfModel): ShelfModel {
  const own = { ...metadataOf(entry.model), standardize: entry.info.standardize };
  entry.model.setUserDefinedMetadata({ ...(entry.model.getUserDefinedMetadata() ?? {}), [READY_MODEL_METADATA_KEY]: own });
  return entry;
}

function metadataOf(model: tf.LayersModel): PlaygroundMetadata {
  return playgroundMetadata({ userDefinedMetadata: model.getUserDefinedMetadata() });
}

function infoOf(model: tf.LayersModel, source: ModelSource, name: ModelName, standardize: boolean, runId: number | null, isTraining = false): ActiveModelInfo {
  return { source, name, standardize, params: model.countParams(), runId, isTraining };
}
