/**
 * Opens the app once before the tests, so Vite has pre-bundled every dependency (the page's and
 * the worker's) and no test is interrupted by a dependency re-optimisation reload.
 */
import { chromium, type FullConfig } from '@playwright/test';

export default async function globalSetup(config: FullConfig): Promise<void> {
  const { baseURL, launchOptions } = config.projects[0].use;
  const browser = await chromium.launch(launchOptions);
  try {
    const page = await browser.newPage();
    await page.goto(`${baseURL}#backend=wasm&lang=en`);
    await page.getByRole('button', { name: 'Train', exact: true }).waitFor({ timeout: 180_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid="backend-badge"]')?.textContent?.includes('WebAssembly'), null, { timeout: 180_000 });
  } finally {
    await browser.close();
  }
}
