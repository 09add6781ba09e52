/**
 * The production build (`npm run build`, served by `vite preview`): what a school deploys. It
 * must train like the dev server's app, and it is where the page's responsiveness is measured.
 */
import { expect, test } from './fixtures';

interface LongTask { start: number; duration: number }

test('the built app trains in a worker and the page stays responsive throughout (no main-thread task over 50 ms)', async ({ playground, page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { longTasks: LongTask[] };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await playground.open('backend=wasm&trainSize=10000&epochs=1&optimizer=adam&learningRate=0.001');
  await playground.waitForBackend(/WebAssembly · in a worker/);
  // The WASM backend's threads start from source text the minifier must leave intact.
  await expect(page.getByText(/Training runs on WebAssembly \(.*(\d+ threads|one thread)/)).toBeVisible();
  await playground.train();
  await expect.poll(() => playground.plottedBatches(), { timeout: 120_000 }).toBeGreaterThan(3);
  const since = await page.evaluate(() => performance.now());

  // While it measures, the test itself stays off the page's thread as far as it can: Playwright's
  // text and role queries walk the whole DOM in the page, and polling them every 100 ms made
  // long tasks of its own (garbage collections of 50-90 ms) in a trace.
  await page.waitForTimeout(6_000);
  await page.getByRole('button', { name: 'Pause' }).click();
  // Resume appears once the batch in flight has finished: from then on nothing more may arrive.
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible({ timeout: 10_000 });
  const pausedAt = await playground.plottedBatches();
  await page.waitForTimeout(1500);
  expect(await playground.plottedBatches()).toBe(pausedAt);
  await page.getByRole('button', { name: 'Resume' }).click();

  // The rest of the epoch, the evaluation on the test set, and the page's return to idle.
  await page.waitForFunction(() => /Test accuracy: \d/.test(document.querySelector('[data-testid="test-result"]')?.textContent ?? ''), null, { polling: 1000, timeout: 180_000 });
  await page.waitForTimeout(1000);
  const longTasks = await page.evaluate((t0) => (window as unknown as { longTasks: LongTask[] }).longTasks.filter((t) => t.start >= t0), since);

  const accuracy = Number.parseFloat((await playground.testStatus.textContent())!.replace(/[^\d.]/g, ''));
  expect(accuracy).toBeGreaterThan(90);
  await expect(page.getByRole('img', { name: /Confusion matrix/ }).locator('canvas')).toBeVisible();
  expect(longTasks, `main-thread tasks over 50 ms while training: ${JSON.stringify(longTasks)}`).toEqual([]);
});
