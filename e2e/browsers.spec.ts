/**
 * The browsers a class really has: without WebGPU (older Firefox and Safari), without WebGL (a
 * blocklisted driver), without SharedArrayBuffer. Each time the page takes the next backend and
 * says why the faster one is not running. (A host without the isolation headers, the common way
 * to lose SharedArrayBuffer, is static-host.built.spec.ts.)
 */
import { simulateMissing } from './browserSim';
import { expect, test } from './fixtures';

const SHORT_RUN = 'preset=small-conv&trainSize=2000&epochs=1&optimizer=adam&learningRate=0.01';

test.describe('a missing browser feature moves the page to the next backend, and the page says why', () => {
  test('without WebGPU (no navigator.gpu), WebAssembly trains and WebGPU is listed as missing', async ({ playground, page }) => {
    await simulateMissing(page, ['webgpu']);
    await playground.open(SHORT_RUN);
    expect(await page.evaluate(() => 'gpu' in navigator)).toBe(false);
    // WebGL is SwiftShader here, a software GPU, so WebAssembly is the best backend left.
    await playground.waitForBackend(/^WebAssembly · in a worker/);
    await expect(page.getByRole('list', { name: 'Skipped backends' })).toContainText('WebGPU skipped: this browser has no WebGPU (navigator.gpu is missing)');
    const backend = page.getByRole('combobox', { name: 'Backend', exact: true });
    await expect(backend.getByRole('option', { name: 'WebGPU (unavailable)' })).toBeAttached();

    await playground.train();
    await expect.poll(() => playground.plottedBatches(), { timeout: 120_000 }).toBeGreaterThan(3);
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByText('Stopped.')).toBeVisible({ timeout: 60_000 });

    // Asked for WebGPU all the same, the page runs the next backend and says so.
    await backend.selectOption('webgpu');
    await expect(page.getByRole('alert').filter({ hasText: 'WebGPU could not start here, so WebAssembly runs instead.' })).toBeVisible({ timeout: 120_000 });
  });

  test('without WebGL and WebGPU, WebAssembly trains and both are listed as missing', async ({ playground, page }) => {
    await simulateMissing(page, ['webgpu', 'webgl']);
    await playground.open(SHORT_RUN);
    expect(await page.evaluate(() => document.createElement('canvas').getContext('webgl2'))).toBeNull();
    await playground.waitForBackend(/^WebAssembly · in a worker/);
    const skipped = page.getByRole('list', { name: 'Skipped backends' });
    await expect(skipped).toContainText('WebGPU skipped: this browser has no WebGPU');
    await expect(skipped).toContainText('WebGL skipped: no WebGL 2 context could be created here');

    await playground.train();
    await expect.poll(() => playground.plottedBatches(), { timeout: 120_000 }).toBeGreaterThan(3);
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByText('Stopped.')).toBeVisible({ timeout: 60_000 });

    await page.getByRole('combobox', { name: 'Backend', exact: true }).selectOption('webgl');
    await expect(page.getByRole('alert').filter({ hasText: 'WebGL could not start here, so WebAssembly runs instead.' })).toBeVisible({ timeout: 120_000 });
  });

  test('without SharedArrayBuffer, WebAssembly runs on one thread and the page says why', async ({ playground, page }) => {
    await simulateMissing(page, ['sharedArrayBuffer']);
    await playground.open('backend=wasm');
    expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('undefined');
    await playground.waitForBackend(/^WebAssembly · in a worker/);
    await expect(page.getByText(/Training runs on WebAssembly \(.*one thread/)).toBeVisible();
    await expect(page.getByTestId('threads-note')).toContainText('This browser offers no SharedArrayBuffer');
  });
});
