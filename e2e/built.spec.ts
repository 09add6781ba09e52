/**
 * The production build (`npm run build`, served by `vite preview`): what a school deploys. It
 * must train like the dev server's app, and it is where the page's responsiveness is measured.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

interface LongTask { start: number; duration: number }
/** A script that ran in a long animation frame: when, for how long, and where it comes from. */
interface FrameScript { start: number; duration: number; name: string }
/** A long animation frame, with its rendering and the scripts that ran in it: what a failure message needs to say why. */
interface LongFrame { start: number; duration: number; renderStart: number; render: number; scripts: FrameScript[] }
interface Observed { longTasks: LongTask[]; longFrames: LongFrame[] }

/** Records every long task and long animation frame of the page from its first script on. */
async function observeLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as Observed;
    w.longTasks = [];
    w.longFrames = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
    // Chromium's Long Animation Frames name the scripts behind a slow frame (reported only on failure).
    type FrameEntry = PerformanceEntry & { renderStart: number; scripts: { startTime: number; invoker: string; duration: number; sourceURL: string; sourceFunctionName: string; sourceCharPosition: number }[] };
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as FrameEntry[]) {
        const end = entry.startTime + entry.duration;
        w.longFrames.push({
          start: entry.startTime,
          duration: entry.duration,
          renderStart: entry.renderStart || end,
          render: entry.renderStart ? end - entry.renderStart : 0,
          scripts: entry.scripts.map((x) => ({ start: x.startTime, duration: x.duration, name: `${x.invoker} ${x.sourceFunctionName || '(anonymous)'} ${x.sourceURL.split('/').pop()}@${x.sourceCharPosition}` })),
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  });
}

/** The long tasks since `t0` (performance.now()), each with the frame it fell in, if Chromium reported one. */
async function longTasksSince(page: Page, t0: number) {
  const { longTasks, longFrames } = await page.evaluate((since) => {
    const w = window as unknown as Observed;
    return { longTasks: w.longTasks.filter((t) => t.start >= since), longFrames: w.longFrames };
  }, t0);
  // How long [start, end) and [from, to) overlap, in ms.
  const overlap = (start: number, end: number, from: number, to: number) => Math.max(0, Math.min(end, to) - Math.max(start, from));
  const explained = longTasks.map((task) => {
    const end = task.start + task.duration;
    const frame = longFrames.find((f) => f.start <= task.start + 1 && task.start < f.start + f.duration) ?? null;
    if (frame === null) return { ...task, frame, ownMs: task.duration };
    // The page's own work inside this task: the frame's scripts and rendering that fall within it.
    // Scripts run as tasks of their own (each chart draws in its own) count only where they overlap.
    const scriptMs = frame.scripts.reduce((total, x) => total + overlap(x.start, x.start + x.duration, task.start, end), 0);
    const renderMs = overlap(frame.renderStart, frame.start + frame.duration, task.start, end);
    return {
      ...task,
      frame: { ...frame, scripts: frame.scripts.map((x) => `${x.name} at ${Math.round(x.start)} for ${Math.round(x.duration)} ms`) },
      ownMs: Math.round(scriptMs + renderMs),
    };
  });
  // A long task in which the page's scripts and rendering took under 50 ms did not run the page's
  // code for that long: on 2 cores the training worker's two threads took the core from it (seen: a
  // 65 ms task in a frame with 2 ms of rendering and no script; a 58 ms task in a frame whose 32 ms
  // of rendering followed two chart draws of 8 and 12 ms, each a task of its own). Those are
  // logged, not failed; a task with no frame to explain it counts as the page's own.
  const isPreempted = (t: (typeof explained)[number]) => t.frame !== null && t.ownMs < 50;
  const preempted = explained.filter(isPreempted);
  if (preempted.length > 0) console.log(`long tasks with under 50 ms of the page's own work (preempted): ${JSON.stringify(preempted)}`);
  return { longTasks: explained.filter((t) => !isPreempted(t)).map(({ start, duration }) => ({ start, duration })), explained };
}

