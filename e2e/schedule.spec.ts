import { expect, test } from './fixtures';

test.describe('the page opens on fast-99, and learning-rate schedules are a knob', () => {
  test('the default is fast-99 with one cycle; a schedule travels in the link; a classic recipe is one pick away with a constant rate', async ({ playground, page }) => {
    await playground.open('backend=cpu');
    await expect(playground.presetSelect.locator('option:checked')).toHaveText(/^Fast, about 99% · fast-99/);
    const schedule = page.getByLabel('Learning-rate schedule');
    await expect(schedule).toHaveValue('oneCycle');
    await expect(page.getByLabel('Learning rate', { exact: true })).toHaveValue('0.005');
    await expect(page.getByLabel('Warm-up (fraction of the run)')).toHaveValue('0.3');

    // Cosine decay needs no figure of its own; reduce-on-plateau shows its factor and wait.
    await schedule.selectOption('cosine');
    await expect(page.getByLabel('Warm-up (fraction of the run)')).toHaveCount(0);
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('schedule=cosine');
    await schedule.selectOption('plateau');
    await page.getByLabel('Cut the rate by (factor)').fill('0.2');
    await expect(page.getByLabel('Wait (epochs)')).toHaveValue('2');
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/schedule=plateau&plateauFactor=0\.2/);

    // The link reopens the same schedule.
    const hash = await page.evaluate(() => location.hash);
    await page.goto('about:blank');
    await playground.open(hash.slice(1));
    await expect(page.getByLabel('Learning-rate schedule')).toHaveValue('plateau');
    await expect(page.getByLabel('Cut the rate by (factor)')).toHaveValue('0.2');

    // The classic recipes train at a constant rate.
    await playground.presetSelect.selectOption('lenet-5x5');
    await expect(page.getByLabel('Learning-rate schedule')).toHaveValue('constant');
    await expect(page.getByLabel('Cut the rate by (factor)')).toHaveCount(0);
  });
});
