/**
 * Makes this Chromium behave like a browser a class really has: one without WebGPU, without WebGL
 * or without SharedArrayBuffer. The engine probes in the page and in the training worker, and
 * Playwright's init scripts do not reach workers, so the same patch is also put in front of the
 * worker's script as it is served (the workaround Playwright's maintainers give, issue #28029).
 */
import type { Page } from '@playwright/test';

export type MissingFeature = 'webgpu' | 'webgl' | 'sharedArrayBuffer';

const PATCHES: Record<MissingFeature, string> = {
  // As in Firefox and Safari before WebGPU: no navigator.gpu at all.
  webgpu: `for (const C of [self.Navigator, self.WorkerNavigator]) if (C && 'gpu' in C.prototype) delete C.prototype.gpu;`,
  // As with a blocklisted GPU driver: every WebGL context request answers null.
  webgl: `for (const C of [self.HTMLCanvasElement, self.OffscreenCanvas]) {
    if (!C) continue;
    const getContext = C.prototype.getContext;
    C.prototype.getContext = function (type, ...rest) { return /webgl/i.test(String(type)) ? null : getContext.call(this, type, ...rest); };
  }`,
  // As in a browser from before SharedArrayBuffer came back (or one that withholds it).
  sharedArrayBuffer: `delete self.SharedArrayBuffer;`,
};

/** Removes the features from the page and from the training worker; call before the page loads. */
export async function simulateMissing(page: Page, missing: MissingFeature[]): Promise<void> {
  const patch = missing.map((feature) => PATCHES[feature]).join('\n');
  await page.addInitScript({ content: patch });
  // The dev server's /src/engine/training.worker.ts?worker_file... and the build's assets/training.worker-*.js.
  await page.context().route(/training\.worker/, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: `${patch}\n${await response.text()}` });
  });
}
