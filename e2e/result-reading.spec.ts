/**
 * A student's first result, read for them (issue 11, "After"): a short run's 16% is not shown as a
 * success, the page says what it means, and a suggestion that fits the curves is one click away and
 * lands in the link. Also: choosing an optimizer brings its usual learning rate, presets show a
 * readable name first. Real MNIST, real training, on WebAssembly.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** Serious or critical axe findings (WCAG 2.2 AA) in the test card. */
async function testCardViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .include('section[aria-labelledby="test-title"]')
    .analyze();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
}

test.describe('reading a result', () => {
  test('a 2,000-image run is read as barely learned, shows no NaN, and a suggestion applied changes the link', async ({ playground, page }) => {
    await playground.open('backend=wasm&preset=lenet-5x5&trainSize=2000&epochs=1');
    await playground.train();
    await expect(playground.testStatus).toHaveText(/Test accuracy: \d+\.\d+%/, { timeout: 240_000 });
    const accuracy = Number.parseFloat(((await playground.testStatus.textContent()) ?? '').replace(/[^0-9.]/g, ''));

    // Not large and green: one epoch of SGD on 2,000 images is far from LeNet's published 99.05%.
    if (accuracy < 90) await expect(playground.testStatus).not.toHaveClass(/tone-good/);
    const verdict = page.getByTestId('result-verdict');
    await expect(verdict).toBeVisible();
    await expect(verdict).not.toHaveText(/As good as|A good result/);

    // No figure anywhere on the page reads NaN (the per-digit table shows "–" with its reason).
    await expect.poll(() => page.evaluate(() => document.body.innerText.includes('NaN'))).toBe(false);

    const next = page.getByRole('region', { name: 'What to try next' });
    const suggestions = next.getByRole('button');
    expect(await suggestions.count()).toBeGreaterThanOrEqual(2);
    expect(await suggestions.count()).toBeLessThanOrEqual(3);

    // Applying one changes the setting it names, and so the link.
    const first = suggestions.first();
    const label = (await first.textContent()) ?? '';
    const before = page.url();
    await first.click();
    await expect.poll(() => page.url()).not.toBe(before);
    const [, setting, value] = /^(.+): .+ → (.+)$/.exec(label) ?? [];
    expect(setting, `a suggestion names the setting it changes: "${label}"`).toBeTruthy();
    const field = page.getByLabel(setting, { exact: true });
    if (await field.isVisible()) await expect(field).toHaveValue(value.replace(/,/g, ''));
    await expect(next.getByText('✓ applied')).toBeVisible();
    await expect(next.getByRole('button', { name: 'Train again' })).toBeEnabled();
    // The verdict's colours, the suggestions and their notes pass axe.
    expect(await testCardViolations(page)).toEqual([]);
  });

  test('a run that diverges suggests a tenth of the learning rate, and Adam', async ({ playground, page }) => {
    await playground.open('backend=wasm&preset=lenet-5x5&trainSize=2000&epochs=1&learningRate=5');
    await playground.train();
    await expect(page.getByTestId('result-verdict')).toContainText('The run diverged.', { timeout: 240_000 });
    const next = page.getByRole('region', { name: 'What to try next' });
    await expect(next.getByRole('button', { name: 'Learning rate: 5 → 0.5' })).toBeVisible();
    await next.getByRole('button', { name: 'Optimizer: SGD → Adam at 0.001' }).click();
    await expect.poll(() => page.url()).toMatch(/optimizer=adam/);
    await expect(page.getByLabel('Learning rate', { exact: true })).toHaveValue('0.001');
    await expect.poll(() => page.evaluate(() => document.body.innerText.includes('NaN'))).toBe(false);
  });
});

test.describe('sensible defaults and readable names', () => {
  test('switching SGD to Adam sets 0.001, and says so; a typed rate stays', async ({ playground, page }) => {
    await playground.open('backend=wasm&preset=lenet-5x5');
    const optimizer = page.getByLabel('Optimizer', { exact: true });
    const rate = page.getByLabel('Learning rate', { exact: true });
    await expect(optimizer).toHaveValue('sgd');
    await expect(rate).toHaveValue('0.01');
    await optimizer.selectOption('adam');
    await expect(rate).toHaveValue('0.001');
    await expect(page.getByTestId('learning-rate-note')).toHaveText('Set to 0.001, the usual rate for Adam. Type your own to keep it through optimizer changes.');
    await expect.poll(() => page.url()).toMatch(/optimizer=adam&learningRate=0.001|learningRate=0.001.*optimizer=adam/);
    await optimizer.selectOption('adadelta');
    await expect(rate).toHaveValue('1');
    // The student's own rate wins from then on.
    await rate.fill('0.005');
    // As a student leaves the box (by Tab or a click elsewhere): the typed text then gives way to the store's value.
    await rate.blur();
    await optimizer.selectOption('rmsprop');
    await expect(rate).toHaveValue('0.005');
    await expect(page.getByTestId('learning-rate-note')).toHaveText('Your own rate: it stays when you change the optimizer.');
    // A preset brings its own rate back (SGD with momentum at 0.01 for the PyTorch example).
    await playground.presetSelect.selectOption('pytorch-classic');
    await expect(rate).toHaveValue('0.01');
  });

  test('the preset picker shows a readable name first and the id second', async ({ playground }) => {
    await playground.open('backend=wasm&preset=lenet-5x5');
    await expect(playground.presetSelect.locator('option:checked')).toHaveText('LeNet-style, 5x5 kernels · lenet-5x5');
    await expect(playground.presetSelect.locator('option[value="small-conv"]')).toHaveText('Small conv (fair pair) · small-conv');
  });
});
