/** How a run's set-up departs from its preset's published recipe, so the two results can be compared fairly. */
import { sameLayers } from '../model/edit';
import type { LayerSpec } from '../model/spec';
import type { FieldKey, Settings } from './fields';
import type { Preset } from './presets';
import { sameSchedule, scheduleOf } from './scheduleSettings';

/** The recipes train on every training image. */
const RECIPE_TRAIN_SIZE = 60_000;

/** What a run can change from its recipe: its layers, or a setting (named by its field key). */
export type RecipeChange = 'layers' | FieldKey;

/**
 * What a run changes from its preset's recipe, in the order the page lists them ('layers', then
 * field keys in the table's order). Empty when the run follows the recipe: its layers, optimizer,
 * learning rate (and momentum, for SGD with momentum), batch size, epochs and standardisation, on
 * its learning-rate schedule, all 60,000 training images with none held out, and no penalty, augmentation or early stopping
 * the recipe does not have. The seed and the backend are not part of a recipe.
 */
export function recipeDifferences(preset: Preset, settings: Settings, layers: readonly LayerSpec[]): RecipeChange[] {
  const changed: FieldKey[] = [];
  const { optimizer } = preset;
  if (settings.optimizer !== optimizer.name) changed.push('optimizer');
  if (settings.learningRate !== optimizer.learningRate) changed.push('learningRate');
  if (settings.optimizer === 'momentum' && optimizer.name === 'momentum' && settings.momentum !== optimizer.momentum) changed.push('momentum');
  if (!sameSchedule(scheduleOf(settings), preset.schedule ?? { kind: 'constant' })) changed.push('schedule');
  if (settings.batchSize !== preset.batchSize) changed.push('batchSize');
  if (settings.epochs !== preset.epochs) changed.push('epochs');
  if (settings.standardize !== preset.standardize) changed.push('standardize');
  if (settings.trainSize !== RECIPE_TRAIN_SIZE) changed.push('trainSize');
  if (settings.validationSplit > 0) changed.push('validationSplit');
  if (settings.l1 > 0) changed.push('l1');
  if (settings.l2 > 0) changed.push('l2');
  if (settings.augment) changed.push('augment');
  if (settings.earlyStopping) changed.push('earlyStopping');
  return sameLayers(layers, preset.layers) ? changed : ['layers', ...changed];
}
