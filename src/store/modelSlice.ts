/**
 * Which model reads the drawings, and the models the student keeps: switch between the ready
 * model and the last run's, save the active one in the browser, list, open, rename and delete
 * saved ones, download it, and load one from files. A file is untrusted: it is checked in full
 * before the engine sees it, and a failed load changes nothing.
 */
import { modelJsonText, type LayersModelArtifacts } from '../core/export/layersModelFiles';
import { checkModelFiles, type ModelFileInput } from '../core/model/modelFile';
import { modelFileProblemText } from '../core/model/modelFileText';
import type { SavedModelInfo } from '../engine/protocol';
import { errorMessage } from './errors';
import type { TrainedModelFiles } from './exportSlice';
import type { SliceWithEngine } from './store';

export interface ModelNotice {
  tone: 'info' | 'error';
  text: string;
}

export interface ModelSlice {
  savedModels: SavedModelInfo[];
  /** What the model panel is doing now, e.g. "Loading model files…"; null when idle. */
  modelTask: string | null;
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
  const task = async (label: string, work: () => Promise<ModelNotice | null>): Promise<boolean> => {
    if (get().modelTask) return false;
    set({ modelTask: label, modelNotice: null });
    try {
      set({ modelNotice: await work(), modelTask: null });
      return true;
    } catch (error) {
      set({ modelNotice: { tone: 'error', text: errorMessage(error) }, modelTask: null });
      return false;
    }
  };

  const checkName = (name: string): string => {
    const trimmed = name.trim();
    if (trimmed.length === 0) throw new Error('Give the model a name first.');
    if (trimmed.length > MAX_MODEL_NAME_LENGTH) throw new Error(`Keep the name under ${MAX_MODEL_NAME_LENGTH} characters.`);
    return trimmed;
  };

  return {
    savedModels: [],
    modelTask: null,
    modelNotice: null,
    async activateModel(source) {
      await task('Switching model…', async () => {
        await engine.request({ kind: 'useModel', source });
        return null;
      });
    },
    async refreshSavedModels() {
      try {
        set({ savedModels: await engine.request({ kind: 'listSavedModels' }) });
      } catch (error) {
        set({ modelNotice: { tone: 'error', text: `Saved models could not be listed: ${errorMessage(error)}` } });
      }
    },
    async saveActiveModel(name) {
      await task('Saving…', async () => {
        const checked = checkName(name);
        if (get().savedModels.some((m) => m.name === checked)) throw new Error(`A saved model is already called "${checked}": pick another name or delete it first.`);
        set({ savedModels: await engine.request({ kind: 'saveModel', name: checked }) });
        return { tone: 'info', text: `Saved as "${checked}" in this browser.` };
      });
    },
    async openSavedModel(name) {
      await task('Opening…', async () => {
        await engine.request({ kind: 'openSavedModel', name });
        return null;
      });
    },
    async renameSavedModel(from, to) {
      await task('Renaming…', async () => {
        set({ savedModels: await engine.request({ kind: 'renameSavedModel', from, to: checkName(to) }) });
        return null;
      });
    },
    async deleteSavedModel(name) {
      await task('Deleting…', async () => {
        set({ savedModels: await engine.request({ kind: 'deleteSavedModel', name }) });
        return { tone: 'info', text: `Deleted "${name}".` };
      });
    },
    async downloadActiveModel() {
      let files: TrainedModelFiles | null = null;
      await task('Preparing the download…', async () => {
        const artifacts = await engine.request({ kind: 'exportModel', source: 'active' });
        files = { modelJson: modelJsonText(artifacts), weights: artifacts.weightData };
        return null;
      });
      return files;
    },
    loadModelFiles(files) {
      return task('Checking the model files…', async () => {
        const check = await checkModelFiles(files);
        if (!check.ok) throw new Error(`This model cannot be used: ${modelFileProblemText(check.problem)} Nothing was changed.`);
        const name = files.find((f) => f.name.endsWith('.json'))?.name ?? 'model.json';
        try {
          const metadata = check.metadata && typeof check.metadata === 'object' ? (check.metadata as LayersModelArtifacts['userDefinedMetadata']) : undefined;
          await engine.request({ kind: 'loadModel', artifacts: { ...check.artifacts, userDefinedMetadata: metadata }, name });
        } catch (error) {
          throw new Error(`This model could not be loaded: ${errorMessage(error)} Nothing was changed.`, { cause: error });
        }
        return { tone: 'info', text: `Loaded ${name}: it now reads your drawings.` };
      });
    },
    dismissModelNotice() {
      set({ modelNotice: null });
    },
  };
};
