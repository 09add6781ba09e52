/**
 * The exported scripts, read back: the layer lines are parsed with regexes, turned back into layer
 * specs and parameter counts with the frameworks' own shape rules, and compared with the playground.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../tf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../config/presets';
import { LEAKY_RELU_ALPHA } from '../model/build';
import { describeModel } from '../model/describe';
import { createOptimizer } from '../model/optimizers';
import type { Activation, LayerSpec, OutputActivation } from '../model/spec';
import type { OptimizerName, OptimizerSpec, TrainingSpec } from '../training/types';
import { LEAKY_RELU_SLOPE, OPTIMIZER_DEFAULTS, pyFloat, type ExportRequest } from './common';
import { kerasOptimizer, kerasScript } from './keras';
import { pytorchOptimizer, pytorchScript } from './pytorch';

const conv = (filters: number, kernelSize: number, strides = 1, padding: 'valid' | 'same' = 'valid', activation: Activation = 'relu'): LayerSpec =>
  ({ kind: 'conv2d', filters, kernelSize, strides, padding, activation });
const dense = (units: number, activation: OutputActivation = 'relu'): LayerSpec => ({ kind: 'dense', units, activation });
const classifier = dense(10, 'softmax');
const flatten: LayerSpec = { kind: 'flatten' };
const batchNorm: LayerSpec = { kind: 'batchNorm' };

/** Stacks a student might build by editing a preset. */
const EDITED: { name: string; layers: LayerSpec[] }[] = [
  {
    name: 'strided same convolutions (odd, even and symmetric TF padding)',
    layers: [conv(16, 3, 2, 'same'), conv(8, 4, 2, 'same', 'leakyRelu'), conv(32, 5, 2, 'same', 'elu'), flatten, classifier],
  },
  {
    name: 'same padding at stride 1, batch norm, average pooling with its own stride',
    layers: [conv(12, 2, 1, 'same', 'linear'), batchNorm, { kind: 'avgPool', poolSize: 3, strides: 2 }, conv(24, 3, 1, 'same', 'tanh'), batchNorm, flatten, classifier],
  },
  {
    name: 'dense stack with leaky ReLU, batch norm on features, dropout, sigmoid',
    layers: [flatten, dense(64, 'leakyRelu'), batchNorm, { kind: 'dropout', rate: 0.3 }, dense(32, 'sigmoid'), dense(16, 'linear'), classifier],
  },
  {
    name: 'max pooling with overlap and a hidden softmax',
    layers: [conv(8, 5), { kind: 'maxPool', poolSize: 3, strides: 1 }, flatten, dense(20, 'softmax'), classifier],
  },
];

function trainingOf(optimizer: OptimizerSpec, overrides: Partial<TrainingSpec> = {}): TrainingSpec {
  return { optimizer, batchSize: 64, epochs: 3, trainSize: 60_000, validationSplit: 0.1, standardize: false, seed: 42, ...overrides };
}

const CASES: { name: string; request: ExportRequest }[] = [
  ...PRESETS.map((preset) => ({
    name: preset.id,
    request: {
      layers: preset.layers,
      training: trainingOf(preset.optimizer, { batchSize: preset.batchSize, epochs: preset.epochs, standardize: preset.standardize }),
      modelName: preset.id,
    },
  })),
  ...EDITED.map(({ name, layers }, i) => ({
    name,
    request: { layers, training: trainingOf({ name: (['rmsprop', 'adagrad', 'adadelta', 'sgd'] as const)[i], learningRate: 0.005, momentum: 0.9 }) },
  })),
];

