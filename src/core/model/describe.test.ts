import { describe, expect, it } from 'vitest';
import { getPreset, type PresetId } from '../config/presets';
import { describeModel, formatCount, formatShape, layerLabel, type LayerProblem } from './describe';
import type { Activation, LayerSpec, OutputActivation, Padding } from './spec';

const conv = (filters: number, kernelSize: number, strides = 1, padding: Padding = 'valid', activation: Activation = 'relu'): LayerSpec => ({
  kind: 'conv2d',
  filters,
  kernelSize,
  strides,
  padding,
  activation,
});
const maxPool = (poolSize: number, strides = poolSize): LayerSpec => ({ kind: 'maxPool', poolSize, strides });
const dense = (units: number, activation: OutputActivation = 'relu'): LayerSpec => ({ kind: 'dense', units, activation });
const dropout = (rate: number): LayerSpec => ({ kind: 'dropout', rate });
const flatten: LayerSpec = { kind: 'flatten' };
const classifier = dense(10, 'softmax');

const presetLayers = (id: PresetId) => getPreset(id)!.layers;

describe('describeModel on the recipes', () => {
  // Parameter counts as Keras model.summary() and PyTorch report them, checked by hand:
  it.each<[PresetId, number]>([
    // conv 5*5*1*32+32 = 832 (24x24x32), pool 12x12x32, conv 5*5*32*64+64 = 51,264 (8x8x64),
    // pool 4x4x64 = 1,024, dense 1,024*128+128 = 131,200, dense 128*10+10 = 1,290.
    // 832 + 51,264 + 131,200 + 1,290 = 184,586.
    ['lenet-5x5', 184_586],
    // conv 3*3*1*32+32 = 320 (26x26x32), conv 3*3*32*64+64 = 18,496 (24x24x64), pool 12x12x64 =
    // 9,216, dense 9,216*128+128 = 1,179,776, dense 1,290. 320 + 18,496 + 1,179,776 + 1,290 = 1,199,882.
    ['pytorch-classic', 1_199_882],
    // dense 784*128+128 = 100,480, dense 1,290. 100,480 + 1,290 = 101,770.
    ['dense-baseline', 101_770],
    // conv 320 (26x26x32), pool 13x13x32, conv 18,496 (11x11x64), pool 5x5x64 = 1,600,
    // dense 1,600*10+10 = 16,010. 320 + 18,496 + 16,010 = 34,826.
    ['two-conv-adam', 34_826],
    // conv 320 (26x26x32), pool 13x13x32 = 5,408, dense 5,408*128+128 = 692,352, dense 1,290.
    // 320 + 692,352 + 1,290 = 693,962.
    ['single-conv', 693_962],
  ])('%s has %i parameters', (id, expected) => {
    const description = describeModel(presetLayers(id));
    expect(description.isValid).toBe(true);
    expect(description.totalParams).toBe(expected);
    expect(description.trainableParams).toBe(expected);
    expect(description.weightBytes).toBe(expected * 4);
  });

  it('gives every lenet-5x5 layer its shape and parameters', () => {
    const description = describeModel(presetLayers('lenet-5x5'));
    expect(description.layers.map((layer) => layer.outputShape)).toEqual([[24, 24, 32], [12, 12, 32], [8, 8, 64], [4, 4, 64], [1024], [128], [10]]);
    expect(description.layers.map((layer) => layer.params)).toEqual([832, 0, 51_264, 0, 0, 131_200, 1290]);
    expect(description.layers.map((layer) => layer.label)).toEqual([
      'Conv2D 32 5x5 relu',
      'MaxPool 2x2',
      'Conv2D 64 5x5 relu',
      'MaxPool 2x2',
      'Flatten',
      'Dense 128 relu',
      'Dense 10 softmax',
    ]);
    expect(description.outputShape).toEqual([10]);
    expect(description.errors).toEqual([]);
  });

  it('counts FLOPs as 2 per multiply-add plus bias and activation', () => {
    const description = describeModel(presetLayers('dense-baseline'));
    // MACs 784*128 + 128*10 = 101,632; + bias and relu on 128, bias and softmax on 10.
    expect(description.macs).toBe(101_632);
    expect(description.flops).toBe(2 * 101_632 + 128 + 128 + 10 + 10);
    // conv 24*24*32 outputs * 25 MACs each; pool reads 12*12*32 windows of 4.
    const lenet = describeModel(presetLayers('lenet-5x5')).layers;
    expect(lenet[0].macs).toBe(24 * 24 * 32 * 25);
    expect(lenet[0].flops).toBe(2 * 24 * 24 * 32 * 25 + 2 * 24 * 24 * 32);
    expect(lenet[1].flops).toBe(12 * 12 * 32 * 4);
  });
});

