import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../core/config/fields';
import { getPreset } from '../../core/config/presets';
import type { LayerSpec } from '../../core/model/spec';
import type { BatchMetrics } from '../../core/training/trainer';
import { curveOf, newRunRecord, runsToCsv, type RunRecord } from '../runRecord';
import { checkRunRecord, deleteRun, putRawForTest, putRun, readRuns } from './runsDb';

function batches(n: number): BatchMetrics[] {
  return Array.from({ length: n }, (_, i) => ({
    epoch: Math.floor(i / 10), batch: i % 10, batchesPerEpoch: 10, loss: 2 / (1 + i), accuracy: i / n, smoothedLoss: 2 / (1 + i),
    epochLoss: 1, epochAccuracy: 0.5, examplesSeen: (i + 1) * 32, examplesPerSecond: 1000, steadyBatches: i, steadySeconds: i * 0.032,
    firstBatchSeconds: 0.5, elapsedSeconds: (i + 1) * 0.032,
  }) as BatchMetrics);
}

function finishedRun(id: number): RunRecord {
  const layers = getPreset('small-conv')!.layers as LayerSpec[];
  const record = newRunRecord(id, { settings: { ...defaultSettings(), trainSize: 2000, epochs: 2 }, layers, presetId: 'small-conv' }, null, new Date('2026-11-30T15:00:00Z'));
  return {
    ...record,
    status: 'done',
    trainCount: 1800,
    validationCount: 200,
    batches: curveOf(batches(20)),
    epochs: [{ epoch: 0, trainLoss: 0.9, trainAccuracy: 0.7, validationLoss: 0.5, validationAccuracy: 0.85, seconds: 1.2, numTensors: 40 }],
    test: { accuracy: 0.9, loss: 0.3, count: 10_000, confusion: Array.from({ length: 100 }, (_, i) => (i % 11 === 0 ? 900 : 0)) },
    seconds: 2.5,
    examplesPerSecond: 1440,
    backend: 'wasm',
    threads: 2,
    weightsBytes: 52_000,
  };
}

describe('the run history in IndexedDB', () => {
  it('a run record round-trips through the persistence module, and a deletion sticks', async () => {
    const run = finishedRun(1);
    await putRun(run);
    await putRun(finishedRun(2));
    const { runs, skipped } = await readRuns();
    expect(skipped).toEqual([]);
    expect(runs.map((r) => r.id)).toEqual([1, 2]);
    expect(runs[0]).toEqual(run);
    expect(runs[0].params).toBe(12_810);
    await deleteRun(2);
    expect((await readRuns()).runs.map((r) => r.id)).toEqual([1]);
    await deleteRun(1);
  });

  it('a damaged or older record is left out with its reason, and the others still read', async () => {
    await putRun(finishedRun(3));
    await putRawForTest(4, { ...finishedRun(4), version: 0 });
    await putRawForTest(5, { ...finishedRun(5), test: { accuracy: 'high' } });
    await putRawForTest(6, 'not a record at all');
    await putRawForTest(7, { ...finishedRun(8) });
    const { runs, skipped } = await readRuns();
    expect(runs.map((r) => r.id)).toEqual([3]);
    expect(skipped.map((s) => s.key)).toEqual([4, 5, 6, 7]);
    expect(skipped.map((s) => s.issue)).toEqual(['version', 'test.accuracy', '', 'id']);
  });
});

describe('a run record', () => {
  it('gets the defaults for settings an older record lacks', () => {
    const run = finishedRun(9) as unknown as { settings: Record<string, unknown> };
    delete run.settings.l2;
    const checked = checkRunRecord(run);
    expect(checked.ok && checked.record.settings.l2).toBe(defaultSettings().l2);
  });

  it('thins a long batch curve to at most 300 smoothed points, keeping the last batch', () => {
    const curve = curveOf(batches(1000));
    expect(curve.x.length).toBeLessThanOrEqual(300);
    expect(curve.x[curve.x.length - 1]).toBe(100);
    expect(curve.loss[0]).toBe(2);
    expect(curve.loss[curve.loss.length - 1]).toBeLessThan(0.1);
  });

  it('writes one CSV line per run, quoting a name with a comma', () => {
    const csv = runsToCsv([{ ...finishedRun(1), name: 'conv, "small"' }], (r) => r.name ?? '', () => 'layers');
    const [header, line] = csv.trim().split('\r\n');
    expect(header.split(',').slice(0, 6)).toEqual(['id', 'name', 'preset', 'status', 'started_at', 'test_accuracy']);
    expect(line.startsWith('1,"conv, ""small""",small-conv,done,2026-11-30T15:00:00.000Z,0.9,')).toBe(true);
  });
});
