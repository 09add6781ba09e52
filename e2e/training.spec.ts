import { expect, test } from './fixtures';

test.describe('training on the real MNIST data', () => {
  test('streams the data, trains the default model on 5k images for one epoch on WASM, and scores over 90% on the test set', async ({ playground, page }) => {
    // The classic default (the page now opens on fast-99): its parameter count and batch size are checked below.
    await playground.open('preset=lenet-5x5&backend=wasm&trainSize=5000&epochs=1&optimizer=adam&learningRate=0.001');
    await playground.waitForBackend(/WebAssembly · in a worker/);

    // The data streams in: bytes and images advance, and real digits appear.
    const images = page.getByRole('progressbar', { name: 'Images decoded' });
    await expect.poll(async () => Number(await images.getAttribute('aria-valuenow')), { timeout: 120_000 }).toBeGreaterThan(0);
    await expect(page.getByRole('img', { name: /first 24 training digits/ })).toBeVisible();
    await expect(page.getByRole('img', { name: /^Loss per batch/ })).toBeVisible();
    await expect(page.getByTestId('param-count')).toHaveText('Parameters: 184,586');

    await playground.train();
    // The charts gain points while it trains.
    await expect.poll(() => playground.plottedBatches(), { timeout: 120_000 }).toBeGreaterThan(5);
    const early = await playground.plottedBatches();
    await expect.poll(() => playground.plottedBatches(), { timeout: 120_000 }).toBeGreaterThan(early);
    await expect.poll(() => playground.statNumber('Examples / s')).toBeGreaterThan(0);

    await expect(playground.testStatus).toHaveText(/Test accuracy: \d+\.\d+%/, { timeout: 240_000 });
    const text = (await playground.testStatus.textContent()) ?? '';
    const accuracy = Number.parseFloat(text.replace(/[^0-9.]/g, ''));
    expect(accuracy).toBeGreaterThanOrEqual(90);
    // 4,500 training images at batch 64 is 71 batches.
    expect(await playground.plottedBatches()).toBe(71);
    await expect(page.getByRole('img', { name: /Confusion matrix/ })).toBeVisible();
  });

  for (const backend of ['webgpu', 'webgl', 'cpu'] as const) {
    test(`trains a few batches on ${backend} and the loss falls`, async ({ playground }) => {
      // SwiftShader and plain JS run 30-100x slower than WASM: a small conv net and a brisk
      // learning rate halve the loss within about ten batches (the same seed gives the same
      // trajectory on every backend: 2.29, 2.39, 2.17, 2.16, 2.13, 1.97, 1.75, 1.61, 1.36, 1.07).
      await playground.open(`backend=${backend}&preset=small-conv&trainSize=5000&batchSize=32&epochs=1&optimizer=adam&learningRate=0.01`);
      const label = { webgpu: 'WebGPU', webgl: 'WebGL', cpu: 'CPU' }[backend];
      // A browser without the backend cannot run this case; browsers.spec.ts checks what the page does there.
      const isOffered = await playground.page.evaluate(async (name) => {
        if (name === 'webgpu') return Boolean(await (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu?.requestAdapter());
        return name !== 'webgl' || Boolean(new OffscreenCanvas(1, 1).getContext('webgl2'));
      }, backend);
      test.skip(!isOffered, `this browser offers no ${label} (no adapter or context), so there is nothing to train on`);
      await playground.waitForBackend(new RegExp(`^${label} · in a worker`));
      // With every shard in, the seed alone orders the batches; pressed earlier, the first epoch
      // draws from the shards that have arrived, and the trajectory follows their timing (CI: one
      // run's last three batches came to 1.607 against a bound of 1.605).
      await expect(playground.page.getByTestId('data-line')).toHaveText(/^All [\d,]+ images in$/, { timeout: 120_000 });
      await playground.train();
      const losses = await playground.batchLossesUntil(12, 240_000);
      expect(await playground.plottedBatches()).toBeGreaterThanOrEqual(12);
      const first = losses[0];
      expect(first).toBeGreaterThan(2);
      expect(Math.min(...losses.slice(-3))).toBeLessThan(first * 0.7);
      await playground.page.getByRole('button', { name: 'Stop' }).click();
      await expect(playground.page.getByText('Stopped.')).toBeVisible({ timeout: 60_000 });
    });
  }

  test('the main-thread fallback trains too, and says where it runs', async ({ playground, page }) => {
    await playground.open('thread=main&backend=wasm&preset=small-conv&trainSize=5000&epochs=1&optimizer=adam&learningRate=0.01');
    await playground.waitForBackend(/^WebAssembly · main thread/);
    await expect(page.getByText(/on the page's main thread, yielding after every batch/)).toBeVisible();
    await playground.train();
    await expect.poll(() => playground.plottedBatches(), { timeout: 120_000 }).toBeGreaterThan(10);
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByText('Stopped.')).toBeVisible({ timeout: 60_000 });
  });

  test('a learning rate that makes the loss explode stops training with a plain explanation', async ({ playground, page }) => {
    await playground.open('backend=wasm&preset=dense-baseline&trainSize=5000&optimizer=sgd&learningRate=10&epochs=1');
    await playground.waitForBackend(/WebAssembly/);
    await playground.train();
    await expect(page.getByRole('alert').filter({ hasText: /learning rate \(10\) is probably too high/ })).toBeVisible({ timeout: 120_000 });
    await expect(page.getByText('Diverged.', { exact: true })).toBeVisible();
    // Nothing is lost: the settings are still there and Train works again.
    await expect(page.getByLabel('Learning rate')).toHaveValue('10');
    await expect(playground.trainButton).toBeEnabled();
  });
});
