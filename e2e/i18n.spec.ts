/**
 * The page in Simplified Chinese: every view, panel and state a class meets, scanned for English
 * left behind, in the visible text and in the accessible names (the accessibility tree, titles,
 * placeholders, drop-down options). A short list of technical names stays as it is
 * (src/testing/englishWords.ts), and raw words the browser reports about its GPU are allowed.
 */
import type { Page } from '@playwright/test';
import { englishWords, TECHNICAL_NAMES } from '../src/testing/englishWords';
import { expect, test } from './fixtures';

/**
 * Names the browser itself reports for its GPU adapter or renderer (SwiftShader's ANGLE on Vulkan
 * here), shown as they are beside a skipped backend.
 */
const BROWSER_REPORTED = ['google', 'angle', 'vulkan', 'device', 'subzero', 'driver', 'inc'];
const ALLOWED = [...TECHNICAL_NAMES, ...BROWSER_REPORTED];

/** A short run on WASM: 2,000 images, one epoch of the dense baseline. */
const SHORT_RUN = 'preset=dense-baseline&trainSize=2000&epochs=1&backend=wasm&lang=zh-CN';

async function openChinese(page: Page, hash: string): Promise<void> {
  await page.goto(`/#${hash}`);
  await expect(page.getByRole('heading', { level: 1, name: 'MNIST 训练场' })).toBeVisible();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
}

/** Everything a student sees or hears on the page as it is now: visible text, accessible names, descriptions. */
async function pageTexts(page: Page): Promise<string[]> {
  const fromDom = await page.evaluate(() => {
    const texts: string[] = [];
    // Marked as another language on purpose (the language switch names English in English), code,
    // or inside an image (role="img" makes its children presentational: no one reads them).
    const skip = (el: Element | null) =>
      !!el?.closest('[lang]:not(html):not([lang="zh-CN"]), pre, code, script, style, noscript') || !!el?.parentElement?.closest('[role="img"]');
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      const text = node.textContent?.trim();
      if (!text || !parent || skip(parent) || !parent.checkVisibility({ visibilityProperty: true })) continue;
      texts.push(text);
    }
    for (const el of document.body.querySelectorAll('*')) {
      if (skip(el) || !el.checkVisibility({ visibilityProperty: true })) continue;
      for (const attribute of ['aria-label', 'title', 'placeholder', 'alt', 'aria-roledescription', 'aria-valuetext']) {
        const value = el.getAttribute(attribute);
        if (value) texts.push(`${attribute}: ${value}`);
      }
      if (el instanceof HTMLSelectElement) for (const option of el.options) if (!skip(option)) texts.push(`option: ${option.text}`);
    }
    return texts;
  });
  // The accessibility tree names what a screen reader announces, including names from aria-labelledby.
  const tree = (await page.locator('body').ariaSnapshot())
    .split('\n')
    .filter((line) => !/^\s*- \/(url|placeholder):/.test(line))
    .map((line) => line.replace(/^\s*- [\w-]+/, '').replace(/\[[^\]]*\]/g, ''))
    .filter((line) => line.trim() !== '' && line.trim() !== ':');
  return [...fromDom, ...tree];
}

/** The English words left on the page, each with the text it was found in. */
async function leftoverEnglish(page: Page): Promise<string[]> {
  const found = new Set<string>();
  for (const text of await pageTexts(page)) {
    // The language switch offers English by its own name.
    const words = englishWords(text, ALLOWED);
    if (words.length > 0) found.add(`${words.join(' ')}  <-  ${text.slice(0, 160)}`);
  }
  return [...found];
}

async function expectNoEnglish(page: Page, state: string): Promise<void> {
  expect(await leftoverEnglish(page), `English left in the ${state} state`).toEqual([]);
}

