import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encode } from 'fast-png';
import * as tf from '../tf';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OUT_DIR, ensureSprites, parseIdx, readSource } from '../../../scripts/build-sprites.mjs';
import { DataError, loadMnist, MnistLoader, shardOrder, type FetchLike, type LoadProgress } from './loader';
import { parseManifest, type MnistManifest } from './manifest';
import { PIXELS_PER_IMAGE, sha256Hex } from './sprites';

const BASE_URL = 'https://example.test/data/mnist/';

/** Serves files from public/data/mnist, letting a test replace any file's response. */
function diskFetch(override: (file: string) => Response | Uint8Array | undefined = () => undefined) {
  const requests: string[] = [];
  const fetch: FetchLike = async (url, init) => {
    if (init?.signal?.aborted) throw init.signal.reason;
    const file = url.slice(BASE_URL.length);
    requests.push(file);
    const replaced = override(file);
    if (replaced instanceof Response) return replaced;
    const bytes = replaced ?? new Uint8Array(await readFile(join(DEFAULT_OUT_DIR, file)));
    return new Response(bytes as Uint8Array<ArrayBuffer>);
  };
  return { fetch, requests };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

let manifest: MnistManifest;
let manifestText: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  await ensureSprites();
  manifestText = await readFile(join(DEFAULT_OUT_DIR, 'manifest.json'), 'utf8');
  manifest = parseManifest(JSON.parse(manifestText));
});

