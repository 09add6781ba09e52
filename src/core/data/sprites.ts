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

const PNG_SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

/**
 * decodeShard, with the inflating done by the platform's DecompressionStream (native zlib, several
 * times faster than fast-png's JavaScript inflate, and in chunks rather than one long task): only
 * the chunk walk, the CRCs and the row filters run here. A shard that is not 8-bit greyscale
 * without interlacing, or a platform without DecompressionStream, goes to decodeShard, so the
 * same bad shard gets the same error. Resolves with expectedCount * 784 bytes, row-major.
 */
export async function decodeShardAsync(pngBytes: Uint8Array, expectedCount: number): Promise<Uint8Array> {
  const png = readPngChunks(pngBytes);
  if (!png || typeof DecompressionStream === 'undefined') return decodeShard(pngBytes, expectedCount);
  const { width, height, depth, colourType, interlace, idat } = png;
  if (colourType !== 0 || depth !== 8 || interlace !== 0) return decodeShard(pngBytes, expectedCount);
  if (width !== PIXELS_PER_IMAGE) throw new Error(`shard is ${width} px wide, expected ${PIXELS_PER_IMAGE}`);
  if (height !== expectedCount) throw new Error(`shard has ${height} rows, expected ${expectedCount}`);
  const inflated = new Uint8Array(
    await new Response(new Blob(idat as Uint8Array<ArrayBuffer>[]).stream().pipeThrough(new DecompressionStream('deflate'))).arrayBuffer(),
  );
  if (inflated.length !== height * (width + 1)) throw new Error(`shard image data is ${inflated.length} bytes, expected ${height * (width + 1)}`);
  return unfilterRows(inflated, width, height);
}

interface PngChunks {
  width: number;
  height: number;
  depth: number;
  colourType: number;
  interlace: number;
  idat: Uint8Array[];
}

/** The header and image data of a PNG, every chunk's CRC checked; null when the bytes are no PNG. */
function readPngChunks(bytes: Uint8Array): PngChunks | null {
  if (bytes.length < 8 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const idat: Uint8Array[] = [];
  let header: Omit<PngChunks, 'idat'> | null = null;
  for (let at = 8; at + 12 <= bytes.length;) {
    const length = view.getUint32(at);
    const end = at + 12 + length;
    if (end > bytes.length) throw new Error('PNG chunk runs past the end of the file');
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== view.getUint32(at + 8 + length)) throw new Error(`PNG ${type} chunk fails its CRC`);
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      header = { width: view.getUint32(at + 8), height: view.getUint32(at + 12), depth: data[8], colourType: data[9], interlace: data[12] };
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      break;
    }
    at = end;
  }
  return header && idat.length > 0 ? { ...header, idat } : null;
}

/** Undoes PNG's per-row filters (None, Sub, Up, Average, Paeth) for one byte per pixel. */
function unfilterRows(inflated: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const filter = inflated[y * (width + 1)];
    const src = y * (width + 1) + 1;
    const row = y * width;
    const up = row - width;
    switch (filter) {
      case 0:
        out.set(inflated.subarray(src, src + width), row);
        break;
      case 1:
        for (let x = 0; x < width; x++) out[row + x] = inflated[src + x] + (x > 0 ? out[row + x - 1] : 0);
        break;
      case 2:
        for (let x = 0; x < width; x++) out[row + x] = inflated[src + x] + (y > 0 ? out[up + x] : 0);
        break;
      case 3:
        for (let x = 0; x < width; x++) {
          out[row + x] = inflated[src + x] + (((x > 0 ? out[row + x - 1] : 0) + (y > 0 ? out[up + x] : 0)) >> 1);
        }
        break;
      case 4:
        for (let x = 0; x < width; x++) {
          const a = x > 0 ? out[row + x - 1] : 0;
          const b = y > 0 ? out[up + x] : 0;
          const c = x > 0 && y > 0 ? out[up + x - 1] : 0;
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          out[row + x] = inflated[src + x] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
        }
        break;
      default:
        throw new Error(`shard row ${y} has PNG filter ${filter}, which does not exist`);
    }
  }
  return out;
}

let crcTable: Uint32Array | null = null;

/** CRC-32 as PNG uses it (ISO 3309, polynomial 0xEDB88320). */
function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
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
