/** Module-level selectors: components subscribe to exactly what they show. */
import { describeModel, type ModelDescription } from '../core/model/describe';
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
