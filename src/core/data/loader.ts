/**
 * Streams the MNIST sprite set into an MnistDataset: manifest first, then labels, then shards
 * one by one, each checked against the manifest's size and SHA-256 before it is used.
 */

import { MnistDataset } from './dataset';
import { quietly, storeKey, type FileStore } from './fileStore';
import { parseManifest, SPLIT_NAMES, type ManifestFile, type ManifestShard, type MnistManifest, type SplitName } from './manifest';
import { decodeShardAsync, sha256Hex } from './sprites';

export type DataErrorKind = 'manifest' | 'http' | 'network' | 'checksum' | 'decode';

/**
 * What exactly went wrong with a file, as a code with its parameters: the page words it (and
 * offers Retry). `detail` is the underlying error's own text.
 */
export type DataProblem =
  | { code: 'manifestDamaged'; file: string; detail: string }
  | { code: 'incomplete'; file: string; received: number; expected: number }
  | { code: 'checksumMismatch'; file: string }
  | { code: 'undecodable'; file: string; detail: string }
  | { code: 'pixelMismatch'; file: string }
  | { code: 'networkFailed'; file: string }
  | { code: 'httpStatus'; file: string; status: number }
  | { code: 'interrupted'; file: string };

/** A loading failure: what went wrong (kind, and the exact problem), with which file. */
export class DataError extends Error {
  override readonly name = 'DataError';
  readonly file: string;

  constructor(
    readonly kind: DataErrorKind,
    readonly problem: DataProblem,
    options?: { cause?: unknown },
  ) {
    const { code, ...params } = problem;
    super(`${code} ${JSON.stringify(params)}`, options);
    this.file = problem.file;
  }
}

export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

export interface LoadProgress {
  /** Bytes of label and shard files received (manifest.json not counted). */
  bytesLoaded: number;
  bytesTotal: number;
  /** Of bytesLoaded, those read from the store rather than downloaded. */
  bytesFromStore: number;
  /** Images whose shard is decoded, verified and in the dataset (train + test). */
  imagesLoaded: number;
  imagesTotal: number;
  trainImagesLoaded: number;
  trainImagesTotal: number;
  testImagesLoaded: number;
  testImagesTotal: number;
}

export interface ShardLoaded {
  split: SplitName;
  file: string;
  start: number;
  count: number;
  dataset: MnistDataset;
}

export interface LoadOptions {
  /** Defaults to the global fetch; tests pass one that reads files from disk. */
  fetch?: FetchLike;
  /** Train images the first run needs: their shards are fetched before the test shards. Default: all. */
  trainSize?: number;
  onProgress?: (progress: LoadProgress) => void;
  /** Called as each shard lands in the dataset, so training can start after the first. */
  onShard?: (shard: ShardLoaded) => void;
  signal?: AbortSignal;
  /**
   * Keeps verified files between visits: each file is read from it first (and checked against the
   * manifest again), downloaded only when missing or damaged, and written once verified. The
   * manifest is always asked of the network first; the stored one is used when that fails or takes
   * longer than manifestDeadlineMs.
   */
  store?: FileStore;
  /** How long the manifest may take to download before the stored copy is used. Default 4,000 ms. */
  manifestDeadlineMs?: number;
}

const MANIFEST_DEADLINE_MS = 4000;

/** The order shards are fetched in: train shards the subset needs, test shards, remaining train shards. */
export function shardOrder(manifest: MnistManifest, trainSize = manifest.splits.train.count): { split: SplitName; shard: number }[] {
  const train = manifest.splits.train.shards.map((_, shard) => ({ split: 'train' as const, shard }));
  const test = manifest.splits.test.shards.map((_, shard) => ({ split: 'test' as const, shard }));
  const needed = train.filter(({ shard }) => manifest.splits.train.shards[shard].start < trainSize);
  return [...needed, ...test, ...train.slice(needed.length)];
}

function splitCounts(dataset: MnistDataset | undefined) {
  return {
    trainImagesLoaded: dataset?.loadedCount('train') ?? 0,
    trainImagesTotal: dataset?.count('train') ?? 0,
    testImagesLoaded: dataset?.loadedCount('test') ?? 0,
    testImagesTotal: dataset?.count('test') ?? 0,
  };
}


function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new DOMException('Loading was aborted', 'AbortError');
}

/**
 * Loads the sprite set from baseUrl (e.g. '/data/mnist/'). load() can be called again after a
 * failure: it keeps the manifest, labels and shards already verified and fetches the rest.
 */
