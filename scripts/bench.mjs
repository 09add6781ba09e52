#!/usr/bin/env node
/**
 * npm run bench: trains the default model in headless Chromium for a fixed number of batches on
 * every backend this machine offers, through the app's own engine, and beside it with plain
 * model.fit. Prints examples/s, GFLOP/s, time from page load to the first batch, our overhead
 * against fit, and (for WASM) one full 60,000-image epoch with its test accuracy.
 *
 * Options: --backends=wasm,webgl (or none)  --batches=60  --preset=lenet-5x5  --no-full-epoch
 *          --recipes=dense-baseline,two-conv-adam,pytorch-classic  (train each preset with its own
 *          recipe on all 60,000 images on WASM and compare its test accuracy with the reference;
 *          slow: minutes to an hour each on a 2-core CPU; --seed=N, or --seed=1,2,3 to train each
 *          recipe once per seed and print the mean, spread and range of its test accuracy)
 *          --candidates=file.json  (with --seed=1,2,3): train each candidate of the file, a JSON list of
 *          { name, layers: LayerSpec[], training: { optimizer, learningRate, batchSize, epochs, schedule, ... } },
 *          through the app's own session on WASM on all 60,000 images (10% held out unless the candidate
 *          says otherwise, as the page does), and print its test accuracy, multiply-adds and examples/s:
 *          how the fast-99 preset was chosen.
 *          --time-to=99 (or --time-to=98.5,99): on the production build, open the page with its defaults
 *          on WASM for each seed (default --seed=1,2,3), press Train as soon as it is enabled, and time
 *          from page open to the first test accuracy shown at or above each mark (98.5% and 99%), reading
 *          the per-epoch test line and the final result as the page shows them.
 *          --first-batch (--runs=5): on the production build with its files cached (one visit first,
 *          then reloads in the same browser context), the page's defaults on WASM: from navigation to
 *          Train enabled, to the click (pressed the moment it is enabled) and to the first batch shown,
 *          medians and ranges (scripts/bench-first-batch.mjs; it also compares built folders alone).
 *          --page=dev,built  (default both; --page=none skips it): the page itself, on the dev server
 *          and on the production build, trains a 10,000-image epoch on WASM in its worker while the
 *          main thread's work is recorded: busy time, the longest task and every task over 50 ms.
 *          --draw=built (default; dev, or none): the drawing's latency, end of stroke to the bars updated,
 *          idle and while a model trains (scripts/bench-draw.mjs).
 *          --scale (alone: only this; part of the full run unless --no-scale): how cost grows
 *          (scripts/bench-scale.mjs): every preset's examples/s on WASM at its own batch size, --preset
 *          on WASM at batch 32, 64, 128 and 256 with the worker's peak memory, and on every backend the
 *          first batch's time apart from the steady rate; --scale-batches=30 timed WASM batches a point.
 * Environment: CHROMIUM_PATH (default /usr/bin/chromium; 'playwright' for Playwright's own build).
 */
import { chromium } from '@playwright/test';
import { mkdir, writeFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, createServer, preview } from 'vite';
import { measureDrawing, printDrawing } from './bench-draw.mjs';
import { measureFirstBatch, printFirstBatch, SOFTWARE_GPU_FLAGS } from './bench-first-batch.mjs';
import { formatScale, measureScale, scalePoints } from './bench-scale.mjs';

