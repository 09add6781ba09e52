/**
 * The page on whatever screen a student has: it fits the width, every control is a finger's
 * target, Train is on the first screen, and on one column (a phone, an upright tablet) the layer
 * editor and the settings fold away below the run, the curves and the drawing. Runs in the dev
 * project at laptop size and in the phone and tablet projects (touch, see playwright.config.ts).
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** The same width as NARROW_SCREEN (src/ui/screen.ts) and the one-column layout in theme.css. */
const ONE_COLUMN_MAX = 900;

const isOneColumn = (page: Page) => (page.viewportSize()?.width ?? 0) <= ONE_COLUMN_MAX;

/** Opens every fold and every <details>, so that everything the page can show is measured. */
async function unfoldEverything(page: Page): Promise<void> {
  const folded = page.locator('button.fold-toggle[aria-expanded="false"]');
  while ((await folded.count()) > 0) await folded.first().click();
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
  // The tables inside are built when their <details> opens: two frames later they are drawn.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** What sticks out: the page's sideways scroll, and controls, canvases and charts wider than their card. */
async function overflow(page: Page): Promise<{ scrollWidth: number; clientWidth: number; outside: string[] }> {
  return page.evaluate(() => {
    const outside: string[] = [];
    for (const el of document.querySelectorAll('main canvas, main .chart-area, main button, main select, main input, main img')) {
      const card = el.closest('.card');
      const box = el.getBoundingClientRect();
      if (!card || box.width === 0) continue;
      const frame = card.getBoundingClientRect();
      if (box.left < frame.left - 0.5 || box.right > frame.right + 0.5) outside.push(`${el.tagName.toLowerCase()} ${el.getAttribute('aria-label') ?? el.className} (${box.left.toFixed(0)}-${box.right.toFixed(0)} in ${frame.left.toFixed(0)}-${frame.right.toFixed(0)})`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth, outside };
  });
}

/** Controls smaller than 24x24 CSS px (WCAG 2.5.8), except links inside a sentence. */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => [...document.querySelectorAll('button, select, input, summary, a[href], [tabindex]:not([tabindex="-1"])')]
    .filter((el) => !(el.tagName === 'A' && el.closest('p')))
    .map((el) => ({ el, box: el.getBoundingClientRect() }))
    .filter(({ box }) => box.width > 0 && (box.width < 24 || box.height < 24))
    .map(({ el, box }) => `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}" ${box.width.toFixed(0)}x${box.height.toFixed(0)}`));
}

/** Draws a one with a finger: a downward swipe on the canvas, as raw touch events. */
async function swipeOne(page: Page): Promise<void> {
  const canvas = page.getByRole('img', { name: 'Drawing canvas' });
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  const cdp = await page.context().newCDPSession(page);
  const at = (x: number, y: number) => [{ x: box.x + x * box.width, y: box.y + y * box.height }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0.5, 0.15) });
  for (let i = 1; i <= 12; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(0.5, 0.15 + (0.7 * i) / 12) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

test.describe('layout on this screen', () => {
  test('Train is on the first screen; on one column the run, the curves and the drawing come first and the layers and settings fold', async ({ playground, page }) => {
    await playground.open('backend=wasm');
    const viewport = page.viewportSize()!;
    const train = (await playground.trainButton.boundingBox())!;
    expect(train.y + train.height, 'Train within the first screen').toBeLessThanOrEqual(viewport.height);

    const layers = page.getByRole('button', { name: 'Layers', exact: true });
    const settings = page.getByRole('button', { name: 'Training', exact: true });
    const top = async (name: string) => (await page.getByRole('region', { name, exact: true }).boundingBox())!.y;
    if (isOneColumn(page)) {
      for (const later of ['Model', 'Training']) {
        for (const first of ['Training run', 'Learning curves', 'Draw a digit']) expect(await top(first), `${first} above ${later}`).toBeLessThan(await top(later));
      }
      await expect(layers).toHaveAttribute('aria-expanded', 'false');
      await expect(settings).toHaveAttribute('aria-expanded', 'false');
      await expect(playground.layerControl(1, 'type')).toBeHidden();
      await expect(page.getByLabel('Learning rate')).toBeHidden();
      // They unfold with a tap.
      await layers.tap();
      await settings.tap();
    }
    await expect(layers).toHaveAttribute('aria-expanded', 'true');
    await expect(settings).toHaveAttribute('aria-expanded', 'true');
    await expect(playground.layerControl(1, 'type')).toBeVisible();
    await expect(page.getByLabel('Learning rate')).toBeVisible();
    // And fold again (the same buttons, on any screen).
    await layers.click();
    await expect(playground.layerControl(1, 'type')).toBeHidden();
  });

  test('nothing scrolls sideways or sticks out of its card, every target is at least 24 px, and axe is content', async ({ playground, page }) => {
    await playground.open('backend=wasm');
    await expect(page.getByText(/Reading drawings: Ready model/)).toBeVisible({ timeout: 120_000 });
    await expect(page.getByRole('img', { name: /first 24 training digits/ })).toBeVisible({ timeout: 120_000 });
    const folded = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    await unfoldEverything(page);
    const fits = await overflow(page);
    expect(fits.scrollWidth, 'no sideways scroll').toBeLessThanOrEqual(fits.clientWidth);
    expect(fits.outside, 'controls, canvases and charts inside their cards').toEqual([]);
    expect(await smallTargets(page), 'targets under 24x24 px').toEqual([]);
    const unfolded = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    const serious = [...folded.violations, ...unfolded.violations].filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
    expect(serious, 'serious or critical axe violations').toEqual([]);
  });

  test('trains and reads a finger-drawn digit; the results fit the screen too', async ({ playground, page }) => {
    test.skip(test.info().project.use.hasTouch !== true, 'a touch screen\'s scenario; the laptop trains in every other spec');
    await playground.open('preset=dense-baseline&trainSize=2000&epochs=1&backend=wasm');
    await playground.waitForBackend(/WebAssembly/);
    await expect(playground.trainButton).toBeEnabled({ timeout: 180_000 });
    const hasTouch = test.info().project.use.hasTouch === true;
    if (hasTouch) await playground.trainButton.tap();
    else await playground.trainButton.click();
    await expect.poll(() => playground.plottedBatches(), { timeout: 120_000 }).toBeGreaterThan(5);
    await expect(playground.testStatus).toHaveText(/Test accuracy: \d+\.\d+%/, { timeout: 240_000 });
    await expect(page.getByRole('img', { name: /Confusion matrix/ })).toBeVisible();

    if (hasTouch) {
      await swipeOne(page);
      await expect(page.locator('.probability-bars')).toHaveAttribute('data-final', 'true');
      await expect(page.getByRole('status').filter({ hasText: /^Prediction: \d \(\d+%\)$/ })).toBeVisible();
    }
    await unfoldEverything(page);
    const fits = await overflow(page);
    expect(fits.scrollWidth, 'no sideways scroll').toBeLessThanOrEqual(fits.clientWidth);
    expect(fits.outside, 'charts and canvases inside their cards').toEqual([]);
  });
});
