import { describe, expect, it } from 'vitest';
import { EpochRunningMean, isPaceSettled, measuredEvalSpeed, PaceMeter, timeLeftSeconds, type PaceFigures } from './pace';

describe('PaceMeter', () => {
  it('leaves the first batch (warm-up) out of the speed and reports its time apart', () => {
    const pace = new PaceMeter();
    // A WebGL-like run: 9 s to compile shaders for the first batch, then 0.1 s per batch of 32.
    pace.observe(32, 9, 9.4);
    expect(pace.firstBatchSeconds).toBe(9.4);
    expect(pace.examplesPerSecond).toBe(0);
    for (let i = 0; i < 10; i++) pace.observe(32, 0.1, 10 + i);
    expect(pace.steadyBatches).toBe(10);
    expect(pace.examplesPerSecond).toBeCloseTo(320, 6);
    expect(pace.firstBatchSeconds).toBe(9.4);
  });

  it('treats the first batch of a new size (an epoch\'s smaller last batch) as warm-up too', () => {
    const pace = new PaceMeter();
    pace.observe(64, 5, 5);
    pace.observe(64, 0.2, 5.2);
    pace.observe(16, 3, 8.2); // new shape: new shaders on a GPU backend
    pace.observe(64, 0.2, 8.4);
    pace.observe(16, 0.05, 8.45);
    expect(pace.steadyBatches).toBe(3);
    expect(pace.steadyExamples).toBe(64 + 64 + 16);
    expect(pace.examplesPerSecond).toBeCloseTo(144 / 0.45, 6);
  });
});

const pace = (examplesSeen: number, examplesPerSecond: number, steadyBatches = 10, steadySeconds = 2): PaceFigures =>
  ({ examplesSeen, examplesPerSecond, steadyBatches, steadySeconds });

describe('isPaceSettled', () => {
  it('waits for a few steady batches and half a second of them', () => {
    expect(isPaceSettled(pace(32, 0, 0, 0))).toBe(false);
    expect(isPaceSettled(pace(96, 300, 2, 1))).toBe(false);
    expect(isPaceSettled(pace(128, 300, 3, 0.2))).toBe(false);
    expect(isPaceSettled(pace(128, 300, 3, 0.5))).toBe(true);
  });
});

describe('timeLeftSeconds', () => {
  const run = { trainCount: 4500, validationCount: 500, epochs: 2, testCount: 10_000 };

  it('is unknown (NaN) until the pace has settled: nothing is shown during warm-up', () => {
    expect(timeLeftSeconds(run, pace(32, 0, 0, 0), 0)).toBeNaN();
    expect(timeLeftSeconds(run, pace(64, 400, 1, 0.08), 0)).toBeNaN();
  });

  it('adds the training left, the validation passes to come and the test images at the end', () => {
    // 9,000 training examples in all, 1,000 seen at 500/s: 16 s of training left. Two validation
    // passes of 500 and the 10,000 test images at 10x the training speed (5,000/s): 11,000 / 5,000 s.
    expect(timeLeftSeconds(run, pace(1000, 500), 0)).toBeCloseTo(16 + 11_000 / 5000, 6);
    // After the first epoch ended, one validation pass is left.
    expect(timeLeftSeconds(run, pace(4500, 500), 1)).toBeCloseTo(9 + 10_500 / 5000, 6);
  });

  it('scores at the speed the last validation pass measured, once there is one', () => {
    const evalSpeed = measuredEvalSpeed({ validationSeconds: 0.25 }, 500);
    expect(evalSpeed).toBe(2000);
    expect(timeLeftSeconds(run, pace(4500, 500), 1, evalSpeed)).toBeCloseTo(9 + 10_500 / 2000, 6);
    // No validation pass yet, none at all, or too few images to time: the rule of thumb stands.
    expect(measuredEvalSpeed(undefined, 500)).toBeUndefined();
    expect(measuredEvalSpeed({ validationSeconds: 0 }, 0)).toBeUndefined();
    expect(measuredEvalSpeed({ validationSeconds: 0.001 }, 20)).toBeUndefined();
  });

  it('ends at zero training seconds and never goes negative', () => {
    const noTest = { ...run, testCount: 0 };
    expect(timeLeftSeconds(noTest, pace(9000, 500), 2)).toBe(0);
    expect(timeLeftSeconds(noTest, pace(9100, 500), 2)).toBe(0);
  });

  it('is not thrown off by a slow warm-up: a 9 s first batch does not count', () => {
    // The old estimate smoothed every batch's speed, the first one included: 45 s runs read "7 min" at first.
    const meter = new PaceMeter();
    meter.observe(32, 9, 9);
    for (let i = 0; i < 20; i++) meter.observe(32, 0.1, 9 + 0.1 * (i + 1));
    const figures = { examplesSeen: 21 * 32, examplesPerSecond: meter.examplesPerSecond, steadyBatches: meter.steadyBatches, steadySeconds: meter.steadySeconds };
    const small = { trainCount: 1000, validationCount: 0, epochs: 1, testCount: 0 };
    expect(timeLeftSeconds(small, figures, 0)).toBeCloseTo((1000 - 672) / 320, 6);
  });
});

describe('EpochRunningMean', () => {
  it('weights each batch by its size, so a small last batch does not stand for the epoch', () => {
    const mean = new EpochRunningMean();
    expect(mean.loss).toBeNaN();
    mean.add(64, 0.5, 0.9);
    mean.add(64, 0.3, 0.95);
    mean.add(8, 4, 0); // the epoch's last batch: 8 images, none right
    expect(mean.count).toBe(136);
    expect(mean.loss).toBeCloseTo((64 * 0.5 + 64 * 0.3 + 8 * 4) / 136, 9);
    expect(mean.accuracy).toBeCloseTo((64 * 0.9 + 64 * 0.95) / 136, 9);
  });
});
