/**
 * Accessibility: axe on every state a student meets (idle, training, results, and each panel
 * with its contents shown), the keyboard walk through the page, what is announced and when,
 * the text alternatives of the charts, and reduced motion.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { drawingCanvas, drawStrokes, expect, test } from './fixtures';

/** WCAG 2.2 A and AA, and axe's best practices (reported; only serious and critical ones fail). */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const SEVEN = [[[0.25, 0.2], [0.75, 0.2], [0.5, 0.55], [0.42, 0.85]]];
const ONE = [[[0.5, 0.15], [0.5, 0.85]]];

/**
 * Runs axe on the page (or one region of it), prints a line per violation, attaches the full
 * results, and fails softly on any serious or critical violation, so that one run reports every state.
 */
async function audit(page: Page, state: string, region?: string): Promise<void> {
  const builder = new AxeBuilder({ page }).withTags(TAGS);
  if (region) builder.include(region);
  const { violations, passes, incomplete } = await builder.analyze();
  const lines = violations.map((v) => `  [${v.impact}] ${v.id} x${v.nodes.length}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`);
  // "Needs review": rules axe could not decide (e.g. text over a gradient), listed for a person to look at.
  const review = incomplete.map((v) => `${v.id} x${v.nodes.length}`).join(', ');
  console.log(`axe ${state}: ${violations.length} violation(s), ${passes.length} rules passed, to review: ${review || 'none'}${lines.length ? `\n${lines.join('\n')}` : ''}`);
  await test.info().attach(`axe ${state}`, { body: JSON.stringify(violations, null, 2), contentType: 'application/json' });
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
  expect.soft(blocking, `serious or critical axe violations: ${state}`).toEqual([]);
}



