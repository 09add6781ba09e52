/**
 * The training images kept on the device for a whole run (a GPU backend), so a batch is gathered
 * there from an index tensor instead of being scaled on the CPU and uploaded each step.
 *
 * tfjs has no byte tensors, and WebGL keeps int32 tensors in float32 textures, which hold whole
 * numbers exactly only up to 2^24: so three pixels are packed into each int32 (24 bits), 262 per
 * image, 62.9 MB for the 60,000 images (the bytes themselves are 47 MB). A batch unpacks them on the
 * device and scales them through a 256-entry table, so its values are exactly the CPU path's.
 */
import * as tf from '../tf';
import type { MnistDataset } from './dataset';
import { IMAGE_SIZE, NUM_CLASSES, PIXELS_PER_IMAGE } from './sprites';
import { MNIST_MEAN, MNIST_STD, type Batch } from './types';

/** Pixels per packed int32, and packed int32s per image. */
const PIXELS_PER_WORD = 3;
export const WORDS_PER_IMAGE = Math.ceil(PIXELS_PER_IMAGE / PIXELS_PER_WORD);

/** Bytes the device holds for `count` images: the packed pixels and one int32 label each. */
export function deviceImageBytes(count: number): number {
  return count * (WORDS_PER_IMAGE + 1) * 4;
}

/** Packs a split's pixels three to an int32 (pixel 3j in the low byte); every shard must be loaded. */
export function packPixels(dataset: MnistDataset, split: 'train' | 'test' = 'train'): Int32Array {
  const count = dataset.count(split);
  const packed = new Int32Array(count * WORDS_PER_IMAGE);
  for (let index = 0; index < count; index++) {
    const { data, offset } = dataset.locate(split, index);
    const base = index * WORDS_PER_IMAGE;
    for (let word = 0; word < WORDS_PER_IMAGE; word++) {
      const p = offset + word * PIXELS_PER_WORD;
      const end = offset + PIXELS_PER_IMAGE;
      packed[base + word] = data[p] | (p + 1 < end ? data[p + 1] << 8 : 0) | (p + 2 < end ? data[p + 2] << 16 : 0);
    }
  }
  return packed;
}

/** The labels of a split as int32, for tf.oneHot on the device. */
function labelsOf(dataset: MnistDataset, split: 'train' | 'test'): Int32Array {
  const count = dataset.count(split);
  const labels = new Int32Array(count);
  for (let index = 0; index < count; index++) labels[index] = dataset.locate(split, index).label;
  return labels;
}

export class DeviceImages {
  private readonly tables = new Map<boolean, tf.Tensor1D>();

  private constructor(
    private readonly packed: tf.Tensor2D,
    private readonly labels: tf.Tensor1D,
    readonly count: number,
  ) {}

  /**
   * Packs the train split (every shard must be in) and makes its tensors. A GPU backend allocates
   * device memory on first use: call verify() to make it allocate, and to check what it holds.
   */
  static create(dataset: MnistDataset): DeviceImages {
    const count = dataset.count('train');
    const packed = tf.tensor2d(packPixels(dataset), [count, WORDS_PER_IMAGE], 'int32');
    const labels = tf.tensor1d(labelsOf(dataset, 'train'), 'int32');
    return new DeviceImages(packed, labels, count);
  }

  /** Bytes held on the device. */
  get numBytes(): number {
    return deviceImageBytes(this.count);
  }

  /**
   * Gathers images by index into a batch: xs [n, 28, 28, 1] float32 scaled as the CPU path scales
   * them (plain [0, 1], or standardised), ys one-hot [n, 10]. The caller disposes both.
   */
  batch(indices: Int32Array, standardize: boolean): Batch {
    const table = this.scaleTable(standardize);
    return tf.tidy(() => {
      const n = indices.length;
      const index = tf.tensor1d(indices, 'int32');
      const words = tf.gather(this.packed, index).toFloat();
      // Three bytes out of each word, exactly: every value stays below 2^24.
      const upper = tf.floor(tf.div(words, 256));
      const top = tf.floor(tf.div(upper, 256));
      const bytes = tf.stack([tf.mod(words, 256), tf.mod(upper, 256), top], 2)
        .reshape([n, WORDS_PER_IMAGE * PIXELS_PER_WORD])
        .slice([0, 0], [n, PIXELS_PER_IMAGE])
        .toInt();
      const xs = tf.gather(table, bytes).reshape([n, IMAGE_SIZE, IMAGE_SIZE, 1]) as tf.Tensor4D;
      const ys = tf.oneHot(tf.gather(this.labels, index), NUM_CLASSES).toFloat() as tf.Tensor2D;
      return { xs, ys };
    });
  }

  /**
   * Gathers a few images and compares them with the CPU's copy (one readback). False when the
   * device holds something else: an allocation it refused without saying so (WebGL reports running
   * out of memory only through gl.getError), or a device whose textures cannot hold 24-bit integers.
   */
  async verify(dataset: MnistDataset, standardize = false): Promise<boolean> {
    const picks = Int32Array.from(new Set([0, 1, this.count >> 1, this.count - 1]));
    const { xs, ys } = this.batch(picks, standardize);
    try {
      const [pixels, labels] = await Promise.all([xs.data(), ys.data()]);
      const scale = scaleValues(standardize);
      for (let k = 0; k < picks.length; k++) {
        const { data, offset, label } = dataset.locate('train', picks[k]);
        for (let p = 0; p < PIXELS_PER_IMAGE; p++) if (pixels[k * PIXELS_PER_IMAGE + p] !== scale[data[offset + p]]) return false;
        if (labels[k * NUM_CLASSES + label] !== 1) return false;
      }
      return true;
    } finally {
      tf.dispose([xs, ys]);
    }
  }

  dispose(): void {
    tf.dispose([this.packed, this.labels, ...this.tables.values()]);
    this.tables.clear();
  }

  private scaleTable(standardize: boolean): tf.Tensor1D {
    let table = this.tables.get(standardize);
    if (!table) {
      table = tf.tensor1d(scaleValues(standardize), 'float32');
      this.tables.set(standardize, table);
    }
    return table;
  }
}

/** The float value of each byte 0-255, as the CPU path computes it (dataset.ts). */
export function scaleValues(standardize: boolean): Float32Array {
  const scale = new Float32Array(256);
  for (let byte = 0; byte < 256; byte++) scale[byte] = standardize ? (byte / 255 - MNIST_MEAN) / MNIST_STD : byte / 255;
  return scale;
}