test.describe('the page in Simplified Chinese', () => {
  test('idle, with the backend ranked and the data in', async ({ page }) => {
    await openChinese(page, 'lang=zh-CN');
    await expect(page.getByTestId('backend-badge')).toContainText(/WebAssembly|WebGPU|WebGL|CPU/, { timeout: 120_000 });
    await expect(page.getByText('全部加载完毕')).toBeVisible({ timeout: 120_000 });
    await expect(page.getByText(/正在识别手写数字：现成模型/)).toBeVisible({ timeout: 120_000 });
    await expect(page.getByRole('button', { name: '训练', exact: true })).toBeEnabled();
    await expectNoEnglish(page, 'idle');
    // The settings that only show with their switch on.
    await page.getByLabel('数据增强').check();
    await page.getByLabel('提前停止').check();
    await page.getByLabel('验证集比例').fill('0');
    await expect(page.getByText('增强后的训练样本').first()).toBeVisible();
    await expect(page.getByText(/提前停止要看验证损失/)).toBeVisible();
    await expectNoEnglish(page, 'settings opened');
  });

  test('training, paused, and the results of a short run', async ({ page }) => {
    // 20,000 images, so that Pause lands while it trains: 2,000 can be done before the click.
    await openChinese(page, SHORT_RUN.replace('trainSize=2000', 'trainSize=20000'));
    const train = page.getByRole('button', { name: '训练', exact: true });
    await expect(train).toBeEnabled({ timeout: 180_000 });
    await train.click();
    await expect(page.getByText('正在训练…')).toBeVisible({ timeout: 60_000 });
    await page.getByRole('button', { name: '暂停' }).click();
    await expect(page.getByText('已暂停。')).toBeVisible({ timeout: 60_000 });
    await expectNoEnglish(page, 'paused');
    await page.getByRole('button', { name: '继续' }).click();
    await expect(page.getByTestId('test-result')).toHaveText(/^测试准确率：\d+\.\d\d%$/, { timeout: 240_000 });
    // The comparison with the published recipe names what this run changed, in Chinese.
    await expect(page.getByText(/“全连接基线”配方（dense-baseline）的公开结果是 98\.00%；本次训练改动了：轮数、训练图像数、验证集比例。/)).toBeVisible();
    await expect(page.getByText(/识别模型：第 1 次训练/)).toBeVisible();
    await expectNoEnglish(page, 'results');
  });

  test('a drawing with its prediction, kept, and a refused model file', async ({ page }) => {
    await openChinese(page, 'backend=wasm&lang=zh-CN');
    await expect(page.getByText(/正在识别手写数字：现成模型/)).toBeVisible({ timeout: 120_000 });
    const canvas = page.getByRole('img', { name: '绘图画布' });
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + 0.5 * box.width, box.y + 0.15 * box.height);
    await page.mouse.down();
    await page.mouse.move(box.x + 0.5 * box.width, box.y + 0.85 * box.height, { steps: 8 });
    await page.mouse.up();
    await expect(page.locator('.probability-bars')).toHaveAttribute('data-final', 'true');
    await expect(page.locator('.prediction-headline')).toHaveText(/^预测：\d（\d+%）$/);
    await expectNoEnglish(page, 'drawing');

    await page.getByRole('button', { name: '保存为 1' }).click();
    await expect(page.getByRole('list', { name: '已保存的手写数字（1）' })).toBeVisible();
    await expectNoEnglish(page, 'kept drawing');

    const text = Buffer.from('{ not json');
    await page.getByLabel(/从文件加载模型/).setInputFiles({ name: 'model.json', mimeType: 'application/json', buffer: text });
    const refusal = page.getByRole('region', { name: '模型' }).getByRole('alert');
    await expect(refusal).toContainText(/无法使用该模型：model\.json 不是有效的 JSON/);
    // The parser's own words are the detail; everything around them is Chinese.
    await refusal.evaluate((el) => el.setAttribute('data-checked', ''));
    const englishOutsideDetail = (await leftoverEnglish(page)).filter((line) => !line.includes('无法使用该模型'));
    expect(englishOutsideDetail, 'English left beside a refused model file').toEqual([]);
    // Clean up the kept drawing so other tests start from none.
    await page.getByRole('button', { name: /删除第 1 幅保存的手写数字/ }).click();
    await expect(page.getByText('还没有保存的手写数字：在上面写一个数字，再按对应的数字键保存。')).toBeVisible();
  });

  test('errors: a bad link, an impossible layer, a bad setting, a missing shard, a run that diverges', async ({ page }) => {
    await page.route('**/data/mnist/test-01.png', (route) => route.fulfill({ status: 404, body: 'not found' }));
    await openChinese(page, 'lang=zh-CN&backend=wasm&preset=nope&batchSize=banana&learningRate=-3&colour=blue&hide=warp-drive&layers=conv:-3:5:1:valid:relu,lstm:4');
    const linkNotice = page.getByRole('alert').filter({ hasText: '链接中的部分设置无法使用' });
    await expect(linkNotice).toContainText('preset（没有名为“nope”的预设）');
    await expect(linkNotice).toContainText('学习率必须在 0.000001 到 10 之间');
    await expect(page.getByRole('alert').filter({ hasText: 'test-01.png' })).toContainText('HTTP 404', { timeout: 120_000 });
    await expect(page.getByRole('button', { name: '重试' })).toBeVisible();
    // The unknown preset leaves the default, fast-99: its layer 4 is a 3x3 convolution of a 13x13 input.
    await page.getByLabel('第 4 层卷积核大小').fill('20');
    await expect(page.getByText('请修正第 4 层：20x20 的卷积核比它的 13x13 输入还大。')).toBeVisible();
    await page.getByLabel('轮数', { exact: true }).fill('0');
    await expect(page.getByText('轮数必须在 1 到 100 之间')).toBeVisible();
    // The notice quotes the link's own values ("nope", "banana", "lstm:4"): they are the student's, not English.
    const english = (await leftoverEnglish(page)).filter((line) => !/nope|banana|blue|lstm/.test(line));
    expect(english, 'English left beside the errors').toEqual([]);
  });

  test('a run that diverges says why, in Chinese', async ({ page }) => {
    await openChinese(page, 'preset=dense-baseline&trainSize=2000&epochs=1&backend=wasm&optimizer=sgd&learningRate=10&lang=zh-CN');
    const train = page.getByRole('button', { name: '训练', exact: true });
    await expect(train).toBeEnabled({ timeout: 180_000 });
    await train.click();
    await expect(page.getByText('已发散。')).toBeVisible({ timeout: 120_000 });
    await expect(page.getByRole('alert').filter({ hasText: /训练已(在.*)?停止/ })).toContainText('学习率（10）可能过高');
    await expectNoEnglish(page, 'diverged');
  });
});

