import { describe, expect, it } from 'vitest';
import { PRESETS } from '../src/core/config/presets';
import type { ScaleReport } from '../src/bench/protocol';
import { formatScale, formatTable, scalePoints, steadyRate, summarizePoint, type ScalePoint } from './bench-scale.mjs';

const report = (point: ScalePoint, over: Partial<ScaleReport> = {}): ScaleReport => ({
  backend: point.backend, backendDetail: 'WASM SIMD on', presetId: point.presetId, batchSize: point.batchSize,
  warmupBatches: point.warmupBatches, flopsPerExample: 2e6, firstBatchSeconds: 1.5,
  // Cold first batch ends at 1 s, then one batch every 0.1 s.
  batchEndSeconds: Array.from({ length: 1 + point.warmupBatches + point.batches }, (_, i) => 1 + i * 0.1),
  wasmHeapBytes: point.backend === 'wasm' ? 48 * 2 ** 20 : null, tfPeakBytes: point.measurePeak ? 12.5 * 2 ** 20 : null, ...over,
});

describe('scalePoints', () => {
  it('measures every preset on WASM at its own batch size, lenet-5x5 at each sweep size once, and lenet-5x5 on each other backend', () => {
    const points = scalePoints(PRESETS, { backends: ['wasm', 'webgl', 'cpu'] });
    const wasm = points.filter((p) => p.backend === 'wasm');
    for (const preset of PRESETS) expect(wasm).toContainEqual(expect.objectContaining({ presetId: preset.id, batchSize: preset.batchSize }));
    const lenet = wasm.filter((p) => p.presetId === 'lenet-5x5').map((p) => p.batchSize).sort((a, b) => a - b);
    expect(lenet).toEqual([32, 64, 128, 256]);
    expect(wasm.every((p) => p.measurePeak)).toBe(true);
    expect(points.filter((p) => p.backend !== 'wasm')).toEqual([
      { backend: 'webgl', presetId: 'lenet-5x5', batchSize: 64, batches: 3, warmupBatches: 1, measurePeak: false },
      { backend: 'cpu', presetId: 'lenet-5x5', batchSize: 64, batches: 3, warmupBatches: 1, measurePeak: false },
    ]);
  });

  it('leaves WASM out when it is not asked for', () => {
    expect(scalePoints(PRESETS, { backends: ['webgpu'] }).map((p) => p.backend)).toEqual(['webgpu']);
  });
});

describe('steadyRate', () => {
  it('times the batches after the skipped ones, end to end', () => {
    // Batch ends: cold 2 s, warm-up 2.5 s, then three batches of 0.25 s each.
    const rate = steadyRate([2, 2.5, 2.75, 3, 3.25], 64, 2);
    expect(rate.batches).toBe(3);
    expect(rate.msPerBatch).toBeCloseTo(250);
    expect(rate.medianMsPerBatch).toBeCloseTo(250);
    expect(rate.examplesPerSecond).toBeCloseTo(256);
  });

  it('gives the median batch time, which one stretched batch moves less than the mean', () => {
    // Steady batches of 100, 100, 400 and 100 ms after one skipped batch ending at 1 s.
    const rate = steadyRate([1, 1.1, 1.2, 1.6, 1.7], 32, 1);
    expect(rate.msPerBatch).toBeCloseTo(175);
    expect(rate.medianMsPerBatch).toBeCloseTo(100);
    expect(steadyRate([1, 1.1, 1.4, 1.5], 32, 1).medianMsPerBatch).toBeCloseTo(100);
    expect(steadyRate([1, 1.1, 1.4], 32, 1).medianMsPerBatch).toBeCloseTo(200);
  });

  it('refuses a run too short to have a steady batch', () => {
    expect(() => steadyRate([1, 2], 32, 2)).toThrow(/more than 2 batches/);
    expect(() => steadyRate([1, 2], 32, 0)).toThrow(/one skipped/);
  });
});

describe('summarizePoint', () => {
  it('derives the steady rate, GFLOP/s and the first batch in steady batches', () => {
    const point = scalePoints(PRESETS, { backends: ['wasm'] })[0];
    const row = summarizePoint(point, { type: 'scale', report: report(point) });
    if (row.failed !== undefined) throw new Error(row.failed);
    expect(row.steady.batches).toBe(point.batches);
    expect(row.steady.msPerBatch).toBeCloseTo(100);
    expect(row.gflops).toBeCloseTo((row.steady.examplesPerSecond * 2e6) / 1e9);
    expect(row.firstBatchInSteadyBatches).toBeCloseTo(15);
  });

  it('keeps a failure as its message', () => {
    const point = scalePoints(PRESETS, { backends: ['webgpu'] })[0];
    expect(summarizePoint(point, { type: 'failed', message: 'webgpu did not start' }).failed).toBe('webgpu did not start');
  });
});

describe('formatTable', () => {
  it('pads every column to its widest cell, the first to the left and the rest to the right', () => {
    expect(formatTable(['a', 'bb'], [['long', 1], ['x', 123]]).split('\n')).toEqual(['a      bb', 'long    1', 'x     123']);
    expect(formatTable(['a', 'b', 'c'], [['x', 'long', 1]], 2).split('\n')).toEqual(['a  b     c', 'x  long  1']);
  });
});

describe('formatScale', () => {
  it('prints the preset table, the batch sweep with both memory figures, and each backend with its load', () => {
    const points = scalePoints(PRESETS, { backends: ['wasm', 'webgpu'] });
    const rows = points.map((p) => (p.backend === 'webgpu'
      ? summarizePoint(p, { type: 'failed', message: 'no adapter' })
      : summarizePoint(p, { type: 'scale', report: report(p) })));
    const text = formatScale({ rows, loadBefore: [1, 2, 3], loadAfter: [1.5, 2, 3], cores: 2 });
    expect(text).toContain('load average before 1.00, 2.00, 3.00, after 1.50, 2.00, 3.00');
    for (const preset of PRESETS) expect(text).toMatch(new RegExp(`^${preset.id} `, 'm'));
    // The sweep: batch 256, 2,560 ex/s at 100 ms a batch, 48 MiB heap, 12.5 MiB of tensors.
    expect(text).toMatch(/^256 +2,560 +100\.0 +100\.0 +1\.50 +48\.0 +12\.5$/m);
    expect(text).toMatch(/^wasm +WASM SIMD on +1\.50 +100\.0 +640 +15\.0 +30$/m);
    expect(text).toMatch(/^webgpu +not available: no adapter$/m);
  });
});
