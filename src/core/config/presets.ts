/**
 * The recipes of /work/shared/RECIPES.md as data, plus a fair conv-vs-dense pair. Values in
 * brackets there (left open by the tutorials) are ours and are marked "ours" below.
 */
import type { Activation, LayerSpec } from '../model/spec';
import type { OptimizerName, OptimizerSpec } from '../training/types';

export type PresetId = 'lenet-5x5' | 'single-conv' | 'two-conv-adam' | 'pytorch-classic' | 'dense-baseline' | 'small-dense' | 'small-conv';

export interface Preset {
  id: PresetId;
  title: string;
  /** One line for students: what the recipe is and what to look for. */
  description: string;
  /** The whole stack, ending in Dense 10 softmax. */
  layers: readonly LayerSpec[];
  optimizer: OptimizerSpec;
  batchSize: number;
  epochs: number;
  /** Standardise inputs with MNIST's mean and std instead of plain [0, 1]. */
  standardize: boolean;
  /** Published accuracy on the 10,000 test images as a fraction, or null where none is published. */
  referenceAccuracy: number | null;
  /** Where the reference comes from, and how its recipe differs from this one if it does. */
  referenceSource: string;
}

// Small constructors keep the tables below readable; valid padding and stride 1 unless said.
const conv = (filters: number, kernelSize: number, activation: Activation = 'relu'): LayerSpec => ({
  kind: 'conv2d',
  filters,
  kernelSize,
  strides: 1,
  padding: 'valid',
  activation,
});
const maxPool = (poolSize: number): LayerSpec => ({ kind: 'maxPool', poolSize, strides: poolSize });
const dense = (units: number, activation: Activation = 'relu'): LayerSpec => ({ kind: 'dense', units, activation });
const dropout = (rate: number): LayerSpec => ({ kind: 'dropout', rate });
const flatten: LayerSpec = { kind: 'flatten' };
const classifier: LayerSpec = { kind: 'dense', units: 10, activation: 'softmax' };

/** Momentum is only read by 'momentum'; the others carry 0.9 so switching to it starts sensibly. */
const optimizer = (name: OptimizerName, learningRate: number, momentum = 0.9): OptimizerSpec => ({ name, learningRate, momentum });

const NO_REFERENCE = 'No published test accuracy for this exact recipe in our references.';

export const PRESETS: readonly Preset[] = [
  {
    id: 'lenet-5x5',
    title: 'LeNet-style, 5x5 kernels',
    description: 'Two 5x5 convolutions with pooling, then a dense layer: the classic first CNN, trained with plain SGD.',
    layers: [conv(32, 5), maxPool(2), conv(64, 5), maxPool(2), flatten, dense(128), classifier],
    optimizer: optimizer('sgd', 0.01),
    batchSize: 64,
    epochs: 10,
    standardize: false,
    referenceAccuracy: 0.9905,
    referenceSource: 'LeCun et al. 1998, LeNet-5 (conv-pool-conv-pool-dense): 99.05%.',
  },
  {
    id: 'single-conv',
    title: 'One convolution',
    description: 'A single 3x3 convolution and pooling before a dense layer: most of its 694k weights sit in that dense layer.',
    // Filters, optimizer, batch and epochs are ours.
    layers: [conv(32, 3), maxPool(2), flatten, dense(128), classifier],
    optimizer: optimizer('adam', 0.001),
    batchSize: 64,
    epochs: 5,
    standardize: false,
    referenceAccuracy: null,
    referenceSource: NO_REFERENCE,
  },
  {
    id: 'two-conv-adam',
    title: 'Two convolutions, Adam',
    description: 'Two 3x3 convolutions with pooling straight into the classifier: only 35k weights, yet a strong model.',
    // Batch size is ours.
    layers: [conv(32, 3), maxPool(2), conv(64, 3), maxPool(2), flatten, classifier],
    optimizer: optimizer('adam', 0.001),
    batchSize: 32,
    epochs: 5,
    standardize: false,
    // RECIPES.md's LeNet-5 row is this very shape: conv-pool-conv-pool-dense.
    referenceAccuracy: 0.9905,
    referenceSource: 'LeCun et al. 1998, LeNet-5, the same conv-pool-conv-pool-dense shape (5x5 kernels, tanh-like units): 99.05%.',
  },
  {
    id: 'pytorch-classic',
    title: 'PyTorch classic',
    description: 'The PyTorch example: two 3x3 convolutions, one pooling, dropout, a 9,216-wide flatten, standardised inputs.',
    layers: [conv(32, 3), conv(64, 3), maxPool(2), dropout(0.25), flatten, dense(128), dropout(0.5), classifier],
    optimizer: optimizer('momentum', 0.01, 0.9),
    batchSize: 64,
    epochs: 10,
    standardize: true,
    referenceAccuracy: 0.9925,
    referenceSource: 'Keras example mnist_cnn, the same layers trained with Adadelta, batch 128, 12 epochs: 99.25%.',
  },
  {
    id: 'dense-baseline',
    title: 'Dense baseline',
    description: 'No convolutions at all: flatten the pixels into one hidden layer of 128. The bar every CNN must clear.',
    // Batch size is ours.
    layers: [flatten, dense(128), dropout(0.2), classifier],
    optimizer: optimizer('adam', 0.001),
    batchSize: 32,
    epochs: 5,
    standardize: false,
    referenceAccuracy: 0.98,
    referenceSource: 'TensorFlow beginner quickstart, the same model, 5 epochs: about 98%.',
  },
  {
    id: 'small-dense',
    title: 'Small dense (fair pair)',
    description: 'Flatten into 16 hidden units: 12,730 weights. Compare with "Small conv", which has 12,810.',
    layers: [flatten, dense(16), classifier],
    optimizer: optimizer('adam', 0.001),
    batchSize: 32,
    epochs: 5,
    standardize: false,
    referenceAccuracy: null,
    referenceSource: 'Our own comparison pair; no published figure.',
  },
  {
    id: 'small-conv',
    title: 'Small conv (fair pair)',
    description: 'Convolutions of 16 and 32 filters with pooling: 12,810 weights. Compare with "Small dense", which has 12,730.',
    layers: [conv(16, 3), maxPool(2), conv(32, 3), maxPool(2), flatten, classifier],
    optimizer: optimizer('adam', 0.001),
    batchSize: 32,
    epochs: 5,
    standardize: false,
    referenceAccuracy: null,
    referenceSource: 'Our own comparison pair; no published figure.',
  },
];

export const DEFAULT_PRESET_ID: PresetId = 'lenet-5x5';

/** The preset with this id, or undefined (ids arrive from URLs, so any string is accepted). */
export function getPreset(id: string): Preset | undefined {
  return PRESETS.find((preset) => preset.id === id);
}
