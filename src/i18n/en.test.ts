/**
 * The English sentences core's codes become, as the page has always shown them (the core tests
 * check the codes; these check the words, so the English wording e2e tests rely on stays put).
 */
import { describe, expect, it } from 'vitest';
import { defaultSettings, fieldByKey, validateField } from '../core/config/fields';
import { decodeHash } from '../core/config/hash';
import { decodeLayers } from '../core/config/layersCodec';
import { getPreset } from '../core/config/presets';
import { recipeDifferences } from '../core/config/recipe';
import { describeModel } from '../core/model/describe';
import type { LayerSpec } from '../core/model/spec';
import { earlyStopNote } from '../core/training/earlyStopping';
import { divergenceNote, explosionNote } from '../core/training/trainer';
import { MODEL_FILE_PROBLEMS } from '../testing/messageSamples';
import { i18nFor } from './i18n';

const en = i18nFor('en');
const conv = (filters: number, kernelSize: number, strides = 1): LayerSpec => ({ kind: 'conv2d', filters, kernelSize, strides, padding: 'valid', activation: 'relu' });
const maxPool = (poolSize: number, strides = poolSize): LayerSpec => ({ kind: 'maxPool', poolSize, strides });
const dense = (units: number, activation: 'relu' | 'softmax' = 'relu'): LayerSpec => ({ kind: 'dense', units, activation });
const dropout = (rate: number): LayerSpec => ({ kind: 'dropout', rate });
const flatten: LayerSpec = { kind: 'flatten' };
const classifier = dense(10, 'softmax');

/** The English for the first problem describeModel finds in `layers`. */
const firstProblem = (layers: LayerSpec[]) => en.layerProblem(describeModel(layers).errors[0].problem);
/** The English for each bad item of a layers= value. */
const linkReasons = (text: string) => {
  const decoded = decodeLayers(text);
  return decoded.ok ? [] : decoded.errors.map((e) => en.linkLayerProblem(e.reason));
};

describe('layer problems in English', () => {
  it.each<[LayerSpec[], string]>([
    [[conv(32, 5), maxPool(2), conv(64, 5), maxPool(2), conv(8, 5), flatten, classifier], 'Kernel 5x5 is larger than its 4x4 input.'],
    [[maxPool(2), maxPool(2), maxPool(2), maxPool(2), maxPool(2), flatten, classifier], 'Pool 2x2 is larger than its 1x1 input, so it leaves no output.'],
    [[conv(0, 3), flatten, classifier], 'Filters must be a whole number of at least 1 (got 0).'],
    [[conv(8, 2.5), flatten, classifier], 'Kernel size must be a whole number of at least 1 (got 2.5).'],
    [[conv(8, 3, 0), flatten, classifier], 'Stride must be a whole number of at least 1 (got 0).'],
    [[conv(1000, 3), flatten, classifier], 'Filters must be at most 512 (got 1,000).'],
    [[flatten, dense(10_000), classifier], 'Units must be at most 4,096 (got 10,000).'],
    [[flatten, dense(-5), classifier], 'Units must be a whole number of at least 1 (got -5).'],
    [[conv(8, 3), dense(32), flatten, classifier], 'Dense needs a flat input but gets 26x26x8; add a Flatten before it.'],
    [[flatten, conv(8, 3), classifier], 'Conv2D needs an image input (height x width x channels) but gets a flat vector of 784; put convolutions and pooling before the Flatten.'],
    [[flatten, dense(64), maxPool(2), classifier], 'MaxPool needs an image input (height x width x channels) but gets a flat vector of 64; put convolutions and pooling before the Flatten.'],
    [[flatten, dropout(-0.1), classifier], 'Dropout rate must be at least 0 and below 1 (got -0.1).'],
    [[flatten, dense(10, 'relu')], 'The last layer must be Dense 10 softmax (one probability per digit); this one is Dense 10 relu.'],
    [[flatten, classifier, dropout(0.5)], 'The last layer must be Dense 10 softmax (one probability per digit); this one is Dropout 0.5.'],
    [[], 'The model has no layers; it needs at least a Flatten and a Dense 10 softmax.'],
  ])('%#: %s', (layers, sentence) => {
    expect(firstProblem(layers)).toBe(sentence);
  });

  it('words settings that only arrive through untyped data', () => {
    const badActivation = { ...conv(8, 3), activation: 'softmax' } as unknown as LayerSpec;
    expect(firstProblem([badActivation, flatten, classifier])).toBe("Unknown activation 'softmax'; choose one of relu, leakyRelu, elu, sigmoid, tanh, linear.");
    expect(firstProblem([{ ...conv(8, 3), padding: 'full' } as unknown as LayerSpec, flatten, classifier])).toBe("Padding must be 'valid' or 'same' (got 'full').");
    expect(firstProblem([{ kind: 'lstm' } as unknown as LayerSpec, flatten, classifier])).toBe("Unknown layer kind 'lstm'.");
  });

  it('says what blocks Train, and how many more problems wait', () => {
    const errors = describeModel([dense(32), flatten, dense(0), classifier]).errors;
    expect(en.trainBlocked({ kind: 'layer', layerIndex: 0, problem: errors[0].problem, more: 1 })).toBe(
      'Fix layer 1: Dense needs a flat input but gets 28x28x1; add a Flatten before it. (and 1 more)',
    );
    expect(en.trainBlocked({ kind: 'field', problem: { code: 'fieldEmpty', field: 'epochs' }, more: 0 })).toBe('Fix the training settings: Epochs needs a number');
  });
});

