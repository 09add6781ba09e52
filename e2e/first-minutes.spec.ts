/**
 * A student's first minutes (issue 11, before Train): Train is reached at once from the keyboard,
 * the status line never says "Ready" above a disabled Train, and the page says how long the run
 * will take (and what accuracy to expect) before Train is pressed. Real data, real training, WASM.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** The training card's status line. */
const statusLine = (page: Page) => page.getByRole('region', { name: 'Training run' }).locator('.card-row > [aria-live]');

/** The text of the element that has the focus, and its role. */
const focused = (page: Page) => page.evaluate(() => {
  const el = document.activeElement as HTMLElement | null;
  return { tag: el?.tagName.toLowerCase() ?? '', text: (el?.textContent ?? '').trim() };
});

/** Seconds from an estimate such as "About 1 min 40 sec on this computer" or "About 16 min". */
function seconds(text: string): number {
  const minutes = /(\d+) min/.exec(text);
  const secs = /(\d+) sec/.exec(text);
  return (minutes ? Number(minutes[1]) * 60 : 0) + (secs ? Number(secs[1]) : 0);
}

test.describe('the first minutes', () => {
  test('a keyboard user reaches Train within 5 Tab stops', async ({ playground, page }) => {
    await playground.open('preset=lenet-5x5&backend=wasm&trainSize=2000&epochs=1');
    await expect(playground.trainButton).toBeEnabled({ timeout: 120_000 });

    let tabs = 0;
    for (; tabs < 5; tabs++) {
      await page.keyboard.press('Tab');
      const stop = await focused(page);
      if (stop.tag === 'button' && stop.text === 'Train') break;
      if (stop.tag === 'a' && stop.text === 'Skip to Train') {
        // The skip link shows itself once focused, on the first screen.
        const link = page.getByRole('link', { name: 'Skip to Train' });
        await expect(link).toBeInViewport();
        await page.keyboard.press('Enter');
        if ((await focused(page)).text === 'Train') break;
      }
    }
    expect(tabs, 'Tab stops before Train').toBeLessThan(5);
    await expect(playground.trainButton).toBeFocused();
    // The link did not touch the address (its hash holds the settings).
    expect(page.url()).toContain('trainSize=2000');
    await expect(playground.trainButton).toBeInViewport();

    // Enter on the focused Train starts the run.
    await page.keyboard.press('Enter');
    await expect(statusLine(page)).toHaveText(/Building the model|Warming up|Training/);
    await page.getByRole('button', { name: 'Stop' }).click();
  });

  test('a link with an impossible layer stack never shows "Ready" while Train is disabled', async ({ playground, page }) => {
    // Kernel 20 on the 12x12 output of the first pooling: impossible.
    await page.addInitScript(() => {
      // Every text the status line shows from the first frame on, noted with Train's state then.
      const seen: string[] = [];
      (window as unknown as { statusSeen: string[] }).statusSeen = seen;
      const note = () => {
        const line = document.querySelector('[aria-labelledby="status-title"] .card-row > [aria-live]');
        const train = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Train');
        if (line && train) seen.push(`${(train as HTMLButtonElement).disabled ? 'disabled' : 'enabled'}: ${line.textContent}`);
      };
      new MutationObserver(note).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['disabled'] });
    });
    await playground.open('preset=lenet-5x5&backend=wasm&trainSize=2000&epochs=1&layers=conv:32:5:1:valid:relu,maxPool:2:2,conv:64:20:1:valid:relu,flatten,dense:10:softmax');
    const blocked = page.locator('#train-blocked-reason');
    await expect(blocked).toHaveText('Fix layer 3: Kernel 20x20 is larger than its 12x12 input.');
    // Wait until the backend is up and the data is in: everything else Train needs.
    await expect(page.getByTestId('data-line')).toHaveText('All 70,000 images in', { timeout: 120_000 });
    await expect(playground.trainButton).toBeDisabled();
    await expect(statusLine(page)).toHaveText('Train is off until the problem below is fixed.');
    const seen = await page.evaluate(() => (window as unknown as { statusSeen: string[] }).statusSeen);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((line) => line.startsWith('disabled') && /Ready/.test(line)), 'a "Ready" status above a disabled Train').toEqual([]);
    // No estimate for a model that cannot be built.
    await expect(page.getByTestId('run-estimate')).toHaveText('Unknown until the model and settings can train');

    // Fixed, Train is ready and the status says so.
    await playground.setLayerNumber(3, 'kernel size', 5);
    await expect(playground.trainButton).toBeEnabled();
    await expect(statusLine(page)).toHaveText('Ready. Press Train to start.');
    await expect(page.getByTestId('run-expect')).toHaveText('Unknown: you changed the model, so no published result applies');
  });

  test('an estimate of the run\'s length is on the page before Train is pressed, and the run is timed against it', async ({ playground, page }) => {
    await playground.open('preset=lenet-5x5&backend=wasm&trainSize=2000&epochs=1');
    const estimate = page.getByTestId('run-estimate');
    await expect(estimate).toHaveText(/^About \d+ sec on this computer$/, { timeout: 120_000 });
    await expect(page.getByRole('region', { name: 'Training run' })).toContainText(/1,800 images × 1 epoch at [\d,]+ images\/s on WebAssembly, measured just now/);
    await expect(page.getByTestId('run-expect')).toHaveText('Published for this recipe: 99.05%. This run changes Epochs, Training images, so its result may differ');
    const estimated = seconds((await estimate.textContent()) ?? '');
    expect(estimated).toBeGreaterThan(0);

    // More images and epochs: a longer estimate, measured for the same model (no new probe needed).
    await page.getByLabel('Epochs', { exact: true }).fill('4');
    await expect(estimate).not.toHaveText(`About ${estimated} sec on this computer`);
    // Longer, though not four times: the final test scoring does not grow with the epochs.
    expect(seconds((await estimate.textContent()) ?? '')).toBeGreaterThan(estimated);
    await page.getByLabel('Epochs', { exact: true }).fill('1');
    await expect(estimate).toHaveText(/^About \d+ sec on this computer$/);

    await playground.train();
    await expect(estimate).toHaveText(/^Estimated at the start: \d+ sec$/);
    await expect(playground.testStatus).toContainText('Test accuracy', { timeout: 180_000 });
    await expect(page.getByTestId('run-took')).toHaveText(/^Your last run took [\d a-z]+ \(estimated \d+ sec\)\.$/);
    // The next estimate for this set-up uses the run's own pace.
    await expect(page.getByRole('region', { name: 'Training run' })).toContainText('measured in your last run');
  });
});

