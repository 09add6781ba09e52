/**
 * The ready model: a small CNN trained once on all 60,000 MNIST training images (augmented) and
 * shipped in public/models/ready/, so a student can draw a digit before training anything.
 * `npm run ready-model` rebuilds it. Its model.json carries how it was trained under one key of
 * `userDefinedMetadata`; this module names that key and reads it back.
 */
import type { Augmentation } from '../data/augment';
import type { LayerSpec } from './spec';

/** Where the page finds the model, relative to the site's base URL. */
export const READY_MODEL_PATH = 'models/ready/model.json';

/** The key of model.json's userDefinedMetadata under which ReadyModelMetadata sits. */
export const READY_MODEL_METADATA_KEY = 'mnistPlayground';

/** How the ready model was trained; `standardize` tells the page how to scale a drawing's pixels. */
export interface ReadyModelMetadata {
  /** true: (pixel / 255 - 0.1307) / 0.3081, as training saw them; false: pixel / 255. */
  standardize: boolean;
  /** The layer specs buildModel made the model from. */
  layers: LayerSpec[];
  /** Accuracy on the 10,000 MNIST test images, as a fraction, measured when it was built. */
  testAccuracy: number;
  trainedOn: string;
  augmentation: Augmentation;
  seed: number;
  /** The rest of the recipe, for the record. */
  optimizer: { name: string; learningRate: number; decayPerEpoch: number };
  batchSize: number;
  epochs: number;
}

/**
 * The ready-model metadata in a model.json object (or in the value of getUserDefinedMetadata()
 * when `fromUserDefined` is set), or null when it is missing or malformed.
 */
export function readReadyModelMetadata(modelJson: unknown, fromUserDefined = false): ReadyModelMetadata | null {
  const userDefined = fromUserDefined ? modelJson : (modelJson as { userDefinedMetadata?: unknown } | null)?.userDefinedMetadata;
  const value = (userDefined as Record<string, unknown> | null | undefined)?.[READY_MODEL_METADATA_KEY] as Partial<ReadyModelMetadata> | undefined;
  if (!value || typeof value !== 'object') return null;
  const isValid =
    typeof value.standardize === 'boolean' &&
    Array.isArray(value.layers) &&
    value.layers.every((layer) => typeof layer === 'object' && layer !== null && typeof layer.kind === 'string') &&
    typeof value.testAccuracy === 'number' &&
    typeof value.seed === 'number';
  return isValid ? (value as ReadyModelMetadata) : null;
}
