/**
 * The shape of public/data/mnist/manifest.json, written by scripts/build-sprites.mjs, and a
 * checker that turns untrusted JSON into a MnistManifest.
 */

export type SplitName = 'train' | 'test';

export const SPLIT_NAMES: readonly SplitName[] = ['train', 'test'];

/** One file the loader fetches and verifies. */
export interface ManifestFile {
  file: string;
  bytes: number;
  /** Hex SHA-256 of the file's bytes. */
  sha256: string;
}

/** One sprite PNG: images [start, start + count) of its split, one 784-px row per image. */
export interface ManifestShard extends ManifestFile {
  start: number;
  count: number;
  /** Hex SHA-256 of the decoded pixels (the IDX image bytes of that range). */
  pixelSha256: string;
}

export interface ManifestSplit {
  count: number;
  /** One byte (0-9) per image. */
  labels: ManifestFile;
  /** In order, covering [0, count) without gaps. */
  shards: ManifestShard[];
}

export interface ManifestSource {
  /** npm package the IDX files came from, and its version. */
  package: string;
  version: string;
  /** Byte size and SHA-256 of each original IDX file, keyed by file name. */
  files: Record<string, { bytes: number; sha256: string }>;
}

export interface MnistManifest {
  version: 1;
  imageSize: number;
  imagesPerShard: number;
  source: ManifestSource;
  splits: Record<SplitName, ManifestSplit>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
// Plain file names only: the loader joins them to a base URL.
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

function checkFile(value: unknown, where: string): ManifestFile {
  if (!isObject(value)) throw new Error(`${where} is missing`);
  const { file, bytes, sha256 } = value;
  if (typeof file !== 'string' || !FILE_NAME.test(file)) throw new Error(`${where}.file is not a plain file name`);
  if (!isCount(bytes) || bytes === 0) throw new Error(`${where}.bytes is not a positive integer`);
  if (typeof sha256 !== 'string' || !SHA256_HEX.test(sha256)) throw new Error(`${where}.sha256 is not a hex SHA-256`);
  return { file, bytes, sha256 };
}

function checkSplit(value: unknown, where: string, imagesPerShard: number): ManifestSplit {
  if (!isObject(value)) throw new Error(`${where} is missing`);
  const { count, shards } = value;
  if (!isCount(count) || count === 0) throw new Error(`${where}.count is not a positive integer`);
  const labels = checkFile(value.labels, `${where}.labels`);
  if (labels.bytes !== count) throw new Error(`${where}.labels has ${labels.bytes} bytes for ${count} images`);
  if (!Array.isArray(shards) || shards.length === 0) throw new Error(`${where}.shards is not a list`);
  let next = 0;
  const checked = shards.map((shard: unknown, i): ManifestShard => {
    const at = `${where}.shards[${i}]`;
    const file = checkFile(shard, at);
    const { start, count: shardCount, pixelSha256 } = shard as Record<string, unknown>;
    if (start !== next) throw new Error(`${at}.start is ${String(start)}, expected ${next}`);
    if (!isCount(shardCount) || shardCount === 0 || shardCount > imagesPerShard) {
      throw new Error(`${at}.count is not between 1 and ${imagesPerShard}`);
    }
    if (typeof pixelSha256 !== 'string' || !SHA256_HEX.test(pixelSha256)) throw new Error(`${at}.pixelSha256 is not a hex SHA-256`);
    next += shardCount;
    return { ...file, start: next - shardCount, count: shardCount, pixelSha256 };
  });
  if (next !== count) throw new Error(`${where}.shards cover ${next} images, expected ${count}`);
  return { count, labels, shards: checked };
}

/**
 * Checks parsed manifest JSON and returns it typed. Throws an Error saying which field is wrong.
 * Only what the loader relies on is checked deeply; `source` is informational.
 */
export function parseManifest(value: unknown): MnistManifest {
  if (!isObject(value)) throw new Error('manifest is not a JSON object');
  const { version, imageSize, imagesPerShard, source, splits } = value;
  if (version !== 1) throw new Error(`manifest version ${String(version)} is not supported`);
  if (imageSize !== 28) throw new Error(`imageSize ${String(imageSize)} is not 28`);
  if (!isCount(imagesPerShard) || imagesPerShard === 0) throw new Error('imagesPerShard is not a positive integer');
  if (!isObject(source) || typeof source.package !== 'string' || typeof source.version !== 'string' || !isObject(source.files)) {
    throw new Error('source is missing');
  }
  if (!isObject(splits)) throw new Error('splits is missing');
  return {
    version,
    imageSize,
    imagesPerShard,
    source: source as unknown as ManifestSource,
    splits: {
      train: checkSplit(splits.train, 'splits.train', imagesPerShard),
      test: checkSplit(splits.test, 'splits.test', imagesPerShard),
    },
  };
}
