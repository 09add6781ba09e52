// Types for bench-scale.mjs, so its test type-checks.
import type { BenchMessage, ScaleRequest } from '../src/bench/protocol';

export const SWEEP_BATCH_SIZES: number[];

/** One point of the table: the request the bench page is sent. */
export type ScalePoint = ScaleRequest;

export interface SteadyRate {
  batches: number;
  msPerBatch: number;
  medianMsPerBatch: number;
  examplesPerSecond: number;
}

export type ScaleRow = ScalePoint & (
  | { failed: string }
  | {
    failed?: undefined;
    backendDetail: string;
    mflopPerExample: number;
    firstBatchSeconds: number;
    steady: SteadyRate;
    gflops: number;
    firstBatchInSteadyBatches: number;
    wasmHeapBytes: number | null;
    tfPeakBytes: number | null;
  });

export interface ScaleResults {
  date: string;
  cores: number;
  loadBefore: number[];
  loadAfter: number[];
  rows: ScaleRow[];
}

export function scalePoints(
  presets: readonly { id: string; batchSize: number }[],
  options: { backends: string[]; sweepPreset?: string; wasmBatches?: number; wasmWarmup?: number; otherBatches?: number; otherWarmup?: number },
): ScalePoint[];
export function steadyRate(batchEndSeconds: number[], batchSize: number, skip: number): SteadyRate;
export function summarizePoint(point: ScalePoint, outcome: BenchMessage): ScaleRow;
export function formatTable(header: string[], rows: (string | number)[][], leftColumns?: number): string;
export function formatScale(results: Omit<ScaleResults, 'date'> & { sweepPreset?: string }): string;
export function measureScale(
  browser: unknown, base: string, points: ScalePoint[],
  options: { loadavg: () => number[]; cores: number; log?: (text: string) => void },
): Promise<ScaleResults>;