const args = Object.fromEntries(process.argv.slice(2).map((a) => {
  const [k, v] = a.replace(/^--/, '').split('=');
  return [k, v ?? 'true'];
}));
// --backends=none runs only the page measurement (or only --recipes).
const backends = (args.backends ?? 'wasm,webgpu,webgl,cpu').split(',').filter((b) => ['wasm', 'webgpu', 'webgl', 'cpu'].includes(b));
const preset = args.preset ?? 'lenet-5x5';
const fullEpoch = args['no-full-epoch'] !== 'true';
// Software GPUs and plain JS are 30-100x slower than WASM here: fewer batches keep the run short.
const batchesFor = (b) => Number(args.batches ?? (b === 'wasm' ? 60 : 8));
const warmupFor = (b) => (b === 'wasm' ? 5 : 2);
const pageModes = (args.page ?? 'dev,built').split(',').filter((m) => m === 'dev' || m === 'built');
const drawModes = (args.draw ?? 'built').split(',').filter((m) => m === 'dev' || m === 'built');
// The scale section: on in the full run, alone with --scale, off with --no-scale or a training mode.
const scaleBackends = [...backends];
const isScaleOnly = args.scale === 'true';
const isScaleOn = args['no-scale'] !== 'true' && !args.recipes && !args.candidates && !args['time-to'] && !args['first-batch'];
if (isScaleOnly) { backends.length = 0; pageModes.length = 0; drawModes.length = 0; }
let scaleResults = null;
const drawResults = [];
const PAGE_RUN = 'preset=lenet-5x5&backend=wasm&trainSize=10000&epochs=1&optimizer=adam&learningRate=0.001';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// No file watching or hot reload: an edit in the tree must not restart a run that takes minutes.
// --time-to needs only the production build (served on BENCH_PORT then), not the dev server.
const isTimeToOnly = Boolean(args['time-to']) || Boolean(args['first-batch']);
if (isTimeToOnly) backends.length = 0;
const server = isTimeToOnly ? null : await createServer({
  server: { port: Number(process.env.BENCH_PORT ?? 5199), strictPort: true, hmr: false, watch: { ignored: ['**/*'] } },
  logLevel: 'warn',
});
await server?.listen();
const base = server ? `http://localhost:${server.config.server.port}` : '';
const browser = await chromium.launch({
  executablePath: chromiumPath === 'playwright' ? undefined : chromiumPath,
  args: ['--no-sandbox', '--disable-background-networking', ...SOFTWARE_GPU_FLAGS],
});

const percent = (fraction) => `${(fraction * 100).toFixed(2)}%`;
const againstReference = (accuracy, reference) =>
  reference === null ? 'no published reference' : `reference ${percent(reference)}, difference ${((accuracy - reference) * 100).toFixed(2)} points`;

/** Trains one preset with its recipe in a fresh page and returns the page's report. */
async function trainRecipe(recipe, seed, candidate) {
  const page = await browser.newPage();
  page.on('console', (m) => process.stdout.write(`  ${m.text()}\n`));
  process.stdout.write(`${candidate ? `candidate ${candidate.name}` : `recipe ${recipe}`}, seed ${seed}: training on all 60,000 images...\n`);
  const candidateParam = candidate ? `&candidate=${encodeURIComponent(JSON.stringify({ layers: candidate.layers, training: candidate.training }))}` : '';
  await page.goto(`${base}/bench.html#recipe=${recipe}&backend=${args.backend ?? 'wasm'}&seed=${seed}${candidateParam}`);
  const handle = await page.waitForFunction(() => globalThis.benchResult, null, { timeout: 0, polling: 5000 });
  const message = await handle.jsonValue();
  await page.close();
  if (message.type === 'failed') throw new Error(message.message);
  return message.report;
}

/**
 * Opens the app at `origin`, trains PAGE_RUN from the Train click to the test accuracy, and reports
 * what the page's main thread did meanwhile (Chromium's own task accounting, and the Long Tasks API).
 */
