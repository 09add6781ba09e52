/** Test support: the real MNIST sprite set, read from public/data/mnist through the app's own loader. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_OUT_DIR, ensureSprites } from '../../scripts/build-sprites.mjs';
import type { MnistDataset } from '../core/data/dataset';
import { loadMnist, type FetchLike } from '../core/data/loader';

export const TEST_BASE_URL = 'https://mnist.test/data/mnist/';

/** A fetch that serves the generated files from disk, as the dev server would. */
export const diskFetch: FetchLike = async (url) => {
  const file = url.slice(TEST_BASE_URL.length);
  return new Response(new Uint8Array(await readFile(join(DEFAULT_OUT_DIR, file))) as Uint8Array<ArrayBuffer>);
};

let loading: Promise<MnistDataset> | null = null;

/** The whole dataset (60,000 + 10,000), generated first if missing; loaded once per test file. */
export function realMnist(): Promise<MnistDataset> {
  loading ??= ensureSprites().then(() => loadMnist(TEST_BASE_URL, { fetch: diskFetch }));
  return loading;
}
