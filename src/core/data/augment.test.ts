import * as tf from '../tf';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { realMnist } from '../../testing/realMnist';
import { mulberry32 } from '../random';
import { augmentImages, IDENTITY_WARP, isIdentityAugmentation, randomWarp, warpImage, type Augmentation, type Warp } from './augment';
import type { MnistDataset } from './dataset';
import { IMAGE_SIZE, PIXELS_PER_IMAGE } from './sprites';
import type { Batch, DatasetOptions } from './types';

let dataset: MnistDataset;
/** The first 200 real training digits, 784 bytes each. */
let digits: Uint8Array;
const COUNT = 200;

beforeAll(async () => {
  await tf.setBackend('cpu');
  dataset = await realMnist();
  digits = dataset.sampleImages('train', Array.from({ length: COUNT }, (_, i) => i)).pixels;
});

const DEFAULTS: Augmentation = { maxRotationDegrees: 10, maxShiftPixels: 2, maxScalePercent: 10 };
const NONE: Augmentation = { maxRotationDegrees: 0, maxShiftPixels: 0, maxScalePercent: 0 };

function warped(n: number, warp: Warp): Float32Array {
  const target = new Float32Array(PIXELS_PER_IMAGE);
  warpImage(digits, n * PIXELS_PER_IMAGE, target, 0, warp);
  return target;
}

const mass = (pixels: ArrayLike<number>) => Array.from(pixels).reduce((a, b) => a + b, 0);

interface BatchValues {
  xs: Float32Array[];
  ys: Float32Array[];
}

/** Every value of every batch a generator yields (up to `limit` batches), disposing the tensors. */
async function batchValues(batches: AsyncGenerator<Batch>, limit = Infinity): Promise<BatchValues> {
  const xs: Float32Array[] = [];
  const ys: Float32Array[] = [];
  for await (const batch of batches) {
    xs.push(batch.xs.dataSync() as Float32Array);
    ys.push(batch.ys.dataSync() as Float32Array);
    tf.dispose([batch.xs, batch.ys]);
    if (xs.length >= limit) break;
  }
  return { xs, ys };
}