async function measurePage(origin, label) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 960 } });
  await page.addInitScript(() => {
    globalThis.benchLongTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) globalThis.benchLongTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  process.stdout.write(`page (${label}): training a 10,000-image epoch on WASM...\n`);
  await page.goto(`${origin}/#${PAGE_RUN}`);
  // Cheap in-page polling: Playwright's text and role queries would add main-thread work of their own.
  await page.waitForFunction(() => {
    const train = [...globalThis.document.querySelectorAll('button')].find((b) => b.textContent === 'Train');
    return train && !train.disabled && globalThis.document.querySelector('[data-testid="backend-badge"]')?.textContent?.includes('WebAssembly');
  }, null, { polling: 500, timeout: 300_000 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const before = await metrics();
  const clickedAt = await page.evaluate(() => {
    [...globalThis.document.querySelectorAll('button')].find((b) => b.textContent === 'Train').click();
    return performance.now();
  });
  await page.waitForFunction(() => /Test accuracy: \d/.test(globalThis.document.querySelector('[data-testid="test-result"]')?.textContent ?? ''), null, { polling: 1000, timeout: 600_000 });
  const doneAt = await page.evaluate(() => performance.now());
  const after = await metrics();
  const accuracy = await page.evaluate(() => globalThis.document.querySelector('[data-testid="test-result"]').textContent);
  const longTasks = (await page.evaluate(() => globalThis.benchLongTasks)).filter((t) => t.start >= clickedAt);
  await page.close();
  const seconds = (doneAt - clickedAt) / 1000;
  const busy = (key) => (after[key] - before[key]) / seconds;
  return {
    label, seconds, accuracy,
    busy: busy('TaskDuration'), script: busy('ScriptDuration'), styleAndLayout: busy('RecalcStyleDuration') + busy('LayoutDuration'),
    longestTask: Math.max(0, ...longTasks.map((t) => t.duration)),
    longTasks: longTasks.map((t) => ({ at: (t.start - clickedAt) / 1000, duration: t.duration })),
  };
}

const results = [];
const timeToResults = [];
let firstBatchResult = null;

/**
 * Opens the built page at `origin` with `hash` in a fresh context, presses Train as soon as it is
 * enabled, and records (in the page, every 100 ms) when each test accuracy first appears: the line
 * after an epoch ("After epoch 1: 98.70% (1,974 of 2,000 ...)") and the final result. Times are
 * performance.now(): milliseconds since the page was opened.
 */
async function timeToAccuracy(origin, hash) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const seen = { trainEnabledAt: null, clickedAt: null, readings: [], final: null };
    globalThis.benchTimeTo = seen;
    const poll = () => {
      const now = performance.now();
      const doc = globalThis.document;
      if (!doc?.body) return;
      if (seen.clickedAt === null) {
        const train = [...doc.querySelectorAll('button')].find((b) => b.textContent === 'Train');
        if (train && !train.disabled) {
          seen.trainEnabledAt = now;
          train.click();
          seen.clickedAt = performance.now();
        }
        return;
      }
      const text = doc.body.innerText;
      for (const m of text.matchAll(/After epoch (\d+): ([\d.]+)% \(([\d,]+) of ([\d,]+) test digits right\)/g)) {
        const epoch = Number(m[1]);
        if (!seen.readings.some((r) => r.epoch === epoch)) {
          seen.readings.push({ epoch, accuracy: Number(m[2]), count: Number(m[4].replace(/,/g, '')), at: now });
        }
      }
      const final = /Test accuracy: ([\d.]+)%/.exec(doc.querySelector('[data-testid="test-result"]')?.textContent ?? '');
      if (final && seen.final === null) seen.final = { accuracy: Number(final[1]), count: 10_000, at: now };
    };
    setInterval(poll, 100);
  });
  await page.goto(`${origin}/#${hash}`);
  await page.waitForFunction(() => globalThis.benchTimeTo?.final, null, { polling: 1000, timeout: 1_200_000 });
  const seen = await page.evaluate(() => globalThis.benchTimeTo);
  await context.close();
  return seen;
}
const pageResults = [];
const recipes = args.recipes ? args.recipes.split(',') : [];
const recipeResults = [];
try {
  const seeds = String(args.seed ?? 42).split(',').map(Number);
  if (seeds.some((seed) => !Number.isInteger(seed) || seed < 0)) throw new Error(`--seed takes whole numbers, e.g. --seed=1,2,3 (got ${args.seed})`);
  for (const recipe of recipes) {
    const accuracies = [];
    for (const seed of seeds) {
      const r = await trainRecipe(recipe, seed);
      recipeResults.push(r);
      accuracies.push(r.testAccuracy);
      process.stdout.write(`  ${recipe} (seed ${r.seed}): test accuracy ${percent(r.testAccuracy)} after ${r.epochs} epochs of batch ${r.batchSize} in ${r.seconds.toFixed(0)} s (${againstReference(r.testAccuracy, r.referenceAccuracy)})\n`);
    }
    if (seeds.length > 1) {
      const mean = accuracies.reduce((a, b) => a + b, 0) / accuracies.length;
      const sd = Math.sqrt(accuracies.reduce((a, b) => a + (b - mean) ** 2, 0) / (accuracies.length - 1));
      const reference = recipeResults[recipeResults.length - 1].referenceAccuracy;
      process.stdout.write(`  ${recipe} over ${seeds.length} seeds: mean ${percent(mean)}, sd ${(sd * 100).toFixed(2)} points, range ${percent(Math.min(...accuracies))} to ${percent(Math.max(...accuracies))} (${againstReference(mean, reference)})\n`);
    }
  }
  if (recipes.length > 0) backends.length = 0;

  if (args.candidates) {
    const { readFile } = await import('node:fs/promises');
    const candidates = JSON.parse(await readFile(args.candidates, 'utf8'));
    backends.length = 0;
    pageModes.length = 0;
    drawModes.length = 0;
    // --parallel=N trains N (candidate, seed) pairs at once, each in its own page: on a busy shared
    // machine that measures them side by side, under the same load.
    const jobs = candidates.flatMap((candidate) => seeds.map((seed) => ({ candidate, seed })));
    const parallel = Math.max(1, Number(args.parallel ?? 1));
    const runJob = async ({ candidate, seed }) => {
      const training = { validationSplit: 0.1, ...candidate.training };
      {
        const r = await trainRecipe('lenet-5x5', seed, { ...candidate, training });
        r.candidate = candidate.name;
        recipeResults.push(r);
        const perEpoch = r.epochTestAccuracy.map((t) => `epoch ${t.epoch} ${percent(t.accuracy)}${t.count < 10_000 ? ` (first ${t.count})` : ''}`).join(', ');
        process.stdout.write(
          `  ${candidate.name} seed ${seed}: test ${percent(r.testAccuracy)} after ${r.epochs} epochs of batch ${r.batchSize}${perEpoch ? ` (${perEpoch})` : ''}; ` +
          `${(r.macsPerExample / 1e3).toFixed(0)}k multiply-adds per image, ${r.params} parameters; ${r.examplesPerSecond.toFixed(0)} examples/s, ` +
          `${r.trainSeconds.toFixed(1)} s training (${r.trainCount} images per epoch)\n`,
        );
      }
    };
    const queue = [...jobs];
    await Promise.all(Array.from({ length: Math.min(parallel, jobs.length) }, async () => {
      while (queue.length > 0) await runJob(queue.shift());
    }));
  }

  // A first visit lets Vite pre-bundle everything, so no run pays for it.
  if (backends.length > 0 || (isScaleOn && scaleBackends.length > 0)) {
    const warm = await browser.newPage();
    await warm.goto(`${base}/bench.html#backend=cpu&batches=1&warmup=0`);
    await warm.waitForFunction(() => globalThis.benchResult, null, { timeout: 300_000 }).catch(() => {});
    await warm.close();
  }

  for (const backend of backends) {
    const page = await browser.newPage();
    const hash = new URLSearchParams({
      backend, preset, batches: String(batchesFor(backend)), warmup: String(warmupFor(backend)),
      fullEpoch: backend === 'wasm' && fullEpoch ? '1' : '0',
    });
    process.stdout.write(`${backend}: running ${batchesFor(backend)} batches${hash.get('fullEpoch') === '1' ? ' + one full epoch' : ''}...\n`);
    await page.goto(`${base}/bench.html#${hash}`);
    const handle = await page.waitForFunction(() => globalThis.benchResult, null, { timeout: 1_500_000, polling: 1000 });
    const message = await handle.jsonValue();
    await page.close();
    if (message.type === 'failed') {
      results.push({ backend, failed: message.message });
      process.stdout.write(`  skipped: ${message.message}\n`);
      continue;
    }
    results.push(message.report);
  }

  if (isScaleOn && scaleBackends.length > 0) {
    const { PRESETS } = await server.ssrLoadModule('/src/core/config/presets.ts');
    const points = scalePoints(PRESETS, { backends: scaleBackends, sweepPreset: preset, wasmBatches: Number(args['scale-batches'] ?? 30) });
    scaleResults = await measureScale(browser, base, points, { loadavg, cores: cpus().length });
  }

  if (args['time-to']) {
    const given = String(args['time-to']).split(',').map(Number);
    const marks = given.length > 1 ? given : [...new Set([98.5, 99, given[0]])].filter((m) => m <= given[0]).sort((a, b) => a - b);
    const timeSeeds = args.seed ? seeds : [1, 2, 3];
    backends.length = 0;
    pageModes.length = 0;
    drawModes.length = 0;
    await withProductionBuild(async (origin) => {
      for (const seed of timeSeeds) {
        process.stdout.write(`time to ${marks.join('% and ')}%: the page's defaults on WASM, seed ${seed}...\n`);
        const seen = await timeToAccuracy(origin, `backend=wasm&seed=${seed}`);
        const readings = [...seen.readings.map((r) => ({ ...r, label: `after epoch ${r.epoch}${r.count < 10_000 ? ` (first ${r.count.toLocaleString('en-US')} test images)` : ''}` })),
          { ...seen.final, label: 'final (all 10,000)' }];
        const reached = marks.map((mark) => ({ mark, reading: readings.find((r) => r.accuracy >= mark) ?? null }));
        timeToResults.push({ seed, marks: reached, ...seen });
        const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
        process.stdout.write(
          `  seed ${seed}: Train enabled at ${s(seen.trainEnabledAt)}; ` +
          reached.map(({ mark, reading }) => `${mark}%: ${reading ? `${s(reading.at)} (${reading.accuracy.toFixed(2)}% ${reading.label})` : 'not reached'}`).join('; ') +
          `; final ${seen.final.accuracy.toFixed(2)}% at ${s(seen.final.at)} (times from page open)\n`,
        );
      }
    });
  }

  if (args['first-batch']) {
    pageModes.length = 0;
    drawModes.length = 0;
    await withProductionBuild(async (origin) => {
      process.stdout.write('first batch: the production build, files cached, fast-99 (the default) on WASM...\n');
      firstBatchResult = await measureFirstBatch(browser, origin, { runs: Number(args.runs ?? 5), label: 'production build, fast-99' });
    });
  }

  if (recipes.length === 0) {
    for (const mode of new Set([...pageModes, ...drawModes])) {
      if (mode === 'dev') {
        if (pageModes.includes('dev')) pageResults.push(await measurePage(base, 'dev server, development React'));
        if (drawModes.includes('dev')) drawResults.push(await measureDrawing(browser, base, 'dev server'));
        continue;
      }
      const outDir = await mkdtemp(join(tmpdir(), 'mnist-bench-build-'));
      try {
        await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true } });
        const built = await preview({ logLevel: 'warn', build: { outDir }, preview: { port: Number(process.env.BENCH_PORT ?? 5199) + 1, strictPort: true } });
        try {
          const origin = `http://localhost:${built.config.preview.port}`;
          if (pageModes.includes('built')) pageResults.push(await measurePage(origin, 'production build'));
          if (drawModes.includes('built')) drawResults.push(await measureDrawing(browser, origin, 'production build'));
        } finally {
          await built.close();
        }
      } finally {
        await rm(outDir, { recursive: true, force: true });
      }
    }
  }
} finally {
  await browser.close();
  await server?.close();
}

