/**
 * The fused WASM training kernels (src/core/wasm/fusedTraining.ts) on the build the app really runs:
 * threaded SIMD WASM, two threads, in Chromium. Unit tests check the kernels against the cpu
 * backend in Node, where tfjs loads the single-threaded build; this checks, in the browser, that
 * training with them leaves nothing behind in the shared heap that a model reads: the trained model,
 * a copy of its weights, and the model saved to IndexedDB and opened again read the same images to
 * the same bits. (A difference there was once suspected behind a drawing read 5e-6 apart after a
 * reload: it was the drawing, see draw.spec.ts.)
 */
import { expect, test } from './fixtures';

type Tf = typeof import('../src/core/tf');
/** engine/backends.ts's chooseBackend, as far as this test reads it (the module imports Vite's ?url assets). */
type ChooseBackend = (requested: 'wasm', thread: 'worker') => Promise<{ notes: { code: string; count?: number }[] }>;
type Presets = typeof import('../src/core/config/presets');
type Build = typeof import('../src/core/model/build');
type Optimizers = typeof import('../src/core/model/optimizers');
type Trainer = typeof import('../src/core/training/trainer');
type Random = typeof import('../src/core/random');

test('a model trained with the fused WASM kernels on two threads reads the same bits as its copy and as itself reopened', async ({ playground, page }) => {
  test.setTimeout(180_000);
  await playground.open('backend=cpu');
  const results = await page.evaluate(async () => {
    // The app's own modules, as the dev server serves them, on this page's thread.
    const load = (path: string) => import(/* @vite-ignore */ path);
    const tf = (await load('/src/core/tf.ts')) as Tf;
    const { chooseBackend } = (await load('/src/engine/backends.ts')) as { chooseBackend: ChooseBackend };
    const { getPreset } = (await load('/src/core/config/presets.ts')) as Presets;
    const { buildModel } = (await load('/src/core/model/build.ts')) as Build;
    const { createOptimizer } = (await load('/src/core/model/optimizers.ts')) as Optimizers;
    const { trainStep } = (await load('/src/core/training/trainer.ts')) as Trainer;
    // 'worker' sizes the thread pool as the training worker does (every core).
    const report = await chooseBackend('wasm', 'worker');
    const threads = report.notes.find((n) => n.code === 'wasmThreads');

    const { mulberry32 } = (await load('/src/core/random.ts')) as Random;
    const pixels = (n: number, seed: number) => Float32Array.from({ length: n }, mulberry32(seed));
    const read = (model: import('../src/core/tf').LayersModel, images: import('../src/core/tf').Tensor) =>
      tf.tidy(() => Array.from((model.predict(images) as import('../src/core/tf').Tensor).dataSync()));
    const out = [];
    for (const id of ['fast-99', 'lenet-5x5']) {
      const preset = getPreset(id)!;
      const model = buildModel(preset.layers, { seed: 1, l1: 0, l2: 0 });
      const optimizer = createOptimizer(preset.optimizer);
      for (let step = 0; step < 8; step++) {
        const xs = tf.tensor4d(pixels(64 * 784, step + 1), [64, 28, 28, 1]);
        const ys = tf.oneHot(tf.tensor1d(Array.from({ length: 64 }, (_, i) => (i * 7 + step) % 10), 'int32'), 10).toFloat() as import('../src/core/tf').Tensor2D;
        const { loss, accuracy } = trainStep(model, optimizer, { xs, ys });
        await loss.data();
        tf.dispose([xs, ys, loss, accuracy]);
      }
      const images = tf.tensor4d(pixels(8 * 784, 999), [8, 28, 28, 1]);
      const trained = read(model, images);
      const copy = buildModel(preset.layers, { seed: 2, l1: 0, l2: 0 });
      copy.setWeights(model.getWeights().map((w) => tf.tensor(w.dataSync().slice(), w.shape)));
      await model.save('indexeddb://wasm-threads-check');
      const reopened = await tf.loadLayersModel('indexeddb://wasm-threads-check');
      await tf.io.removeModel('indexeddb://wasm-threads-check');
      out.push({ id, trained, copy: read(copy, images), reopened: read(reopened, images), again: read(model, images) });
      tf.dispose(images);
      [model, copy, reopened].forEach((m) => m.dispose());
      optimizer.dispose();
    }
    return { backend: tf.getBackend(), threads: threads?.count ?? 0, out };
  });
  expect(results.backend).toBe('wasm');
  console.log(`fused WASM training on ${results.threads} thread(s)`);
  for (const r of results.out) {
    expect(r.trained.every(Number.isFinite), r.id).toBe(true);
    expect(r.copy, `${r.id}: its copy`).toEqual(r.trained);
    expect(r.reopened, `${r.id}: reopened from IndexedDB`).toEqual(r.trained);
    expect(r.again, `${r.id}: read again`).toEqual(r.trained);
  }
});
