import { describe, expect, it } from 'vitest';
import type { Activation, LayerSpec, OutputActivation } from '../model/spec';
import { decodeLayers, encodeLayers, type DecodedLayers, type LayerItemProblem } from './layersCodec';
import { getPreset, PRESETS } from './presets';

const classifier: LayerSpec = { kind: 'dense', units: 10, activation: 'softmax' };

/** The reasons of a failed decode, or a test failure when it succeeded. (src/i18n/en.test.ts checks their English words.) */
function reasonsOf(decoded: DecodedLayers): LayerItemProblem[] {
  if (decoded.ok) throw new Error(`expected errors, got ${JSON.stringify(decoded.layers)}`);
  return decoded.errors.map((e) => e.reason);
}

describe('layers codec', () => {
  it.each(PRESETS.map((p) => [p.id, p] as const))('round-trips the %s preset', (_id, preset) => {
    const text = encodeLayers(preset.layers);
    expect(text).toMatch(/^[A-Za-z0-9.:,]+$/);
    expect(decodeLayers(text)).toEqual({ ok: true, layers: preset.layers });
  });

  it('writes the lenet-5x5 preset as readable text', () => {
    expect(encodeLayers(getPreset('lenet-5x5')!.layers)).toBe('conv:32:5:1:valid:relu,maxPool:2:2,conv:64:5:1:valid:relu,maxPool:2:2,flatten,dense:128:relu,dense:10:softmax');
  });

  it('round-trips every layer kind with non-default settings', () => {
    const layers: LayerSpec[] = [
      { kind: 'conv2d', filters: 7, kernelSize: 4, strides: 2, padding: 'same', activation: 'tanh' },
      { kind: 'batchNorm' },
      { kind: 'avgPool', poolSize: 3, strides: 1 },
      { kind: 'maxPool', poolSize: 2, strides: 2 },
      { kind: 'dropout', rate: 0.125 },
      { kind: 'flatten' },
      { kind: 'dense', units: 33, activation: 'linear' },
      { kind: 'dropout', rate: 0 },
      classifier,
    ];
    const text = encodeLayers(layers);
    expect(text).toBe('conv:7:4:2:same:tanh,batchNorm,avgPool:3:1,maxPool:2:2,dropout:0.125,flatten,dense:33:linear,dropout:0,dense:10:softmax');
    expect(decodeLayers(text)).toEqual({ ok: true, layers });
  });

  it.each<Activation>(['relu', 'leakyRelu', 'elu', 'sigmoid', 'tanh', 'linear'])('round-trips the %s activation on Conv2D and Dense', (activation) => {
    const layers: LayerSpec[] = [
      { kind: 'conv2d', filters: 8, kernelSize: 3, strides: 1, padding: 'valid', activation },
      { kind: 'flatten' },
      { kind: 'dense', units: 16, activation: activation as OutputActivation },
      classifier,
    ];
    expect(decodeLayers(encodeLayers(layers))).toEqual({ ok: true, layers });
  });

  it('reads kinds and options in any case, and conv2d for conv', () => {
    expect(decodeLayers('CONV2D:8:3:1:Valid:LeakyRelu,MaxPool:2:2,Flatten,Dense:10:SoftMax')).toEqual({
      ok: true,
      layers: [
        { kind: 'conv2d', filters: 8, kernelSize: 3, strides: 1, padding: 'valid', activation: 'leakyRelu' },
        { kind: 'maxPool', poolSize: 2, strides: 2 },
        { kind: 'flatten' },
        classifier,
      ],
    });
  });

  it('reads a stack that describeModel will flag: the link keeps what the student built', () => {
    // Dense on an image, no classifier: impossible, but every item is well formed.
    expect(decodeLayers('dense:10:relu').ok).toBe(true);
  });

  it.each<[string, string, LayerItemProblem]>([
    ['an unknown kind', 'conv:32:3:1:valid:relu,lstm:64,flatten,dense:10:softmax',
      { code: 'unknownKindToken', token: 'lstm', known: ['conv', 'maxPool', 'avgPool', 'dense', 'dropout', 'flatten', 'batchNorm'] }],
    ['missing numbers', 'conv:32:5', { code: 'wrongValueCount', token: 'conv', expected: 5, got: 2, form: 'conv:FILTERS:KERNEL:STRIDE:PADDING:ACTIVATION' }],
    ['too many numbers', 'maxPool:2:2:2', { code: 'wrongValueCount', token: 'maxPool', expected: 2, got: 3, form: 'maxPool:SIZE:STRIDE' }],
    ['a value on flatten', 'flatten:1', { code: 'takesNoValues', token: 'flatten' }],
    ['negative filters', 'conv:-32:5:1:valid:relu', { code: 'layer', problem: { code: 'notWholeNumber', setting: 'filters', value: -32 } }],
    ['fractional units', 'dense:12.5:relu', { code: 'layer', problem: { code: 'notWholeNumber', setting: 'units', value: 12.5 } }],
    ['too many units', 'dense:100000:relu', { code: 'layer', problem: { code: 'tooLarge', setting: 'units', value: 100_000, max: 4096 } }],
    ['a word for a number', 'conv:many:5:1:valid:relu', { code: 'notANumber', name: 'filters', value: 'many' }],
    ['an empty number', 'maxPool::2', { code: 'notANumber', name: 'size', value: '' }],
    ['an exponent', 'dense:1e3:relu', { code: 'notANumber', name: 'units', value: '1e3' }],
    ['an unknown padding', 'conv:32:5:1:full:relu', { code: 'notOneOf', name: 'padding', value: 'full', options: ['valid', 'same'] }],
    ['an unknown activation', 'dense:128:swish',
      { code: 'notOneOf', name: 'activation', value: 'swish', options: ['relu', 'leakyRelu', 'elu', 'sigmoid', 'tanh', 'linear', 'softmax'] }],
    ['softmax on a convolution', 'conv:32:5:1:valid:softmax',
      { code: 'layer', problem: { code: 'unknownActivation', value: 'softmax', allowed: ['relu', 'leakyRelu', 'elu', 'sigmoid', 'tanh', 'linear'] } }],
    ['a dropout of 1', 'dropout:1', { code: 'layer', problem: { code: 'badDropoutRate', value: 1 } }],
    ['an empty item', 'flatten,,dense:10:softmax', { code: 'emptyItem' }],
  ])('rejects %s with a clear reason', (_name, text, reason) => {
    expect(reasonsOf(decodeLayers(text))).toEqual([reason]);
  });

  it('reports every bad item with its position, not just the first', () => {
    const decoded = decodeLayers('conv:0:3:1:valid:relu,flatten,dense:abc:relu,dense:10:softmax');
    expect(decoded).toEqual({
      ok: false,
      errors: [
        { item: 1, text: 'conv:0:3:1:valid:relu', reason: { code: 'layer', problem: { code: 'notWholeNumber', setting: 'filters', value: 0 } } },
        { item: 3, text: 'dense:abc:relu', reason: { code: 'notANumber', name: 'units', value: 'abc' } },
      ],
    });
  });

  it('rejects an empty list, an overlong one and one with too many layers as a whole', () => {
    expect(reasonsOf(decodeLayers(''))).toEqual([{ code: 'listEmpty' }]);
    expect(reasonsOf(decodeLayers('flatten,'.repeat(300)))).toEqual([{ code: 'listTooLong', max: 2000 }]);
    expect(reasonsOf(decodeLayers(Array(33).fill('flatten').join(',')))).toEqual([{ code: 'tooManyLayers', max: 32, count: 33 }]);
  });

  it('never throws on junk', () => {
    const junk = ['', ',', ':', '::::', ',,,', '%%%', 'conv', 'conv:', 'dense:10', '\u0000', 'x'.repeat(5000), '__proto__', 'constructor:1', 'toString', 'dense:NaN:relu', 'dense:Infinity:relu', 'dropout:-', 'dropout:.', '🙂:1'];
    for (const text of junk) {
      let decoded: DecodedLayers | undefined;
      expect(() => (decoded = decodeLayers(text)), text).not.toThrow();
      expect(decoded!.ok, text).toBe(false);
      expect(reasonsOf(decoded!).every((r) => typeof r.code === 'string')).toBe(true);
    }
    expect(() => decodeLayers(undefined as unknown as string)).not.toThrow();
  });
});
