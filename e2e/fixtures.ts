/** One page object for the playground: opens scenarios by URL hash and reads what a student sees. */
import { test as base, expect, type Locator, type Page } from '@playwright/test';

export class Playground {
  constructor(readonly page: Page) {}

  /**
   * Opens the app with a hash such as 'backend=wasm&trainSize=5000', in English unless the hash
   * names a language: these scenarios read the English words, whatever the browser prefers.
   */
  async open(hash = ''): Promise<void> {
    const withLanguage = /(^|&)lang=/.test(hash) ? hash : hash ? `${hash}&lang=en` : 'lang=en';
    await this.page.goto(`/#${withLanguage}`);
    await expect(this.page.getByRole('heading', { level: 1, name: /^MNIST/ })).toBeVisible();
  }

  get trainButton(): Locator {
    return this.page.getByRole('button', { name: 'Train', exact: true });
  }

  get testStatus(): Locator {
    return this.page.getByRole('status').filter({ hasText: /Test accuracy|Not evaluated|Evaluating/ });
  }

  /** The figure shown under a caption in the training figures, e.g. 'Loss, this epoch'. */
  stat(label: string): Locator {
    return this.page
      .getByRole('group', { name: 'Training figures' })
      .or(this.page.locator('dl[aria-label="Training figures"]'))
      .locator(`xpath=.//dt[normalize-space()="${label}"]/following-sibling::dd[1]`);
  }

  async statNumber(label: string): Promise<number> {
    const text = (await this.stat(label).textContent()) ?? '';
    return Number.parseFloat(text.replace(/[,%]/g, ''));
  }

  async backendBadge(): Promise<string> {
    return (await this.page.getByTestId('backend-badge').textContent()) ?? '';
  }

  async waitForBackend(label: RegExp): Promise<void> {
    await expect(this.page.getByTestId('backend-badge')).toHaveText(label, { timeout: 120_000 });
  }

  async plottedBatches(): Promise<number> {
    const text = (await this.page.getByTestId('chart-points').textContent()) ?? '0';
    return Number.parseInt(text.replace(/,/g, ''), 10);
  }

  /** The preset drop-down of the Model card. */
  get presetSelect(): Locator {
    return this.page.getByRole('combobox', { name: 'Preset', exact: true });
  }

  /** A control of the layer editor by its name after "Layer N", e.g. layerControl(1, 'kernel size'). */
  layerControl(position: number, name: string): Locator {
    return this.page.getByLabel(`Layer ${position} ${name}`, { exact: true });
  }

  /** One row of the layer editor (1-based, as the page numbers them). */
  layerRow(position: number): Locator {
    return this.page.getByTestId(`layer-${position}`);
  }

  /** The output shape shown beside a layer, e.g. "24x24x32". */
  async layerOutputs(): Promise<string[]> {
    return this.page.getByTestId('layer-output').allTextContents();
  }

  /** Types a new value into a layer's number box, as a student would. */
  async setLayerNumber(position: number, name: string, value: number): Promise<void> {
    await this.layerControl(position, name).fill(String(value));
  }

  /** Presses Train once the first shard is in and the backend is up. */
  async train(): Promise<void> {
    await expect(this.trainButton).toBeEnabled({ timeout: 180_000 });
    await this.trainButton.click();
  }

  /** The last batch's loss, shown under the epoch's running loss ("last batch: 2.317 (32 images)"); NaN before the first. */
  async lastBatchLoss(): Promise<number> {
    const detail = this.page.getByTestId('last-batch-loss');
    if ((await detail.count()) === 0) return NaN;
    const text = (await detail.textContent()) ?? '';
    return Number.parseFloat(text.replace(/,/g, '').match(/-?\d+(\.\d+)?/)?.[0] ?? 'NaN');
  }

  /** Collects the batch losses shown while training, until `count` batches have run. */
  async batchLossesUntil(count: number, timeout: number): Promise<number[]> {
    const losses: number[] = [];
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      const loss = await this.lastBatchLoss();
      if (Number.isFinite(loss) && losses[losses.length - 1] !== loss) losses.push(loss);
      if ((await this.plottedBatches()) >= count) break;
      await this.page.waitForTimeout(250);
    }
    return losses;
  }
}

export const test = base.extend<{ playground: Playground }>({
  playground: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await use(new Playground(page));
    // No uncaught error may reach the page, whatever the scenario.
    expect(errors, 'uncaught errors in the page').toEqual([]);
  },
});

/** The drawing canvas of the "Draw a digit" card. */
export const drawingCanvas = (page: Page): Locator => page.getByRole('img', { name: 'Drawing canvas' });

/**
 * Draws `strokes` (points as fractions of the canvas side) with the mouse, one pointer down..up
 * per stroke, and waits for the answer to the finished drawing. (Meant for single strokes: with
 * several, the first stroke's answer is also final.)
 */
export async function drawStrokes(page: Page, strokes: number[][][]): Promise<void> {
  const canvas = drawingCanvas(page);
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  for (const stroke of strokes) {
    await page.mouse.move(box.x + stroke[0][0] * box.width, box.y + stroke[0][1] * box.height);
    await page.mouse.down();
    for (const [x, y] of stroke.slice(1)) await page.mouse.move(box.x + x * box.width, box.y + y * box.height, { steps: 5 });
    await page.mouse.up();
  }
  await expect(page.locator('.probability-bars')).toHaveAttribute('data-final', 'true');
}

export { expect };
