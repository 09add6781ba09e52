import { describe, expect, it } from 'vitest';
import { collectMistakes, epochTestCount, pickWatched, sortMistakes, watchedPredictions } from './testDetails';

/** Ten probabilities with `p` on class `c` and the rest shared evenly. */
const probs = (c: number, p: number) => Array.from({ length: 10 }, (_, k) => (k === c ? p : (1 - p) / 9));

const images = {
  labels: [3, 1, 4, 1, 5],
  predicted: [3, 7, 4, 2, 5],
  probabilities: [...probs(3, 0.9), ...probs(7, 0.6), ...probs(4, 0.8), ...probs(2, 0.95), ...probs(5, 0.5)],
};

describe('collectMistakes', () => {
  it('keeps only the misclassified images, with their test index, labels, confidence and ten probabilities', () => {
    const mistakes = collectMistakes(images, 100);
    expect(Array.from(mistakes.indices)).toEqual([101, 103]);
    expect(Array.from(mistakes.labels)).toEqual([1, 1]);
    expect(Array.from(mistakes.predicted)).toEqual([7, 2]);
    expect(mistakes.confidence[0]).toBeCloseTo(0.6, 6);
    expect(mistakes.confidence[1]).toBeCloseTo(0.95, 6);
    expect(mistakes.probabilities).toHaveLength(20);
    expect(mistakes.probabilities[7]).toBeCloseTo(0.6, 6);
    expect(mistakes.probabilities[10 + 2]).toBeCloseTo(0.95, 6);
  });

  it('finds nothing when every answer is right', () => {
    expect(collectMistakes({ labels: [1, 2], predicted: [1, 2], probabilities: [...probs(1, 1), ...probs(2, 1)] }).indices).toHaveLength(0);
  });
});

describe('sortMistakes', () => {
  it('orders by confidence either way, ties by image index', () => {
    const mistakes = { indices: Int32Array.from([5, 9, 2, 7]), confidence: Float32Array.from([0.5, 0.9, 0.5, 0.2]) };
    expect(sortMistakes(mistakes, 'mostConfident')).toEqual([1, 2, 0, 3]);
    expect(sortMistakes(mistakes, 'leastConfident')).toEqual([3, 2, 0, 1]);
  });
});

describe('pickWatched and watchedPredictions', () => {
  it('picks the first images of each class, in class order', () => {
    expect(Array.from(pickWatched([7, 2, 1, 0, 4, 1, 4, 9, 5, 9, 0, 6], 2))).toEqual([3, 10, 2, 5, 1, 4, 6, 8, 11, 0, 7, 9]);
  });

  it('reads the watched images\' predictions and confidence', () => {
    const watched = watchedPredictions(images, Int32Array.from([13, 11]), 10);
    expect(Array.from(watched.predicted)).toEqual([2, 7]);
    expect(Array.from(watched.labels)).toEqual([1, 1]);
    expect(watched.confidence[0]).toBeCloseTo(0.95, 6);
  });
});

describe('epochTestCount', () => {
  it('evaluates all 10,000 test images at each epoch end only when that adds at most 10% to the epoch', () => {
    // The default run: 54,000 training images; scoring 10,000 test images adds about 4% to an epoch.
    expect(epochTestCount(54_000, 10_000)).toBe(10_000);
    expect(epochTestCount(20_000, 10_000)).toBe(10_000);
    // 20,000 images with a tenth held out: 18,000 train, and all 10,000 test images would add 11%.
    expect(epochTestCount(18_000, 10_000)).toBe(2000);
    expect(epochTestCount(1800, 10_000)).toBe(2000);
    expect(epochTestCount(1800, 1500)).toBe(1500);
  });
});
