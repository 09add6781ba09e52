/**
 * An instructor's link: what it hides stays hidden and keeps the link's value (through a preset
 * switch, on a real training run), the backend included; the "Share this set-up" panel builds such
 * a link; view=present opens the presenter view.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** Serious or critical axe violations (WCAG 2.2 A and AA) on the page or one region of it. */
async function blockingViolations(page: Page, region?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']);
  if (region) builder.include(region);
  const { violations } = await builder.analyze();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} x${v.nodes.length}: ${v.help}`);
}

test('the presenter link opens the presenter view with the chosen controls hidden and their values shown read-only', async ({ playground, page }) => {
  await playground.open('preset=small-dense&epochs=1&backend=wasm&hide=preset,epochs,backend&view=present');
  await expect(page.getByRole('button', { name: 'Leave the presenter view' })).toBeVisible();
  await expect(page.locator('html')).toHaveClass(/\bpresent\b/);
  // The chosen controls are gone; the ones not chosen are still there.
  await expect(playground.presetSelect).toHaveCount(0);
  await expect(page.getByRole('spinbutton', { name: 'Epochs', exact: true })).toHaveCount(0);
  await expect(page.getByRole('combobox', { name: 'Backend', exact: true })).toHaveCount(0);
  await expect(page.getByRole('combobox', { name: 'Batch size', exact: true })).toBeVisible();
  // Their values, read-only.
  await expect(page.getByTestId('fixed-by-link')).toHaveText('Fixed by your instructor: Preset Small dense (fair pair), Epochs 1, Backend WebAssembly.');
  // The lesson first: Train, the curves and the drawing on the first screen; the panels a lesson does not show are left out.
  const { height } = page.viewportSize()!;
  for (const name of ['Train', 'Draw a digit', 'Learning curves']) {
    const element = name === 'Train' ? playground.trainButton : page.getByRole('heading', { name, exact: true });
    const box = (await element.boundingBox())!;
    expect(box.y + box.height, `${name} on the first screen`).toBeLessThan(height);
  }
  await expect(page.getByRole('heading', { name: 'Offline copy' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Export' })).toHaveCount(0);
  // Type large enough to read across a room.
  const bodySize = await page.evaluate(() => Number.parseFloat(getComputedStyle(document.documentElement).fontSize));
  expect(bodySize).toBeGreaterThanOrEqual(17);
  expect(await blockingViolations(page), 'axe on the presenter view').toEqual([]);

  // Leaving it returns the ordinary page and takes view=present out of the address; the link's hide= stays.
  await page.getByRole('button', { name: 'Leave the presenter view' }).click();
  await expect(page.locator('html')).not.toHaveClass(/\bpresent\b/);
  await expect(page.getByRole('heading', { name: 'Offline copy' })).toBeVisible();
  await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/&hide=preset,epochs,backend$/);
});

test("a hidden setting keeps the link's value through a preset switch, and the run trains with it", async ({ playground, page }) => {
  await playground.open('preset=small-dense&epochs=1&trainSize=2000&backend=wasm&hide=epochs');
  await expect(page.getByRole('spinbutton', { name: 'Epochs', exact: true })).toHaveCount(0);
  await playground.presetSelect.selectOption('small-conv');
  // small-conv's own recipe trains 5 epochs with batches of 32; the link fixed 1.
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('preset=small-conv');
  const hash = await page.evaluate(() => location.hash);
  expect(hash).toContain('epochs=1');
  expect(hash).toContain('hide=epochs');
  await expect(page.getByTestId('fixed-by-link')).toHaveText('Fixed by your instructor: Epochs 1.');
  await expect(playground.layerRow(1)).toContainText('Conv2D');

  await playground.train();
  await expect(playground.stat('Epoch')).toHaveText(/^1 \/ 1/, { timeout: 120_000 });
  await expect(playground.testStatus).toContainText(/Test accuracy: \d/, { timeout: 180_000 });
  await expect(playground.stat('Epoch')).toHaveText(/^1 \/ 1/);
});

test('hide=backend hides the backend picker, keeps the chosen backend and says which it is', async ({ playground, page }) => {
  await playground.open('backend=wasm&hide=backend');
  await expect(page.getByRole('combobox', { name: 'Backend', exact: true })).toHaveCount(0);
  await expect(page.getByTestId('fixed-backend')).toHaveText('Fixed by your instructor: Backend WebAssembly.');
  await playground.waitForBackend(/WebAssembly/);
  await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/backend=wasm.*hide=backend/);
});

test('Share this set-up builds the link: tick what to hide, copy it, and open what the class will see', async ({ playground, page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await playground.open('preset=small-dense&epochs=1');
  await page.getByRole('button', { name: 'Share this set-up' }).click();
  const panel = page.getByRole('region', { name: 'Share this set-up' });
  await panel.getByRole('checkbox', { name: /^Epochs/ }).check();
  await panel.getByRole('checkbox', { name: /^Backend/ }).check();
  await panel.getByRole('checkbox', { name: /^Preset picker/ }).check();
  await panel.getByRole('checkbox', { name: /presenter view/ }).check();
  const link = panel.getByRole('textbox', { name: 'Link for the class' });
  await expect(link).toHaveValue(/#v=2&preset=small-dense&epochs=1&lang=en&hide=preset,epochs,backend&view=present$/);
  // This page itself is not changed by the ticks.
  await expect(playground.presetSelect).toBeVisible();
  expect(await blockingViolations(page, '[aria-labelledby="share-title"]'), 'axe on the share panel').toEqual([]);

  await panel.getByRole('button', { name: 'Copy link' }).click();
  await expect(panel.getByRole('status')).toHaveText('Link copied.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await link.inputValue());

  const [classView] = await Promise.all([page.waitForEvent('popup'), panel.getByRole('link', { name: 'See what the class will see' }).click()]);
  await expect(classView.getByRole('button', { name: 'Leave the presenter view' })).toBeVisible();
  await expect(classView.getByRole('combobox', { name: 'Preset', exact: true })).toHaveCount(0);
  await expect(classView.getByRole('combobox', { name: 'Backend', exact: true })).toHaveCount(0);
  await expect(classView.getByTestId('fixed-by-link')).toContainText('Epochs 1');
  await classView.close();
});

test('without the clipboard API (a page on plain http) the link is still copied, the old way', async ({ playground, page }) => {
  await page.addInitScript(() => Object.defineProperty(navigator, 'clipboard', { value: undefined }));
  await playground.open('preset=small-dense');
  await page.getByRole('button', { name: 'Share this set-up' }).click();
  const panel = page.getByRole('region', { name: 'Share this set-up' });
  await panel.getByRole('button', { name: 'Copy link' }).click();
  await expect(panel.getByRole('status')).toHaveText(/Link copied\.|The browser refused to copy/);
  // Either way the link is selected, ready for Ctrl+C.
  const selected = await page.evaluate(() => {
    const input = document.getElementById('share-link-text') as HTMLInputElement;
    return input.value.slice(input.selectionStart ?? 0, input.selectionEnd ?? 0);
  });
  expect(selected).toMatch(/#v=2&preset=small-dense/);
});
