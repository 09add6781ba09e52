/**
 * The drawing's latency, measured in the page itself: from the end of a stroke (pointerup) to the
 * ten probability bars showing that stroke's answer (the DOM updated, and the frame after it),
 * with no training and while a model trains on WASM in the worker. Used by `npm run bench`.
 */
import { loadavg } from 'node:os';

/** A digit-like stroke in canvas fractions: a 7, a 2 and a 3, varied by `n`. */
function strokeFor(n) {
  const shapes = [
    [[0.25, 0.2], [0.75, 0.2], [0.5, 0.55], [0.42, 0.85]],
    [[0.3, 0.3], [0.5, 0.15], [0.7, 0.3], [0.3, 0.8], [0.75, 0.8]],
    [[0.3, 0.2], [0.7, 0.25], [0.45, 0.5], [0.72, 0.7], [0.3, 0.82]],
  ];
  const shift = ((n * 7) % 5) * 0.02;
  return shapes[n % shapes.length].map(([x, y]) => [x + shift, y]);
}

/**
 * Draws `count` single-stroke digits and returns each latency, in ms: to the DOM update (the bars'
 * widths, values and data-final change in one React commit; the observer sees data-final) and to
 * the start of the next frame after it, the one that paints them.
 */
async function drawAndTime(page, count) {
  const canvas = page.getByRole('img', { name: 'Drawing canvas' });
  const clear = page.getByRole('button', { name: 'Clear', exact: true });
  const times = [];
  for (let n = 0; n < count; n++) {
    if (await clear.isEnabled()) await clear.click();
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    await page.waitForFunction(() => globalThis.document.querySelector('.probability-bars')?.dataset.final !== 'true');
    await page.evaluate(() => {
      const bars = globalThis.document.querySelector('.probability-bars');
      globalThis.benchDraw = { up: 0, dom: 0, frame: 0 };
      globalThis.document.addEventListener('pointerup', () => (globalThis.benchDraw.up = performance.now()), { capture: true, once: true });
      const observer = new globalThis.MutationObserver(() => {
        if (bars.dataset.final !== 'true' || globalThis.benchDraw.dom) return;
        globalThis.benchDraw.dom = performance.now();
        observer.disconnect();
        globalThis.requestAnimationFrame(() => (globalThis.benchDraw.frame = performance.now()));
      });
      observer.observe(bars, { attributes: true, attributeFilter: ['data-final'] });
    });
    const points = strokeFor(n);
    await page.mouse.move(box.x + points[0][0] * box.width, box.y + points[0][1] * box.height);
    await page.mouse.down();
    for (const [x, y] of points.slice(1)) await page.mouse.move(box.x + x * box.width, box.y + y * box.height, { steps: 6 });
    await page.mouse.up();
    const t = await (await page.waitForFunction(() => globalThis.benchDraw.frame && globalThis.benchDraw, null, { timeout: 60_000 })).jsonValue();
    times.push({ dom: t.dom - t.up, frame: t.frame - t.up });
  }
  return times;
}

/** The `p` quantile of `values` (nearest rank). */
const quantile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
};
/** The goal's budget with no training: one frame at 60 Hz, rounded down. */
const BUDGET_MS = 16;
const summary = (times, key) => {
  const values = times.map((t) => t[key]);
  return {
    median: quantile(values, 0.5), p90: quantile(values, 0.9), max: Math.max(...values), min: Math.min(...values),
    count: values.length, values,
  };
};

/**
 * Opens the app at `origin` on WASM, waits for the ready model, times `count` drawings idle, then
 * starts the default training run and times `count` more while it trains, with the batch time then.
 */
export async function measureDrawing(browser, origin, label, count = 15) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 960 } });
  process.stdout.write(`drawing (${label}): ${count} strokes idle, ${count} while training on WASM...\n`);
  await page.goto(`${origin}/#preset=lenet-5x5&backend=wasm&lang=en`);
  await page.getByText(/Reading drawings: Ready model/).waitFor({ timeout: 120_000 });
  const train = page.getByRole('button', { name: 'Train', exact: true });
  await train.waitFor();
  await page.waitForFunction(() => ![...globalThis.document.querySelectorAll('button')].find((b) => b.textContent === 'Train')?.disabled, null, { timeout: 300_000, polling: 500 });
  // Idle means idle: the worker decodes the streamed shards between answers, so wait for all of them.
  await page.getByText('all loaded', { exact: true }).waitFor({ timeout: 300_000 });
  await drawAndTime(page, 3); // warm-up: the first predictions compile the WASM kernels' paths
  const loadBefore = loadavg()[0];
  const idle = await drawAndTime(page, count);
  const loadIdle = loadavg()[0];
  await train.click();
  await page.getByText(/Read by: Run \d+ \(still training/).waitFor({ timeout: 120_000 });
  await page.waitForTimeout(3000); // past the first batches' warm-up
  const training = await drawAndTime(page, count);
  const examplesPerSecond = await page.evaluate(() => {
    const dt = [...globalThis.document.querySelectorAll('dt')].find((d) => /examples \/ s/i.test(d.textContent ?? ''));
    return Number((dt?.nextElementSibling?.textContent ?? '').replace(/[^\d.]/g, ''));
  });
  await page.close();
  // The machine's 1-minute load average around each part: figures taken beside other work are slower.
  const load = { idleStart: loadBefore, idleEnd: loadIdle, trainingEnd: loadavg()[0] };
  return { label, idle: { dom: summary(idle, 'dom'), frame: summary(idle, 'frame') }, training: { dom: summary(training, 'dom'), frame: summary(training, 'frame') }, examplesPerSecond, load };
}

/** One line per measurement, as the bench prints it. */
export function printDrawing(result, batchSize = 64) {
  const ms = (s) => `median ${s.median.toFixed(1)} ms, p90 ${s.p90.toFixed(1)} ms, max ${s.max.toFixed(1)} ms`;
  const within = (s, budget) => `${s.values.filter((v) => v <= budget).length} of ${s.count} within ${budget.toFixed(1)} ms`;
  const batchMs = result.examplesPerSecond > 0 ? (batchSize * 1000) / result.examplesPerSecond : NaN;
  const load = result.load ? ` [load average ${result.load.idleStart.toFixed(2)} -> ${result.load.idleEnd.toFixed(2)}]` : '';
  console.log(`\ndrawing, ${result.label}${load}: end of stroke -> bars updated, no training: DOM ${ms(result.idle.dom)} (${within(result.idle.dom, BUDGET_MS)}); ` +
    `next frame ${ms(result.idle.frame)}`);
  const trainingLoad = result.load ? ` [load average ${result.load.trainingEnd.toFixed(2)} at the end]` : '';
  console.log(`drawing, ${result.label}${trainingLoad}: while lenet-5x5 trains (${result.examplesPerSecond.toFixed(0)} examples/s, one batch of ${batchSize} = ${batchMs.toFixed(1)} ms): ` +
    `DOM ${ms(result.training.dom)} (${Number.isFinite(batchMs) ? within(result.training.dom, batchMs + BUDGET_MS) : 'batch time unknown'}); next frame ${ms(result.training.frame)}`);
}
