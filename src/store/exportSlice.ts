/**
 * The export slice: whether the engine holds a trained model, and fetching it as the two files of
 * the TensorFlow.js layers format. The scripts need no engine: features build them from the config.
 */
import { modelJsonText } from '../core/export/layersModelFiles';
import { messageOf, type AppMessage, type DownloadBlocked } from './messages';
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
  modelExportError: AppMessage | null;
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
      set({ modelExportStatus: 'failed', modelExportError: messageOf(error) });
      return null;
    }
  },
});

/** Why "Download trained model" cannot run now, or null when it can. */
export function selectModelDownloadBlockedReason(s: AppState): DownloadBlocked | null {
  if (s.trainingStatus === 'evaluating') return 'evaluating';
  if (selectIsBusy(s)) return 'training';
  if (!s.hasTrainedModel) return 'noTrainedModel';
  if (s.modelExportStatus === 'exporting') return 'exporting';
  return null;
}