test.describe('accessibility', () => {
  test('axe finds no serious or critical violation in any state or panel', async ({ playground, page }) => {
    test.setTimeout(360_000);
    await playground.open('preset=dense-baseline&trainSize=2000&epochs=1&backend=wasm');
    await playground.waitForBackend(/WebAssembly/);
    await expect(page.getByText(/Reading drawings: Ready model/)).toBeVisible({ timeout: 120_000 });
    await expect(page.getByText('all loaded')).toBeVisible({ timeout: 180_000 });
    await audit(page, 'idle');

    // Settings with every dependent field and notice showing: augmentation (its preview), early
    // stopping without a validation split (its warning), SGD with momentum.
    const settings = page.getByRole('region', { name: 'Training', exact: true });
    await settings.getByLabel('Optimizer').selectOption('momentum');
    await settings.getByRole('checkbox', { name: 'Augment' }).check();
    await settings.getByRole('checkbox', { name: 'Early stopping' }).check();
    await settings.getByLabel('Validation split').fill('0');
    await expect(settings.getByRole('img', { name: /Augmented training samples/ })).toBeVisible();
    await audit(page, 'settings: augmentation, early stopping warning, momentum', 'section[aria-labelledby="settings-title"]');
    await settings.getByLabel('Validation split').fill('0.1');
    await settings.getByRole('checkbox', { name: 'Early stopping' }).uncheck();
    await settings.getByRole('checkbox', { name: 'Augment' }).uncheck();
    await settings.getByLabel('Optimizer').selectOption('adam');

    // The layer editor with an impossible layer, its error shown.
    await playground.setLayerNumber(2, 'units', 0);
    await expect(playground.layerRow(2).getByRole('alert')).toBeVisible();
    await audit(page, 'layer editor: an impossible layer', 'section[aria-labelledby="model-title"]');
    await playground.setLayerNumber(2, 'units', 128);
    await expect(page.getByTestId('param-count')).toHaveText('Parameters: 101,770');

    await playground.train();
    await expect.poll(() => playground.plottedBatches(), { timeout: 120_000 }).toBeGreaterThan(3);
    await audit(page, 'training');

    await expect(playground.testStatus).toHaveText(/Test accuracy: \d+\.\d+%/, { timeout: 240_000 });
    await expect(page.getByRole('img', { name: /Confusion matrix/ })).toBeVisible();
    // Each chart's text alternative: its figures in a table a screen reader reaches.
    const charts = page.getByRole('region', { name: 'Learning curves' });
    await charts.getByText('The learning curves as a table').click();
    const curves = charts.getByRole('table', { name: /Loss and accuracy per epoch/ });
    await expect(curves.getByRole('row', { name: /^1 / })).toHaveText(/^1\s*\d\.\d{4}\s*\d+\.\d\d%\s*\d\.\d{4}\s*\d+\.\d\d%$/);
    await expect(curves.getByRole('row', { name: /^Latest batch/ })).toBeVisible();
    const tests = page.getByRole('region', { name: 'Test set' });
    await tests.getByText('The confusion matrix as a table').click();
    const matrix = tests.getByRole('table', { name: /true digit \(rows\) and predicted digit \(columns\)/ });
    await expect(matrix.getByRole('row')).toHaveCount(11);
    const counts = (await matrix.locator('tbody td').allTextContents()).map((t) => Number(t.replace(/,/g, '')));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(10_000);
    await audit(page, 'results');

    // Export, both code previews open.
    const exportCard = page.getByRole('region', { name: 'Export' });
    await exportCard.getByText('Keras code').click();
    await exportCard.getByText('PyTorch code').click();
    await expect(exportCard.getByRole('region', { name: 'PyTorch script' })).toBeVisible();
    await audit(page, 'export: code previews open', 'section[aria-labelledby="export-title"]');

    // A drawing with its prediction, then kept drawings.
    await drawStrokes(page, SEVEN);
    await audit(page, 'draw: a prediction', 'section[aria-labelledby="draw-title"]');
    await page.getByRole('button', { name: 'Keep as 7' }).click();
    await expect(page.locator('.probability-bars')).toHaveAttribute('data-final', 'false');
    await drawStrokes(page, ONE);
    await page.getByRole('button', { name: 'Keep as 1' }).click();
    await expect(page.getByRole('list', { name: /Kept drawings/ })).toHaveAccessibleName('Kept drawings (2)');
    await audit(page, 'your handwriting: kept drawings', 'section[aria-labelledby="handwriting-title"]');

    // Models: a saved model's row, with its rename form open.
    const models = page.getByRole('region', { name: 'Models' });
    await models.getByLabel('Save the active model in this browser as').fill('a11y check');
    await models.getByRole('button', { name: 'Save' }).click();
    await models.getByRole('button', { name: 'Rename a11y check' }).click();
    await expect(models.getByLabel('New name for a11y check')).toBeFocused();
    await audit(page, 'models: a saved model, rename open', 'section[aria-labelledby="models-title"]');

    // The whole page once more, every panel filled in.
    await audit(page, 'everything shown');
  });

  test('the prediction is announced when a stroke ends, not at every preview while it is drawn', async ({ playground, page }) => {
    await playground.open('backend=wasm');
    await expect(page.getByText(/Reading drawings: Ready model/)).toBeVisible({ timeout: 120_000 });
    const card = page.getByRole('region', { name: 'Draw a digit' });
    await expect(card.getByRole('status')).toHaveText('Draw a digit to see what the model reads.');
    // Every change of the status's text and of the visible headline, in order.
    await card.getByRole('status').evaluate((status) => {
      const headline = document.querySelector('.prediction-headline')!;
      const log: string[] = [];
      (window as unknown as { announcements: string[] }).announcements = log;
      new MutationObserver(() => log.push(`status: ${status.textContent}`)).observe(status, { subtree: true, childList: true, characterData: true });
      new MutationObserver(() => log.push(`headline: ${headline.textContent}`)).observe(headline, { subtree: true, childList: true, characterData: true });
    });
    const canvas = drawingCanvas(page);
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    // A slow stroke: the headline follows the previews (one every 80 ms at most).
    await page.mouse.move(box.x + 0.25 * box.width, box.y + 0.2 * box.height);
    await page.mouse.down();
    for (const [x, y] of SEVEN[0].slice(1)) {
      await page.mouse.move(box.x + x * box.width, box.y + y * box.height, { steps: 8 });
      await page.waitForTimeout(250);
    }
    const midStroke = await page.evaluate(() => [...(window as unknown as { announcements: string[] }).announcements]);
    await page.mouse.up();
    await expect(page.locator('.probability-bars')).toHaveAttribute('data-final', 'true');
    await expect(card.getByRole('status')).toHaveText(/^Prediction: 7 \(\d+%\)$/);
    const all = await page.evaluate(() => [...(window as unknown as { announcements: string[] }).announcements]);
    expect(midStroke.filter((l) => l.startsWith('headline: Prediction')).length, 'previews shown while drawing').toBeGreaterThan(1);
    expect(midStroke.filter((l) => l.startsWith('status:')), 'nothing announced mid-stroke').toEqual([]);
    expect(all.filter((l) => l.startsWith('status:')), 'one announcement for the finished stroke').toHaveLength(1);
  });

  test('while a model trains, no live region speaks at every batch', async ({ playground, page }) => {
    // Long enough to be still training after a few seconds of listening; stopped at the end.
    await playground.open('backend=wasm&preset=small-conv&epochs=3');
    await playground.train();
    await expect.poll(() => playground.plottedBatches(), { timeout: 120_000 }).toBeGreaterThan(2);
    await page.evaluate(() => {
      const counts = new Map<Element, number>();
      (window as unknown as { liveCounts: Map<Element, number> }).liveCounts = counts;
      for (const region of document.querySelectorAll('[aria-live]:not([aria-live="off"]), [role="status"], [role="alert"], [role="log"], [role="timer"], [role="marquee"]')) {
        new MutationObserver(() => counts.set(region, (counts.get(region) ?? 0) + 1)).observe(region, { subtree: true, childList: true, characterData: true });
      }
    });
    const before = await playground.plottedBatches();
    await page.waitForTimeout(4000);
    const batches = (await playground.plottedBatches()) - before;
    const changes = await page.evaluate(() => [...(window as unknown as { liveCounts: Map<Element, number> }).liveCounts.entries()]
      .map(([region, count]) => ({ region: `${region.tagName.toLowerCase()} ${region.getAttribute('role') ?? ''} ${(region.textContent ?? '').slice(0, 40)}`, count })));
    expect(batches, 'batches trained while listening').toBeGreaterThan(10);
    for (const { region, count } of changes) expect(count, `changes of the live region "${region}"`).toBeLessThanOrEqual(2);
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByText('Stopped.')).toBeVisible({ timeout: 60_000 });
  });

  test('every control is reached by Tab with a visible focus ring; the drawing canvas is described and skipped', async ({ playground, page }) => {
    await playground.open('preset=dense-baseline&backend=wasm');
    await expect(page.getByText(/Reading drawings: Ready model/)).toBeVisible({ timeout: 120_000 });
    await drawStrokes(page, SEVEN);
    const models = page.getByRole('region', { name: 'Models' });
    await models.getByLabel('Save the active model in this browser as').fill('keyboard');
    await models.getByRole('button', { name: 'Save' }).click();
    await expect(models.getByRole('button', { name: 'Open keyboard' })).toBeVisible();
    await expect(drawingCanvas(page)).toHaveAccessibleDescription(/Draw one digit, 0 to 9, with a mouse, a finger or a pen/);

    // Tab from the top of the page to the end, noting each stop and how its focus shows.
    // A click on the title puts the start of sequential focus navigation at the top of the page.
    await page.getByRole('heading', { name: 'MNIST Training Playground' }).click();
    await page.keyboard.press('Tab');
    const stops: { name: string; tag: string; ring: boolean }[] = [];
    for (let i = 0; i < 250; i++) {
      const stop = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const style = getComputedStyle(el);
        const ring = el.matches(':focus-visible') && style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2;
        const labels = (el as HTMLInputElement).labels;
        const name = el.getAttribute('aria-label') ?? (labels && labels.length > 0 ? labels[0].textContent : null) ?? el.textContent ?? '';
        return { name: name.trim().slice(0, 60), tag: el.tagName.toLowerCase(), ring, key: el.outerHTML.slice(0, 200) + el.getBoundingClientRect().top };
      });
      if (!stop || stops.some((s) => s.name === stop.name && s.tag === stop.tag && (s as { key?: string }).key === stop.key)) break;
      stops.push(stop);
      await page.keyboard.press('Tab');
    }
    const names = stops.map((s) => s.name);
    expect(stops.length).toBeGreaterThan(40);
    expect(stops.filter((s) => !s.ring).map((s) => `${s.tag} ${s.name}`), 'stops without a visible focus ring').toEqual([]);
    expect(stops.some((s) => s.tag === 'canvas'), 'the canvas is not a tab stop').toBe(false);
    for (const name of ['Train', 'Undo', 'Clear', 'Keep as 0', 'Keep as 9', 'Open keyboard', 'Rename keyboard', 'Delete keyboard']) expect(names).toContain(name);
    expect(names.some((n) => /^Load a model from files/.test(n)), 'the file input').toBe(true);
    expect(names.some((n) => /^Pen/.test(n)), 'the pen').toBe(true);

    // The keyboard does what the mouse does: keep the drawing, rename a saved model and come back.
    await page.getByRole('button', { name: 'Keep as 7' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('list', { name: /Kept drawings/ })).toHaveAccessibleName('Kept drawings (1)');
    await models.getByRole('button', { name: 'Rename keyboard' }).focus();
    await page.keyboard.press('Enter');
    await expect(models.getByLabel('New name for keyboard')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(models.getByRole('button', { name: 'Rename keyboard' })).toBeFocused();
    await page.keyboard.press('Enter');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('keys');
    await page.keyboard.press('Enter');
    await expect(models.getByRole('button', { name: 'Rename keys' })).toBeFocused();
    const chooser = page.waitForEvent('filechooser');
    await models.getByLabel(/Load a model from files/).focus();
    await page.keyboard.press('Space');
    expect((await chooser).isMultiple()).toBe(true);
  });

  test('reduced motion turns transitions off', async ({ playground, page }) => {
    await playground.open('backend=wasm');
    const bar = page.getByRole('progressbar', { name: 'Downloaded' }).locator('div');
    await expect(bar).toHaveCSS('transition-duration', '0.2s');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await expect(bar).toHaveCSS('transition-duration', '0s');
  });
});
