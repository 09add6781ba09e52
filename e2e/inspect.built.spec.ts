/**
 * The production build loads "Look inside the network" in two lazy steps: the open card's code
 * when the card opens, tfjs-vis (with its vega-lite specs and table styles) only when its
 * inspector opens. A page that never opens them never fetches them.
 */
import { expect, test } from './fixtures';

test('the built app fetches the inspection view only when it opens, and tfjs-vis only when its inspector opens', async ({ playground, page }) => {
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(request.url().split('/').pop() ?? '');
  });
  await playground.open('backend=wasm');
  await expect(page.getByText(/Reading drawings: Ready model/)).toBeVisible({ timeout: 120_000 });
  const fetched = (name: string) => scripts.some((s) => s.startsWith(name));
  expect(fetched('InspectBody'), scripts.join(', ')).toBe(false);
  expect(fetched('tfvisInspector'), scripts.join(', ')).toBe(false);

  const card = page.getByRole('region', { name: 'Look inside the network' });
  await card.getByRole('button', { name: 'Look inside the network' }).click();
  await expect(card.getByTestId('inspect-reading')).toContainText('True digit: 7', { timeout: 60_000 });
  expect(fetched('InspectBody')).toBe(true);
  expect(fetched('tfvisInspector'), scripts.join(', ')).toBe(false);

  await card.getByRole('button', { name: 'Open the tfjs-vis inspector' }).click();
  await expect(card.getByTestId('tfvis-summary').getByRole('table')).toBeVisible({ timeout: 60_000 });
  expect(fetched('tfvisInspector')).toBe(true);
});