export class MnistLoader {
  private manifest: MnistManifest | undefined;
  private datasetValue: MnistDataset | undefined;
  private running: Promise<MnistDataset> | undefined;
  private readonly labelsLoaded: Record<SplitName, boolean> = { train: false, test: false };
  /** Bytes received so far of the file being downloaded. */
  private inFlightBytes = 0;
  /** Bytes of verified files that came from the store. */
  private bytesFromStore = 0;
  /** The options of the load in progress (constructor options plus that call's overrides). */
  private active: LoadOptions;

  constructor(
    private readonly baseUrl: string,
    private readonly options: LoadOptions = {},
  ) {
    this.active = options;
  }

  /** The dataset, from the moment the manifest is in; it fills up as shards arrive. */
  get dataset(): MnistDataset | undefined {
    return this.datasetValue;
  }

  get progress(): LoadProgress {
    const manifest = this.manifest;
    const dataset = this.datasetValue;
    if (!manifest || !dataset) {
      return { bytesLoaded: 0, bytesTotal: 0, bytesFromStore: 0, imagesLoaded: 0, imagesTotal: 0, ...splitCounts(undefined) };
    }
    let bytesLoaded = this.inFlightBytes;
    let bytesTotal = 0;
    for (const split of SPLIT_NAMES) {
      const { labels, shards } = manifest.splits[split];
      bytesTotal += labels.bytes;
      if (this.labelsLoaded[split]) bytesLoaded += labels.bytes;
      shards.forEach((shard, i) => {
        bytesTotal += shard.bytes;
        if (dataset.hasShard(split, i)) bytesLoaded += shard.bytes;
      });
    }
    const counts = splitCounts(dataset);
    return {
      bytesLoaded,
      bytesTotal,
      bytesFromStore: this.bytesFromStore,
      imagesLoaded: counts.trainImagesLoaded + counts.testImagesLoaded,
      imagesTotal: counts.trainImagesTotal + counts.testImagesTotal,
      ...counts,
    };
  }

