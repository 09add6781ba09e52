/**
 * The GPU path (issue 9), on whatever GPU backend this browser offers (SwiftShader in CI): the
 * speed probe compiles a step's shaders before Train, the training images move to the device once
 * every shard is in, and training on them lowers the loss.
 */
import { expect, test } from './fixtures';

for (const backend of ['webgl', 'webgpu'] as const) {
  test(`on ${backend}: the probe compiles before Train, the images stay on the GPU and the loss falls`, async ({ playground, page }) => {
    await playground.open(`backend=${backend}&preset=small-conv&trainSize=5000&batchSize=32&epochs=1&optimizer=adam&learningRate=0.01`);
    const isOffered = await page.evaluate(async (name) => {
      if (name === 'webgpu') return Boolean(await (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu?.requestAdapter());
      return Boolean(new OffscreenCanvas(1, 1).getContext('webgl2'));
    }, backend);
    test.skip(!isOffered, `this browser offers no ${backend}`);
    await playground.waitForBackend(new RegExp(`^${backend === 'webgl' ? 'WebGL' : 'WebGPU'} · in a worker`));
    // The speed probe (its compile-only pass, then a few real steps) has measured this set-up.
    await expect(page.getByTestId('run-estimate')).toHaveText(/on this computer$/, { timeout: 240_000 });
    await playground.train();
    const losses = await playground.batchLossesUntil(12, 240_000);
    expect(losses[0]).toBeGreaterThan(2);
    expect(Math.min(...losses.slice(-3))).toBeLessThan(losses[0] * 0.7);
    const placement = page.getByRole('definition').filter({ hasText: /^on the GPU \(63 MB\)$/ });
    await expect(placement).toBeVisible({ timeout: 120_000 });
    await placement.scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath('images-on-gpu.png') });
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByText('Stopped.')).toBeVisible({ timeout: 60_000 });
  });
}