describe('MnistLoader', () => {
  it('loads all 70,000 images, reporting progress and shards in order', async () => {
    const { fetch, requests } = diskFetch();
    const progress: LoadProgress[] = [];
    const shards: string[] = [];
    const loader = new MnistLoader(BASE_URL, {
      fetch,
      trainSize: 12_000,
      onProgress: (p) => progress.push(p),
      onShard: ({ file, dataset }) => {
        shards.push(file);
        expect(dataset).toBe(loader.dataset);
      },
    });
    const dataset = await loader.load();

    expect(dataset.count('train')).toBe(60_000);
    expect(dataset.count('test')).toBe(10_000);
    expect(dataset.loadedCount('train')).toBe(60_000);
    expect(dataset.loadedCount('test')).toBe(10_000);
    expect(dataset.isComplete).toBe(true);
    // The subset's shards first, then the test shards, then the rest of the training shards.
    expect(shards.slice(0, 6)).toEqual(['train-00.png', 'train-01.png', 'train-02.png', 'test-00.png', 'test-01.png', 'train-03.png']);
    expect(requests.slice(0, 3)).toEqual(['manifest.json', 'train-labels.u8', 'test-labels.u8']);
    expect(requests.length).toBe(3 + 14);

    const last = progress.at(-1)!;
    expect(last).toMatchObject({ imagesLoaded: 70_000, imagesTotal: 70_000, trainImagesLoaded: 60_000, testImagesLoaded: 10_000 });
    expect(last.bytesLoaded).toBe(last.bytesTotal);
    const listed = [...Object.values(manifest.splits).flatMap((s) => [s.labels, ...s.shards])];
    expect(last.bytesTotal).toBe(listed.reduce((sum, f) => sum + f.bytes, 0));
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i].imagesLoaded).toBeGreaterThanOrEqual(progress[i - 1].imagesLoaded);
    }

    // The images and labels are the original IDX bytes.
    const source = await readSource();
    const images = parseIdx(source.bytes['train-images-idx3-ubyte']).data;
    const labels = parseIdx(source.bytes['train-labels-idx1-ubyte']).data;
    const picked = [0, 4999, 5000, 31_337, 59_999];
    const sample = dataset.sampleImages('train', picked);
    picked.forEach((index, k) => {
      const expected = images.subarray(index * PIXELS_PER_IMAGE, (index + 1) * PIXELS_PER_IMAGE);
      expect(Buffer.from(sample.pixels.subarray(k * PIXELS_PER_IMAGE, (k + 1) * PIXELS_PER_IMAGE)).equals(expected)).toBe(true);
      expect(sample.labels[k]).toBe(labels[index]);
    });

    // Loading again has nothing left to fetch.
    await loader.load();
    expect(requests.length).toBe(3 + 14);
  });

  it('reports a corrupted shard as a checksum error naming the file, and Retry resumes', async () => {
    const corrupted = new Uint8Array(await readFile(join(DEFAULT_OUT_DIR, 'train-03.png')));
    corrupted[1000] ^= 0x01;
    let corrupt = true;
    const { fetch, requests } = diskFetch((file) => (corrupt && file === 'train-03.png' ? corrupted : undefined));
    const loader = new MnistLoader(BASE_URL, { fetch });

    const error = await rejection(loader.load());
    expect(error).toBeInstanceOf(DataError);
    expect(error).toMatchObject({ kind: 'checksum', file: 'train-03.png', problem: { code: 'checksumMismatch', file: 'train-03.png' } });
    const dataset = loader.dataset!;
    expect(dataset.loadedCount('train')).toBe(15_000);
    expect(loader.progress.trainImagesLoaded).toBe(15_000);

    // A run waiting for the missing shard hears about the failure instead of hanging.
    const view = dataset.view({ trainSize: 20_000, validationSplit: 0.1, standardize: false, seed: 1 });
    const waiting = view.validationBatches(500);
    for (let i = 0; i < 3; i++) {
      const { xs, ys } = (await waiting.next()).value!;
      xs.dispose();
      ys.dispose();
    }
    expect(await rejection(waiting.next())).toBe(error);

    corrupt = false;
    await loader.load();
    expect(dataset.isComplete).toBe(true);
    // Only the failed file and those after it were fetched again.
    expect(requests.filter((f) => f === 'train-03.png').length).toBe(2);
    expect(requests.filter((f) => f === 'train-00.png' || f === 'manifest.json').length).toBe(2);
  });

  it('reports an HTTP 404 as an http error', async () => {
    const { fetch } = diskFetch((file) => (file === 'test-labels.u8' ? new Response('Not found', { status: 404 }) : undefined));
    const error = await rejection(loadMnist(BASE_URL, { fetch }));
    expect(error).toMatchObject({ kind: 'http', file: 'test-labels.u8', problem: { code: 'httpStatus', file: 'test-labels.u8', status: 404 } });

    const missingManifest = diskFetch((file) => (file === 'manifest.json' ? new Response('', { status: 404 }) : undefined));
    expect(await rejection(loadMnist(BASE_URL, { fetch: missingManifest.fetch }))).toMatchObject({ kind: 'http', file: 'manifest.json' });
  });

  it('reports a failed request as a network error', async () => {
    const { fetch } = diskFetch();
    const offline: FetchLike = async (url, init) => {
      if (url.endsWith('train-01.png')) throw new TypeError('Failed to fetch');
      return fetch(url, init);
    };
    const error = await rejection(loadMnist(BASE_URL, { fetch: offline }));
    expect(error).toMatchObject({ kind: 'network', file: 'train-01.png', problem: { code: 'networkFailed', file: 'train-01.png' } });
  });

  it('fails cleanly on a truncated file and keeps what was loaded', async () => {
    let truncate = true;
    const { fetch } = diskFetch((file) => {
      if (!truncate || file !== 'train-01.png') return undefined;
      const entry = manifest.splits.train.shards[1];
      return new Uint8Array(entry.bytes >> 1);
    });
    const loader = new MnistLoader(BASE_URL, { fetch, trainSize: 5000 });
    const error = await rejection(loader.load());
    expect(error).toMatchObject({ kind: 'checksum', file: 'train-01.png', problem: { code: 'incomplete', file: 'train-01.png', expected: manifest.splits.train.shards[1].bytes } });
    expect((error as DataError).problem).toMatchObject({ received: expect.any(Number) });
    expect(loader.dataset!.loadedCount('train')).toBe(5000);
    expect(loader.dataset!.hasShard('train', 1)).toBe(false);
    // Labels, train-00 and the two test shards (fetched before the rest of the training shards).
    const { train, test } = manifest.splits;
    const loadedBytes = train.labels.bytes + test.labels.bytes + train.shards[0].bytes + test.shards[0].bytes + test.shards[1].bytes;
    expect(loader.progress.bytesLoaded).toBe(loadedBytes);

    truncate = false;
    expect((await loader.load()).isComplete).toBe(true);
  });

  it('reports a malformed manifest', async () => {
    for (const body of ['{"version": 1', '{"version": 1, "imageSize": 28}', manifestText.replace('"start": 5000', '"start": 5001')]) {
      const { fetch } = diskFetch((file) => (file === 'manifest.json' ? new TextEncoder().encode(body) : undefined));
      const error = await rejection(loadMnist(BASE_URL, { fetch }));
      expect(error).toMatchObject({ kind: 'manifest', file: 'manifest.json', problem: { code: 'manifestDamaged' } });
    }
  });

  it('reports a shard that matches its checksum but is not a greyscale sprite as a decode error', async () => {
    const rgb = encode({ width: 784, height: 5000, data: new Uint8Array(784 * 5000 * 3), channels: 3, depth: 8 }, { zlib: { level: 1 } });
    const edited = structuredClone(manifest);
    Object.assign(edited.splits.test.shards[1], { bytes: rgb.length, sha256: await sha256Hex(rgb) });
    const { fetch } = diskFetch((file) => {
      if (file === 'manifest.json') return new TextEncoder().encode(JSON.stringify(edited));
      if (file === 'test-01.png') return rgb;
      return undefined;
    });
    const error = await rejection(loadMnist(BASE_URL, { fetch, trainSize: 1 }));
    expect(error).toMatchObject({ kind: 'decode', file: 'test-01.png', problem: { code: 'undecodable', file: 'test-01.png' } });
    expect((error as DataError).problem).toMatchObject({ detail: expect.stringMatching(/3 channel/) });
  });

  it('stops when aborted without turning it into a DataError, and loads the rest afterwards', async () => {
    const { fetch } = diskFetch();
    const controller = new AbortController();
    const loader = new MnistLoader(BASE_URL, { fetch, onShard: () => controller.abort() });
    const error = await rejection(loader.load({ signal: controller.signal }));
    expect(error).not.toBeInstanceOf(DataError);
    expect((error as Error).name).toBe('AbortError');
    expect(loader.dataset!.loadedCount('train')).toBe(5000);
    expect((await loader.load({ signal: new AbortController().signal })).isComplete).toBe(true);
  });
});

describe('shardOrder', () => {
  const files = (trainSize?: number) =>
    shardOrder(manifest, trainSize).map(({ split, shard }) => manifest.splits[split].shards[shard].file);

  it('puts the subset first, then test, then the remaining training shards', () => {
    expect(files(5000).slice(0, 4)).toEqual(['train-00.png', 'test-00.png', 'test-01.png', 'train-01.png']);
    expect(files(5001).slice(0, 3)).toEqual(['train-00.png', 'train-01.png', 'test-00.png']);
    expect(files().slice(-3)).toEqual(['train-11.png', 'test-00.png', 'test-01.png']);
    expect(new Set(files(30_000)).size).toBe(14);
  });
});
