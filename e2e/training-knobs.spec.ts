import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** The preview strip's pixels, as a data URL, to tell one drawing from the next. */
const previewPixels = (page: Page) =>
  page.getByRole('img', { name: /^Augmented training samples/ }).evaluate((canvas) => (canvas as HTMLCanvasElement).toDataURL());

test.describe('the training knobs: regularisation, early stopping and augmentation', () => {
  test('groups the settings, shows dependent fields only while they apply, and previews the augmentation', async ({ playground, page }) => {
    await playground.open('backend=wasm&optimizer=adam');
    for (const group of ['Optimizer', 'Data', 'Regularisation', 'Run']) await expect(page.getByRole('group', { name: group })).toBeVisible();
    await expect(page.getByRole('group', { name: 'Regularisation' }).getByLabel('L2 penalty')).toHaveValue('0');

    // Momentum only for SGD with momentum; patience only with early stopping.
    await expect(page.getByLabel('Momentum')).toHaveCount(0);
    await page.getByLabel('Optimizer').selectOption('momentum');
    await expect(page.getByLabel('Momentum')).toBeVisible();
    await expect(page.getByLabel('Patience (epochs)')).toHaveCount(0);
    await page.getByLabel('Early stopping').check();
    await expect(page.getByLabel('Patience (epochs)')).toHaveValue('3');

    // Augmentation by keyboard: its ranges and a preview of warped digits appear.
    await expect(page.getByLabel('Max rotation (degrees)')).toHaveCount(0);
    await page.getByLabel('Augment', { exact: true }).focus();
    await page.keyboard.press('Space');
    await expect(page.getByLabel('Max rotation (degrees)')).toHaveValue('10');
    await expect(page.getByLabel('Max shift (pixels)')).toHaveValue('2');
    await expect(page.getByLabel('Max scale (%)')).toHaveValue('10');
    await expect(page.getByRole('img', { name: /^Augmented training samples/ })).toBeVisible({ timeout: 120_000 });
    const first = await previewPixels(page);

    // A new range redraws the preview; so does "Draw again"; the link keeps the settings.
    await page.getByLabel('Max rotation (degrees)').fill('40');
    await expect.poll(() => previewPixels(page)).not.toBe(first);
    const rotated = await previewPixels(page);
    await page.getByRole('button', { name: 'Draw again' }).click();
    await expect.poll(() => previewPixels(page)).not.toBe(rotated);
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/augment=true.*augmentRotation=40.*earlyStopping=true/);

    // Switching it off hides the ranges and the preview again.
    await page.getByLabel('Augment', { exact: true }).uncheck();
    await expect(page.getByRole('img', { name: /^Augmented training samples/ })).toHaveCount(0);
    await expect(page.getByLabel('Max shift (pixels)')).toHaveCount(0);
  });

  test('stops early when the validation loss stalls, says why, and scores the best epoch on the test set', async ({ playground, page }) => {
    // 500 training images and a brisk learning rate: the small dense net overfits within a few epochs.
    await playground.open(
      'backend=wasm&preset=small-dense&trainSize=1000&validationSplit=0.5&epochs=60&optimizer=sgd&learningRate=0.5&batchSize=20&earlyStopping=true&patience=2&l2=0.0001',
    );
    await playground.waitForBackend(/WebAssembly/);
    await playground.train();
    const notice = page.getByRole('alert').filter({ hasText: /^Stopped early/ });
    await expect(notice).toHaveText(
      /^Stopped early after epoch (\d+): validation loss had not improved for 2 epochs \(best \d+\.\d{4} at epoch (\d+)\)\. The weights from epoch \2 were restored\.$/,
      { timeout: 240_000 },
    );
    const [, stoppedAfter, best] = /epoch (\d+):.*at epoch (\d+)/.exec((await notice.textContent()) ?? '')!;
    expect(Number(stoppedAfter)).toBe(Number(best) + 2);
    expect(Number(stoppedAfter)).toBeLessThan(60);
    await expect(playground.testStatus).toHaveText(/Test accuracy: \d+\.\d+%/, { timeout: 120_000 });
    await expect(playground.trainButton).toBeEnabled();
  });
});
