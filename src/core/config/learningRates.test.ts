import { describe, expect, it } from 'vitest';
import { defaultSettings, OPTIMIZER_OPTIONS } from './fields';
import { CONVENTIONAL_LEARNING_RATES, isChosenLearningRate, learningRateForOptimizer } from './learningRates';

describe('conventional learning rates', () => {
  it('cover every optimizer the page offers, with the rates the Keras and PyTorch docs start from', () => {
    expect(Object.keys(CONVENTIONAL_LEARNING_RATES).sort()).toEqual([...OPTIMIZER_OPTIONS].sort());
    expect(CONVENTIONAL_LEARNING_RATES).toEqual({ sgd: 0.01, momentum: 0.01, adam: 0.001, rmsprop: 0.001, adagrad: 0.01, adadelta: 1 });
  });

  it('are what choosing an optimizer sets, unless the student chose a rate', () => {
    expect(learningRateForOptimizer('adam', 0.01, false)).toBe(0.001);
    expect(learningRateForOptimizer('adadelta', 0.01, false)).toBe(1);
    expect(learningRateForOptimizer('adam', 0.05, true)).toBe(0.05);
  });
});

describe('isChosenLearningRate', () => {
  // The LeNet preset's optimizer: plain SGD at 0.01.
  const lenet = { ...defaultSettings(), optimizer: 'sgd' as const, learningRate: 0.01 };
  it('counts a rate a link sets as chosen only when it is neither the preset\'s nor the optimizer\'s usual one', () => {
    expect(isChosenLearningRate({}, lenet)).toBe(false);
    expect(isChosenLearningRate({ learningRate: 0.01 }, lenet)).toBe(false);
    // What the page writes after the student picks Adam: the usual rate, no choice.
    expect(isChosenLearningRate({ optimizer: 'adam', learningRate: 0.001 }, lenet)).toBe(false);
    expect(isChosenLearningRate({ optimizer: 'adam', learningRate: 0.003 }, lenet)).toBe(true);
    expect(isChosenLearningRate({ learningRate: 0.05 }, lenet)).toBe(true);
  });
});
