// Types for build-sprites.mjs, so TypeScript tests can import the generator.
import type { ManifestSource, MnistManifest } from '../src/core/data/manifest';

export const SOURCE_PACKAGE: string;
export const DEFAULT_SOURCE_DIR: string;
export const DEFAULT_OUT_DIR: string;
export const MANIFEST_VERSION: 1;
export const IMAGE_SIZE: number;
export const PIXELS_PER_IMAGE: number;
export const IMAGES_PER_SHARD: number;

type SplitFiles = { images: string; labels: string };
export const SOURCE_FILES: { train: SplitFiles; test: SplitFiles };

export interface IdxFile {
  magic: number;
  dims: number[];
  data: Uint8Array;
}
export interface MnistSplitData {
  count: number;
  pixels: Uint8Array;
  labels: Uint8Array;
}
export interface SourceData {
  source: ManifestSource;
  bytes: Record<string, Uint8Array>;
}
export interface FreshCheck {
  fresh: boolean;
  reason: string;
  manifest?: MnistManifest;
}

export function sha256Hex(bytes: Uint8Array): string;
export function parseIdx(bytes: Uint8Array, name?: string): IdxFile;
export function parseMnistSplit(imageBytes: Uint8Array, labelBytes: Uint8Array, names?: SplitFiles): MnistSplitData;
export function readSource(sourceDir?: string): Promise<SourceData>;
export function encodeShard(pixels: Uint8Array, count: number): Uint8Array;
export function listedFiles(manifest: MnistManifest): { file: string; bytes: number; sha256: string }[];
export function checkFresh(outDir: string, source: ManifestSource): Promise<FreshCheck>;
export function buildSprites(
  outDir?: string,
  options?: { sourceDir?: string; sourceData?: SourceData },
): Promise<{ manifest: MnistManifest; totalBytes: number }>;
export function ensureSprites(
  outDir?: string,
  options?: { sourceDir?: string },
): Promise<{ rebuilt: boolean; reason: string; manifest: MnistManifest; totalBytes: number }>;
