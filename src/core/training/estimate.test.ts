import { describe, expect, it } from 'vitest';
import { calibrateFromRun, estimateRun, roundEstimate, runPlanOf, steadyTrainSpeed, WARMUP_BATCHES, type SpeedMeasurement, type TimedBatch } from './estimate';

const speed: SpeedMeasurement = { trainPerSecond: 500, evalPerSecond: 2000, warmupSeconds: 1.5, source: 'probe' };

describe('runPlanOf', () => {
  it('holds back each 5,000-image shard its own rounded share, as the dataset view does', () => {
    expect(runPlanOf(60_000, 0.1, 3)).toEqual({ trainCount: 54_000, validationCount: 6_000, epochs: 3, testCount: 10_000 });
    // 2,000 images sit in one shard: 200 held out. 7,333 = 5,000 + 2,333: 500 + 233.
    expect(runPlanOf(2_000, 0.1, 1)).toMatchObject({ trainCount: 1_800, validationCount: 200 });
    expect(runPlanOf(7_333, 0.1, 1)).toMatchObject({ trainCount: 6_600, validationCount: 733 });
    expect(runPlanOf(10_000, 0, 2)).toMatchObject({ trainCount: 10_000, validationCount: 0 });
  });
});

describe('estimateRun', () => {
  it('adds warm-up, every epoch of training and validation, and the test scoring', () => {
    const estimate = estimateRun(speed, runPlanOf(60_000, 0.1, 3));
    expect(estimate.trainSeconds).toBeCloseTo((3 * 54_000) / 500); // 324 s
    expect(estimate.validationSeconds).toBeCloseTo((3 * 6_000) / 2000); // 9 s
    // All 10,000 test images after epochs 1 and 2 (cheap next to 54,000 training images), then all.
    expect(estimate.testSeconds).toBeCloseTo(30_000 / 2000); // 15 s
    expect(estimate.totalSeconds).toBeCloseTo(1.5 + 324 + 9 + 15);
    // 1,800 training images: the epoch-end scoring takes the first 2,000 test images only.
    expect(estimateRun(speed, runPlanOf(2_000, 0.1, 3)).testSeconds).toBeCloseTo((2 * 2_000 + 10_000) / 2000);
  });

  it('grows in proportion to the epochs and the images', () => {
    const one = estimateRun({ ...speed, warmupSeconds: 0 }, { trainCount: 10_000, validationCount: 0, epochs: 1, testCount: 0 });
    const four = estimateRun({ ...speed, warmupSeconds: 0 }, { trainCount: 20_000, validationCount: 0, epochs: 2, testCount: 0 });
    expect(four.totalSeconds).toBeCloseTo(4 * one.totalSeconds);
  });

  it('is NaN, never Infinity or a made-up figure, without a speed', () => {
    expect(estimateRun({ ...speed, trainPerSecond: 0 }, runPlanOf(2_000, 0, 1)).totalSeconds).toBeNaN();
    // Nothing to score costs nothing, whatever the speed.
    expect(estimateRun({ ...speed, evalPerSecond: 0 }, { trainCount: 100, validationCount: 0, epochs: 1, testCount: 0 }).totalSeconds).toBeCloseTo(1.5 + 0.2);
  });
});

/** Batches of `size` images at `rate` images/s after a slow first batch of `firstSeconds`. */
function batches(count: number, size: number, rate: number, firstSeconds: number, epoch = 0): TimedBatch[] {
  return Array.from({ length: count }, (_, i) => ({ examplesSeen: (i + 1) * size, elapsedSeconds: firstSeconds + (i * size) / rate, epoch }));
}

describe('steadyTrainSpeed', () => {
  it('leaves the slow first batches out', () => {
    // A 3-second first batch would halve a naive average; the steady pace is 640 images/s.
    expect(steadyTrainSpeed(batches(40, 64, 640, 3))).toBeCloseTo(640);
  });

  it('waits for enough steady batches and at least a second of them', () => {
    expect(steadyTrainSpeed(batches(WARMUP_BATCHES + 5, 64, 640, 0.5))).toBeNull();
    // Plenty of batches, but all within a tenth of a second: too short to trust.
    expect(steadyTrainSpeed(batches(40, 8, 40_000, 0.1))).toBeNull();
    expect(steadyTrainSpeed([])).toBeNull();
  });

  it('reads the first epoch only (later spans include a validation pass)', () => {
    const first = batches(30, 64, 640, 1);
    const second = batches(30, 64, 100, 10, 1).map((b) => ({ ...b, examplesSeen: b.examplesSeen + 30 * 64 }));
    expect(steadyTrainSpeed([...first, ...second])).toBeCloseTo(640);
  });
});

describe('roundEstimate', () => {
  it('promises no more precision than an estimate has', () => {
    expect(roundEstimate(1.2)).toBe(5);
    expect(roundEstimate(43)).toBe(45);
    expect(roundEstimate(127)).toBe(130);
    expect(roundEstimate(934)).toBe(960);
    expect(roundEstimate(Number.NaN)).toBeNaN();
  });
});

describe('calibrateFromRun', () => {
  const plan = runPlanOf(2_000, 0.1, 1);

  it('takes the run\'s paces, and makes the next estimate of the same run add up to its real length', () => {
    const calibrated = calibrateFromRun(600, { evalPerSecond: 9_000 }, plan, 16.5, { count: 10_000, seconds: 5 });
    expect(calibrated).toMatchObject({ trainPerSecond: 600, evalPerSecond: 2_000, source: 'run' });
    // 1,800 / 600 = 3 s training, 10,200 / 2,000 = 5.1 s scoring: 8.4 s of warm-up and overhead.
    expect(calibrated.warmupSeconds).toBeCloseTo(16.5 - 3 - 5.1);
    expect(estimateRun(calibrated, plan).totalSeconds).toBeCloseTo(16.5);
    // A run five times the size costs five times the training and validation, the same overhead.
    const bigger = estimateRun(calibrated, runPlanOf(10_000, 0.1, 1));
    expect(bigger.trainSeconds).toBeCloseTo(15);
  });

  it('keeps the known scoring pace when the run\'s was not timed, and never a negative warm-up', () => {
    const calibrated = calibrateFromRun(600, { evalPerSecond: 2_000 }, plan, 1, null);
    expect(calibrated.evalPerSecond).toBe(2_000);
    expect(calibrated.warmupSeconds).toBe(0);
  });
});