/**
 * The estimate against the real length of three runs of different sizes (lenet-5x5, or
 * MEASURE_PRESET, on WASM, one epoch): MEASURE_ESTIMATES=1 runs it (several minutes) and prints the
 * figures. Best against a production build (no hot reload while other files change).
 */
test('estimates against real lengths', async ({ playground, page }) => {
  test.skip(!process.env.MEASURE_ESTIMATES, 'MEASURE_ESTIMATES=1 runs the three timed runs');
  test.setTimeout(900_000);
  const rows: string[] = [];
  for (const trainSize of [2000, 10000, 60000]) {
    // A fresh page each time: the estimate starts from a probe, not from the previous run.
    await page.goto('about:blank');
    await playground.open(`preset=${process.env.MEASURE_PRESET ?? 'lenet-5x5'}&backend=wasm&trainSize=${trainSize}&epochs=1`);
    const estimate = page.getByTestId('run-estimate');
    await expect(estimate).toHaveText(/^About /, { timeout: 120_000 });
    await expect(page.getByTestId('data-line')).toHaveText('All 70,000 images in', { timeout: 120_000 });
    // A probe made while the shards were decoding is made again once they are in: let it finish.
    await page.waitForTimeout(4000);
    const said = (await estimate.textContent()) ?? '';
    const detail = (await page.getByRole('region', { name: 'Training run' }).locator('.run-preview .muted').first().textContent()) ?? '';
    const started = Date.now();
    await playground.train();
    await expect(playground.testStatus).toContainText('Test accuracy', { timeout: 600_000 });
    const real = (Date.now() - started) / 1000;
    const took = (await page.getByTestId('run-took').textContent()) ?? '';
    rows.push(`${trainSize} images: said "${said}" (${detail.trim()}); real ${real.toFixed(1)} s; page: "${took}"`);
    console.log(rows[rows.length - 1]);
  }
});