test('the built app trains in a worker and the page stays responsive throughout (no main-thread task over 50 ms)', async ({ playground, page }) => {
  await observeLongTasks(page);
  // The recipe this budget was set on (the page now opens on another preset).
  await playground.open('preset=lenet-5x5&backend=wasm&trainSize=10000&epochs=1&optimizer=adam&learningRate=0.001');
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
  const { longTasks, explained } = await longTasksSince(page, since);

  const accuracy = Number.parseFloat((await playground.testStatus.textContent())!.replace(/[^\d.]/g, ''));
  expect(accuracy).toBeGreaterThan(90);
  await expect(page.getByRole('img', { name: /Confusion matrix/ }).locator('canvas')).toBeVisible();
  expect(longTasks, `main-thread tasks over 50 ms while training: ${JSON.stringify(explained, null, 1)}`).toEqual([]);
});

/**
 * The classroom state (issue 10): a conv net trains while the comparison of two earlier runs, the
 * evaluation during training (confusion matrix and per-class figures at each epoch's end, the
 * watched digits and the mistakes) and the look inside the network (activation maps refreshed
 * every 2 s and at each epoch's end) are all open on the page. Still no main-thread task over 50 ms.
 */
test('with the comparison, the evaluation and the inspection open, training keeps every main-thread task under 50 ms', async ({ playground, page }) => {
  await observeLongTasks(page);
  await playground.open('backend=wasm&preset=small-conv&trainSize=3000&epochs=1');
  await playground.waitForBackend(/WebAssembly · in a worker/);
  // Two runs to compare: "Conv vs dense" trains them one after the other and ticks both.
  const pairButton = page.getByRole('button', { name: 'Conv vs dense' });
  await expect(pairButton).toBeEnabled({ timeout: 180_000 });
  await pairButton.click();
  await expect(page.getByText('Conv vs dense: both trained, compared below.')).toBeVisible({ timeout: 240_000 });
  const compared = page.getByTestId('compare-loss');
  await expect(compared).toHaveAttribute('data-runs', '2');
  await expect(compared.locator('svg')).toBeVisible();
  // The look inside the network, open on a test image.
  await page.getByRole('button', { name: 'Look inside the network' }).click();
  const inspect = page.getByRole('region', { name: 'Look inside the network' });
  await expect(inspect.locator('canvas').first()).toBeVisible({ timeout: 60_000 });

  // A longer run of the conv net, two epochs, so an evaluation during training lands in the window.
  await page.getByRole('combobox', { name: 'Training images', exact: true }).selectOption('20000');
  await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).fill('2');
  await playground.train();
  await expect.poll(() => playground.plottedBatches(), { timeout: 120_000 }).toBeGreaterThan(3);
  const since = await page.evaluate(() => performance.now());
  // Hands off the page while it measures (see above); the first epoch's end and its evaluation fall inside.
  await page.waitForFunction(() => {
    const epoch = [...document.querySelectorAll('dl[aria-label="Training figures"] dt')].find((dt) => dt.textContent?.trim() === 'Epoch');
    return /^2 \//.test(epoch?.nextElementSibling?.textContent ?? '');
  }, null, { polling: 2000, timeout: 240_000 });
  await page.waitForTimeout(6_000);
  await page.waitForFunction(() => /Test accuracy: \d/.test(document.querySelector('[data-testid="test-result"]')?.textContent ?? ''), null, { polling: 2000, timeout: 240_000 });
  await page.waitForTimeout(1000);
  const { longTasks, explained } = await longTasksSince(page, since);
  // All the views were there while it trained.
  await expect(compared.locator('svg')).toBeVisible();
  await expect(inspect.locator('canvas').first()).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Test digits, read by the model' })).toBeVisible();
  expect(longTasks, `main-thread tasks over 50 ms while training with the views open: ${JSON.stringify(explained, null, 1)}`).toEqual([]);
});
