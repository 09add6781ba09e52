/**
 * Look inside the network: the first conv layer's filters, a chosen test image's activation maps
 * layer by layer (refreshed as a model trains), the engine's memory gauge, and the tfjs-vis
 * inspector (loaded only when opened) with the model summary and the weight histograms.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test } from './fixtures';

test.describe('look inside the network', () => {
  test('a chosen test image shows its activation maps, the filters show, and tfjs-vis shows the summary', async ({ playground, page }) => {
    const tfvisRequests: string[] = [];
    page.on('request', (request) => {
      if (/tfjs-vis|tfvisInspector/.test(request.url())) tfvisRequests.push(request.url());
    });
    await playground.open('backend=wasm&preset=small-conv&trainSize=2000&epochs=2&batchSize=64');
    const card = page.getByRole('region', { name: 'Look inside the network' });
    await card.getByRole('button', { name: 'Look inside the network' }).click();

    // The ready model reads test image 0, a 7: every conv and pool layer's maps, the dense layers' units, and the filters.
    await expect(card.getByTestId('inspect-reading')).toContainText('True digit: 7', { timeout: 90_000 });
    await expect(card.getByTestId('inspect-reading')).toContainText(/The model reads \d/);
    await expect(card.getByTestId('inspect-filters')).toBeVisible();
    expect(await card.getByTestId('inspect-maps').count()).toBeGreaterThanOrEqual(2);
    await expect(card.getByTestId('inspect-units').last()).toHaveAttribute('data-count', '10');

    // Another test image, by its number: image 1 is a 2.
    await card.getByRole('spinbutton', { name: 'Test image number' }).fill('1');
    await expect(card.getByTestId('inspect-reading')).toContainText('True digit: 2');
    await card.getByRole('button', { name: 'Next', exact: true }).click();
    await expect(card.getByRole('spinbutton', { name: 'Test image number' })).toHaveValue('2');
    await expect(card.getByTestId('inspect-reading')).toContainText('True digit: 1');

    // The memory gauge counts the engine's live tensors.
    await expect(card.getByTestId('inspect-memory')).toContainText(/\d+ live tensors holding/);
    const readyTensors = Number(await card.getByTestId('inspect-memory').getAttribute('data-tensors'));
    expect(readyTensors).toBeGreaterThan(0);

    // tfjs-vis is not fetched until the inspector opens.
    expect(tfvisRequests).toEqual([]);

    // Train small-conv: the view follows the run's model, with its 16 filters and its layers' maps.
    await playground.train();
    await expect(card.getByText(/Model: Run 1 \(training/)).toBeVisible({ timeout: 60_000 });
    await expect(card.getByTestId('inspect-filters')).toHaveAttribute('data-count', '16');
    await expect(card.getByTestId('inspect-maps')).toHaveCount(4); // 2 conv, 2 pool
    await expect(card.getByText('Conv2D conv2d_0: 16 maps of 26×26')).toBeVisible();
    await expect(card.getByText('MaxPooling2D maxPool_3: 32 maps of 5×5')).toBeVisible();
    await expect(playground.testStatus).toContainText('Test accuracy', { timeout: 120_000 });
    await expect(card.getByText(/^Model: Run 1$/)).toBeVisible();

    // The tfjs-vis inspector: the summary table lists the run's layers with their output shapes and parameters.
    await card.getByRole('button', { name: 'Open the tfjs-vis inspector' }).click();
    const summary = card.getByTestId('tfvis-summary').getByRole('table');
    await expect(summary).toBeVisible({ timeout: 60_000 });
    await expect(summary.getByRole('columnheader')).toHaveText(['Layer', 'Type', 'Output shape', 'Parameters', 'Trainable']);
    await expect(summary.getByRole('row').filter({ hasText: 'conv2d_0' })).toContainText('[26, 26, 16]');
    await expect(summary.getByRole('row').filter({ hasText: 'conv2d_0' })).toContainText('160');
    expect(tfvisRequests.length).toBeGreaterThan(0);
    // One histogram per kernel (two conv, one dense), and the accuracy per digit of the finished run.
    await expect(card.getByRole('img', { name: /^conv2d_0\/kernel: 144 weights/ })).toBeVisible();
    await expect(card.getByRole('img', { name: /^dense_5\/kernel: 8,000 weights/ })).toBeVisible();
    await expect(card.getByRole('img', { name: /^conv2d_0\/kernel/ }).locator('svg, canvas').first()).toBeVisible();
    await expect(card.getByRole('heading', { name: 'Accuracy per digit (test images)' })).toBeVisible();
    await expect(card.locator('.tfvis-perclass table')).toContainText('Digit');

    // axe: no serious or critical violation in the open card, the tfjs-vis inspector included.
    const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']).include('section[aria-labelledby="inspect-title"]').analyze();
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
  });

  test('the view speaks Chinese in a zh-CN page, the drawing included', async ({ playground, page }) => {
    await playground.open('backend=wasm&lang=zh-CN');
    const card = page.getByRole('region', { name: '看看网络内部' });
    await card.getByRole('button', { name: '看看网络内部' }).click();
    await expect(card.getByTestId('inspect-reading')).toContainText('真实数字：7', { timeout: 90_000 });
    await expect(card.getByRole('heading', { name: '第一个卷积层的卷积核' })).toBeVisible();
    await expect(card.getByText(/^Conv2D conv2d_0：\d+ 张 24×24 的特征图$/)).toBeVisible();
    await card.getByRole('radio', { name: '你画的数字' }).check();
    await expect(card.getByText('在“手写一个数字”面板里画一个数字，这里就会读取它。')).toBeVisible();
    // A drawn 1 is read layer by layer too: no true digit, the model's answer, the maps.
    const canvas = page.getByRole('img', { name: '绘图画布' });
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.15);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.85, { steps: 5 });
    await page.mouse.up();
    await expect(card.getByTestId('inspect-reading')).toContainText(/模型读作 \d/);
    await expect(card.getByTestId('inspect-reading')).not.toContainText('真实数字');
    await expect(card.getByTestId('inspect-maps').first()).toBeVisible();
  });
});
