/** Module-level selectors: components subscribe to exactly what they show. */
import { DEFAULT_PRESET_ID, getPreset } from '../core/config/presets';
import { describeModel, type ModelDescription } from '../core/model/describe';
import { sameLayers } from '../core/model/edit';
import type { LayerSpec } from '../core/model/spec';
import type { TrainBlocked } from './messages';
import type { AppState } from './store';

export const selectIsBusy = (s: AppState): boolean =>
  s.trainingStatus === 'starting' || s.trainingStatus === 'training' || s.trainingStatus === 'paused' ||
  s.trainingStatus === 'stopping' || s.trainingStatus === 'evaluating';

/** Training needs a backend, the first training shard, a valid model and valid settings. */
export const selectCanTrain = (s: AppState): boolean =>
  !selectIsBusy(s) && s.backendStatus === 'ready' && (s.progress?.trainImagesLoaded ?? 0) > 0 && s.dataStatus !== 'failed' &&
  Object.keys(s.fieldErrors).length === 0 && selectModel(s).isValid;

export const selectLatestBatch = (s: AppState) => (s.batches.length > 0 ? s.batches[s.batches.length - 1] : null);

/** Images in the latest batch (an epoch's last batch can be a handful); 0 before the first. */
export const selectLastBatchSize = (s: AppState): number => {
  const { batches } = s;
  if (batches.length === 0) return 0;
  const last = batches[batches.length - 1];
  return batches.length > 1 ? last.examplesSeen - batches[batches.length - 2].examplesSeen : last.examplesSeen;
};

/** Train was pressed but the first batch is not done: building the model, compiling kernels, the first step. */
export const selectIsWarmingUp = (s: AppState): boolean =>
  s.trainingStatus === 'starting' ||
  (s.run !== null && s.batches.length === 0 && (s.trainingStatus === 'training' || s.trainingStatus === 'paused' || s.trainingStatus === 'stopping'));

let lastLayers: LayerSpec[] | null = null;
let lastDescription: ModelDescription | null = null;
/** describeModel, memoised on the layers array (the store replaces it on every edit). */
export function selectModel(s: AppState): ModelDescription {
  if (s.layers !== lastLayers || !lastDescription) {
    lastLayers = s.layers;
    lastDescription = describeModel(s.layers);
  }
  return lastDescription;
}

/** The layers of the chosen preset (of the default one for an unknown id, as applyPreset does). */
export const selectPresetLayers = (s: AppState): readonly LayerSpec[] =>
  (getPreset(s.presetId) ?? getPreset(DEFAULT_PRESET_ID)!).layers;

/** True once the layers differ from the preset's: the preset is then shown as modified. */
export const selectIsModified = (s: AppState): boolean => !sameLayers(s.layers, selectPresetLayers(s));

let lastBlocked: TrainBlocked | null = null;

/**
 * Why Train is disabled by something the student can fix here (the model or a setting): the first
 * problem and how many more there are; null when nothing needs fixing. Waiting for data or a
 * backend is shown by the status line instead. The same object comes back while the answer is the
 * same, so a component subscribed to it re-renders only when it changes.
 */
export function selectTrainBlockedReason(s: AppState): TrainBlocked | null {
  const { errors } = selectModel(s);
  const fieldErrors = Object.values(s.fieldErrors);
  const next: TrainBlocked | null = errors.length > 0
    ? { kind: 'layer', layerIndex: errors[0].layerIndex, problem: errors[0].problem, more: errors.length - 1 }
    : fieldErrors.length > 0 ? { kind: 'field', problem: fieldErrors[0], more: fieldErrors.length - 1 } : null;
  if (next === null || lastBlocked === null || JSON.stringify(next) !== JSON.stringify(lastBlocked)) lastBlocked = next;
  return lastBlocked;
}
