/**
 * How cost grows (issue 9), for `npm run bench` (and `npm run bench -- --scale` alone): every preset's
 * training rate on WASM at its own batch size; lenet-5x5 on WASM at batch 32, 64, 128 and 256 with the
 * worker's peak memory; and on every backend the first batch's time apart from the steady rate.
 * Each point trains in a fresh page and worker (src/bench/bench.worker.ts, runScale), so its first
 * batch is cold and its WASM heap is its own. The helpers above the driver are pure (bench-scale.test.ts).
 */

/** Batch sizes of the memory sweep. */
export const SWEEP_BATCH_SIZES = [32, 64, 128, 256];

/**
 * The points to measure: each preset at its own batch size on WASM, `sweepPreset` on WASM at each
 * sweep batch size not already among them, and `sweepPreset` at its own batch size on each other backend.
 * WASM points time `wasmBatches` steady batches after `wasmWarmup`; the others (30-100x slower here) fewer.
 */
export function scalePoints(presets, { backends, sweepPreset = 'lenet-5x5', wasmBatches = 30, wasmWarmup = 3, otherBatches = 3, otherWarmup = 1 }) {
  const wasm = (presetId, batchSize) => ({ backend: 'wasm', presetId, batchSize, batches: wasmBatches, warmupBatches: wasmWarmup, measurePeak: true });
  const points = [];
  if (backends.includes('wasm')) {
    for (const p of presets) points.push(wasm(p.id, p.batchSize));
    const sweep = presets.find((p) => p.id === sweepPreset);
    if (sweep) for (const size of SWEEP_BATCH_SIZES) if (size !== sweep.batchSize) points.push(wasm(sweep.id, size));
  }
  const own = presets.find((p) => p.id === sweepPreset);
  for (const backend of backends) {
    if (backend === 'wasm' || !own) continue;
    points.push({ backend, presetId: own.id, batchSize: own.batchSize, batches: otherBatches, warmupBatches: otherWarmup, measurePeak: false });
  }
  return points;
}

/**
 * The steady rate of a run whose batches ended at `batchEndSeconds` (from the run's start): the batches
 * after the first `skipped` (the cold first batch and the warm-up ones), timed from the end of the last skipped one.
 * Also their median time: on a shared machine other work stretches some batches, the median less so.
 */
export function steadyRate(batchEndSeconds, batchSize, skipped) {
  const batches = batchEndSeconds.length - skipped;
  if (skipped < 1 || batches < 1) throw new Error(`need more than ${skipped} batches, and one skipped, to time a steady one; got ${batchEndSeconds.length}`);
  const seconds = batchEndSeconds[batchEndSeconds.length - 1] - batchEndSeconds[skipped - 1];
  const times = batchEndSeconds.slice(skipped).map((end, i) => (end - batchEndSeconds[skipped - 1 + i]) * 1000).sort((a, b) => a - b);
  const middle = times.length >> 1;
  const medianMsPerBatch = times.length % 2 ? times[middle] : (times[middle - 1] + times[middle]) / 2;
  return { batches, msPerBatch: (seconds * 1000) / batches, medianMsPerBatch, examplesPerSecond: (batches * batchSize) / seconds };
}

/** One measured point with its derived figures (or why it failed). */
export function summarizePoint(point, outcome) {
  if (outcome.type === 'failed') return { ...point, failed: outcome.message };
  if (outcome.type !== 'scale') throw new Error(`expected a scale report, got ${outcome.type}`);
  const r = outcome.report;
  const steady = steadyRate(r.batchEndSeconds, r.batchSize, 1 + r.warmupBatches);
  return {
    ...point,
    backendDetail: r.backendDetail,
    mflopPerExample: r.flopsPerExample / 1e6,
    firstBatchSeconds: r.firstBatchSeconds,
    steady,
    gflops: (steady.examplesPerSecond * r.flopsPerExample) / 1e9,
    /** How many steady batches the first one is worth. */
    firstBatchInSteadyBatches: (r.firstBatchSeconds * 1000) / steady.msPerBatch,
    wasmHeapBytes: r.wasmHeapBytes,
    tfPeakBytes: r.tfPeakBytes,
  };
}

const fixed = (n, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '–');
const mib = (bytes) => (bytes == null ? '–' : fixed(bytes / 2 ** 20, 1));

