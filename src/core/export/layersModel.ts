/** Captures a tf.LayersModel's topology and weights in memory, through model.save's handler hook. */
import * as tf from '../tf';
import type { LayersModelArtifacts } from './layersModelFiles';

/**
 * What model.save would write as model.json + weights.bin, without writing anything: the weights
 * are read from the backend into one ArrayBuffer the caller owns (and may transfer).
 */
export async function captureLayersModel(model: tf.LayersModel): Promise<LayersModelArtifacts> {
  let captured: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const artifacts = captured as tf.io.ModelArtifacts | null;
  if (!artifacts || !artifacts.modelTopology || artifacts.modelTopology instanceof ArrayBuffer || !artifacts.weightSpecs) {
    throw new Error('model.save did not hand over a layers-model topology and weights.');
  }
  const { weightData } = artifacts;
  return {
    modelTopology: artifacts.modelTopology,
    weightSpecs: artifacts.weightSpecs,
    // Several buffers (large models) or one: always one, so the page writes a single .bin.
    weightData: weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(weightData),
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
  };
}
