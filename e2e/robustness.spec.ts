import { chromium } from '@playwright/test';
import { expect, test } from './fixtures';

test.describe('bad input is explained, and loses nothing', () => {
  test('a corrupt shard gives a clear message and Retry recovers', async ({ playground, page }) => {
    let corrupt = true;
    await page.route('**/data/mnist/train-00.png', async (route) => {
      const response = await route.fetch();
      const body = Buffer.from(await response.body());
      if (corrupt) body[body.length >> 1] ^= 0xff;
      await route.fulfill({ response, body });
    });
    await playground.open('backend=wasm');
    const alert = page.getByRole('alert').filter({ hasText: 'train-00.png' });
    await expect(alert).toContainText(/corrupt|checksum/i, { timeout: 120_000 });
    await expect(playground.trainButton).toBeDisabled();

    corrupt = false;
    await alert.getByRole('button', { name: 'Retry' }).click();
    await expect(alert).toBeHidden({ timeout: 60_000 });
    await expect(playground.trainButton).toBeEnabled({ timeout: 120_000 });
  });

  test('a missing shard (HTTP 404) is reported by name', async ({ playground, page }) => {
    await page.route('**/data/mnist/train-00.png', (route) => route.fulfill({ status: 404, body: 'not found' }));
    await playground.open('backend=wasm');
    await expect(page.getByRole('alert').filter({ hasText: 'train-00.png' })).toContainText(/404|missing|not found/i, { timeout: 120_000 });
    await expect(page.getByRole('button', { name: 'Retry' })).toBeVisible();
  });

  test('a malformed link falls back field by field and says which fields it ignored', async ({ playground, page }) => {
    await playground.open('v=1&batchSize=banana&learningRate=-3&epochs=2&preset=nope&colour=blue');
    const alert = page.getByRole('alert').filter({ hasText: 'could not be used' });
    await expect(alert).toContainText('batchSize');
    await expect(alert).toContainText('learningRate');
    await expect(alert).toContainText('preset');
    await expect(alert).toContainText('colour');
    await expect(page.getByLabel('Epochs', { exact: true })).toHaveValue('2');
    await expect(page.getByLabel('Batch size', { exact: true })).toHaveValue('64');
  });

  test('a browser whose navigator.gpu finds no adapter falls through to WASM and says why', async ({ baseURL }) => {
    // No --enable-unsafe-webgpu: navigator.gpu exists but requestAdapter() resolves to null.
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH === 'playwright' ? undefined : (process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'),
      args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
    });
    try {
      // The page picks its language from the browser's: this test reads the English words.
      const page = await browser.newPage({ locale: 'en-US' });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(baseURL!);
      expect(await page.evaluate(async () => 'gpu' in navigator && (await (navigator as unknown as { gpu: { requestAdapter(): Promise<unknown> } }).gpu.requestAdapter()) === null)).toBe(true);
      await expect(page.getByTestId('backend-badge')).toHaveText(/WebAssembly/, { timeout: 120_000 });
      await expect(page.getByRole('list', { name: 'Skipped backends' })).toContainText(/WebGPU skipped: .*no GPU adapter/);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
