#!/usr/bin/env node
/**
 * npm run ready-model: trains the ready model (a small CNN, recipe in src/bench/readyModel.worker.ts)
 * on all 60,000 MNIST training images with augmentation, in headless Chromium on the WASM backend
 * with the app's own training kernels, scores it on the 10,000 test images and writes it in the
 * TensorFlow.js layers format to public/models/ready/ (model.json + one weights file).
 *
 * Fails, writing nothing, when the test accuracy is under --min-accuracy (default 0.99).
 * Options for trial runs: --seed=N  --epochs=N  --train-size=N  --out=DIR  --min-accuracy=0.99
 * Environment: CHROMIUM_PATH (default /usr/bin/chromium; 'playwright' for Playwright's own build),
 * READY_MODEL_PORT (default 5197).
 */
import { chromium } from '@playwright/test';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createServer } from 'vite';

const args = Object.fromEntries(process.argv.slice(2).map((a) => {
  const [k, v] = a.replace(/^--/, '').split('=');
  return [k, v ?? 'true'];
}));
const outDir = args.out ?? join('public', 'models', 'ready');
const minAccuracy = Number(args['min-accuracy'] ?? 0.99);
const hash = new URLSearchParams({ mode: 'ready-model' });
for (const [arg, key] of [['seed', 'seed'], ['epochs', 'epochs'], ['train-size', 'trainSize']]) {
  if (args[arg] === undefined) continue;
  if (!/^\d+$/.test(args[arg])) throw new Error(`--${arg} takes a whole number (got ${args[arg]})`);
  hash.set(key, args[arg]);
}

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// No file watching: an edit in the tree must not reload a page that trains for minutes.
const server = await createServer({
  server: { port: Number(process.env.READY_MODEL_PORT ?? 5197), strictPort: true, hmr: false, watch: { ignored: ['**/*'] } },
  logLevel: 'warn',
});
await server.listen();
const browser = await chromium.launch({
  executablePath: chromiumPath === 'playwright' ? undefined : chromiumPath,
  args: ['--no-sandbox', '--disable-background-networking'],
});

let result;
const started = Date.now();
try {
  const page = await browser.newPage();
  page.on('console', (m) => process.stdout.write(`  ${m.text()}\n`));
  page.on('pageerror', (e) => process.stdout.write(`  page error: ${e.message}\n`));
  process.stdout.write(`ready model: training in headless Chromium (WASM) at ${new Date().toISOString()}...\n`);
  await page.goto(`http://localhost:${server.config.server.port}/bench.html#${hash}`);
  await page.waitForFunction(() => globalThis.benchResult, null, { timeout: 0, polling: 5000 });
  // The weights leave the page as base64: an ArrayBuffer does not survive Playwright's serialisation.
  result = await page.evaluate(() => {
    const message = globalThis.benchResult;
    if (message.type !== 'readyModel') return message;
    const bytes = new Uint8Array(message.weights);
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { type: message.type, report: message.report, weightsBase64: btoa(binary) };
  });
} finally {
  await browser.close();
  await server.close();
}
if (result.type !== 'readyModel') throw new Error(`ready model: ${result.message ?? JSON.stringify(result)}`);

const { report } = result;
const weights = Buffer.from(result.weightsBase64, 'base64');
const wallSeconds = (Date.now() - started) / 1000;
const percent = (fraction) => `${(fraction * 100).toFixed(2)}%`;
console.log(`\nready model: ${report.params.toLocaleString('en-US')} parameters, ${report.epochs.length} epochs in ${report.trainSeconds.toFixed(0)} s ` +
  `(${wallSeconds.toFixed(0)} s in all, ${report.backendDetail})`);
console.log(`test accuracy on the 10,000 MNIST test images: ${percent(report.testAccuracy)} (${Math.round(report.testAccuracy * 10_000)} correct), test loss ${report.testLoss.toFixed(4)}`);
if (!(report.testAccuracy >= minAccuracy)) {
  console.error(`ready model: test accuracy ${percent(report.testAccuracy)} is under ${percent(minAccuracy)}; nothing written.`);
  process.exit(1);
}
await mkdir(outDir, { recursive: true });
await writeFile(join(outDir, 'model.json'), report.modelJson);
await writeFile(join(outDir, report.weightsFileName), weights);
console.log(`wrote ${join(outDir, 'model.json')} (${Buffer.byteLength(report.modelJson).toLocaleString('en-US')} bytes) and ` +
  `${join(outDir, report.weightsFileName)} (${weights.length.toLocaleString('en-US')} bytes)`);
