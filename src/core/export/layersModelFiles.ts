/**
 * A trained model in the TensorFlow.js layers format, as plain data that crosses the worker
 * boundary, and the two files a student downloads. Pure: no tfjs, so the page can use it cheaply.
 */
import type { io } from '../tf';

export const MODEL_FILE_NAME = 'model.json';
export const WEIGHTS_FILE_NAME = 'mnist-model.weights.bin';

/** What model.save hands its save handler, narrowed to a layers model with one weight buffer. */
export interface LayersModelArtifacts {
  /** The Keras-style model config (class_name, config, keras_version, backend). */
  modelTopology: object;
  weightSpecs: io.WeightsManifestEntry[];
  /** Every weight as little-endian float32 (or the dtype its spec names), in weightSpecs order. */
  weightData: ArrayBuffer;
  /** Who wrote the topology, e.g. "TensorFlow.js tfjs-layers v4.22.0". */
  generatedBy?: string;
  convertedBy?: string | null;
  /** model.json's userDefinedMetadata; the playground keeps its own under `mnistPlayground`. */
  userDefinedMetadata?: io.ModelJSON['userDefinedMetadata'];
}

/**
 * The model.json text for `artifacts`, with one weights group whose only file is
 * WEIGHTS_FILE_NAME; tf.loadLayersModel('…/model.json') reads it with the .bin beside it.
 */
export function modelJsonText(artifacts: LayersModelArtifacts): string {
  const modelJson: io.ModelJSON = {
    format: 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [WEIGHTS_FILE_NAME], weights: artifacts.weightSpecs }],
    ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
  };
  return JSON.stringify(modelJson);
}
