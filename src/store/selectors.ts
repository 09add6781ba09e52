/** Module-level selectors: components subscribe to exactly what they show. */
import { DEFAULT_PRESET_ID, getPreset } from '../core/config/presets';
import { describeModel, type ModelDescription } from '../core/model/describe';
import { sameLayers } from '../core/model/edit';
import type { LayerSpec } from '../core/model/spec';
import type { AppState } from './store';

export const selectIsBusy = (s: AppState): boolean =>
  s.trainingStatus === 'starting' || s.trainingStatus === 'training' || s.trainingStatus === 'paused' ||
  s.trainingStatus === 'stopping' || s.trainingStatus === 'evaluating';

/** Training needs a backend, the first training shard, a valid model and valid settings. */
export const selectCanTrain = (s: AppState): boolean =>
  !selectIsBusy(s) && s.backendStatus === 'ready' && (s.progress?.trainImagesLoaded ?? 0) > 0 && s.dataStatus !== 'failed' &&
  Object.keys(s.fieldErrors).length === 0 && selectModel(s).isValid;

export const selectLatestBatch = (s: AppState) => (s.batches.length > 0 ? s.batches[s.batches.length - 1] : null);

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

/**
 * Why Train is disabled by something the student can fix here (the model or a setting), e.g.
 * "Fix layer 3: Kernel 5x5 is larger than its 4x4 input."; null when nothing needs fixing.
 * Waiting for data or a backend is shown by the status line instead.
 */
export function selectTrainBlockedReason(s: AppState): string | null {
  const { errors } = selectModel(s);
  const more = (count: number) => (count > 1 ? ` (and ${count - 1} more)` : '');
  if (errors.length > 0) {
    const [first] = errors;
    const where = first.layerIndex === null ? 'Fix the model' : `Fix layer ${first.layerIndex + 1}`;
    return `${where}: ${first.message}${more(errors.length)}`;
  }
  const fieldErrors = Object.values(s.fieldErrors);
  if (fieldErrors.length > 0) return `Fix the training settings: ${fieldErrors[0]}${more(fieldErrors.length)}`;
  return null;
}