/** The lines between `start` and the closing bracket, without their trailing comments. */
function modelBody(code: string, start: string, end: string): string[] {
  const from = code.indexOf(start);
  expect(from, `${start} not found`).toBeGreaterThanOrEqual(0);
  const to = code.indexOf(`\n${end}`, from);
  return code.slice(from + start.length, to).split('\n').map((line) => line.replace(/#.*$/, '').trim()).filter(Boolean);
}

interface Parsed {
  layers: LayerSpec[];
  params: number;
  /** The kernel_regularizer each Conv2D and Dense line carries (Keras only), '' for none. */
  regularizers?: string[];
}

type Image = { kind: 'image'; height: number; width: number; channels: number };
type Flat = { kind: 'flat'; features: number };

/** Keras's layer lines -> layer specs and parameters (BatchNorm's moving statistics included). */
function parseKeras(code: string): Parsed {
  const lines = modelBody(code, 'model = keras.Sequential([', '])');
  expect(lines[0]).toBe('keras.Input(shape=(28, 28, 1)),');
  let shape: Image | Flat = { kind: 'image', height: 28, width: 28, channels: 1 };
  const layers: LayerSpec[] = [];
  let params = 0;
  const regularizers: string[] = [];
  const activationOf = (text: string | undefined): OutputActivation => (text ?? 'linear') as OutputActivation;
  const outLength = (length: number, k: number, s: number, padding: string) => (padding === 'same' ? Math.ceil(length / s) : Math.floor((length - k) / s) + 1);
  for (const line of lines.slice(1)) {
    let m: RegExpMatchArray | null;
    if ((m = line.match(/^layers\.Conv2D\((\d+), \((\d+), (\d+)\), strides=\((\d+), (\d+)\), padding="(valid|same)"(?:, kernel_regularizer=([^)]*\)))?(?:, activation="(\w+)")?\),$/))) {
      const [filters, k, k2, s, s2] = m.slice(1, 6).map(Number);
      expect(k2).toBe(k);
      expect(s2).toBe(s);
      const image = shape as Image;
      params += k * k * image.channels * filters + filters;
      shape = { kind: 'image', height: outLength(image.height, k, s, m[6]), width: outLength(image.width, k, s, m[6]), channels: filters };
      regularizers.push(m[7] ?? '');
      layers.push({ kind: 'conv2d', filters, kernelSize: k, strides: s, padding: m[6] as 'valid' | 'same', activation: activationOf(m[8]) as Activation });
    } else if ((m = line.match(/^layers\.(MaxPooling2D|AveragePooling2D)\(pool_size=\((\d+), (\d+)\), strides=\((\d+), (\d+)\), padding="valid"\),$/))) {
      const [p, , s] = m.slice(2, 5).map(Number);
      const image = shape as Image;
      shape = { ...image, height: outLength(image.height, p, s, 'valid'), width: outLength(image.width, p, s, 'valid') };
      layers.push({ kind: m[1] === 'MaxPooling2D' ? 'maxPool' : 'avgPool', poolSize: p, strides: s });
    } else if ((m = line.match(/^layers\.Dense\((\d+)(?:, kernel_regularizer=([^)]*\)))?(?:, activation="(\w+)")?\),$/))) {
      const units = Number(m[1]);
      expect(shape.kind).toBe('flat');
      params += (shape as Flat).features * units + units;
      shape = { kind: 'flat', features: units };
      regularizers.push(m[2] ?? '');
      layers.push({ kind: 'dense', units, activation: activationOf(m[3]) });
    } else if ((m = line.match(/^layers\.LeakyReLU\(alpha=([\d.]+)\),$/))) {
      expect(Number(m[1])).toBe(LEAKY_RELU_ALPHA);
      const previous = layers[layers.length - 1] as { activation: OutputActivation };
      expect(previous.activation).toBe('linear');
      previous.activation = 'leakyRelu';
    } else if ((m = line.match(/^layers\.Dropout\(([\d.]+)\),$/))) {
      layers.push({ kind: 'dropout', rate: Number(m[1]) });
    } else if (line === 'layers.Flatten(),') {
      shape = { kind: 'flat', features: shape.kind === 'image' ? shape.height * shape.width * shape.channels : shape.features };
      layers.push(flatten);
    } else if (line === 'layers.BatchNormalization(),') {
      params += 4 * (shape.kind === 'image' ? shape.channels : shape.features);
      layers.push(batchNorm);
    } else {
      throw new Error(`Unexpected Keras line: ${line}`);
    }
  }
  return { layers, params, regularizers };
}

