/**
 * Issue 11, during a run: the status lines agree with the figures beside them. A divergence note
 * quotes the card's losses; speed and time left wait out the warm-up; the card shows the epoch's
 * running figures rather than a last batch of a few images; Stop works during warm-up; the backend
 * panel says what is starting and how the running backend compares.
 */
import type { Page } from '@playwright/test';
import { expect, test, type Playground } from './fixtures';

/** The number in a figure such as "79.028", "66.3%" or "last batch: 2.325 (64 images)". */
const numberIn = (text: string | null): number => Number.parseFloat((text ?? '').replace(/,/g, '').match(/-?\d+(\.\d+)?/)?.[0] ?? 'NaN');

/** Whether this browser offers the backend (SwiftShader here); a browser without it skips the case. */
async function offers(page: Page, name: 'webgl' | 'webgpu'): Promise<boolean> {
  return page.evaluate(async (backend) => {
    if (backend === 'webgpu') return Boolean(await (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu?.requestAdapter());
    return Boolean(new OffscreenCanvas(1, 1).getContext('webgl2'));
  }, name);
}

async function figure(playground: Playground, label: string): Promise<string> {
  return ((await playground.stat(label).first().textContent()) ?? '').trim();
}

test.describe('during a run, every status line agrees with the figures beside it', () => {
  test('a diverged run quotes the losses the training card shows', async ({ playground, page }) => {
    await playground.open('backend=wasm&preset=dense-baseline&trainSize=2000&epochs=1&optimizer=sgd&learningRate=5');
    await playground.waitForBackend(/WebAssembly/);
    await playground.train();
    const note = page.getByRole('alert').filter({ hasText: /the loss exploded/ });
    await expect(note).toBeVisible({ timeout: 120_000 });
    const text = (await note.textContent()) ?? '';
    // "... this epoch's loss so far is 79.028, the last batch's 2.325. The learning rate (5) ..."
    const epochLoss = Number.parseFloat(text.match(/this epoch's loss so far is ([\d,.]+)/)![1].replace(/,/g, ''));
    const lastLoss = Number.parseFloat(text.match(/the last batch's ([\d,.]+)/)![1].replace(/,/g, ''));
    const [, from, to] = text.match(/smoothed loss rose from ([\d,.]+) to ([\d,.]+)/)!;
    const peak = Number.parseFloat(text.match(/One batch's loss reached ([\d,.]+)/)![1].replace(/,/g, ''));
    expect(numberIn(await figure(playground, 'Loss, this epoch'))).toBe(epochLoss);
    expect(await playground.lastBatchLoss()).toBe(lastLoss);
    expect(Number.parseFloat(from)).toBeLessThan(Number.parseFloat(to.replace(/,/g, '')));
    expect(peak).toBeGreaterThanOrEqual(epochLoss);
    // The batch the note names is the one the card shows.
    const batch = Number.parseInt(text.match(/batch (\d+):/)![1], 10);
    expect(await figure(playground, 'Batch')).toMatch(new RegExp(`^${batch} / \\d+$`));
    await expect(page.getByText('Diverged.', { exact: true })).toBeVisible();
  });

  test('a short run ends on the epoch\'s running figures, not on its last batch of 4 images', async ({ playground, page }) => {
    // 900 training images at batch 64: 14 batches and a last one of 4.
    await playground.open('backend=wasm&preset=dense-baseline&trainSize=1000&validationSplit=0.1&batchSize=64&epochs=1&optimizer=adam&learningRate=0.001');
    await playground.waitForBackend(/WebAssembly/);
    await playground.train();
    await expect(playground.testStatus).toHaveText(/Test accuracy/, { timeout: 180_000 });
    await expect(page.getByTestId('last-batch-loss')).toContainText('(4 images)');
    const cardLoss = numberIn(await figure(playground, 'Loss, this epoch'));
    const cardAccuracy = numberIn(await figure(playground, 'Accuracy, this epoch'));
    // The learning curves' table lists the epoch's training loss and accuracy: the card ends on the same.
    await page.getByText('The learning curves as a table').click();
    const row = page.getByRole('region', { name: /Loss and accuracy per epoch/ }).locator('tbody tr').first();
    // The table is drawn once it opens: wait for its first figure before reading the row (CI read it empty once).
    await expect(row.locator('td').first()).toHaveText(/\d/);
    const cells = await row.locator('td').allTextContents();
    expect(Math.abs(numberIn(cells[0]) - cardLoss)).toBeLessThan(0.0006);
    expect(Math.abs(numberIn(cells[1]) - cardAccuracy)).toBeLessThan(0.06);
    // Far above chance (10%): a last batch of 4 images could read 0% or 100%.
    expect(cardAccuracy).toBeGreaterThan(20);
    // Speed and time left were measured after warm-up: the warm-up's own time is shown apart.
    expect(await figure(playground, 'Warm-up')).toMatch(/^\d+\.\d s$/);
    expect(numberIn(await figure(playground, 'Examples / s'))).toBeGreaterThan(0);
  });

  test('on a software GPU: warm-up shows its clock, no time left or speed until it is over, and the panel says what runs', async ({ playground, page }) => {
    await playground.open('backend=webgl&preset=small-conv&trainSize=1000&validationSplit=0&batchSize=32&epochs=1&optimizer=adam&learningRate=0.01');
    test.skip(!(await offers(page, 'webgl')), 'this browser offers no WebGL, so there is no warm-up to watch');
    await playground.waitForBackend(/^WebGL · in a worker/);
    // What runs and how it compares, while it runs.
    await expect(page.getByTestId('backend-comparison')).toContainText(/software GPU .*30-100x slower than WebAssembly/);

    await playground.train();
    await expect(page.getByText(/^Warming up: building the model/)).toBeVisible();
    // During warm-up: a clock, and neither a time left nor a speed.
    await expect(playground.stat('Warm-up')).toHaveText(/^\d+ s…$/);
    for (const label of ['Time left', 'GFLOP/s', 'Examples / s']) expect(await figure(playground, label)).toBe('after warm-up');
    await page.screenshot({ path: test.info().outputPath('warm-up.png') });

    // The first batch done: its time is the warm-up; speed waits for a few steady batches.
    await expect(playground.stat('Warm-up')).toHaveText(/^\d+\.\d s$/, { timeout: 120_000 });
    const timeLeft = playground.stat('Time left');
    await expect(timeLeft).toHaveText(/\d+ (sec|min)/, { timeout: 120_000 });
    expect(await playground.plottedBatches()).toBeGreaterThanOrEqual(4);
    expect(numberIn(await figure(playground, 'GFLOP/s'))).toBeGreaterThan(0);
    expect(await figure(playground, 'Time left')).not.toMatch(/60 sec/);
    await page.screenshot({ path: test.info().outputPath('steady.png') });
    // The backend panel still says it is a software GPU once it has trained.
    await expect(page.getByTestId('backend-comparison')).toContainText('software GPU');
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByText('Stopped.')).toBeVisible({ timeout: 60_000 });
  });

  test('Stop during warm-up ends the run before its first batch', async ({ playground, page }) => {
    await playground.open('backend=webgl&preset=small-conv&trainSize=1000&validationSplit=0&batchSize=32&epochs=1&optimizer=adam&learningRate=0.01');
    test.skip(!(await offers(page, 'webgl')), 'this browser offers no WebGL, so there is no warm-up to stop');
    await playground.waitForBackend(/^WebGL · in a worker/);
    await playground.train();
    const stop = page.getByRole('button', { name: 'Stop' });
    await expect(stop).toBeEnabled({ timeout: 5000 });
    await expect(playground.stat('Warm-up')).toHaveText(/…$/);
    await stop.click();
    await expect(page.getByText('Stopped.')).toBeVisible({ timeout: 120_000 });
    expect(await playground.plottedBatches()).toBe(0);
    await expect(playground.trainButton).toBeEnabled();
  });

  test('choosing a GPU backend says "starting" until it has started, then how it compares', async ({ playground, page }) => {
    await playground.open('backend=wasm');
    await playground.waitForBackend(/^WebAssembly · in a worker/);
    await expect(page.getByTestId('backend-comparison')).toContainText(/WebAssembly uses (one thread|\d+ threads) on this machine's/);
    // WASM named in the link starts without the GPU probes; they run once the data is in and label the choices.
    const select = page.getByRole('combobox', { name: 'Backend', exact: true });
    await expect(select.getByRole('option', { name: /checked once the data is in/ })).toHaveCount(0, { timeout: 120_000 });
    const target = (await offers(page, 'webgpu')) ? { value: 'webgpu', label: 'WebGPU' } : { value: 'webgl', label: 'WebGL' };
    test.skip(target.value === 'webgl' && !(await offers(page, 'webgl')), 'this browser offers no GPU backend to start');
    await select.selectOption(target.value);
    // While it starts: "Starting WebGPU…", and never "could not start here".
    await expect(page.getByTestId('backend-starting')).toHaveText(`Starting ${target.label}…`);
    await expect(page.getByText(/could not start here/)).toHaveCount(0);
    await playground.waitForBackend(new RegExp(`^${target.label} · `));
    await expect(page.getByTestId('backend-starting')).toHaveCount(0);
    await expect(page.getByText(/could not start here/)).toHaveCount(0);
    await expect(page.getByTestId('backend-comparison')).toContainText(/software GPU .*30-100x slower than WebAssembly/);
  });
});
