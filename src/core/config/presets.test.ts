import { describe, expect, it } from 'vitest';
import { describeModel, layerLabel } from '../model/describe';
import { DEFAULT_PRESET_ID, getPreset, PRESETS, type PresetId } from './presets';

const labels = (id: PresetId) => getPreset(id)!.layers.map(layerLabel);

describe('presets', () => {
  it('have unique ids, and the default is one of them', () => {
    const ids = PRESETS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(['fast-99', 'lenet-5x5', 'single-conv', 'two-conv-adam', 'pytorch-classic', 'dense-baseline', 'small-dense', 'small-conv']);
    expect(DEFAULT_PRESET_ID).toBe('fast-99');
    expect(getPreset(DEFAULT_PRESET_ID)).toBe(PRESETS[0]);
    expect(getPreset('no-such-preset')).toBeUndefined();
  });

  // Their titles, descriptions and sources are words: src/i18n/catalogue.test.ts checks them in every language.
  it.each(PRESETS.map((p) => [p.id, p] as const))('%s is a valid model ending in the classifier', (_id, preset) => {
    const description = describeModel(preset.layers);
    expect(description.errors).toEqual([]);
    expect(layerLabel(preset.layers[preset.layers.length - 1])).toBe('Dense 10 softmax');
  });

  it('copy the layers of RECIPES.md', () => {
    expect(labels('lenet-5x5')).toEqual([
      'Conv2D 32 5x5 relu',
      'MaxPool 2x2',
      'Conv2D 64 5x5 relu',
      'MaxPool 2x2',
      'Flatten',
      'Dense 128 relu',
      'Dense 10 softmax',
    ]);
    expect(labels('single-conv')).toEqual(['Conv2D 32 3x3 relu', 'MaxPool 2x2', 'Flatten', 'Dense 128 relu', 'Dense 10 softmax']);
    expect(labels('two-conv-adam')).toEqual([
      'Conv2D 32 3x3 relu',
      'MaxPool 2x2',
      'Conv2D 64 3x3 relu',
      'MaxPool 2x2',
      'Flatten',
      'Dense 10 softmax',
    ]);
    expect(labels('pytorch-classic')).toEqual([
      'Conv2D 32 3x3 relu',
      'Conv2D 64 3x3 relu',
      'MaxPool 2x2',
      'Dropout 0.25',
      'Flatten',
      'Dense 128 relu',
      'Dropout 0.5',
      'Dense 10 softmax',
    ]);
    expect(labels('dense-baseline')).toEqual(['Flatten', 'Dense 128 relu', 'Dropout 0.2', 'Dense 10 softmax']);
    // "Flatten (9216)" in the recipe.
    expect(describeModel(getPreset('pytorch-classic')!.layers).layers[4].outputShape).toEqual([9216]);
  });

  it.each<[PresetId, string, number, number | null, number, number, boolean]>([
    ['lenet-5x5', 'sgd', 0.01, null, 64, 10, false],
    ['single-conv', 'adam', 0.001, null, 64, 5, false],
    ['two-conv-adam', 'adam', 0.001, null, 32, 5, false],
    ['pytorch-classic', 'momentum', 0.01, 0.9, 64, 10, true],
    ['dense-baseline', 'adam', 0.001, null, 32, 5, false],
  ])('%s trains with the optimizer, batch, epochs and scaling of RECIPES.md', (id, name, learningRate, momentum, batchSize, epochs, standardize) => {
    const preset = getPreset(id)!;
    expect(preset.optimizer).toMatchObject({ name, learningRate, ...(momentum === null ? {} : { momentum }) });
    expect({ batchSize: preset.batchSize, epochs: preset.epochs, standardize: preset.standardize }).toEqual({ batchSize, epochs, standardize });
  });

  it('carry the published reference accuracies, and none where none is published', () => {
    const references = Object.fromEntries(PRESETS.map((p) => [p.id, p.referenceAccuracy]));
    expect(references).toEqual({
      'fast-99': null,
      'lenet-5x5': 0.9905,
      'single-conv': null,
      'two-conv-adam': 0.9905,
      'pytorch-classic': 0.9925,
      'dense-baseline': 0.98,
      'small-dense': null,
      'small-conv': null,
    });
  });

  it('fast-99 is a small batch-normalised conv net trained with Adam and one cycle; every classic recipe keeps a constant rate', () => {
    expect(labels('fast-99')).toEqual([
      'Conv2D 16 3x3 relu', 'BatchNorm', 'MaxPool 2x2', 'Conv2D 32 3x3 relu', 'BatchNorm', 'MaxPool 2x2', 'Flatten', 'Dense 256 relu', 'Dense 10 softmax',
    ]);
    const fast = getPreset('fast-99')!;
    expect(fast.schedule).toEqual({ kind: 'oneCycle', warmupFraction: 0.3 });
    expect({ optimizer: fast.optimizer, batchSize: fast.batchSize, epochs: fast.epochs }).toEqual({
      optimizer: { name: 'adam', learningRate: 0.005, momentum: 0.9 }, batchSize: 64, epochs: 2,
    });
    expect(PRESETS.filter((p) => p.schedule && p.schedule.kind !== 'constant').map((p) => p.id)).toEqual(['fast-99']);
  });

  it('pair a small dense and a small conv model within 5% in parameters, and say so', () => {
    const dense = getPreset('small-dense')!;
    const conv = getPreset('small-conv')!;
    const denseParams = describeModel(dense.layers).totalParams;
    const convParams = describeModel(conv.layers).totalParams;
    // 784*16+16 = 12,560 + 16*10+10 = 170 -> 12,730.
    expect(denseParams).toBe(12_730);
    // 3*3*1*16+16 = 160, 3*3*16*32+32 = 4,640, 5*5*32 = 800 -> 800*10+10 = 8,010 -> 12,810.
    expect(convParams).toBe(12_810);
    expect(Math.abs(denseParams - convParams) / Math.min(denseParams, convParams)).toBeLessThan(0.05);
    // Same training recipe, so the comparison is about the layers alone.
    expect({ ...dense, id: '', layers: [] }).toEqual({ ...conv, id: '', layers: [] });
  });
});