describe('link problems in English', () => {
  it.each<[string, string]>([
    ['conv:32:3:1:valid:relu,lstm:64,flatten,dense:10:softmax', 'unknown layer kind "lstm"; use one of conv, maxPool, avgPool, dense, dropout, flatten, batchNorm'],
    ['conv:32:5', 'conv needs 5 values (conv:FILTERS:KERNEL:STRIDE:PADDING:ACTIVATION), got 2'],
    ['maxPool:2:2:2', 'maxPool needs 2 values (maxPool:SIZE:STRIDE), got 3'],
    ['flatten:1', 'flatten takes no values'],
    ['conv:-32:5:1:valid:relu', 'Filters must be a whole number of at least 1 (got -32)'],
    ['dense:100000:relu', 'Units must be at most 4,096 (got 100,000)'],
    ['conv:many:5:1:valid:relu', 'filters "many" is not a number'],
    ['maxPool::2', 'size "" is not a number'],
    ['conv:32:5:1:full:relu', 'padding "full" is not one of valid, same'],
    ['dense:128:swish', 'activation "swish" is not one of relu, leakyRelu, elu, sigmoid, tanh, linear, softmax'],
    ['conv:32:5:1:valid:softmax', "Unknown activation 'softmax'; choose one of relu, leakyRelu, elu, sigmoid, tanh, linear"],
    ['dropout:1', 'Dropout rate must be at least 0 and below 1 (got 1)'],
    ['flatten,,dense:10:softmax', 'empty item (two commas in a row?)'],
    ['', 'the layer list is empty'],
    ['flatten,'.repeat(300), 'the layer list is longer than 2000 characters'],
    [Array(33).fill('flatten').join(','), 'a model may have at most 32 layers (this one has 33)'],
  ])('%#: %s', (text, reason) => {
    expect(linkReasons(text)).toEqual([reason]);
  });

  it('words the ignored parameters of a link as before', () => {
    const known = (id: string) => ['lenet-5x5', 'dense-baseline'].includes(id);
    const reasons = (hash: string) => Object.fromEntries(decodeHash(hash, known).ignored.map((i) => [i.key, en.linkProblem(i.reason)]));
    expect(reasons('v=1&batchSize=banana&learningRate=-3&preset=nope&colour=blue&standardize=maybe&hide=warpDrive&lang=tlh')).toEqual({
      batchSize: 'Batch size must be a number',
      learningRate: 'Learning rate must be between 0.000001 and 10',
      preset: 'no preset called "nope"',
      colour: 'not a setting',
      standardize: 'Standardise inputs must be on or off',
      hide: '"warpDrive" is not a control that can be hidden',
      lang: '"tlh" is not a language the playground speaks (en, zh-CN)',
    });
    expect(reasons('v=9&hologram=on')).toEqual({ hologram: 'made by a newer version of the playground' });
    expect(reasons('batchSize=')).toEqual({ batchSize: 'Batch size needs a number' });
    expect(reasons('layers=conv:-32:5:1:valid:relu,lstm:4,flatten,dense:10:softmax')).toEqual({
      layers: 'item 1 "conv:-32:5:1:valid:relu": Filters must be a whole number of at least 1 (got -32); ' +
        'item 2 "lstm:4": unknown layer kind "lstm"; use one of conv, maxPool, avgPool, dense, dropout, flatten, batchNorm; ' +
        "the preset's layers are used instead",
    });
    expect(reasons('layers=')).toEqual({ layers: "the layer list is empty; the preset's layers are used instead" });
  });

  it('words a setting the student typed', () => {
    const epochs = fieldByKey('epochs');
    const problem = (value: unknown) => {
      const checked = validateField(epochs, value);
      return checked.ok ? null : en.fieldProblem(checked.error);
    };
    expect(problem(0)).toBe('Epochs must be between 1 and 100');
    expect(problem('NaN')).toBe('Epochs must be a number');
    const optimizer = validateField(fieldByKey('optimizer'), 'nesterov');
    expect(optimizer.ok ? null : en.fieldProblem(optimizer.error)).toBe('Optimizer: "nesterov" is not one of sgd, momentum, adam, rmsprop, adagrad, adadelta');
  });
});

