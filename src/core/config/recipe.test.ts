import { describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from './fields';
import { getPreset } from './presets';
import { recipeDifferences } from './recipe';

const preset = getPreset('pytorch-classic')!;

/** The settings that follow pytorch-classic's recipe exactly. */
function recipeSettings(): Settings {
  return {
    ...defaultSettings(),
    optimizer: 'momentum', learningRate: 0.01, momentum: 0.9, batchSize: 64, epochs: 10, standardize: true,
    trainSize: 60_000, validationSplit: 0, l1: 0, l2: 0, augment: false, earlyStopping: false,
  };
}

describe('recipeDifferences', () => {
  it('is empty for a run that follows the recipe, whatever its seed', () => {
    expect(recipeDifferences(preset, { ...recipeSettings(), seed: 7 }, preset.layers)).toEqual([]);
  });

  it('names each change by its field, layers first', () => {
    const layers = preset.layers.map((layer) => (layer.kind === 'conv2d' ? { ...layer, kernelSize: 5 } : layer));
    const settings = { ...recipeSettings(), epochs: 1, trainSize: 5000, validationSplit: 0.1, l2: 0.0005, augment: true };
    expect(recipeDifferences(preset, settings, layers)).toEqual(['layers', 'epochs', 'trainSize', 'validationSplit', 'l2', 'augment']);
  });

  it('counts momentum only where both the recipe and the run use SGD with momentum', () => {
    expect(recipeDifferences(preset, { ...recipeSettings(), momentum: 0.5 }, preset.layers)).toEqual(['momentum']);
    expect(recipeDifferences(preset, { ...recipeSettings(), optimizer: 'adam', momentum: 0.5 }, preset.layers)).toEqual(['optimizer']);
    const adamPreset = getPreset('dense-baseline')!;
    const adamRun = { ...recipeSettings(), optimizer: 'adam' as const, learningRate: 0.001, batchSize: 32, epochs: 5, standardize: false, momentum: 0.1 };
    expect(recipeDifferences(adamPreset, adamRun, adamPreset.layers)).toEqual([]);
  });
});
