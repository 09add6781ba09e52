/**
 * A second visit needs no network: after one visit to the production build, the service worker
 * serves the app, the WASM binaries and the ready model, and the MNIST files come from the copy
 * the loader kept (each checked against its SHA-256 again). The host here sends the cross-origin
 * isolation headers, which the service worker's copy of the page must keep.
 */
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { ISOLATION_HEADERS, serveStatic } from './staticServer';

/** The folder the 'built' project's web server has just built (playwright.config.ts). */
const BUILT_DIR = process.env.BUILT_DIR ?? 'dist';
const RUN = 'backend=wasm&trainSize=2000&epochs=1&optimizer=adam&learningRate=0.001';
/**
 * OFFLINE_LINK_MBPS=8 serves the first visit over one shared link of that many megabits per second,
 * with 40 ms before each response, as a classroom's Wi-Fi might; unset, at the local host's speed.
 */
const LINK_MBPS = Number(process.env.OFFLINE_LINK_MBPS ?? 0);
const LINK = LINK_MBPS > 0 ? { bytesPerSecond: (LINK_MBPS * 1e6) / 8, latencyMs: 40 } : undefined;

/** Milliseconds from the start of the navigation to the first plotted batch, pressing Train as soon as it can be. */
async function timeToFirstBatch(page: Page): Promise<number> {
  const train = page.getByRole('button', { name: 'Train', exact: true });
  await expect(train).toBeEnabled({ timeout: 180_000 });
  await train.click();
  await page.waitForFunction(() => Number((document.querySelector('[data-testid="chart-points"]')?.textContent ?? '0').replace(/\D/g, '')) > 0, null, { timeout: 120_000 });
  return Math.round(await page.evaluate(() => performance.now()));
}

test('a second visit starts and trains offline, keeps cross-origin isolation, and the offline copy can be deleted', async ({ playground, page, context }) => {
  const host = await serveStatic(BUILT_DIR, { prefix: '/mnist-playground/', headers: ISOLATION_HEADERS, link: LINK });
  let isHostUp = true;
  try {
    await page.goto(`${host.url}#${RUN}`);
    const online = await timeToFirstBatch(page);
    await expect(playground.testStatus).toHaveText(/Test accuracy: \d/, { timeout: 240_000 });
    // The service worker registers once all the data is in, then installs (it downloads the app).
    await expect(page.getByTestId('offline-badge')).toHaveText('ready offline', { timeout: 300_000 });
    await expect(page.getByTestId('offline-sizes')).toContainText(/MNIST data [\d.]+ MB \(17 files\)/);
    console.log(`offline copy after the first visit: ${await page.getByTestId('offline-sizes').textContent()}`);

    // The host is gone and the browser is offline (Playwright's offline mode does not reach
    // service workers, so the closed host is what proves it).
    await host.close();
    isHostUp = false;
    await context.setOffline(true);
    await page.reload();
    await expect(page.getByRole('heading', { name: 'MNIST Training Playground' })).toBeVisible();
    // The page the service worker kept still carries the isolation headers: WASM keeps its threads.
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await playground.waitForBackend(/WebAssembly · in a worker/);
    await expect(page.getByTestId('threads-note')).toHaveCount(0);
    const offline = await timeToFirstBatch(page);
    await expect(playground.testStatus).toHaveText(/Test accuracy: \d/, { timeout: 240_000 });
    await expect(page.getByText(/This visit read [\d.]+ MB of MNIST data from this device/)).toBeVisible();
    const over = LINK ? `over a shared ${LINK_MBPS} Mbit/s link` : 'from the local host';
    console.log(`time to the first batch (navigation start to first plotted batch, 2,000-image run on WASM): first visit ${over} ${online} ms, second visit offline ${offline} ms`);

    // Deleting the offline copy asks first, then empties the caches.
    await page.getByRole('button', { name: 'Delete offline copy…' }).click();
    const confirm = page.getByRole('group', { name: 'Confirm deletion' });
    await expect(confirm).toContainText(/Delete the [\d.]+ MB this app keeps on this device\?.*needs the network.*kept drawings and saved models stay/);
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(page.getByText('Deleted. The next visit downloads the app and the MNIST data again.')).toBeVisible();
    await expect(page.getByTestId('offline-badge')).toHaveText('nothing stored');
    expect(await page.evaluate(() => caches.keys())).toEqual([]);
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(0);
  } finally {
    if (isHostUp) await host.close();
  }
});

test('a new release replaces the kept app: the page offers it, switches when asked, and keeps the new one', async ({ page, context }) => {
  // A copy of the build, so that this test can publish a new release of it.
  const root = await mkdtemp(join(tmpdir(), 'mnist-release-'));
  await cp(BUILT_DIR, root, { recursive: true });
  const host = await serveStatic(root, { prefix: '/mnist-playground/', headers: ISOLATION_HEADERS });
  let isHostUp = true;
  try {
    await page.goto(host.url);
    await expect(page.getByTestId('offline-badge')).toHaveText('ready offline', { timeout: 120_000 });

    // Release 2 changes the page; its service worker lists the page with a new revision.
    const page2 = (await readFile(join(root, 'index.html'), 'utf8')).replace('<title>', '<meta name="release" content="2" />\n    <title>');
    await writeFile(join(root, 'index.html'), page2);
    const worker = await readFile(join(root, 'sw.js'), 'utf8');
    const revised = worker.replace(/(\{url:"index\.html",revision:")[0-9a-f]+"/, `$1${createHash('md5').update(page2).digest('hex')}"`);
    expect(revised).not.toBe(worker);
    await writeFile(join(root, 'sw.js'), revised);

    // The next visit still runs the kept release 1, and offers release 2 once it is downloaded.
    await page.reload();
    await expect(page.getByText('A new version of the app has been downloaded.')).toBeVisible({ timeout: 60_000 });
    await expect(page.locator('meta[name="release"]')).toHaveCount(0);
    await page.getByRole('button', { name: 'Switch to it now' }).click();
    await expect(page.locator('meta[name="release"]')).toHaveAttribute('content', '2', { timeout: 60_000 });

    // Offline, release 2 is what the device kept.
    await host.close();
    isHostUp = false;
    await context.setOffline(true);
    await page.reload();
    await expect(page.locator('meta[name="release"]')).toHaveAttribute('content', '2');
    await expect(page.getByRole('heading', { name: 'MNIST Training Playground' })).toBeVisible();
  } finally {
    if (isHostUp) await host.close();
    await rm(root, { recursive: true, force: true });
  }
});