test.describe('choosing the language', () => {
  test('the header switch changes the page, its lang and the link', async ({ page }) => {
    await page.goto('/#backend=wasm');
    await expect(page.getByRole('heading', { level: 1, name: 'MNIST Training Playground' })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    // The browser's language is not written into the link.
    await expect.poll(() => page.evaluate(() => location.hash)).not.toContain('lang=');
    await page.getByLabel('Language').selectOption('zh-CN');
    await expect(page.getByRole('heading', { level: 1, name: 'MNIST 训练场' })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('lang=zh-CN');
    await expect(page.getByRole('button', { name: '训练', exact: true })).toBeVisible();
    await page.getByLabel('语言').selectOption('en');
    await expect(page.getByRole('heading', { level: 1, name: 'MNIST Training Playground' })).toBeVisible();
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('lang=en');
  });

  test('a browser that prefers Chinese gets Chinese, and the link stays without lang', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'zh-TW' });
    try {
      const page = await context.newPage();
      await page.goto('/#backend=wasm');
      await expect(page.getByRole('heading', { level: 1, name: 'MNIST 训练场' })).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
      await expect.poll(() => page.evaluate(() => location.hash)).toContain('backend=wasm');
      expect(await page.evaluate(() => location.hash)).not.toContain('lang=');
      // An instructor's link opens in the class's language, whatever the browser prefers.
      await page.goto('/#backend=wasm&lang=en');
      await page.reload();
      await expect(page.getByRole('heading', { level: 1, name: 'MNIST Training Playground' })).toBeVisible();
    } finally {
      await context.close();
    }
  });
});
