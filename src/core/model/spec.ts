/** Declarative description of a model: plain data, so it crosses the worker boundary and the URL hash. */

export type Activation = 'relu' | 'leakyRelu' | 'elu' | 'sigmoid' | 'tanh' | 'linear';
export type OutputActivation = Activation | 'softmax';
export type Padding = 'valid' | 'same';

export interface Conv2DSpec {
  kind: 'conv2d';
  filters: number;
  kernelSize: number;
  strides: number;
  padding: Padding;
  activation: Activation;
}

export interface PoolSpec {
  kind: 'maxPool' | 'avgPool';
  poolSize: number;
  strides: number;
}

export interface DenseSpec {
  kind: 'dense';
  units: number;
  activation: OutputActivation;
}

export interface DropoutSpec {
  kind: 'dropout';
  rate: number;
}

export interface FlattenSpec {
  kind: 'flatten';
}

export interface BatchNormSpec {
  kind: 'batchNorm';
}

export type LayerSpec = Conv2DSpec | PoolSpec | DenseSpec | DropoutSpec | FlattenSpec | BatchNormSpec;
export type LayerKind = LayerSpec['kind'];

/** The input every model sees: one 28x28 grey MNIST digit. */
export const INPUT_SHAPE = [28, 28, 1] as const;
export const NUM_CLASSES = 10;
