/**
 * The export slice: whether the engine holds a trained model, and fetching it as the two files of
 * the TensorFlow.js layers format. The scripts need no engine: features build them from the config.
 */
import { modelJsonText } from '../core/export/layersModelFiles';
import { selectIsBusy } from './selectors';
import type { AppState, SliceWithEngine } from './store';

export interface TrainedModelFiles {
  /** model.json, naming the weights file beside it. */
  modelJson: string;
  weights: ArrayBuffer;
}

export interface ExportSlice {
  /** The engine holds a model from the last run: set when training starts, cleared by a backend switch. */
  hasTrainedModel: boolean;
  modelExportStatus: 'idle' | 'exporting' | 'failed';
  modelExportError: string | null;
  /** Asks the engine for the trained model; resolves to its files, or null (the error is in the store). */
  exportTrainedModel(): Promise<TrainedModelFiles | null>;
}

export const createExportSlice: SliceWithEngine<ExportSlice> = (engine) => (set) => ({
  hasTrainedModel: false,
  modelExportStatus: 'idle',
  modelExportError: null,
  async exportTrainedModel() {
    set({ modelExportStatus: 'exporting', modelExportError: null });
    try {
      const artifacts = await engine.request({ kind: 'exportModel', source: 'trained' });
      set({ modelExportStatus: 'idle' });
      return { modelJson: modelJsonText(artifacts), weights: artifacts.weightData };
    } catch (error) {
      set({ modelExportStatus: 'failed', modelExportError: error instanceof Error ? error.message : String(error) });
      return null;
    }
  },
});

/** Why "Download trained model" cannot run now, or null when it can. */
export function selectModelDownloadBlockedReason(s: AppState): string | null {
  if (s.trainingStatus === 'evaluating') return 'Wait for the evaluation on the test set to finish.';
  if (selectIsBusy(s)) return 'Training is running: the weights can be downloaded once it finishes or is stopped.';
  if (!s.hasTrainedModel) return 'Train a model first: there are no trained weights to download yet.';
  if (s.modelExportStatus === 'exporting') return 'Preparing the download…';
  return null;
}
