/**
 * The engine's answers to "look inside": a layer-by-layer reading of one image by the active
 * model, the model's layers and weights, and the backend's memory. Plain data out; every tensor
 * is disposed before the answer leaves (core/model/inspect.ts).
 */
import * as tf from '../core/tf';
import type { MnistDataset } from '../core/data/dataset';
import { standardizeInput } from '../core/draw/preprocess';
import { firstConvFilters, layerActivations, summarizeLayers } from '../core/model/inspect';
import { EngineFailure } from './messages';
import type { ActiveModelInfo, QueryOf, QueryResult } from './protocol';

/** What the inspection needs from the model shelf: the active model (the ready one loads first when none is). */
export interface ActiveModelSource {
  activeModel(): Promise<{ model: tf.LayersModel; info: ActiveModelInfo }>;
}

/** Maps and filters sent per layer at most, unless the page asks for fewer: a 512-filter layer stays cheap to send and draw. */
const MAX_MAPS = 64;

/** The 28x28 image in [0, 1] the request names, with its true label when it is a test image. */
async function inputOf(input: QueryOf<'activations'>['input'], dataset: MnistDataset | null | undefined): Promise<{ pixels: Float32Array; label: number | null }> {
  if (input.kind === 'pixels') return { pixels: input.pixels, label: null };
  if (!dataset) throw new EngineFailure({ code: 'dataNotArrived' });
  // The page keeps the index in range; one outside it is a RangeError from the dataset.
  const index = input.index;
  // A test shard still on its way: the answer waits for it (a failed load rejects).
  if (index >= 0 && index < dataset.count('test')) while (!dataset.hasShard('test', dataset.shardOf('test', index))) await dataset.waitForData();
  const { pixels, labels } = dataset.sampleImages('test', [index]);
  return { pixels: Float32Array.from(pixels, (v) => v / 255), label: labels[0] };
}

/** Each conv, pool and dense layer's output for one image, and the first conv layer's filters. */
export async function answerActivations(shelf: ActiveModelSource, dataset: MnistDataset | null | undefined, query: QueryOf<'activations'>): Promise<QueryResult<'activations'>> {
  const { pixels, label } = await inputOf(query.input, dataset);
  const { model, info } = await shelf.activeModel();
  const limit = Math.min(query.maxMaps ?? MAX_MAPS, MAX_MAPS);
  const layers = await layerActivations(model, standardizeInput(pixels, info.standardize), { maxMaps: limit });
  const filters = await firstConvFilters(model, limit);
  return { model: info, pixels, label, layers, filters };
}

/** The buffers of an activations answer, handed over rather than copied. */
export function activationsTransfer(result: QueryResult<'activations'>): Transferable[] {
  const buffers = new Set<ArrayBufferLike>([result.pixels.buffer, ...result.layers.map((l) => l.values.buffer)]);
  if (result.filters) buffers.add(result.filters.values.buffer);
  return [...buffers].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}

/** The active model's layers with their output shapes, parameters and each weight tensor's statistics and histogram. */
export async function answerModelLayers(shelf: ActiveModelSource): Promise<QueryResult<'modelLayers'>> {
  const { model, info } = await shelf.activeModel();
  return { model: info, layers: await summarizeLayers(model) };
}

/** tf.memory() of the engine's backend: live tensors and the bytes they hold. */
export function answerMemory(): QueryResult<'memory'> {
  const memory = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number; numBytesInGPUAllocated?: number };
  return {
    backend: tf.getBackend() ?? '',
    numTensors: memory.numTensors,
    numDataBuffers: memory.numDataBuffers,
    numBytes: memory.numBytes,
    numBytesInGpu: memory.numBytesInGPU ?? null,
    isUnreliable: memory.unreliable === true,
  };
}
