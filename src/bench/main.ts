/**
 * Benchmark page: runs the request from the hash in a worker and publishes the report on window.
 * #mode=ready-model trains the shipped ready model instead (scripts/build-ready-model.mjs).
 * #mode=scale trains one point of the scale table (scripts/bench-scale.mjs).
 */
import type { BenchMessage, BenchRequest, ReadyModelRequest, ScaleRequest } from './protocol';

const params = new URLSearchParams(location.hash.slice(1));
const request: BenchRequest = {
  backend: (params.get('backend') ?? 'wasm') as BenchRequest['backend'],
  presetId: params.get('preset') ?? 'lenet-5x5',
  batches: Number(params.get('batches') ?? 60),
  warmupBatches: Number(params.get('warmup') ?? 5),
  batchSize: Number(params.get('batchSize') ?? 64),
  fullEpoch: params.get('fullEpoch') === '1',
};

const out = document.getElementById('out')!;
const isReadyModel = params.get('mode') === 'ready-model';
const worker = isReadyModel
  ? new Worker(new URL('./readyModel.worker.ts', import.meta.url), { type: 'module' })
  : new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' });
const recipe = params.get('recipe');
const optionalNumber = (key: string) => (params.has(key) ? Number(params.get(key)) : undefined);
if (isReadyModel) {
  worker.postMessage({ seed: optionalNumber('seed'), epochs: optionalNumber('epochs'), trainSize: optionalNumber('trainSize') } satisfies ReadyModelRequest);
} else if (params.get('mode') === 'scale') {
  // One point of the scale table (scripts/bench-scale.mjs).
  const { backend, presetId, batchSize, batches, warmupBatches } = request;
  worker.postMessage({ scale: true, backend, presetId, batchSize, batches, warmupBatches, measurePeak: params.get('peak') === '1' } satisfies { scale: true } & ScaleRequest);
} else {
  // #candidate=<JSON> trains other layers and settings than the recipe's (scripts/bench.mjs --candidates).
  const candidate = params.has('candidate') ? JSON.parse(params.get('candidate')!) : undefined;
  worker.postMessage(recipe
    ? { recipe: true, presetId: recipe, backend: request.backend, seed: Number(params.get('seed') ?? 42), candidate }
    : { ...request, navigationOffset: performance.timeOrigin });
}
worker.onmessage = (event: MessageEvent<BenchMessage>) => {
  if (event.data.type === 'progress') {
    console.log(event.data.text);
    return;
  }
  (window as unknown as { benchResult: BenchMessage }).benchResult = event.data;
  out.textContent = event.data.type === 'readyModel' ? `ready model: test accuracy ${event.data.report.testAccuracy}` : JSON.stringify(event.data, null, 2);
};
worker.onerror = (event) => {
  const failed: BenchMessage = { type: 'failed', message: event.message };
  (window as unknown as { benchResult: BenchMessage }).benchResult = failed;
  out.textContent = event.message;
};
