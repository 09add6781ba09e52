/**
 * Which model reads the drawings, and the models the student keeps: switch between the ready
 * model and the last run's, save the active one in the browser, list, open, rename and delete
 * saved ones, download it, and load one from files. A file is untrusted: it is checked in full
 * before the engine sees it, and a failed load changes nothing.
 */
import { modelJsonText, type LayersModelArtifacts } from '../core/export/layersModelFiles';
import { checkModelFiles, type ModelFileInput } from '../core/model/modelFile';
import type { SavedModelInfo } from '../engine/protocol';
import type { TrainedModelFiles } from './exportSlice';
import { messageOf, StoreFailure, type AppMessage, type ModelTask } from './messages';
import type { SliceWithEngine } from './store';

export interface ModelNotice {
  tone: 'info' | 'error';
  message: AppMessage;
}

export interface ModelSlice {
  savedModels: SavedModelInfo[];
  /** What the model panel is doing now (checking model files, saving, ...); null when idle. */
  modelTask: ModelTask | null;
  modelNotice: ModelNotice | null;
  activateModel(source: 'ready' | 'trained'): Promise<void>;
  refreshSavedModels(): Promise<void>;
  saveActiveModel(name: string): Promise<void>;
  openSavedModel(name: string): Promise<void>;
  renameSavedModel(from: string, to: string): Promise<void>;
  deleteSavedModel(name: string): Promise<void>;
  /** The active model's two files, or null (the notice says why). */
  downloadActiveModel(): Promise<TrainedModelFiles | null>;
  loadModelFiles(files: readonly ModelFileInput[]): Promise<boolean>;
  dismissModelNotice(): void;
}

export const MAX_MODEL_NAME_LENGTH = 60;

export const createModelSlice: SliceWithEngine<ModelSlice> = (engine) => (set, get) => {
  /** Runs one model task at a time, turning a failure into a notice. Returns whether it worked. */
  const task = async (label: ModelTask, work: () => Promise<ModelNotice | null>): Promise<boolean> => {
    if (get().modelTask) return false;
    set({ modelTask: label, modelNotice: null });
    try {
      set({ modelNotice: await work(), modelTask: null });
      return true;
    } catch (error) {
      set({ modelNotice: { tone: 'error', message: messageOf(error) }, modelTask: null });
      return false;
    }
  };

  const checkName = (name: string): string => {
    const trimmed = name.trim();
    if (trimmed.length === 0) throw new StoreFailure({ code: 'nameEmpty' });
    if (trimmed.length > MAX_MODEL_NAME_LENGTH) throw new StoreFailure({ code: 'nameTooLong', max: MAX_MODEL_NAME_LENGTH });
    return trimmed;
  };

  return {
    savedModels: [],
    modelTask: null,
    modelNotice: null,
    async activateModel(source) {
      await task('switching', async () => {
        await engine.request({ kind: 'useModel', source });
        return null;
      });
    },
    async refreshSavedModels() {
      try {
        set({ savedModels: await engine.request({ kind: 'listSavedModels' }) });
      } catch (error) {
        set({ modelNotice: { tone: 'error', message: { code: 'listFailed', problem: messageOf(error) } } });
      }
    },
    async saveActiveModel(name) {
      await task('saving', async () => {
        const checked = checkName(name);
        if (get().savedModels.some((m) => m.name === checked)) throw new StoreFailure({ code: 'nameInUse', name: checked });
        set({ savedModels: await engine.request({ kind: 'saveModel', name: checked }) });
        return { tone: 'info', message: { code: 'savedAs', name: checked } };
      });
    },
    async openSavedModel(name) {
      await task('opening', async () => {
        await engine.request({ kind: 'openSavedModel', name });
        return null;
      });
    },
    async renameSavedModel(from, to) {
      await task('renaming', async () => {
        set({ savedModels: await engine.request({ kind: 'renameSavedModel', from, to: checkName(to) }) });
        return null;
      });
    },
    async deleteSavedModel(name) {
      await task('deleting', async () => {
        set({ savedModels: await engine.request({ kind: 'deleteSavedModel', name }) });
        return { tone: 'info', message: { code: 'deleted', name } };
      });
    },
    async downloadActiveModel() {
      let files: TrainedModelFiles | null = null;
      await task('preparingDownload', async () => {
        const artifacts = await engine.request({ kind: 'exportModel', source: 'active' });
        files = { modelJson: modelJsonText(artifacts), weights: artifacts.weightData };
        return null;
      });
      return files;
    },
    loadModelFiles(files) {
      return task('checkingFiles', async () => {
        const check = await checkModelFiles(files);
        if (!check.ok) throw new StoreFailure({ code: 'modelFileRefused', problem: check.problem });
        const name = files.find((f) => f.name.endsWith('.json'))?.name ?? 'model.json';
        try {
          const metadata = check.metadata && typeof check.metadata === 'object' ? (check.metadata as LayersModelArtifacts['userDefinedMetadata']) : undefined;
          await engine.request({ kind: 'loadModel', artifacts: { ...check.artifacts, userDefinedMetadata: metadata }, name });
        } catch (error) {
          throw new StoreFailure({ code: 'modelLoadFailed', problem: messageOf(error) }, { cause: error });
        }
        return { tone: 'info', message: { code: 'loaded', name } };
      });
    },
    dismissModelNotice() {
      set({ modelNotice: null });
    },
  };
};