const TORCH_ACTIVATIONS: Record<string, OutputActivation> = {
  'ReLU()': 'relu', 'ELU()': 'elu', 'Sigmoid()': 'sigmoid', 'Tanh()': 'tanh', 'Softmax(dim=1)': 'softmax',
  [`LeakyReLU(negative_slope=${LEAKY_RELU_ALPHA})`]: 'leakyRelu',
};

/** TF's 'same' padding, written out again here so the exporter's own arithmetic is not trusted. */
function tfSamePadding(length: number, k: number, s: number): { before: number; after: number } {
  const total = Math.max((Math.ceil(length / s) - 1) * s + k - length, 0);
  return { before: Math.floor(total / 2), after: Math.ceil(total / 2) };
}

/**
 * PyTorch's module lines -> layer specs and trainable parameters, with PyTorch's own shape rules
 * (so every in_channels and in_features is checked against what actually flows in).
 */
function parsePytorch(code: string): Parsed {
  const lines = modelBody(code, 'model = nn.Sequential(', ')');
  let shape: Image | Flat = { kind: 'image', height: 28, width: 28, channels: 1 };
  const layers: LayerSpec[] = [];
  let params = 0;
  let pending: { before: number; after: number } | null = null;
  const outLength = (length: number, k: number, s: number, before: number, after: number) => Math.floor((length + before + after - k) / s) + 1;
  for (const line of lines) {
    let m: RegExpMatchArray | null;
    if ((m = line.match(/^nn\.ZeroPad2d\(\((\d+), (\d+), (\d+), (\d+)\)\),$/))) {
      const [left, right, top, bottom] = m.slice(1).map(Number);
      expect([top, bottom]).toEqual([left, right]);
      pending = { before: left, after: right };
    } else if ((m = line.match(/^nn\.Conv2d\((\d+), (\d+), kernel_size=(\d+), stride=(\d+), padding=(\d+|"same")\),$/))) {
      const [inChannels, filters, k, s] = m.slice(1, 5).map(Number);
      const image = shape as Image;
      expect(inChannels).toBe(image.channels);
      params += inChannels * filters * k * k + filters;
      let pad = pending ?? { before: 0, after: 0 };
      if (m[5] === '"same"') {
        // PyTorch splits the padding as TF does here, but accepts 'same' only at stride 1.
        expect(s).toBe(1);
        pad = tfSamePadding(image.height, k, s);
      } else if (Number(m[5]) > 0) {
        expect(pending).toBeNull();
        pad = { before: Number(m[5]), after: Number(m[5]) };
      }
      const isSame = m[5] === '"same"' || pad.before + pad.after > 0;
      // Explicit padding must be TF's exactly, odd pixel at the end, not just give the same size.
      if (isSame) expect(pad).toEqual(tfSamePadding(image.height, k, s));
      shape = { kind: 'image', height: outLength(image.height, k, s, pad.before, pad.after), width: outLength(image.width, k, s, pad.before, pad.after), channels: filters };
      pending = null;
      layers.push({ kind: 'conv2d', filters, kernelSize: k, strides: s, padding: isSame ? 'same' : 'valid', activation: 'linear' });
    } else if ((m = line.match(/^nn\.(MaxPool2d|AvgPool2d)\(kernel_size=(\d+), stride=(\d+)\),$/))) {
      const [p, s] = m.slice(2, 4).map(Number);
      const image = shape as Image;
      shape = { ...image, height: outLength(image.height, p, s, 0, 0), width: outLength(image.width, p, s, 0, 0) };
      layers.push({ kind: m[1] === 'MaxPool2d' ? 'maxPool' : 'avgPool', poolSize: p, strides: s });
    } else if ((m = line.match(/^nn\.Linear\((\d+), (\d+)\),$/))) {
      const [inFeatures, units] = m.slice(1).map(Number);
      expect(shape.kind).toBe('flat');
      expect(inFeatures).toBe((shape as Flat).features);
      params += inFeatures * units + units;
      shape = { kind: 'flat', features: units };
      layers.push({ kind: 'dense', units, activation: 'linear' });
    } else if ((m = line.match(/^nn\.Dropout\(p=([\d.]+)\),$/))) {
      layers.push({ kind: 'dropout', rate: Number(m[1]) });
    } else if (line === 'nn.Flatten(),') {
      shape = { kind: 'flat', features: shape.kind === 'image' ? shape.height * shape.width * shape.channels : shape.features };
      layers.push(flatten);
    } else if ((m = line.match(/^nn\.BatchNorm(1|2)d\((\d+), eps=0\.001, momentum=0\.01\),$/))) {
      expect(m[1]).toBe(shape.kind === 'image' ? '2' : '1');
      const features = Number(m[2]);
      expect(features).toBe(shape.kind === 'image' ? shape.channels : shape.features);
      params += 2 * features;
      layers.push(batchNorm);
    } else if ((m = line.match(/^nn\.(\w+\(.*\)),$/)) && m[1] in TORCH_ACTIVATIONS) {
      const previous = layers[layers.length - 1] as { activation: OutputActivation };
      expect(previous.activation).toBe('linear');
      previous.activation = TORCH_ACTIVATIONS[m[1]];
    } else {
      throw new Error(`Unexpected PyTorch line: ${line}`);
    }
  }
  return { layers, params };
}

