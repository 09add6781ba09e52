/**
 * The first batch, measured the way a returning student meets it: the production build, its files
 * already in the browser's caches (one visit first, in the same browser context), then fresh pages
 * opened on the page's defaults with Train pressed the moment it is enabled. Times are from
 * navigation (performance.now() in the page): Train enabled, Train clicked, the first batch's
 * figures on the page. Used by `npm run bench -- --first-batch`; also runs alone against a folder:
 *
 *   node scripts/bench-first-batch.mjs --dir=dist [--runs=5] [--port=5199] [--hash=backend=wasm] [--swiftshader]
 *
 * --swiftshader launches Chromium as `npm run bench` does, with WebGPU and WebGL on SwiftShader: the
 * page's GPU probes then find adapters and take longer than where Chromium offers no GPU at all.
 */

/**
 * In the page, from its first script: a MutationObserver (a microtask after each DOM change, so no
 * polling delay) presses Train in the change that enables it and notes when the first batch's
 * figures (the last-batch loss) appear.
 */
function watchFirstBatch() {
  const seen = { trainEnabledAt: null, clickedAt: null, firstBatchAt: null, controlled: Boolean(navigator.serviceWorker?.controller) };
  globalThis.benchFirstBatch = seen;
  const check = () => {
    const now = performance.now();
    const doc = globalThis.document;
    if (seen.clickedAt === null && globalThis.benchFirstBatchClick !== false) {
      const train = [...doc.querySelectorAll('button')].find((b) => b.textContent === 'Train');
      if (train && !train.disabled) {
        seen.trainEnabledAt = now;
        train.click();
        seen.clickedAt = performance.now();
      }
    } else if (seen.clickedAt === null && seen.trainEnabledAt === null) {
      const train = [...doc.querySelectorAll('button')].find((b) => b.textContent === 'Train');
      if (train && !train.disabled) seen.trainEnabledAt = now;
    }
    if (seen.clickedAt !== null && seen.firstBatchAt === null && doc.querySelector('[data-testid="last-batch-loss"]')) {
      seen.firstBatchAt = now;
      observer.disconnect();
    }
  };
  const observer = new globalThis.MutationObserver(check);
  const start = () => observer.observe(globalThis.document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
  if (globalThis.document.documentElement) start();
  else globalThis.document.addEventListener('readystatechange', start, { once: true });
}

/** Chromium's switches for WebGPU and WebGL on SwiftShader, the software GPU (as `npm run bench` launches it). */
export const SOFTWARE_GPU_FLAGS = ['--enable-unsafe-webgpu', '--enable-unsafe-swiftshader', '--use-angle=swiftshader'];

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * A browser context whose caches hold the page at `origin`: one warming visit that waits for the
 * data to be all in (so every shard is stored) and for the service worker, as a returning visitor
 * would have them. Returns { measure(), close() }: measure() opens one fresh page on `hash`, presses
 * Train the moment it is enabled and resolves with that page's times (ms from navigation).
 */
export async function warmedVisit(browser, origin, hash = 'backend=wasm') {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-US' });
  const warm = await context.newPage();
  await warm.addInitScript(() => (globalThis.benchFirstBatchClick = false));
  await warm.addInitScript(watchFirstBatch);
  await warm.goto(`${origin}/#${hash}`);
  await warm.waitForFunction(() => globalThis.benchFirstBatch?.trainEnabledAt !== null, null, { timeout: 300_000 });
  await warm.waitForFunction(() => /^All /.test(globalThis.document.querySelector('[data-testid="data-line"]')?.textContent ?? ''), null, { timeout: 300_000, polling: 500 });
  await warm.waitForTimeout(1500);
  await warm.evaluate(() => Promise.race([navigator.serviceWorker?.ready, new Promise((r) => setTimeout(r, 15_000))])).catch(() => {});
  await warm.close();
  return {
    async measure() {
      const page = await context.newPage();
      await page.addInitScript(watchFirstBatch);
      await page.goto(`${origin}/#${hash}`);
      const handle = await page.waitForFunction(() => globalThis.benchFirstBatch?.firstBatchAt !== null && globalThis.benchFirstBatch, null, { timeout: 120_000, polling: 200 });
      const seen = await handle.jsonValue();
      const domContentLoaded = await page.evaluate(() => performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? null);
      await page.close();
      return { ...seen, domContentLoaded };
    },
    close: () => context.close(),
  };
}

/** Medians of some runs' times. */
export function summarise(label, hash, runs) {
  const of = (key) => runs.map((r) => r[key]);
  return {
    label,
    hash,
    runs,
    median: {
      domContentLoaded: median(of('domContentLoaded')),
      trainEnabledAt: median(of('trainEnabledAt')),
      clickedAt: median(of('clickedAt')),
      firstBatchAt: median(of('firstBatchAt')),
      clickToFirstBatch: median(runs.map((r) => r.firstBatchAt - r.clickedAt)),
    },
  };
}

/** `runs` measured pages after one warming visit. */
export async function measureFirstBatch(browser, origin, { runs = 5, hash = 'backend=wasm', label = origin } = {}) {
  const visit = await warmedVisit(browser, origin, hash);
  try {
    const results = [];
    for (let i = 0; i < runs; i++) results.push(await visit.measure());
    return summarise(label, hash, results);
  } finally {
    await visit.close();
  }
}

const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const range = (values) => `${s(Math.min(...values))}-${s(Math.max(...values))}`;

/** Prints one measurement: medians and ranges, from navigation. */
export function printFirstBatch(r) {
  const of = (key) => r.runs.map((x) => x[key]);
  console.log(
    `\nfirst batch, ${r.label} (#${r.hash}, files cached, ${r.runs.length} reloads${r.runs.every((x) => x.controlled) ? ', served by the service worker' : ''}): ` +
    `DOM ready ${s(r.median.domContentLoaded)}; Train enabled ${s(r.median.trainEnabledAt)} (${range(of('trainEnabledAt'))}); ` +
    `clicked ${s(r.median.clickedAt)}; first batch shown ${s(r.median.firstBatchAt)} (${range(of('firstBatchAt'))}); ` +
    `click to first batch ${s(r.median.clickToFirstBatch)} (medians from navigation)`,
  );
}

// Alone: serve built folders with Vite's preview server and measure them. Several folders
// (--dir=before,after) are measured in turns, one page of each per round, so they share the
// machine's load as it comes and goes.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { chromium } = await import('@playwright/test');
  const { preview } = await import('vite');
  const args = Object.fromEntries(process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? 'true'];
  }));
  const dirs = (args.dir ?? 'dist').split(',');
  const hash = args.hash ?? 'backend=wasm';
  const runs = Number(args.runs ?? 5);
  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const browser = await chromium.launch({
    executablePath: chromiumPath === 'playwright' ? undefined : chromiumPath,
    args: ['--no-sandbox', '--disable-background-networking', ...(args.swiftshader ? SOFTWARE_GPU_FLAGS : [])],
  });
  const port = Number(args.port ?? process.env.BENCH_PORT ?? 5199);
  const servers = [];
  try {
    for (const [i, outDir] of dirs.entries()) {
      servers.push(await preview({ logLevel: 'warn', build: { outDir }, preview: { port: port + i, strictPort: true } }));
    }
    const visits = [];
    for (const server of servers) visits.push(await warmedVisit(browser, `http://localhost:${server.config.preview.port}`, hash));
    const results = dirs.map(() => []);
    for (let round = 0; round < runs; round++) {
      for (const [i, visit] of visits.entries()) results[i].push(await visit.measure());
    }
    for (const [i, outDir] of dirs.entries()) {
      const summary = summarise(outDir, hash, results[i]);
      printFirstBatch(summary);
      if (args.json) console.log(JSON.stringify(summary));
    }
    for (const visit of visits) await visit.close();
  } finally {
    for (const server of servers) await server.close();
    await browser.close();
  }
}
