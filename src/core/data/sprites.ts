/** Decoding of the MNIST sprite shards (one 784-px PNG row per image) and hashing of bytes. */

import { decode } from 'fast-png';

export const IMAGE_SIZE = 28;
export const PIXELS_PER_IMAGE = IMAGE_SIZE * IMAGE_SIZE;
export const NUM_CLASSES = 10;

/**
 * Decodes one sprite shard and returns its raw pixel bytes (expectedCount * 784, row-major).
 * Throws an Error when the PNG is unreadable or is not 784 px wide, expectedCount rows high,
 * 8-bit single-channel greyscale (palette, RGB or alpha images are rejected, not converted).
 */
export function decodeShard(pngBytes: Uint8Array, expectedCount: number): Uint8Array {
  const png = decode(pngBytes, { checkCrc: true });
  if (png.width !== PIXELS_PER_IMAGE) throw new Error(`shard is ${png.width} px wide, expected ${PIXELS_PER_IMAGE}`);
  if (png.height !== expectedCount) throw new Error(`shard has ${png.height} rows, expected ${expectedCount}`);
  if (png.channels !== 1 || png.palette !== undefined) {
    throw new Error(`shard has ${png.channels} channel(s)${png.palette ? ' with a palette' : ''}, expected 1 greyscale channel`);
  }
  if (png.depth !== 8 || !(png.data instanceof Uint8Array)) throw new Error(`shard is ${png.depth}-bit, expected 8-bit`);
  if (png.data.length !== expectedCount * PIXELS_PER_IMAGE) {
    throw new Error(`shard decoded to ${png.data.length} bytes, expected ${expectedCount * PIXELS_PER_IMAGE}`);
  }
  return png.data;
}

/** Hex SHA-256 of some bytes, via Web Crypto (present in pages, workers and Node 20). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // digest() takes ArrayBuffer-backed views only; copy the rare SharedArrayBuffer-backed one.
  const input = bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', input));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
