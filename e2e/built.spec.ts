import { expect, test } from './fixtures';

test('the page stays responsive while the worker trains (no main-thread task over 50 ms)', async ({ playground, page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { longTasks: { start: number; duration: number }[] };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await playground.open('backend=wasm&trainSize=20000&epochs=1');
  await playground.waitForBackend(/WebAssembly · in a worker/);
  await playground.train();
  await expect.poll(() => playground.plottedBatches(), { timeout: 120_000 }).toBeGreaterThan(3);
  const trainingSince = await page.evaluate(() => performance.now());

  // Ten seconds of training with the charts and figures updating; a click must still answer.
  await page.waitForTimeout(10_000);
  await page.getByRole('button', { name: 'Pause' }).click();
  // Resume appears once the batch in flight has finished: from then on nothing more may arrive.
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible({ timeout: 10_000 });
  const pausedAt = await playground.plottedBatches();
  await page.waitForTimeout(1500);
  expect(await playground.plottedBatches()).toBe(pausedAt);
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect.poll(() => playground.plottedBatches(), { timeout: 60_000 }).toBeGreaterThan(pausedAt);

  const longTasks = await page.evaluate((since) =>
    (window as unknown as { longTasks: { start: number; duration: number }[] }).longTasks.filter((t) => t.start >= since), trainingSince);
  expect(longTasks, `main-thread tasks over 50 ms while training: ${JSON.stringify(longTasks)}`).toEqual([]);
  await page.getByRole('button', { name: 'Stop' }).click();
});
