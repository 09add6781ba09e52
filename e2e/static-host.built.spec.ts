/**
 * What a school deploys on a plain static host: the production build under a sub-path, with no
 * cross-origin isolation headers. It must still train (WebAssembly on one thread, as the browser
 * gives no SharedArrayBuffer to a page that is not isolated), say why it is slower, and fetch
 * every file from under its sub-path.
 */
import { expect, test } from './fixtures';
import { serveStatic } from './staticServer';

/** The folder the 'built' project's web server has just built (playwright.config.ts). */
const BUILT_DIR = process.env.BUILT_DIR ?? 'dist';
const SUB_PATH = '/mnist-playground/';

test('the build trains from a plain static host under a sub-path, without the isolation headers, and says why WASM has one thread', async ({ playground, page }) => {
  const host = await serveStatic(BUILT_DIR, { prefix: SUB_PATH });
  try {
    await page.goto(`${host.url}#preset=lenet-5x5&backend=wasm&trainSize=2000&epochs=1&optimizer=adam&learningRate=0.001`);
    expect(await page.evaluate(() => ({ isIsolated: crossOriginIsolated, sharedArrayBuffer: typeof SharedArrayBuffer }))).toEqual({
      isIsolated: false,
      sharedArrayBuffer: 'undefined',
    });
    await playground.waitForBackend(/WebAssembly · in a worker/);
    const note = page.getByTestId('threads-note');
    await expect(note).toContainText('one thread');
    await expect(note).toContainText('Cross-Origin-Opener-Policy: same-origin');
    await expect(note).toContainText('Cross-Origin-Embedder-Policy: require-corp');

    await playground.train();
    await expect(playground.testStatus).toHaveText(/Test accuracy: \d+\.\d+%/, { timeout: 240_000 });
    // 1,800 training images (10% held out) at batch 64.
    expect(await playground.plottedBatches()).toBe(29);
    console.log(`static host without isolation headers: WASM on one thread, ${await playground.statNumber('Examples / s')} examples/s`);

    // The worker, the WASM binaries, the ready model and the data all came from under the sub-path.
    expect(host.requests.filter((path) => !path.startsWith(SUB_PATH))).toEqual([]);
    for (const file of [/assets\/training\.worker-[\w-]+\.js$/, /\.wasm$/, /models\/ready\/model\.json$/, /data\/mnist\/manifest\.json$/, /data\/mnist\/test-00\.png$/]) {
      expect(host.requests.some((path) => file.test(path)), `a request for ${file}`).toBe(true);
    }
  } finally {
    await host.close();
  }
});