/** A fixed-width table: the first `leftColumns` columns (words) left-aligned, the rest (figures) right-aligned, each as wide as its widest cell. */
export function formatTable(header, rows, leftColumns = 1) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)));
  const line = (cells) => cells.map((c, i) => (i < leftColumns ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** The scale section as printed: three tables, with the machine's load next to them. */
export function formatScale({ rows, loadBefore, loadAfter, cores, sweepPreset = 'lenet-5x5' }) {
  const out = [];
  const load = (l) => l.map((v) => v.toFixed(2)).join(', ');
  out.push(`How cost grows (load average before ${load(loadBefore)}, after ${load(loadAfter)}; 1, 5, 15 min, on ${cores} cores)`);
  const failed = (r) => `not available: ${r.failed}`;

  const wasm = rows.filter((r) => r.backend === 'wasm');
  const presetRows = [...new Set(wasm.map((r) => r.presetId))].map((id) => wasm.find((r) => r.presetId === id));
  out.push('\nWASM, each preset at its own batch size (first batch: from Train to the first batch done, cold; steady: the batches after the warm-up)');
  out.push(formatTable(['preset', 'batch', 'MFLOP/ex', 'first batch s', 'steady ms/batch', 'median ms', 'ex/s', 'GFLOP/s'],
    presetRows.map((r) => (r.failed ? [r.presetId, r.batchSize, failed(r), '', '', '', '', ''] : [
      r.presetId, r.batchSize, fixed(r.mflopPerExample, 2), fixed(r.firstBatchSeconds, 2), fixed(r.steady.msPerBatch, 1), fixed(r.steady.medianMsPerBatch, 1),
      fixed(r.steady.examplesPerSecond), fixed(r.gflops, 1),
    ]))));

  const sweep = wasm.filter((r) => r.presetId === sweepPreset).sort((a, b) => a.batchSize - b.batchSize);
  out.push(`\n${sweepPreset} on WASM by batch size (WASM heap: the module's memory.buffer.byteLength after the run, which only grows, so its peak;` +
    '\ntf peak: the highest tf.memory().numBytes after any kernel over two profiled batches, tensors only)');
  out.push(formatTable(['batch', 'ex/s', 'steady ms/batch', 'median ms', 'first batch s', 'WASM heap MiB', 'tf peak MiB'],
    sweep.map((r) => (r.failed ? [r.batchSize, failed(r), '', '', '', '', ''] : [
      r.batchSize, fixed(r.steady.examplesPerSecond), fixed(r.steady.msPerBatch, 1), fixed(r.steady.medianMsPerBatch, 1), fixed(r.firstBatchSeconds, 2),
      mib(r.wasmHeapBytes), mib(r.tfPeakBytes),
    ]))));

  const own = sweep.find((r) => !r.failed && rows.some((o) => o.backend !== 'wasm' && o.batchSize === r.batchSize));
  const backendRows = [...(own ? [own] : []), ...rows.filter((r) => r.backend !== 'wasm')];
  if (backendRows.length > 0) {
    out.push(`\nFirst batch apart from the steady rate, ${sweepPreset} at batch ${backendRows[0].batchSize}, each backend (first/steady: how many steady batches the first one takes; few batches off WASM, where they are slow)`);
    out.push(formatTable(['backend', 'adapter/renderer', 'first batch s', 'steady ms/batch', 'ex/s', 'first/steady', 'steady batches'],
      backendRows.map((r) => (r.failed ? [r.backend, failed(r), '', '', '', '', ''] : [
        r.backend, r.backendDetail.slice(0, 40), fixed(r.firstBatchSeconds, 2), fixed(r.steady.msPerBatch, 1), fixed(r.steady.examplesPerSecond, r.steady.examplesPerSecond < 100 ? 1 : 0),
        fixed(r.firstBatchInSteadyBatches, 1), r.steady.batches,
      ])), 2));
  }
  return out.join('\n');
}

/**
 * Measures each point in a fresh page of `browser` on the bench page at `base`, in turn, and returns
 * the summarised rows with the load average before and after (os.loadavg()) and the core count.
 */
export async function measureScale(browser, base, points, { loadavg, cores, log = (text) => process.stdout.write(text) }) {
  const loadBefore = loadavg();
  const rows = [];
  for (const point of points) {
    log(`scale: ${point.presetId} at batch ${point.batchSize} on ${point.backend}, ${point.warmupBatches} warm-up + ${point.batches} timed batches...\n`);
    const hash = new URLSearchParams({
      mode: 'scale', backend: point.backend, preset: point.presetId, batchSize: String(point.batchSize),
      batches: String(point.batches), warmup: String(point.warmupBatches), peak: point.measurePeak ? '1' : '0',
    });
    const page = await browser.newPage();
    try {
      await page.goto(`${base}/bench.html#${hash}`);
      const handle = await page.waitForFunction(() => globalThis.benchResult, null, { timeout: 900_000, polling: 500 });
      const row = summarizePoint(point, await handle.jsonValue());
      if (row.failed) log(`  skipped: ${row.failed}\n`);
      rows.push(row);
    } finally {
      await page.close();
    }
  }
  return { date: new Date().toISOString(), cores, loadBefore, loadAfter: loadavg(), rows };
}
