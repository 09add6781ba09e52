/** Benchmark page: runs the request from the hash in a worker and publishes the report on window. */
import type { BenchMessage, BenchRequest } from './protocol';

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
const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' });
const recipe = params.get('recipe');
worker.postMessage(recipe ? { recipe: true, presetId: recipe, backend: request.backend, seed: Number(params.get('seed') ?? 42) } : { ...request, navigationOffset: performance.timeOrigin });
worker.onmessage = (event: MessageEvent<BenchMessage>) => {
  if (event.data.type === 'progress') {
    console.log(event.data.text);
    return;
  }
  (window as unknown as { benchResult: BenchMessage }).benchResult = event.data;
  out.textContent = JSON.stringify(event.data, null, 2);
};
worker.onerror = (event) => {
  const failed: BenchMessage = { type: 'failed', message: event.message };
  (window as unknown as { benchResult: BenchMessage }).benchResult = failed;
  out.textContent = event.message;
};