describe.each(CASES)('$name', ({ request }) => {
  const description = describeModel(request.layers);

  it('the Keras script has the same layers and the same total parameters', () => {
    const code = kerasScript(request);
    const parsed = parseKeras(code);
    expect(parsed.layers).toEqual(request.layers);
    expect(parsed.params).toBe(description.totalParams);
    expect(code).toContain(`Parameters: ${description.totalParams.toLocaleString('en-US')}`);
    expect(code).toContain('# MNIST Training Playground');
    expect(code).toContain(`optimizer=${kerasOptimizer(request.training.optimizer)},`);
    expect(code).toContain('loss="categorical_crossentropy"');
  });

  it('the PyTorch script has the same layers, logits into CrossEntropyLoss and the same trainable parameters', () => {
    const code = pytorchScript(request);
    const parsed = parsePytorch(code);
    // The last layer's softmax lives in the loss, so the model ends in a plain Linear.
    const expected = request.layers.map((layer, i) => (i === request.layers.length - 1 ? { ...layer, activation: 'linear' } : layer));
    expect(parsed.layers).toEqual(expected);
    expect(parsed.params).toBe(description.trainableParams);
    expect(code).toContain(`Parameters: ${description.trainableParams.toLocaleString('en-US')} trainable`);
    expect(code).toContain('loss_fn = nn.CrossEntropyLoss()');
    expect(code).toContain(`optimizer = ${pytorchOptimizer(request.training.optimizer)}\n`);
    // No double softmax: outside comments, softmax appears only for a hidden softmax layer.
    const codeOnly = code.split('\n').map((line) => line.replace(/#.*$/, '')).join('\n');
    const hiddenSoftmaxes = request.layers.slice(0, -1).filter((layer) => layer.kind === 'dense' && layer.activation === 'softmax').length;
    expect(codeOnly.match(/softmax/gi) ?? []).toHaveLength(hiddenSoftmaxes);
    expect(codeOnly).not.toMatch(/LogSoftmax|log_softmax|NLLLoss/);
  });
});

describe('scripts', () => {
  const standardized = CASES.find((c) => c.name === 'pytorch-classic')!.request;

  it('scale to [0, 1] and standardise with 0.1307 and 0.3081 only when asked', () => {
    for (const script of [kerasScript, pytorchScript]) {
      expect(script(standardized)).toContain('STANDARDIZE = True');
      expect(script(standardized)).toContain('MEAN, STD = 0.1307, 0.3081');
      expect(script(standardized)).toContain('/ 255.0');
      expect(script({ ...standardized, training: { ...standardized.training, standardize: false } })).toContain('STANDARDIZE = False');
    }
  });

  it('carry batch size, epochs, validation split, seed and training-set size', () => {
    const training = trainingOf({ name: 'adam', learningRate: 0.002, momentum: 0.9 }, { batchSize: 128, epochs: 7, validationSplit: 0.2, seed: 7, trainSize: 5000 });
    for (const code of [kerasScript({ ...standardized, training }), pytorchScript({ ...standardized, training })]) {
      for (const line of ['BATCH_SIZE = 128', 'EPOCHS = 7', 'VALIDATION_SPLIT = 0.2', 'SEED = 7', 'TRAIN_SIZE = 5000']) expect(code).toContain(`\n${line}\n`);
      expect(code).toContain('the first 5,000 of the 60,000');
    }
    expect(kerasScript({ ...standardized, training })).toContain('keras.datasets.mnist.load_data()');
    expect(pytorchScript({ ...standardized, training })).toContain('datasets.MNIST(DATA_DIR, train=train, download=True)');
  });

  it('ignore settings they do not know', () => {
    const settings = { ...standardized.training, somethingNew: 123, backend: 'wasm' };
    expect(kerasScript({ ...standardized, settings })).toBe(kerasScript(standardized));
    expect(pytorchScript({ ...standardized, settings })).toBe(pytorchScript(standardized));
  });

  it('refuse a stack that cannot be built, saying why', () => {
    const broken = { ...standardized, layers: [conv(8, 3), classifier] };
    expect(() => kerasScript(broken)).toThrow(/Cannot export this model:[\s\S]*denseNeedsFlat/);
    expect(() => pytorchScript(broken)).toThrow(/Cannot export this model/);
  });
});

/** Every training knob on, on a stack with conv, dense and batch norm (whose weights get no penalty). */
const KNOBS: Partial<TrainingSpec> = {
  l1: 0.0001,
  l2: 0.0005,
  earlyStopping: { patience: 4 },
  augmentation: { maxRotationDegrees: 12, maxShiftPixels: 2.5, maxScalePercent: 8 },
};
const KNOB_LAYERS: LayerSpec[] = [conv(8, 3, 2, 'same', 'leakyRelu'), batchNorm, conv(16, 3), flatten, dense(32), { kind: 'dropout', rate: 0.2 }, classifier];
const knobRequest = (overrides: Partial<TrainingSpec> = {}): ExportRequest => ({
  layers: KNOB_LAYERS,
  training: trainingOf({ name: 'adam', learningRate: 0.001, momentum: 0.9 }, { ...KNOBS, ...overrides }),
});
/** Knob cases for py_compile too: all on, all on and standardised without validation, each alone. */
const KNOB_CASES: ExportRequest[] = [
  knobRequest(),
  knobRequest({ validationSplit: 0, standardize: true }),
  knobRequest({ l2: 0, earlyStopping: null, augmentation: null }),
  knobRequest({ l1: 0, earlyStopping: null, augmentation: { maxRotationDegrees: 0, maxShiftPixels: 0, maxScalePercent: 30 } }),
  knobRequest({ l1: 0, l2: 0, augmentation: null }),
];

describe('training knobs', () => {
  const codeOnly = (code: string) => code.split('\n').map((line) => line.replace(/#.*$/, '')).join('\n');

  it('Keras: an L1L2 kernel regulariser on every Conv2D and Dense layer, layers and parameters unchanged', () => {
    const code = kerasScript(knobRequest());
    const parsed = parseKeras(code);
    expect(parsed.layers).toEqual(KNOB_LAYERS);
    expect(parsed.params).toBe(describeModel(KNOB_LAYERS).totalParams);
    expect(parsed.regularizers).toEqual(Array(4).fill('keras.regularizers.L1L2(l1=0.0001, l2=0.0005)'));
    expect(codeOnly(code).match(/kernel_regularizer=/g)).toHaveLength(4);
    expect(code).not.toMatch(/bias_regularizer|BatchNormalization\([^)]/);
    // One penalty alone still names both, the other as 0.0.
    expect(parseKeras(kerasScript(knobRequest({ l1: 0 }))).regularizers).toEqual(Array(4).fill('keras.regularizers.L1L2(l1=0.0, l2=0.0005)'));
  });

  it('Keras: EarlyStopping on val_loss with the patience, restoring the best weights, only with a validation split', () => {
    const code = kerasScript(knobRequest());
    expect(code).toContain('\nPATIENCE = 4\n');
    expect(code).toContain('early_stopping = keras.callbacks.EarlyStopping(monitor="val_loss", patience=PATIENCE, restore_best_weights=True)');
    expect(code).toContain('    callbacks=[early_stopping],\n');
    const withoutValidation = kerasScript(knobRequest({ validationSplit: 0 }));
    expect(codeOnly(withoutValidation)).not.toMatch(/EarlyStopping|PATIENCE|callbacks/);
    expect(withoutValidation).toMatch(/# Early stopping is on in the playground, but .* holds out\n# no validation images/);
  });

  it('Keras: rotation, shift and zoom layers applied to the training batches only', () => {
    const code = kerasScript(knobRequest());
    expect(code).toContain('import tensorflow as tf\n');
    expect(code).toContain('BLACK = -MEAN / STD if STANDARDIZE else 0.0');
    expect(code).toContain('layers.RandomRotation(12.0 / 360, fill_mode="constant", fill_value=BLACK),');
    expect(code).toContain('layers.RandomTranslation(2.5 / 28, 2.5 / 28, fill_mode="constant", fill_value=BLACK),');
    expect(code).toContain('layers.RandomZoom((-0.08, 0.08), fill_mode="constant", fill_value=BLACK),');
    // The warps live outside the model (which parses as before) and run on training batches only.
    expect(codeOnly(code).match(/augment\(/g)).toHaveLength(1);
    expect(code).toContain('.map(lambda x, y: (augment(x, training=True), y), num_parallel_calls=tf.data.AUTOTUNE)');
    expect(code).toContain('tf.data.Dataset.from_tensor_slices((x_train, y_train))');
    expect(code).toContain('validation_data=(x_val, y_val)');
    expect(code).not.toContain('validation_split=VALIDATION_SPLIT');
    expect(code).toContain('model.evaluate(x_test, y_test');
    // A warp set to 0 leaves its layer out.
    const zoomOnly = kerasScript(knobRequest({ augmentation: { maxRotationDegrees: 0, maxShiftPixels: 0, maxScalePercent: 30 } }));
    expect(zoomOnly).toContain('layers.RandomZoom((-0.3, 0.3), fill_mode="constant", fill_value=BLACK),');
    expect(zoomOnly).not.toMatch(/RandomRotation|RandomTranslation/);
  });

  it('PyTorch: the penalty on conv and linear weights (not biases) is added to the training loss', () => {
    const code = pytorchScript(knobRequest());
    const parsed = parsePytorch(code);
    expect(parsed.layers).toEqual(KNOB_LAYERS.map((layer, i) => (i === KNOB_LAYERS.length - 1 ? { ...layer, activation: 'linear' } : layer)));
    expect(parsed.params).toBe(describeModel(KNOB_LAYERS).trainableParams);
    expect(code).toContain('\nL1, L2 = 0.0001, 0.0005');
    expect(code).toContain('penalized = [m.weight for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]');
    expect(code).toContain('    return sum(L1 * w.abs().sum() + L2 * w.pow(2).sum() for w in penalized)');
    expect(code).toContain('        loss = loss_fn(logits, y) + weight_penalty()\n');
    expect(codeOnly(code)).not.toMatch(/weight_decay|\.bias\.(abs|pow)/);
    // Only the evaluation loss stays plain.
    expect(code).toContain('            total_loss += loss_fn(logits, y).item() * len(y)');
    const l2Only = pytorchScript(knobRequest({ l1: 0 }));
    expect(l2Only).toContain('\nL1, L2 = 0.0, 0.0005');
    expect(l2Only).toContain('    return sum(L2 * w.pow(2).sum() for w in penalized)');
    expect(pytorchScript(knobRequest({ l2: 0 }))).toContain('    return sum(L1 * w.abs().sum() for w in penalized)');
  });

  it('PyTorch: early stopping on the validation loss with patience, restoring a deep copy of the best state', () => {
    const code = pytorchScript(knobRequest());
    expect(code).toContain('import copy\n');
    expect(code).toContain('\nPATIENCE = 4');
    expect(code).toContain('    if val_loss < best_val_loss:\n');
    expect(code).toContain('        best_state = copy.deepcopy(model.state_dict())\n');
    expect(code).toContain('        if epochs_without_improvement >= PATIENCE:\n            model.load_state_dict(best_state)\n');
    expect(code).toMatch(/\n {12}break\n/);
    const withoutValidation = pytorchScript(knobRequest({ validationSplit: 0 }));
    expect(codeOnly(withoutValidation)).not.toMatch(/PATIENCE|deepcopy|best_state|break|import copy/);
    expect(withoutValidation).toMatch(/# Early stopping is on in the playground, but .* holds out\n# no validation images/);
  });

  it('PyTorch: RandomAffine with the playground ranges, bilinear, black fill, each training image on its own', () => {
    const code = pytorchScript(knobRequest());
    expect(code).toContain('from torchvision.transforms import v2\n');
    expect(code).toContain(
      'augment = v2.RandomAffine(\n    degrees=12.0,\n    translate=(2.5 / 28, 2.5 / 28),\n    scale=(0.92, 1.08),\n' +
        '    interpolation=v2.InterpolationMode.BILINEAR,\n    fill=BLACK,\n)',
    );
    expect(code).toContain('    return torch.stack([augment(image) for image in x])');
    // Once, in the training loop; evaluate() (validation and test) never warps.
    expect(codeOnly(code).match(/= augment_batch\(x\)/g)).toHaveLength(1);
    expect(code).toContain('    for x, y in train_loader:\n        x = augment_batch(x)\n');
    expect(pytorchScript(knobRequest({ augmentation: { maxRotationDegrees: 0, maxShiftPixels: 0, maxScalePercent: 30 } }))).toContain('    scale=(0.7, 1.3),');
  });

  it('say nothing about a knob that is off, absent, zero or an identity warp', () => {
    const base = { layers: KNOB_LAYERS, training: trainingOf({ name: 'adam', learningRate: 0.001, momentum: 0.9 }) };
    const off = knobRequest({ l1: 0, l2: 0, earlyStopping: null, augmentation: { maxRotationDegrees: 0, maxShiftPixels: 0, maxScalePercent: 0 } });
    for (const request of [base, off, knobRequest({ l1: undefined, l2: undefined, earlyStopping: undefined, augmentation: undefined })]) {
      const keras = kerasScript(request);
      const torch = pytorchScript(request);
      expect(keras).toBe(kerasScript(base));
      expect(torch).toBe(pytorchScript(base));
      expect(keras).not.toMatch(/regulari|L1L2|EarlyStopping|PATIENCE|[Ee]arly stopping|Random(Rotation|Translation|Zoom)|augment|import tensorflow|tf\.data|BLACK/);
      expect(torch).not.toMatch(/penalt|L1|L2|PATIENCE|[Ee]arly stopping|deepcopy|best_state|RandomAffine|augment|transforms|BLACK|import copy/);
    }
  });

  it('refuse a negative penalty', () => {
    expect(() => kerasScript(knobRequest({ l1: -1 }))).toThrow(/weight penalties/);
    expect(() => pytorchScript(knobRequest({ l2: -0.1 }))).toThrow(/weight penalties/);
  });
});

describe('optimizers', () => {
  const lr = 0.0123;
  const expected: Record<OptimizerName, { keras: string; pytorch: string }> = {
    sgd: { keras: 'keras.optimizers.SGD(learning_rate=0.0123)', pytorch: 'torch.optim.SGD(model.parameters(), lr=0.0123)' },
    momentum: { keras: 'keras.optimizers.SGD(learning_rate=0.0123, momentum=0.8)', pytorch: 'torch.optim.SGD(model.parameters(), lr=0.0123, momentum=0.8)' },
    adam: {
      keras: 'keras.optimizers.Adam(learning_rate=0.0123, beta_1=0.9, beta_2=0.999, epsilon=1e-07)',
      pytorch: 'torch.optim.Adam(model.parameters(), lr=0.0123, betas=(0.9, 0.999), eps=1e-07)',
    },
    rmsprop: {
      keras: 'keras.optimizers.RMSprop(learning_rate=0.0123, rho=0.9, momentum=0.0, epsilon=1e-07, centered=False)',
      pytorch: 'torch.optim.RMSprop(model.parameters(), lr=0.0123, alpha=0.9, eps=1e-07, momentum=0.0, centered=False)',
    },
    adagrad: {
      keras: 'keras.optimizers.Adagrad(learning_rate=0.0123, initial_accumulator_value=0.1, epsilon=1e-07)',
      pytorch: 'torch.optim.Adagrad(model.parameters(), lr=0.0123, initial_accumulator_value=0.1, eps=1e-07)',
    },
    adadelta: {
      keras: 'keras.optimizers.Adadelta(learning_rate=0.0123, rho=0.95, epsilon=1e-07)',
      pytorch: 'torch.optim.Adadelta(model.parameters(), lr=0.0123, rho=0.95, eps=1e-07)',
    },
  };

  it.each(Object.keys(expected) as OptimizerName[])('%s carries the playground hyper-parameters', (name) => {
    const spec = { name, learningRate: lr, momentum: 0.8 };
    expect(kerasOptimizer(spec)).toBe(expected[name].keras);
    expect(pytorchOptimizer(spec)).toBe(expected[name].pytorch);
  });

  it('the exported hyper-parameters are the ones createOptimizer gives tfjs', async () => {
    await tf.setBackend('cpu');
    const config = (name: OptimizerName) => {
      const optimizer = createOptimizer({ name, learningRate: lr, momentum: 0.8 });
      const result = optimizer.getConfig();
      optimizer.dispose();
      return result;
    };
    expect(config('momentum')).toMatchObject({ learningRate: lr, momentum: 0.8 });
    expect(config('adam')).toMatchObject({ learningRate: lr, beta1: OPTIMIZER_DEFAULTS.adam.beta1, beta2: OPTIMIZER_DEFAULTS.adam.beta2, epsilon: OPTIMIZER_DEFAULTS.epsilon });
    expect(config('rmsprop')).toMatchObject({ decay: OPTIMIZER_DEFAULTS.rmsprop.rho, momentum: 0, centered: false, epsilon: OPTIMIZER_DEFAULTS.epsilon });
    expect(config('adagrad')).toMatchObject({ initialAccumulatorValue: OPTIMIZER_DEFAULTS.adagrad.initialAccumulatorValue });
    expect(config('adadelta')).toMatchObject({ rho: OPTIMIZER_DEFAULTS.adadelta.rho, epsilon: OPTIMIZER_DEFAULTS.epsilon });
    expect(LEAKY_RELU_SLOPE).toBe(LEAKY_RELU_ALPHA);
  });

  it('numbers are written as Python floats', () => {
    expect([pyFloat(1), pyFloat(0.001), pyFloat(1e-7), pyFloat(0.25), pyFloat(2.5e-10)]).toEqual(['1.0', '0.001', '1e-07', '0.25', '2.5e-10']);
  });
});

const python = spawnSync('python3', ['--version']).status === 0;

describe('Python', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mnist-export-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.skipIf(!python)('compiles every generated script (python3 -m py_compile)', () => {
    const requests = [...CASES.map(({ request }) => request), ...KNOB_CASES];
    const files = requests.flatMap((request, i) => {
      const keras = join(dir, `keras_${i}.py`);
      const torch = join(dir, `pytorch_${i}.py`);
      writeFileSync(keras, kerasScript(request));
      writeFileSync(torch, pytorchScript(request));
      return [keras, torch];
    });
    const result = spawnSync('python3', ['-m', 'py_compile', ...files], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
