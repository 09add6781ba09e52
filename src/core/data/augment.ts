/**
 * Data augmentation on the fly: each training image gets its own small random rotation, shift and
 * scaling, drawn from a seeded stream, so a run with the same seed sees the same warped images.
 * Warps are inverse-mapped (each output pixel looks up where it came from) with bilinear sampling;
 * whatever comes from outside the 28x28 frame is 0, MNIST's black background.
 */
import { mixSeeds, mulberry32, type Random } from '../random';
import { IMAGE_SIZE, PIXELS_PER_IMAGE } from './sprites';

/** The largest transform each image may get; each is drawn uniformly within +-max. */
export interface Augmentation {
  maxRotationDegrees: number;
  maxShiftPixels: number;
  /** 10 draws scale factors in [0.9, 1.1]. */
  maxScalePercent: number;
}

/** One image's transform, applied about the image centre: scale, then rotate, then shift. */
export interface Warp {
  /** Counter-clockwise as the image is shown (y grows downwards). */
  rotationDegrees: number;
  /** Pixels to the right. */
  shiftX: number;
  /** Pixels down. */
  shiftY: number;
  scale: number;
}

export const IDENTITY_WARP: Warp = { rotationDegrees: 0, shiftX: 0, shiftY: 0, scale: 1 };

/** Whether an augmentation leaves every image as it is. */
export function isIdentityAugmentation(augmentation: Augmentation | null | undefined): boolean {
  return !augmentation || (augmentation.maxRotationDegrees === 0 && augmentation.maxShiftPixels === 0 && augmentation.maxScalePercent === 0);
}

/** Draws one image's warp: four numbers from `random`, each uniform within the augmentation's range. */
export function randomWarp(random: Random, augmentation: Augmentation): Warp {
  const symmetric = (max: number) => (2 * random() - 1) * max;
  return {
    rotationDegrees: symmetric(augmentation.maxRotationDegrees),
    shiftX: symmetric(augmentation.maxShiftPixels),
    shiftY: symmetric(augmentation.maxShiftPixels),
    scale: 1 + symmetric(augmentation.maxScalePercent) / 100,
  };
}

/**
 * Writes the warped copy of one 28x28 image into `target` at `targetOffset`. The source is read at
 * `sourceOffset`, in any numeric scale (bytes or floats). Integer shifts without rotation or scaling
 * move pixels exactly; the identity warp copies them exactly.
 */
export function warpImage(source: Uint8Array | Float32Array, sourceOffset: number, target: Float32Array, targetOffset: number, warp: Warp): void {
  const size = IMAGE_SIZE;
  const last = size - 1;
  const centre = last / 2;
  const angle = (warp.rotationDegrees * Math.PI) / 180;
  // The inverse map, output -> source: undo the shift, then the rotation, then the scale.
  const cos = Math.cos(angle) / warp.scale;
  const sin = Math.sin(angle) / warp.scale;
  // Bilinear sampling is written out in the loop: as a helper function it ran 6x slower in V8.
  for (let row = 0; row < size; row++) {
    const dy = row - centre - warp.shiftY;
    for (let col = 0; col < size; col++) {
      const dx = col - centre - warp.shiftX;
      // On screen (y down) a counter-clockwise turn by `angle` is x' = x cos + y sin, y' = -x sin + y cos; this inverts it.
      const x = cos * dx - sin * dy + centre;
      const y = sin * dx + cos * dy + centre;
      let value = 0;
      if (x > -1 && y > -1 && x < size && y < size) {
        const x0 = Math.floor(x);
        const y0 = Math.floor(y);
        const fx = x - x0;
        const fy = y - y0;
        const i = sourceOffset + y0 * size + x0;
        // The four neighbours; those outside the frame count as 0. With fx = fy = 0 the result is exactly source[i].
        const isInside = x0 >= 0 && y0 >= 0 && x0 < last && y0 < last;
        const topLeft = isInside || (y0 >= 0 && x0 >= 0) ? source[i] : 0;
        const topRight = isInside || (y0 >= 0 && x0 < last) ? source[i + 1] : 0;
        const bottomLeft = isInside || (y0 < last && x0 >= 0) ? source[i + size] : 0;
        const bottomRight = isInside || (y0 < last && x0 < last) ? source[i + size + 1] : 0;
        const top = topLeft + fx * (topRight - topLeft);
        const bottom = bottomLeft + fx * (bottomRight - bottomLeft);
        value = top + fy * (bottom - top);
      }
      target[targetOffset + row * size + col] = value;
    }
  }
}

/** The warp stream of one epoch of one run: images are warped in the order they are drawn. */
export function warpStream(seed: number, epoch: number): Random {
  // A salt keeps the warp stream apart from the shuffle, which is seeded by (seed, epoch) too.
  return mulberry32(mixSeeds(seed, epoch, 0x61756721));
}

/**
 * Warped copies of `count` byte images (784 bytes each), for a preview strip: each image gets its
 * own warp from a stream seeded by `seed`. Returns new bytes, rounded.
 */
export function augmentImages(pixels: Uint8Array, count: number, augmentation: Augmentation, seed: number): Uint8Array {
  const random = warpStream(seed, 0);
  const warped = new Float32Array(count * PIXELS_PER_IMAGE);
  for (let n = 0; n < count; n++) warpImage(pixels, n * PIXELS_PER_IMAGE, warped, n * PIXELS_PER_IMAGE, randomWarp(random, augmentation));
  return Uint8Array.from(warped, (v) => Math.round(v));
}