describe('describeModel on other stacks', () => {
  it('follows strides and same padding as Keras does', () => {
    const description = describeModel([conv(8, 3, 2), conv(8, 3, 2, 'same'), conv(4, 5, 1, 'same'), maxPool(3, 2), flatten, classifier]);
    // 28 -> floor((28-3)/2)+1 = 13 -> ceil(13/2) = 7 -> 7 -> floor((7-3)/2)+1 = 3.
    expect(description.layers.map((layer) => layer.outputShape)).toEqual([[13, 13, 8], [7, 7, 8], [7, 7, 4], [3, 3, 4], [36], [10]]);
    expect(description.layers[3].label).toBe('MaxPool 3x3 stride 2');
  });

  it('counts batch norm as 4 parameters per channel, 2 of them trainable', () => {
    const description = describeModel([conv(8, 3), { kind: 'batchNorm' }, flatten, classifier]);
    expect(description.layers[1]).toMatchObject({ outputShape: [26, 26, 8], params: 32, trainableParams: 16 });
    expect(description.nonTrainableParams).toBe(16);
    expect(description.totalParams).toBe(80 + 32 + 26 * 26 * 8 * 10 + 10);
  });

  it('lets a same-padded kernel be larger than its input', () => {
    const description = describeModel([maxPool(7), conv(4, 5, 1, 'same'), flatten, classifier]);
    expect(description.isValid).toBe(true);
    expect(description.layers[1].outputShape).toEqual([4, 4, 4]);
  });
});