/** Bit-for-bit equality of float arrays (toEqual walks hundreds of thousands of elements slowly). */
const sameBits = (a: Float32Array, b: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
const sameBatches = (a: BatchValues, b: BatchValues) =>
  a.xs.length === b.xs.length && a.xs.every((x, i) => sameBits(x, b.xs[i]) && sameBits(a.ys[i], b.ys[i]));

const options = (overrides: Partial<DatasetOptions> = {}): DatasetOptions => ({
  trainSize: 2000, validationSplit: 0.1, standardize: false, seed: 42, ...overrides,
});

describe('warpImage', () => {
  it('copies every real digit bit for bit under the identity warp', () => {
    for (let n = 0; n < COUNT; n++) {
      expect(Array.from(warped(n, IDENTITY_WARP))).toEqual(Array.from(digits.subarray(n * PIXELS_PER_IMAGE, (n + 1) * PIXELS_PER_IMAGE)));
    }
  });

  it('moves pixels by exactly an integer shift, filling with 0', () => {
    const size = IMAGE_SIZE;
    for (let n = 0; n < 20; n++) {
      const out = warped(n, { ...IDENTITY_WARP, shiftX: 3, shiftY: -2 });
      for (let row = 0; row < size; row++) {
        for (let col = 0; col < size; col++) {
          const fromRow = row + 2;
          const fromCol = col - 3;
          const inside = fromRow < size && fromCol >= 0;
          expect(out[row * size + col]).toBe(inside ? digits[n * PIXELS_PER_IMAGE + fromRow * size + fromCol] : 0);
        }
      }
    }
  });

  it('turns counter-clockwise as shown: a quarter turn takes a point right of centre to above it', () => {
    const image = new Uint8Array(PIXELS_PER_IMAGE);
    image[13 * IMAGE_SIZE + 20] = 255; // row 13, col 20: 6.5 right of the centre (13.5, 13.5), 0.5 above it
    const out = new Float32Array(PIXELS_PER_IMAGE);
    warpImage(image, 0, out, 0, { ...IDENTITY_WARP, rotationDegrees: 90 });
    // Now 6.5 above the centre and 0.5 left of it: row 7, col 13.
    const brightest = out.indexOf(Math.max(...out));
    expect([Math.floor(brightest / IMAGE_SIZE), brightest % IMAGE_SIZE]).toEqual([7, 13]);
    expect(out[brightest]).toBeCloseTo(255, 3);
    expect(mass(out)).toBeCloseTo(255, 3);
  });

  it('roughly keeps the ink of real digits under small rotations and shifts, and scales it by area', () => {
    const random = mulberry32(5);
    const ratios: number[] = [];
    const scaledRatios: number[] = [];
    for (let n = 0; n < COUNT; n++) {
      const original = mass(digits.subarray(n * PIXELS_PER_IMAGE, (n + 1) * PIXELS_PER_IMAGE));
      ratios.push(mass(warped(n, randomWarp(random, { ...DEFAULTS, maxScalePercent: 0 }))) / original);
      const warp = randomWarp(random, DEFAULTS);
      scaledRatios.push(mass(warped(n, warp)) / original / warp.scale ** 2);
    }
    for (const list of [ratios, scaledRatios]) {
      const mean = list.reduce((a, b) => a + b, 0) / list.length;
      expect(mean).toBeGreaterThan(0.98);
      expect(mean).toBeLessThan(1.02);
      expect(Math.min(...list)).toBeGreaterThan(0.9);
      expect(Math.max(...list)).toBeLessThan(1.1);
    }
  });
});

describe('randomWarp and augmentImages', () => {
  it('draws within the ranges, and the same seed gives the same warps', () => {
    const draw = (seed: number) => {
      const random = mulberry32(seed);
      return Array.from({ length: 500 }, () => randomWarp(random, DEFAULTS));
    };
    const warps = draw(9);
    expect(draw(9)).toEqual(warps);
    expect(draw(10)).not.toEqual(warps);
    for (const w of warps) {
      expect(Math.abs(w.rotationDegrees)).toBeLessThanOrEqual(10);
      expect(Math.abs(w.shiftX)).toBeLessThanOrEqual(2);
      expect(Math.abs(w.shiftY)).toBeLessThanOrEqual(2);
      expect(Math.abs(w.scale - 1)).toBeLessThanOrEqual(0.1);
    }
    // They spread over the range rather than bunching up.
    expect(Math.max(...warps.map((w) => w.rotationDegrees))).toBeGreaterThan(9);
    expect(Math.min(...warps.map((w) => w.shiftX))).toBeLessThan(-1.8);
  });

  it('is the identity with zero ranges and repeatable with the same seed', () => {
    expect(isIdentityAugmentation(NONE)).toBe(true);
    expect(isIdentityAugmentation(null)).toBe(true);
    expect(isIdentityAugmentation(DEFAULTS)).toBe(false);
    expect(augmentImages(digits, 12, NONE, 3)).toEqual(digits.subarray(0, 12 * PIXELS_PER_IMAGE));
    const once = augmentImages(digits, 12, DEFAULTS, 3);
    expect(augmentImages(digits, 12, DEFAULTS, 3)).toEqual(once);
    expect(augmentImages(digits, 12, DEFAULTS, 4)).not.toEqual(once);
  });
});

describe('MnistDataset.view with augmentation', () => {
  it('leaves batches bit-identical with zero ranges', async () => {
    const plain = await batchValues(dataset.view(options()).trainBatches(0, 128));
    const zero = await batchValues(dataset.view(options({ augmentation: NONE })).trainBatches(0, 128));
    expect(zero.xs).toHaveLength(Math.ceil(1800 / 128));
    expect(sameBatches(zero, plain)).toBe(true);
  });

  it('warps training batches only, the same way for the same seed and epoch', async () => {
    for (const standardize of [false, true]) {
      const plain = dataset.view(options({ standardize }));
      const augmented = dataset.view(options({ standardize, augmentation: DEFAULTS }));
      const first = await batchValues(augmented.trainBatches(0, 128), 3);
      // Same seed and epoch: the same images warped the same way.
      expect(sameBatches(await batchValues(dataset.view(options({ standardize, augmentation: DEFAULTS })).trainBatches(0, 128), 3), first)).toBe(true);
      // The labels and the order are the plain view's; the pixels are not.
      const unwarped = await batchValues(plain.trainBatches(0, 128), 3);
      expect(first.ys.every((ys, i) => sameBits(ys, unwarped.ys[i]))).toBe(true);
      expect(first.xs.some((xs, i) => sameBits(xs, unwarped.xs[i]))).toBe(false);
      // The background stays the background under either scaling: the corner pixel of every image.
      const background = standardize ? (0 - 0.1307) / 0.3081 : 0;
      for (let k = 0; k < 128; k++) expect(first.xs[0][k * PIXELS_PER_IMAGE]).toBeCloseTo(background, 6);
      // Another epoch warps differently.
      const [epoch1, epoch1Plain] = [await batchValues(augmented.trainBatches(1, 128), 1), await batchValues(plain.trainBatches(1, 128), 1)];
      expect(sameBits(epoch1.xs[0], epoch1Plain.xs[0])).toBe(false);
      // Validation and test images are never augmented.
      const validation = await batchValues(augmented.validationBatches(100));
      expect(validation.xs).toHaveLength(2);
      expect(sameBatches(validation, await batchValues(plain.validationBatches(100)))).toBe(true);
      expect(sameBatches(await batchValues(augmented.testBatches(1000), 2), await batchValues(plain.testBatches(1000), 2))).toBe(true);
    }
  });

  it('rejects ranges that are negative or not numbers', () => {
    expect(() => dataset.view(options({ augmentation: { ...DEFAULTS, maxShiftPixels: -1 } }))).toThrow(RangeError);
    expect(() => dataset.view(options({ augmentation: { ...DEFAULTS, maxRotationDegrees: Number.NaN } }))).toThrow(RangeError);
  });
});
