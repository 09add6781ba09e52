import { describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../config/fields';
import { diagnoseRun, suggestionChange, type RunToRead } from './diagnosis';

/** `count` batches whose loss goes from `from` to `to` in a straight line. */
function batches(count: number, from: number, to: number, accuracy = 0.5) {
  return Array.from({ length: count }, (_, i) => ({ loss: from + ((to - from) * i) / Math.max(1, count - 1), accuracy }));
}

const epoch = (trainLoss: number, trainAccuracy: number, validationLoss: number | null = null, validationAccuracy: number | null = null) =>
  ({ trainLoss, trainAccuracy, validationLoss, validationAccuracy });

function run(overrides: Omit<Partial<RunToRead>, 'settings'> & { settings?: Partial<Settings> }): RunToRead {
  return {
    diverged: false,
    batches: batches(100, 2.3, 0.1),
    epochs: [epoch(0.3, 0.95)],
    testAccuracy: 0.97,
    referenceAccuracy: null,
    recipeEpochs: null,
    hasDropout: false,
    ...overrides,
    settings: { ...defaultSettings(), optimizer: 'sgd', learningRate: 0.01, epochs: 1, trainSize: 60_000, ...overrides.settings },
  };
}

describe('diagnoseRun', () => {
  it('reads the issue\'s 2,000-image, one-epoch LeNet run as barely learned, never as a success', () => {
    // What the page showed: the loss crawled from 2.31 to 2.25 and the test accuracy was 16.59%.
    const diagnosis = diagnoseRun(run({
      batches: batches(29, 2.31, 2.25, 0.1),
      epochs: [epoch(2.29, 0.09, 2.25, 0.17)],
      testAccuracy: 0.1659,
      referenceAccuracy: 0.9905,
      recipeEpochs: 10,
      settings: { trainSize: 2000, epochs: 1 },
    }));
    expect(diagnosis.fit).toBe('barelyLearned');
    expect(diagnosis.standing).toBe('poor');
    expect(diagnosis.tone).toBe('poor');
    expect(diagnosis.heldOutAccuracy).toBe(0.1659);
    expect(diagnosis.lossFrom).toBeCloseTo(2.31, 1);
    // Bigger steps for plain SGD, the recipe's 10 epochs, and more than 2,000 images.
    expect(diagnosis.suggestions).toEqual([
      { code: 'higherLearningRate', learningRate: 0.05 },
      { code: 'moreEpochs', epochs: 10 },
      { code: 'moreImages', trainSize: 5000 },
    ]);
  });

  it('calls a loss that blew up diverged and suggests a tenth of the rate (as the divergence message does) and Adam', () => {
    const diagnosis = diagnoseRun(run({ diverged: true, batches: [...batches(10, 2.3, 30), { loss: Number.NaN, accuracy: 0.1 }], epochs: [], testAccuracy: null, settings: { learningRate: 5 } }));
    expect(diagnosis).toMatchObject({ fit: 'diverged', standing: 'diverged', tone: 'poor', heldOutAccuracy: null });
    expect(diagnosis.suggestions).toEqual([{ code: 'lowerLearningRate', learningRate: 0.5 }, { code: 'switchToAdam', learningRate: 0.001 }]);
  });

  it('finds divergence in the curves even when the run was not flagged, and does not suggest Adam to Adam', () => {
    const diagnosis = diagnoseRun(run({ batches: [...batches(10, 2.3, 2.0), { loss: Number.POSITIVE_INFINITY, accuracy: 0 }], settings: { optimizer: 'adam', learningRate: 0.3 } }));
    expect(diagnosis.fit).toBe('diverged');
    expect(diagnosis.suggestions).toEqual([{ code: 'lowerLearningRate', learningRate: 0.03 }]);
  });

  it('sees overfitting when training accuracy runs well ahead of validation, and suggests augmentation, L2 and dropout', () => {
    const curves = { epochs: [epoch(0.5, 0.85, 0.45, 0.87), epoch(0.2, 0.94, 0.35, 0.9), epoch(0.05, 0.99, 0.4, 0.91)], testAccuracy: 0.905 };
    const diagnosis = diagnoseRun(run({ ...curves, settings: { epochs: 3, trainSize: 60_000 } }));
    expect(diagnosis.fit).toBe('overfitting');
    expect(diagnosis.tone).toBe('fair');
    expect(diagnosis.trainAccuracy).toBe(0.99);
    expect(diagnosis.suggestions).toEqual([{ code: 'augment' }, { code: 'addL2', l2: 0.0005 }, { code: 'addDropout' }]);
    // On 5,000 images the first cure is more of them.
    const few = diagnoseRun(run({ ...curves, settings: { epochs: 3, trainSize: 5000 } }));
    expect(few.suggestions).toEqual([{ code: 'moreImages', trainSize: 20_000 }, { code: 'augment' }, { code: 'addL2', l2: 0.0005 }]);
  });

  it('sees overfitting in a validation loss that turned back up, and skips what the run already had', () => {
    const diagnosis = diagnoseRun(run({
      epochs: [epoch(0.3, 0.9, 0.2, 0.94), epoch(0.1, 0.96, 0.15, 0.955), epoch(0.05, 0.975, 0.2, 0.955), epoch(0.02, 0.98, 0.25, 0.956)],
      testAccuracy: 0.957,
      hasDropout: true,
      settings: { epochs: 4, augment: true, trainSize: 20_000 },
    }));
    expect(diagnosis.fit).toBe('overfitting');
    expect(diagnosis.suggestions).toEqual([{ code: 'addL2', l2: 0.0005 }, { code: 'moreImages', trainSize: 60_000 }]);
  });

  it('calls a run whose training and test accuracy are both short of the target underfitting, and asks for more training first', () => {
    const diagnosis = diagnoseRun(run({
      batches: batches(200, 2.3, 0.35),
      epochs: [epoch(0.6, 0.86, 0.36, 0.9), epoch(0.35, 0.9, 0.3, 0.915)],
      testAccuracy: 0.918,
      referenceAccuracy: 0.9905,
      recipeEpochs: 10,
      settings: { epochs: 2 },
    }));
    expect(diagnosis).toMatchObject({ fit: 'underfitting', standing: 'short', tone: 'fair' });
    expect(diagnosis.suggestions).toEqual([{ code: 'moreEpochs', epochs: 10 }, { code: 'higherLearningRate', learningRate: 0.05 }]);
  });

  it('suggests raising a rate the student lowered back to the conventional one, and leaves Adam at its own rate alone', () => {
    const lowered = diagnoseRun(run({ batches: batches(100, 2.3, 1.0), epochs: [epoch(1.2, 0.7)], testAccuracy: 0.75, settings: { optimizer: 'adam', learningRate: 0.0001, epochs: 3 } }));
    expect(lowered.fit).toBe('underfitting');
    expect(lowered.suggestions).toEqual([{ code: 'higherLearningRate', learningRate: 0.001 }]);
    const adam = diagnoseRun(run({ batches: batches(100, 2.3, 1.0), epochs: [epoch(1.2, 0.7)], testAccuracy: 0.75, settings: { optimizer: 'adam', learningRate: 0.001, epochs: 1 } }));
    expect(adam.suggestions).toEqual([{ code: 'moreEpochs', epochs: 5 }]);
  });

  it('does not suggest more epochs to a run that stopped before its last epoch', () => {
    const diagnosis = diagnoseRun(run({ epochs: [epoch(0.6, 0.8)], testAccuracy: 0.85, settings: { optimizer: 'adam', learningRate: 0.001, epochs: 5 } }));
    expect(diagnosis.fit).toBe('underfitting');
    expect(diagnosis.suggestions.some((s) => s.code === 'moreEpochs')).toBe(false);
  });

  it('calls a result within 0.3 points of the published one a match, green, with nothing to fix', () => {
    const diagnosis = diagnoseRun(run({
      epochs: [epoch(0.05, 0.985, 0.04, 0.989)], testAccuracy: 0.9891, referenceAccuracy: 0.9905, recipeEpochs: 10, settings: { epochs: 10 },
    }));
    expect(diagnosis).toMatchObject({ fit: 'wellFitted', standing: 'matches', tone: 'good', suggestions: [] });
  });

  it('holds a result without a published figure to 98%, and 0.3 points short of a published one is not a match', () => {
    expect(diagnoseRun(run({ testAccuracy: 0.975, epochs: [epoch(0.1, 0.97)] })).standing).toBe('close');
    expect(diagnoseRun(run({ testAccuracy: 0.95, epochs: [epoch(0.1, 0.94)] })).standing).toBe('short');
    const near = diagnoseRun(run({ testAccuracy: 0.985, referenceAccuracy: 0.9905, epochs: [epoch(0.1, 0.98)], settings: { trainSize: 20_000 } }));
    expect(near).toMatchObject({ fit: 'wellFitted', standing: 'close', tone: 'good' });
    expect(near.suggestions).toEqual([{ code: 'moreEpochs', epochs: 5 }, { code: 'moreImages', trainSize: 60_000 }]);
  });

  it('falls back on the validation accuracy when the run was not evaluated', () => {
    const diagnosis = diagnoseRun(run({ testAccuracy: null, epochs: [epoch(0.1, 0.97, 0.08, 0.976)] }));
    expect(diagnosis.heldOutAccuracy).toBe(0.976);
  });
});

describe('suggestionChange', () => {
  it('turns each suggestion into the settings (or the layer) it changes', () => {
    expect(suggestionChange({ code: 'moreEpochs', epochs: 10 })).toEqual({ settings: { epochs: 10 } });
    expect(suggestionChange({ code: 'lowerLearningRate', learningRate: 0.5 })).toEqual({ settings: { learningRate: 0.5 } });
    expect(suggestionChange({ code: 'switchToAdam', learningRate: 0.001 })).toEqual({ settings: { optimizer: 'adam', learningRate: 0.001 } });
    expect(suggestionChange({ code: 'moreImages', trainSize: 5000 })).toEqual({ settings: { trainSize: 5000 } });
    expect(suggestionChange({ code: 'addL2', l2: 0.0005 })).toEqual({ settings: { l2: 0.0005 } });
    expect(suggestionChange({ code: 'augment' })).toEqual({ settings: { augment: true } });
    expect(suggestionChange({ code: 'addDropout' })).toEqual({ addLayer: 'dropout' });
  });
});