describe('describeModel on impossible stacks', () => {
  const lenetPlusConv = [conv(32, 5), maxPool(2), conv(64, 5), maxPool(2), conv(8, 5), flatten, classifier];
  const poolToNothing = [maxPool(2), maxPool(2), maxPool(2), maxPool(2), maxPool(2), flatten, classifier];

  // The English words for each of these are checked in src/i18n/en.test.ts.
  it.each<[string, LayerSpec[], number, LayerProblem]>([
    ['a kernel larger than its input', lenetPlusConv, 4, { code: 'kernelTooLarge', kernel: 5, input: [4, 4] }],
    ['a pool that leaves no output', poolToNothing, 4, { code: 'poolTooLarge', pool: 2, input: [1, 1] }],
    ['zero filters', [conv(0, 3), flatten, classifier], 0, { code: 'notWholeNumber', setting: 'filters', value: 0 }],
    ['a fractional kernel', [conv(8, 2.5), flatten, classifier], 0, { code: 'notWholeNumber', setting: 'kernelSize', value: 2.5 }],
    ['a zero stride', [conv(8, 3, 0), flatten, classifier], 0, { code: 'notWholeNumber', setting: 'strides', value: 0 }],
    ['a zero pool stride', [maxPool(2, 0), flatten, classifier], 0, { code: 'notWholeNumber', setting: 'strides', value: 0 }],
    ['too many filters', [conv(1000, 3), flatten, classifier], 0, { code: 'tooLarge', setting: 'filters', value: 1000, max: 512 }],
    ['too many units', [flatten, dense(10_000), classifier], 1, { code: 'tooLarge', setting: 'units', value: 10_000, max: 4096 }],
    ['negative units', [flatten, dense(-5), classifier], 1, { code: 'notWholeNumber', setting: 'units', value: -5 }],
    ['fractional units', [flatten, dense(12.5), classifier], 1, { code: 'notWholeNumber', setting: 'units', value: 12.5 }],
    ['a Dense on an image', [conv(8, 3), dense(32), flatten, classifier], 1, { code: 'denseNeedsFlat', input: [26, 26, 8] }],
    ['a Dense first', [dense(32), flatten, classifier], 0, { code: 'denseNeedsFlat', input: [28, 28, 1] }],
    ['a Conv2D after Flatten', [flatten, conv(8, 3), classifier], 1, { code: 'needsImage', layer: 'conv2d', size: 784 }],
    ['a pool after Dense', [flatten, dense(64), maxPool(2), classifier], 2, { code: 'needsImage', layer: 'maxPool', size: 64 }],
    ['a dropout rate of 1', [flatten, dropout(1), classifier], 1, { code: 'badDropoutRate', value: 1 }],
    ['a negative dropout rate', [flatten, dropout(-0.1), classifier], 1, { code: 'badDropoutRate', value: -0.1 }],
    ['a last layer with the wrong activation', [flatten, dense(10, 'relu')], 1, { code: 'lastLayerNotClassifier', layer: dense(10, 'relu'), classes: 10 }],
    ['a last layer with the wrong width', [flatten, dense(5, 'softmax')], 1, { code: 'lastLayerNotClassifier', layer: dense(5, 'softmax'), classes: 10 }],
    ['a last layer that is not Dense', [flatten, classifier, dropout(0.5)], 2, { code: 'lastLayerNotClassifier', layer: dropout(0.5), classes: 10 }],
  ])('reports %s on the right layer', (_name, layers, index, problem) => {
    const description = describeModel(layers);
    expect(description.isValid).toBe(false);
    expect(description.errors).toEqual([{ layerIndex: index, problem }]);
    expect(description.layers[index].error).toEqual(problem);
  });

  it('leaves the layers after an impossible one unknown, not wrong', () => {
    const description = describeModel(lenetPlusConv);
    expect(description.layers[4].inputShape).toEqual([4, 4, 64]);
    expect(description.layers.slice(4).map((layer) => layer.outputShape)).toEqual([null, null, null]);
    expect(description.layers[6].params).toBe(0);
    expect(description.outputShape).toBeNull();
  });

  it('still checks the settings of layers after an impossible one', () => {
    const description = describeModel([dense(32), flatten, dense(0), classifier]);
    expect(description.errors.map((error) => error.layerIndex)).toEqual([0, 2]);
  });

  it('keeps the shape of a last layer that is only the wrong kind of output', () => {
    const description = describeModel([flatten, dense(10, 'relu')]);
    expect(description.outputShape).toEqual([10]);
    expect(description.totalParams).toBe(7850);
  });

  it('reports an empty stack', () => {
    const description = describeModel([]);
    expect(description.isValid).toBe(false);
    expect(description.errors).toEqual([{ layerIndex: null, problem: { code: 'noLayers', classes: 10 } }]);
  });

  it('reports settings that only arrive through untyped data', () => {
    const badActivation = { kind: 'conv2d', filters: 8, kernelSize: 3, strides: 1, padding: 'valid', activation: 'softmax' } as unknown as LayerSpec;
    const badPadding = { ...conv(8, 3), padding: 'full' } as unknown as LayerSpec;
    const badKind = { kind: 'lstm' } as unknown as LayerSpec;
    expect(describeModel([badActivation, flatten, classifier]).errors[0].problem).toEqual({
      code: 'unknownActivation', value: 'softmax', allowed: ['relu', 'leakyRelu', 'elu', 'sigmoid', 'tanh', 'linear'],
    });
    expect(describeModel([badPadding, flatten, classifier]).errors[0].problem).toEqual({ code: 'badPadding', value: 'full' });
    expect(describeModel([badKind, flatten, classifier]).errors[0]).toEqual({ layerIndex: 0, problem: { code: 'unknownLayerKind', kind: 'lstm' } });
    expect(describeModel([flatten, dropout(Number.NaN), classifier]).errors[0].layerIndex).toBe(1);
  });
});

describe('formatting', () => {
  it.each([
    [184_586, '184,586'],
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [1_199_882, '1,199,882'],
    [-1234, '-1,234'],
    [12.6, '13'],
  ])('formatCount(%d) is %s', (n, text) => {
    expect(formatCount(n)).toBe(text);
  });

  it('formats shapes and labels', () => {
    expect(formatShape([12, 12, 32])).toBe('12x12x32');
    expect(layerLabel(conv(16, 3, 2, 'same', 'tanh'))).toBe('Conv2D 16 3x3 stride 2 same tanh');
    expect(layerLabel({ kind: 'avgPool', poolSize: 2, strides: 2 })).toBe('AvgPool 2x2');
    expect(layerLabel({ kind: 'batchNorm' })).toBe('BatchNorm');
  });
});
