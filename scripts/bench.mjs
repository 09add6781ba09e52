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
 *          --page=dev,built  (default both; --page=none skips it): the page itself, on the dev server
 *          and on the production build, trains a 10,000-image epoch on WASM in its worker while the
 *          main thread's work is recorded: busy time, the longest task and every task over 50 ms.
 *          --draw=built (default; dev, or none): the drawing's latency, end of stroke to the bars updated,
 *          idle and while a model trains (scripts/bench-draw.mjs).
 * Environment: CHROMIUM_PATH (default /usr/bin/chromium; 'playwright' for Playwright's own build).
 */
import { chromium } from '@playwright/test';
import { mkdir, writeFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, createServer, preview } from 'vite';
import { measureDrawing, printDrawing } from './bench-draw.mjs';

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
const drawResults = [];
const PAGE_RUN = 'backend=wasm&trainSize=10000&epochs=1&optimizer=adam&learningRate=0.001';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// No file watching or hot reload: an edit in the tree must not restart a run that takes minutes.
const server = await createServer({
  server: { port: Number(process.env.BENCH_PORT ?? 5199), strictPort: true, hmr: false, watch: { ignored: ['**/*'] } },
  logLevel: 'warn',
});
await server.listen();
const base = `http://localhost:${server.config.server.port}`;
const browser = await chromium.launch({
  executablePath: chromiumPath === 'playwright' ? undefined : chromiumPath,
  args: ['--no-sandbox', '--disable-background-networking', '--enable-unsafe-webgpu', '--enable-unsafe-swiftshader', '--use-angle=swiftshader'],
});

const percent = (fraction) => `${(fraction * 100).toFixed(2)}%`;
const againstReference = (accuracy, reference) =>
  reference === null ? 'no published reference' : `reference ${percent(reference)}, difference ${((accuracy - reference) * 100).toFixed(2)} points`;

/** Trains one preset with its recipe in a fresh page and returns the page's report. */
async function trainRecipe(recipe, seed) {
  const page = await browser.newPage();
  page.on('console', (m) => process.stdout.write(`  ${m.text()}\n`));
  process.stdout.write(`recipe ${recipe}, seed ${seed}: training on all 60,000 images...\n`);
  await page.goto(`${base}/bench.html#recipe=${recipe}&backend=${args.backend ?? 'wasm'}&seed=${seed}`);
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

  // A first visit lets Vite pre-bundle everything, so no run pays for it.
  if (backends.length > 0) {
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
  await server.close();
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
  printPages();
  await mkdir('bench-results', { recursive: true });
  const file = recipes.length ? 'bench-results/recipes.json' : 'bench-results/latest.json';
  await writeFile(file, JSON.stringify({ date: new Date().toISOString(), recipes: recipeResults, pages: pageResults, drawing: drawResults }, null, 2));
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
}
printPages();
await mkdir('bench-results', { recursive: true });
await writeFile(recipes.length ? 'bench-results/recipes.json' : 'bench-results/latest.json', JSON.stringify({ date: new Date().toISOString(), preset, results, recipes: recipeResults, pages: pageResults, drawing: drawResults }, null, 2));
console.log('\nFull results: bench-results/latest.json');