  /**
   * Fetches whatever is not loaded yet and resolves with the complete dataset. Rejects with a
   * DataError (or the signal's abort reason); the dataset then rejects waits with the same error.
   * `overrides` replace the constructor's options for this call. A call while a load is running
   * returns that load (its options unchanged).
   */
  load(overrides: LoadOptions = {}): Promise<MnistDataset> {
    this.running ??= this.run({ ...this.options, ...overrides }).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async run(options: LoadOptions): Promise<MnistDataset> {
    const { signal } = options;
    this.active = options;
    this.datasetValue?.setFailure(null);
    try {
      throwIfAborted(signal);
      this.manifest ??= await this.loadManifest(signal);
      const manifest = this.manifest;
      const dataset = (this.datasetValue ??= MnistDataset.fromManifest(manifest));
      this.report();

      for (const split of SPLIT_NAMES) {
        if (this.labelsLoaded[split]) continue;
        dataset.setLabels(split, await this.fetchVerified(manifest.splits[split].labels, signal));
        this.labelsLoaded[split] = true;
        this.report();
      }
      for (const { split, shard } of shardOrder(manifest, options.trainSize)) {
        if (dataset.hasShard(split, shard)) continue;
        throwIfAborted(signal);
        const entry = manifest.splits[split].shards[shard];
        const pixels = await this.decodeVerified(entry, await this.fetchVerified(entry, signal));
        dataset.addShard(split, entry.start, pixels);
        this.report();
        options.onShard?.({ split, file: entry.file, start: entry.start, count: entry.count, dataset });
      }
      return dataset;
    } catch (error) {
      this.inFlightBytes = 0;
      this.datasetValue?.setFailure(error as Error);
      throw error;
    }
  }

  private url(file: string): string {
    return this.baseUrl.endsWith('/') ? this.baseUrl + file : `${this.baseUrl}/${file}`;
  }

  private report(): void {
    this.active.onProgress?.(this.progress);
  }

  private async loadManifest(signal: AbortSignal | undefined): Promise<MnistManifest> {
    const file = 'manifest.json';
    const store = this.active.store;
    const stored = await quietly(store && (() => store.read(this.url(file))), undefined);
    const bytes = stored ? await this.fetchManifestOr(stored, signal) : await this.fetchBytes(file, signal);
    try {
      const manifest = parseManifest(JSON.parse(new TextDecoder().decode(bytes)));
      if (store && bytes !== stored) {
        // The network's manifest is the current version: keep it, and drop files no longer listed.
        await quietly(() => store.write(this.url(file), bytes), undefined);
        await quietly(() => store.retainOnly([this.url(file), ...this.storeKeys(manifest)]), undefined);
      }
      return manifest;
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new DataError('manifest', { code: 'manifestDamaged', file, detail }, { cause: error });
    }
  }

  /** The network's manifest, or the stored copy when the network fails or misses the deadline. */
  private async fetchManifestOr(stored: Uint8Array, signal: AbortSignal | undefined): Promise<Uint8Array> {
    const deadline = new AbortController();
    const forward = () => deadline.abort(signal?.reason);
    signal?.addEventListener('abort', forward, { once: true });
    const timer = setTimeout(() => deadline.abort(new DOMException('The manifest took too long', 'TimeoutError')), this.active.manifestDeadlineMs ?? MANIFEST_DEADLINE_MS);
    try {
      return await this.fetchBytes('manifest.json', deadline.signal);
    } catch {
      throwIfAborted(signal);
      return stored;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', forward);
    }
  }

  /** The store keys of every file a manifest lists. */
  private storeKeys(manifest: MnistManifest): string[] {
    return SPLIT_NAMES.flatMap((split) => {
      const { labels, shards } = manifest.splits[split];
      return [labels, ...shards].map((entry) => storeKey(this.url(entry.file), entry.sha256));
    });
  }

  /**
   * A file's verified bytes: the stored copy when it still matches the manifest's size and SHA-256,
   * otherwise downloaded, checked, and stored for the next visit.
   */
  private async fetchVerified(entry: ManifestFile, signal: AbortSignal | undefined): Promise<Uint8Array> {
    const key = storeKey(this.url(entry.file), entry.sha256);
    const store = this.active.store;
    const stored = await quietly(store && (() => store.read(key)), undefined);
    if (stored && stored.length === entry.bytes && (await sha256Hex(stored)) === entry.sha256) {
      this.bytesFromStore += stored.length;
      return stored;
    }
    const bytes = await this.fetchBytes(entry.file, signal, entry.bytes);
    if (bytes.length < entry.bytes) {
      throw new DataError('checksum', { code: 'incomplete', file: entry.file, received: bytes.length, expected: entry.bytes });
    }
    if (bytes.length > entry.bytes || (await sha256Hex(bytes)) !== entry.sha256) {
      throw new DataError('checksum', { code: 'checksumMismatch', file: entry.file });
    }
    await quietly(store && (() => store.write(key, bytes)), undefined);
    return bytes;
  }

  /** Decodes a verified shard and checks the pixels against the manifest's pixelSha256. */
  private async decodeVerified(entry: ManifestShard, png: Uint8Array): Promise<Uint8Array> {
    let pixels: Uint8Array;
    try {
      pixels = await decodeShardAsync(png, entry.count);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new DataError('decode', { code: 'undecodable', file: entry.file, detail }, { cause: error });
    }
    if ((await sha256Hex(pixels)) !== entry.pixelSha256) {
      throw new DataError('decode', { code: 'pixelMismatch', file: entry.file });
    }
    return pixels;
  }

  /** Fetches a file's bytes, reporting progress as they stream in; stops early once past maxBytes. */
  private async fetchBytes(file: string, signal: AbortSignal | undefined, maxBytes?: number): Promise<Uint8Array> {
    const fetchFn = this.active.fetch ?? globalThis.fetch.bind(globalThis);
    let response: Response;
    try {
      response = await fetchFn(this.url(file), { signal });
    } catch (error) {
      throwIfAborted(signal);
      throw new DataError('network', { code: 'networkFailed', file }, { cause: error });
    }
    if (!response.ok) {
      throw new DataError('http', { code: 'httpStatus', file, status: response.status });
    }
    try {
      return await this.readBody(response, maxBytes);
    } catch (error) {
      throwIfAborted(signal);
      throw new DataError('network', { code: 'interrupted', file }, { cause: error });
    } finally {
      this.inFlightBytes = 0;
    }
  }

  private async readBody(response: Response, maxBytes: number | undefined): Promise<Uint8Array> {
    const reader = response.body?.getReader();
    if (!reader) return new Uint8Array(await response.arrayBuffer());
    const chunks: Uint8Array[] = [];
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      if (maxBytes !== undefined && received > maxBytes) {
        // Longer than the manifest says: no need to read the rest to know it is wrong.
        await reader.cancel();
        break;
      }
      this.inFlightBytes = received;
      this.report();
    }
    const bytes = new Uint8Array(received);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.length;
    }
    return bytes;
  }
}

/** One-shot convenience: loads everything from baseUrl and resolves with the complete dataset. */
export function loadMnist(baseUrl: string, options: LoadOptions = {}): Promise<MnistDataset> {
  return new MnistLoader(baseUrl, options).load();
}
