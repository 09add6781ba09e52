import { describe, expect, it } from 'vitest';
import type { Activation, LayerSpec, OutputActivation } from '../model/spec';
import { decodeLayers, describeLayerErrors, encodeLayers, type DecodedLayers } from './layersCodec';
import { PRESETS } from './presets';

const classifier: LayerSpec = { kind: 'dense', units: 10, activation: 'softmax' };

/** The reasons of a failed decode, or a test failure when it succeeded. */
function reasonsOf(decoded: DecodedLayers): string[] {
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
    expect(encodeLayers(PRESETS[0].layers)).toBe('conv:32:5:1:valid:relu,maxPool:2:2,conv:64:5:1:valid:relu,maxPool:2:2,flatten,dense:128:relu,dense:10:softmax');
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

  it.each<[string, string, string]>([
    ['an unknown kind', 'conv:32:3:1:valid:relu,lstm:64,flatten,dense:10:softmax', 'unknown layer kind "lstm"; use one of conv, maxPool, avgPool, dense, dropout, flatten, batchNorm'],
    ['missing numbers', 'conv:32:5', 'conv needs 5 values (conv:FILTERS:KERNEL:STRIDE:PADDING:ACTIVATION), got 2'],
    ['too many numbers', 'maxPool:2:2:2', 'maxPool needs 2 values (maxPool:SIZE:STRIDE), got 3'],
    ['a value on flatten', 'flatten:1', 'flatten takes no values'],
    ['negative filters', 'conv:-32:5:1:valid:relu', 'Filters must be a whole number of at least 1 (got -32)'],
    ['fractional units', 'dense:12.5:relu', 'Units must be a whole number of at least 1 (got 12.5)'],
    ['too many units', 'dense:100000:relu', 'Units must be at most 4,096 (got 100,000)'],
    ['a word for a number', 'conv:many:5:1:valid:relu', 'filters "many" is not a number'],
    ['an empty number', 'maxPool::2', 'size "" is not a number'],
    ['an exponent', 'dense:1e3:relu', 'units "1e3" is not a number'],
    ['an unknown padding', 'conv:32:5:1:full:relu', 'padding "full" is not one of valid, same'],
    ['an unknown activation', 'dense:128:swish', 'activation "swish" is not one of relu, leakyRelu, elu, sigmoid, tanh, linear, softmax'],
    ['softmax on a convolution', 'conv:32:5:1:valid:softmax', "Unknown activation 'softmax'; choose one of relu, leakyRelu, elu, sigmoid, tanh, linear"],
    ['a dropout of 1', 'dropout:1', 'Dropout rate must be at least 0 and below 1 (got 1)'],
    ['an empty item', 'flatten,,dense:10:softmax', 'empty item (two commas in a row?)'],
  ])('rejects %s with a clear reason', (_name, text, reason) => {
    expect(reasonsOf(decodeLayers(text))).toEqual([reason]);
  });

  it('reports every bad item with its position, not just the first', () => {
    const decoded = decodeLayers('conv:0:3:1:valid:relu,flatten,dense:abc:relu,dense:10:softmax');
    expect(decoded).toEqual({
      ok: false,
      errors: [
        { item: 1, text: 'conv:0:3:1:valid:relu', reason: 'Filters must be a whole number of at least 1 (got 0)' },
        { item: 3, text: 'dense:abc:relu', reason: 'units "abc" is not a number' },
      ],
    });
    expect(describeLayerErrors(decoded.ok ? [] : decoded.errors)).toBe(
      'item 1 "conv:0:3:1:valid:relu": Filters must be a whole number of at least 1 (got 0); item 3 "dense:abc:relu": units "abc" is not a number',
    );
  });

  it('rejects an empty list, an overlong one and one with too many layers as a whole', () => {
    expect(reasonsOf(decodeLayers(''))).toEqual(['the layer list is empty']);
    expect(reasonsOf(decodeLayers('flatten,'.repeat(300)))).toEqual(['the layer list is longer than 2000 characters']);
    expect(reasonsOf(decodeLayers(Array(33).fill('flatten').join(',')))).toEqual(['a model may have at most 32 layers (this one has 33)']);
    expect(describeLayerErrors([{ item: 0, text: '', reason: 'the layer list is empty' }])).toBe('the layer list is empty');
  });

  it('never throws on junk', () => {
    const junk = ['', ',', ':', '::::', ',,,', '%%%', 'conv', 'conv:', 'dense:10', '\u0000', 'x'.repeat(5000), '__proto__', 'constructor:1', 'toString', 'dense:NaN:relu', 'dense:Infinity:relu', 'dropout:-', 'dropout:.', '🙂:1'];
    for (const text of junk) {
      let decoded: DecodedLayers | undefined;
      expect(() => (decoded = decodeLayers(text)), text).not.toThrow();
      expect(decoded!.ok, text).toBe(false);
      expect(reasonsOf(decoded!).every((r) => r.length > 0)).toBe(true);
    }
    expect(() => decodeLayers(undefined as unknown as string)).not.toThrow();
  });
});