const printPages = () => {
  for (const d of drawResults) printDrawing(d);
  for (const p of pageResults) {
    const over = p.longTasks.filter((t) => t.duration > 50);
    console.log(`\npage, ${p.label}: epoch + test pass in ${p.seconds.toFixed(1)} s, ${p.accuracy}. Main thread busy ${(p.busy * 100).toFixed(1)}% ` +
      `(script ${(p.script * 100).toFixed(1)}%, style and layout ${(p.styleAndLayout * 100).toFixed(1)}%); longest task ${p.longestTask ? `${p.longestTask.toFixed(0)} ms` : 'under 50 ms'}; ` +
      `tasks over 50 ms: ${over.length === 0 ? 'none' : over.map((t) => `${t.duration.toFixed(0)} ms at ${t.at.toFixed(1)} s`).join(', ')} (times from the Train click)`);
  }
};

if (results.length === 0) {
  if (scaleResults) console.log(`\n${formatScale({ ...scaleResults, sweepPreset: preset })}`);
  printPages();
  if (firstBatchResult) printFirstBatch(firstBatchResult);
  await mkdir('bench-results', { recursive: true });
  const file = args.candidates ? 'bench-results/candidates.json' : args['time-to'] ? 'bench-results/time-to.json' : args['first-batch'] ? 'bench-results/first-batch.json' : recipes.length ? 'bench-results/recipes.json' : isScaleOnly ? 'bench-results/scale.json' : 'bench-results/latest.json';
  await writeFile(file, JSON.stringify({ date: new Date().toISOString(), recipes: recipeResults, pages: pageResults, drawing: drawResults, timeTo: timeToResults, scale: scaleResults, firstBatch: firstBatchResult }, null, 2));
  console.log(`\nFull results: ${file}`);
  process.exit(0);
}
const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : '–');
console.log(`\nModel ${preset}: ${fmt(results.find((r) => r.flopsPerExample)?.flopsPerExample / 1e6, 1)} MFLOP per training example (3x forward)\n`);
console.log('backend  adapter/renderer                       ex/s (ours)  GFLOP/s  ex/s (model.fit)  ours vs fit  load->first batch');
for (const r of results) {
  if (r.failed) {
    console.log(`${r.backend.padEnd(8)} not available: ${r.failed}`);
    continue;
  }
  const ratio = r.pipeline.examplesPerSecond / r.fit.examplesPerSecond;
  console.log(
    `${r.backend.padEnd(8)} ${r.backendDetail.slice(0, 38).padEnd(38)} ${fmt(r.pipeline.examplesPerSecond).padStart(11)}  ${fmt(r.pipeline.gflops, 1).padStart(7)}  ` +
    `${fmt(r.fit.examplesPerSecond).padStart(16)}  ${`${fmt((ratio - 1) * 100, 1)}%`.padStart(11)}  ${`${fmt(r.msToFirstBatch / 1000, 2)} s`.padStart(17)}`,
  );
}
for (const r of results) {
  if (r.fullEpoch) {
    console.log(`\n${r.backend}: one full epoch of ${fmt(r.fullEpoch.examples)} images in ${fmt(r.fullEpoch.seconds, 1)} s ` +
      `(${fmt(r.fullEpoch.examplesPerSecond)} examples/s including validation-free epoch bookkeeping); test accuracy ${fmt(r.fullEpoch.testAccuracy * 100, 2)}%`);
  }
  if (r.numTensorsPerEpoch?.length) console.log(`${r.backend}: tf.memory().numTensors after each epoch: ${r.numTensorsPerEpoch.join(', ')}`);
  if (r.readbacksPerBatch) console.log(`${r.backend}: GPU-to-CPU readbacks per batch: ours ${fmt(r.readbacksPerBatch.ours, 2)}, model.fit ${fmt(r.readbacksPerBatch.fit, 2)}`);
  if (r.memory) {
    const mb = (figures) => `${fmt(figures.numBytes / 1e6, 1)} MB${figures.numBytesInGPU === null ? '' : ` (${fmt(figures.numBytesInGPU / 1e6, 1)} MB on the GPU)`}`;
    const where = r.imagePlacement ? `; training images ${r.imagePlacement.where === 'device' ? `on the device (${fmt(r.imagePlacement.bytes / 1e6, 1)} MB)` : `uploaded per batch (${r.imagePlacement.reason})`}` : '';
    console.log(`${r.backend}: tf.memory() before our run ${mb(r.memory.before)}, after ${mb(r.memory.after)}${where}`);
  }
}
if (scaleResults) console.log(`\n${formatScale({ ...scaleResults, sweepPreset: preset })}`);
printPages();
await mkdir('bench-results', { recursive: true });
await writeFile(recipes.length ? 'bench-results/recipes.json' : 'bench-results/latest.json', JSON.stringify({ date: new Date().toISOString(), preset, results, recipes: recipeResults, pages: pageResults, drawing: drawResults, scale: scaleResults }, null, 2));
console.log('\nFull results: bench-results/latest.json');

/** Builds the app into a temporary folder, serves it on BENCH_PORT, runs `measure(origin)`, then cleans up. */
async function withProductionBuild(measure) {
  const outDir = await mkdtemp(join(tmpdir(), 'mnist-bench-build-'));
  try {
    await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    const built = await preview({ logLevel: 'warn', build: { outDir }, preview: { port: Number(process.env.BENCH_PORT ?? 5199), strictPort: true } });
    try {
      await measure(`http://localhost:${built.config.preview.port}`);
    } finally {
      await built.close();
    }
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