describe('run notes in English', () => {
  it('says why a run diverged and what to try', () => {
    expect(en.say(divergenceNote(NaN, 0, 4, 0.5))).toBe(
      'Training stopped: the loss became NaN (not a number) in epoch 1, batch 5. ' +
      'The learning rate (0.5) is probably too high, so the weights overshot and blew up. Lower it (try 0.05) and train again.',
    );
    expect(en.say(explosionNote({ from: 2.3051, to: 15.9, peak: 897.12345, epochLoss: 120.5, last: 2.33 }, 0, 29, 10))).toBe(
      "Training stopped at epoch 1, batch 30: the loss exploded. One batch's loss reached 897.123 (the chart's batch line); " +
      "the smoothed loss rose from 2.305 to 15.900 (the chart's smoothed line); this epoch's loss so far is 120.500, the last batch's 2.330. " +
      'The learning rate (10) is probably too high, so the weights overshot and blew up. Lower it (try 1) and train again.',
    );
  });

  it('says when and why a run stopped early, and what was kept', () => {
    expect(en.say(earlyStopNote(7, 3, { epoch: 4, validationLoss: 0.31234, isRestored: true }))).toBe(
      'Stopped early after epoch 8: validation loss had not improved for 3 epochs (best 0.3123 at epoch 5). The weights from epoch 5 were restored.',
    );
    expect(en.say(earlyStopNote(1, 1, { epoch: 0, validationLoss: 2, isRestored: false }))).toBe(
      'Stopped early after epoch 2: validation loss had not improved for 1 epoch (best 2.0000 at epoch 1).',
    );
  });

  it('names what a run changed from its recipe as the page labels it, layers first', () => {
    const preset = getPreset('two-conv-adam')!;
    const settings = {
      ...defaultSettings(), optimizer: 'adam' as const, learningRate: 0.001, batchSize: 32, epochs: 1, trainSize: 5000, validationSplit: 0.1, l2: 0.0005, augment: true,
    };
    const layers = preset.layers.map((layer) => (layer.kind === 'conv2d' ? { ...layer, kernelSize: 5 } : layer));
    expect(en.list(recipeDifferences(preset, settings, layers).map(en.recipeChange))).toBe('layers, Epochs, Training images, Validation split, L2 penalty, Augment');
  });
});

describe('data and model file problems in English', () => {
  it('names the file and says to press Retry', () => {
    expect(en.say({ code: 'dataFailed', problem: { code: 'checksumMismatch', file: 'train-03.png' } })).toBe(
      'train-03.png is corrupt (its checksum does not match the manifest). Press Retry to fetch it again.',
    );
    expect(en.dataProblem({ code: 'httpStatus', file: 'test-labels.u8', status: 404 })).toBe(
      'Could not download test-labels.u8 (the server answered HTTP 404). Press Retry to try again.',
    );
    expect(en.dataProblem({ code: 'incomplete', file: 'train-01.png', received: 1500, expected: 3000 })).toBe(
      'train-01.png is incomplete (1,500 of 3,000 bytes arrived). Press Retry to fetch it again.',
    );
  });

  it('says what is wrong with a model file', () => {
    expect(en.modelFileProblem(MODEL_FILE_PROBLEMS.wrongInputShape)).toBe("This model expects 32x32x3 images; the playground's digits are 28x28x1.");
    expect(en.modelFileProblem({ code: 'unknownLayerClass', className: 'Lambda', layerName: 'batchNorm_1' })).toMatch(
      /^Layer class 'Lambda' \(layer batchNorm_1\) is not one the playground builds \(it builds Conv2D, MaxPooling2D, /,
    );
    expect(en.modelFileProblem(MODEL_FILE_PROBLEMS.tooLargeTotal)).toMatch(/hold 50 MB together; the playground reads at most 50 MB\.$/);
    expect(en.modelFileProblem({ code: 'tooLarge', file: 'x.bin', bytes: 1000, limitBytes: 5 * 2 ** 20 })).toBe('x.bin holds 1,000 bytes; the playground reads at most 5 MB.');
    expect(en.modelFileProblem({ code: 'weightsSizeMismatch', file: 'mnist-model.weights.bin', expectedBytes: 734_248, actualBytes: 1024 })).toBe(
      'The weights file mnist-model.weights.bin holds 1,024 bytes; model.json needs 734,248.',
    );
    expect(en.say({ code: 'modelFileRefused', problem: { code: 'badJson', detail: 'Unexpected token' } })).toBe(
      'This model cannot be used: model.json is not valid JSON: Unexpected token Nothing was changed.',
    );
  });
});
