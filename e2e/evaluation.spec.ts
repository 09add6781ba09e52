import { expect, test, type Playground } from './fixtures';

/** A small conv net on 2,000 images (1,800 train), two epochs, on WASM: about 10 s of training. */
const TWO_EPOCHS = 'backend=wasm&preset=small-conv&trainSize=2000&epochs=2&batchSize=32&optimizer=adam&learningRate=0.001&seed=42';

/** Waits for every shard (the epoch-end check skips an epoch whose test images are still on their way). */
async function openWithAllData(playground: Playground, hash: string): Promise<void> {
  await playground.open(hash);
  await playground.waitForBackend(/WebAssembly/);
  await expect(playground.page.getByText('all loaded', { exact: true })).toBeVisible({ timeout: 120_000 });
}

test.describe('evaluation during and after training', () => {
  test('the confusion matrix appears after the first epoch, before training ends; the gallery then holds every mistake, sorts by confidence and opens one large, by mouse or keyboard', async ({ playground, page }) => {
    await openWithAllData(playground, TWO_EPOCHS);
    await playground.train();

    // One look at the page, taken at once: the matrix of epoch 1 is up while the run is not over.
    const epochLine = page.getByTestId('epoch-evaluation');
    await expect(epochLine).toContainText('After epoch 1:', { timeout: 120_000 });
    const seen = await page.evaluate(() => ({
      headline: document.querySelector('[data-testid="test-result"]')?.textContent ?? '',
      matrixShown: !document.querySelector('.charts:has(figure.confusion)')?.closest('[hidden]'),
      epochLine: document.querySelector('[data-testid="epoch-evaluation"]')?.textContent ?? '',
    }));
    expect(seen.headline).not.toMatch(/Test accuracy/);
    expect(seen.matrixShown).toBe(true);
    expect(seen.epochLine).toMatch(/of 2,000 test digits right/);
    await expect(page.getByRole('img', { name: /Confusion matrix/ })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Per-digit precision, recall and F1' })).toBeVisible();
    const watchedAfterEpoch1 = await page.getByTestId('watched-answer').allTextContents();
    expect(watchedAfterEpoch1).toHaveLength(30);
    await expect(page.getByTestId('watched-when')).toHaveText('After epoch 1');

    // The final figures: all 10,000 images, and one thumbnail's worth of mistakes for each error.
    await expect(playground.testStatus).toHaveText(/Test accuracy: \d+\.\d\d%/, { timeout: 120_000 });
    const accuracy = Number.parseFloat(((await playground.testStatus.textContent()) ?? '').replace(/[^0-9.]/g, '')) / 100;
    const errors = Math.round((1 - accuracy) * 10_000);
    const count = page.getByTestId('mistake-count');
    await expect(count).toHaveAttribute('data-count', String(errors));
    await expect(count).toHaveText(`${errors.toLocaleString('en-US')} of 10,000 test images misread`);
    await expect(page.getByTestId('epoch-evaluation')).toHaveCount(0);
    await expect(page.getByTestId('watched-when')).toHaveText('After training');
    // The watched digits are read again after training: the same 30, answered anew.
    expect(await page.getByTestId('watched-answer').allTextContents()).toHaveLength(30);
    await expect(page.locator('body')).not.toContainText('NaN');

    // The gallery: sorted by confidence either way; a thumbnail opens large with its ten probabilities.
    const gallery = page.getByRole('list', { name: 'Mistakes' });
    const thumbnails = gallery.getByRole('button');
    await expect(thumbnails.first()).toBeVisible();
    expect(await thumbnails.count()).toBeGreaterThan(1);

    const confidences = async () => (await thumbnails.evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label') ?? '')))
      .map((label) => Number(/, (\d+)% sure$/.exec(label)![1]));
    const mostFirst = await confidences();
    expect(mostFirst).toEqual([...mostFirst].sort((a, b) => b - a));
    await page.getByRole('combobox', { name: 'Order' }).selectOption('leastConfident');
    const isAscending = (values: number[]) => values.every((v, i) => i === 0 || values[i - 1] <= v);
    await expect.poll(async () => isAscending(await confidences())).toBe(true);
    const leastFirst = await confidences();
    expect(leastFirst[0]).toBeLessThanOrEqual(mostFirst[0]);

    // A click shows the image large with its ten probabilities; the predicted digit's is the label's figure.
    const first = thumbnails.first();
    const label = (await first.getAttribute('aria-label'))!;
    const [, index, truth, predicted] = /\. Test image ([\d,]+): a (\d) read as (\d)/.exec(label)!;
    await first.click();
    const detail = page.getByRole('group', { name: `Test image ${index}` });
    await expect(detail).toBeVisible();
    await expect(detail).toContainText(`True digit ${truth}; the model said ${predicted}`);
    const bars = detail.getByRole('list', { name: 'The model’s ten probabilities' }).getByRole('listitem');
    await expect(bars).toHaveCount(10);
    const percents = (await bars.evaluateAll((items) => items.map((i) => i.getAttribute('aria-label') ?? ''))).map((l) => Number.parseFloat(l.split(': ')[1]));
    expect(percents.reduce((a, b) => a + b, 0)).toBeGreaterThan(98);
    // The prediction is the most probable digit (a least-confident one may tie with another at one decimal).
    expect(percents[Number(predicted)]).toBe(Math.max(...percents));
    // Escape closes it and gives the focus back to the thumbnail.
    await page.keyboard.press('Escape');
    await expect(detail).toHaveCount(0);
    await expect(first).toBeFocused();

    // By keyboard: Enter on the second thumbnail opens it, the arrow keys step through the gallery.
    const second = thumbnails.nth(1);
    await second.focus();
    await page.keyboard.press('Enter');
    const secondIndex = /\. Test image ([\d,]+)/.exec((await second.getAttribute('aria-label'))!)![1];
    await expect(page.getByRole('group', { name: `Test image ${secondIndex}` })).toBeFocused();
    await page.keyboard.press('ArrowLeft');
    await expect(page.getByRole('group', { name: `Test image ${index}` })).toBeVisible();
  });

  test('the evaluation after training shows its progress, and Stop ends it', async ({ playground, page }) => {
    // The plain-JavaScript CPU backend: 10,000 test images take it a good while, as on a slow machine.
    // Half of 1,000 images held out: 500 to train on, so the run itself is short.
    await playground.open('backend=cpu&preset=small-conv&trainSize=1000&validationSplit=0.5&epochs=1&batchSize=100&optimizer=adam&learningRate=0.003');
    await playground.waitForBackend(/^CPU/);
    await playground.train();
    const progress = page.getByRole('progressbar', { name: 'Evaluating the test set' });
    await expect(progress).toBeVisible({ timeout: 180_000 });
    await expect(progress).toHaveAttribute('aria-valuemax', '10000');
    await expect.poll(async () => Number(await progress.getAttribute('aria-valuenow')), { timeout: 60_000 }).toBeGreaterThan(0);
    const stop = page.getByRole('button', { name: 'Stop' });
    await expect(stop).toBeEnabled();
    const stoppedAt = Date.now();
    await stop.click();
    await expect(page.getByText('Stopped.')).toBeVisible({ timeout: 30_000 });
    expect(Date.now() - stoppedAt).toBeLessThan(15_000);
    await expect(progress).toHaveCount(0);
    await expect(playground.testStatus).not.toContainText('Test accuracy');
    // Nothing was lost: Evaluate scores the model again.
    await expect(page.getByRole('button', { name: 'Evaluate on test set' })).toBeEnabled();
  });
});
