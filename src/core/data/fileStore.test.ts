import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OUT_DIR, ensureSprites } from '../../../scripts/build-sprites.mjs';
import { MemoryFileStore, storeKey } from './fileStore';
import { MnistLoader, type FetchLike } from './loader';
import { parseManifest, SPLIT_NAMES, type MnistManifest } from './manifest';

const BASE_URL = 'https://example.test/data/mnist/';

/** Serves public/data/mnist from disk, or fails every request while `offline` is set. */
function diskFetch() {
  const state = { offline: false, requests: [] as string[] };
  const fetch: FetchLike = async (url) => {
    const file = url.slice(BASE_URL.length);
    state.requests.push(file);
    if (state.offline) throw new TypeError('Failed to fetch');
    return new Response(new Uint8Array(await readFile(join(DEFAULT_OUT_DIR, file))) as Uint8Array<ArrayBuffer>);
  };
  return { fetch, state };
}

let manifest: MnistManifest;

function listedKeys(): string[] {
  return SPLIT_NAMES.flatMap((split) => [manifest.splits[split].labels, ...manifest.splits[split].shards])
    .map((entry) => storeKey(BASE_URL + entry.file, entry.sha256));
}

beforeAll(async () => {
  await ensureSprites();
  manifest = parseManifest(JSON.parse(await readFile(join(DEFAULT_OUT_DIR, 'manifest.json'), 'utf8')));
});

describe('MnistLoader with a FileStore', () => {
  it('keeps every verified file, and a second load needs no network at all', async () => {
    const store = new MemoryFileStore();
    const first = diskFetch();
    await new MnistLoader(BASE_URL, { fetch: first.fetch, store }).load();
    expect([...store.entries.keys()].sort()).toEqual([BASE_URL + 'manifest.json', ...listedKeys()].sort());

    const second = diskFetch();
    second.state.offline = true;
    const loader = new MnistLoader(BASE_URL, { fetch: second.fetch, store });
    const dataset = await loader.load();
    expect(dataset.loadedCount('train') + dataset.loadedCount('test')).toBe(70_000);
    // Only the manifest was asked of the network (it failed, so the stored one was used).
    expect(second.state.requests).toEqual(['manifest.json']);
    expect(loader.progress.bytesFromStore).toBe(loader.progress.bytesTotal);
  });

  it('replaces a damaged stored file with a fresh download', async () => {
    const store = new MemoryFileStore();
    const { fetch, state } = diskFetch();
    await new MnistLoader(BASE_URL, { fetch, store }).load();
    const shard = manifest.splits.train.shards[1];
    const key = storeKey(BASE_URL + shard.file, shard.sha256);
    const damaged = store.entries.get(key)!.slice();
    damaged[200] ^= 0xff;
    store.entries.set(key, damaged);

    state.requests.length = 0;
    const loader = new MnistLoader(BASE_URL, { fetch, store });
    await loader.load();
    expect(state.requests).toEqual(['manifest.json', shard.file]);
    expect(loader.progress.bytesFromStore).toBe(loader.progress.bytesTotal - shard.bytes);
    expect(store.entries.get(key)).toEqual(new Uint8Array(await readFile(join(DEFAULT_OUT_DIR, shard.file))));
  });

  it('drops the files of another data version once the current manifest is read', async () => {
    const store = new MemoryFileStore();
    const stale = storeKey(BASE_URL + 'train-00.png', '0'.repeat(64));
    await store.write(stale, new Uint8Array([1, 2, 3]));
    await new MnistLoader(BASE_URL, { fetch: diskFetch().fetch, store }).load();
    expect(store.entries.has(stale)).toBe(false);
  });

  it('uses the stored manifest when the network does not answer in time', async () => {
    const store = new MemoryFileStore();
    await new MnistLoader(BASE_URL, { fetch: diskFetch().fetch, store }).load();
    // A request that never completes, as on a classroom network that has stalled.
    const hanging: FetchLike = (_url, init) => new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    const started = Date.now();
    const dataset = await new MnistLoader(BASE_URL, { fetch: hanging, store, manifestDeadlineMs: 100 }).load();
    expect(dataset.loadedCount('test')).toBe(10_000);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('still loads when the store fails', async () => {
    const broken = new MemoryFileStore();
    broken.read = () => Promise.reject(new Error('disk full'));
    broken.write = () => Promise.reject(new Error('disk full'));
    const dataset = await new MnistLoader(BASE_URL, { fetch: diskFetch().fetch, store: broken }).load();
    expect(dataset.loadedCount('train')).toBe(60_000);
  });
});
