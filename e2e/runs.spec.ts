import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';

/** The figures of one row of the comparison table, by run. */
async function comparedRuns(page: import('@playwright/test').Page) {
  const rows = page.getByRole('table', { name: 'Compared runs' }).locator('tbody tr');
  const runs: { name: string; accuracy: number; params: string }[] = [];
  for (const row of await rows.all()) {
    const cells = await row.locator('th, td').allTextContents();
    runs.push({ name: cells[0], accuracy: Number.parseFloat(cells[1].replace(/[^0-9.]/g, '')), params: cells[2] });
  }
  return runs;
}

test.describe('runs: history and comparison', () => {
  test('"Conv vs dense" trains the fair pair on one subset, overlays their curves, the conv net scores higher, and both runs survive a reload', async ({ playground, page }) => {
    await playground.open('backend=wasm&trainSize=3000&epochs=1');
    const button = page.getByRole('button', { name: 'Conv vs dense', exact: true });
    await expect(button).toBeEnabled({ timeout: 180_000 });
    await button.click();
    await expect(page.getByRole('status').filter({ hasText: 'Conv vs dense: training Small dense (1 of 2)' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Conv vs dense: both trained' })).toBeVisible({ timeout: 150_000 });

    // Two overlaid curves: one chart per measure, each with both runs in its legend.
    for (const measure of ['loss', 'accuracy']) {
      const chart = page.getByTestId(`compare-${measure}`);
      await expect(chart).toHaveAttribute('data-runs', '2');
      await expect(chart.locator('svg text').filter({ hasText: /Small dense/ })).toHaveCount(1);
      await expect(chart.locator('svg text').filter({ hasText: /Small conv/ })).toHaveCount(1);
      await expect(chart.locator('svg path[aria-roledescription="line mark"], svg g.mark-line path')).toHaveCount(2);
    }
    const [dense, conv] = await comparedRuns(page);
    expect(dense.name).toMatch(/^Run \d+ · Small dense/);
    expect(conv.name).toMatch(/^Run \d+ · Small conv/);
    expect([dense.params, conv.params]).toEqual(['12,730', '12,810']);
    console.log(`test accuracy on 3,000 images, 1 epoch: dense ${dense.accuracy}%, conv ${conv.accuracy}%`);
    expect(conv.accuracy).toBeGreaterThan(dense.accuracy);

    // Both records and both sets of weights are stored before the reload.
    await expect(page.getByText(/The history takes .* \(records .*, weights (\d+(\.\d+)?) kB\)/)).toBeVisible();
    await expect(page.getByRole('button', { name: /^Use the model of Run \d+ · Small dense/ })).toBeEnabled();
    // Both runs download as CSV (one line each) and JSON (the whole records).
    const [csvFile] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Download as CSV/ }).click()]);
    const csv = (await readFile((await csvFile.path())!, 'utf8')).trim().split('\r\n');
    expect(csv).toHaveLength(3);
    expect(csv[0]).toMatch(/^id,name,preset,status,started_at,test_accuracy,/);
    expect(csv[2]).toContain(',small-conv,done,');
    const [jsonFile] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Download as JSON/ }).click()]);
    const json = JSON.parse(await readFile((await jsonFile.path())!, 'utf8')) as { runs: { presetId: string; batches: { x: number[] } }[] };
    expect(json.runs.map((r) => r.presetId)).toEqual(['small-dense', 'small-conv']);
    expect(json.runs[1].batches.x.length).toBeGreaterThan(10);

    // A record from an older version of the page is left out with a message, and the page goes on.
    await page.evaluate(() => new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('mnist-playground-runs', 1);
      open.onsuccess = () => {
        const tx = open.result.transaction('runs', 'readwrite');
        tx.objectStore('runs').put({ version: 0, id: 99, name: 'from last year' }, 99);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      };
    }));
    await page.waitForTimeout(500);
    await page.reload();
    await expect(page.getByRole('alert').filter({ hasText: '1 stored run was from an older version or damaged, and was left out (99:version).' })).toBeVisible();
    const history = page.getByRole('table', { name: 'Run history' });
    await expect(history.getByText(dense.name, { exact: true })).toBeVisible();
    await expect(history.getByText(conv.name, { exact: true })).toBeVisible();
    // A stored run's model comes back from the browser's storage and reads drawings again.
    await page.getByRole('button', { name: `Use the model of ${dense.name} for drawings, fine-tuning and the look inside` }).click();
    await expect(history.locator('tr', { hasText: dense.name }).getByText('reads drawings')).toBeVisible();
  });
});
