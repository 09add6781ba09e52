import { describe, expect, it } from 'vitest';
import type { Stroke } from '../core/draw/preprocess';
import { EngineFailure } from '../engine/messages';
import type { ActivationsResult, ActiveModelInfo } from '../engine/protocol';
import { FakeEngine } from '../testing/fakeEngine';
import { createAppStore } from './store';

const model: ActiveModelInfo = { source: 'ready', name: { kind: 'ready' }, standardize: false, params: 100, runId: null, isTraining: false };
const seven: Stroke[] = [{ points: [{ x: 60, y: 60 }, { x: 200, y: 60 }, { x: 120, y: 230 }], width: 20 }];
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const answer = (label: number | null): ActivationsResult => ({ model, pixels: new Float32Array(784), label, layers: [], filters: null });

function setUp() {
  const engine = new FakeEngine();
  const store = createAppStore(engine);
  const activationQueries = () => engine.queries.filter((q) => q.query.kind === 'activations');
  return { engine, store, activationQueries };
}

describe('the inspect slice', () => {
  it('reads test image 0 by default, and wraps a chosen index into the 10,000', () => {
    const { store, activationQueries } = setUp();
    store.getState().refreshActivations();
    expect(activationQueries()[0].query).toEqual({ kind: 'activations', input: { kind: 'test', index: 0 } });
    store.getState().setInspectInput({ kind: 'test', index: -1 });
    expect(store.getState().inspectInput).toEqual({ kind: 'test', index: 9999 });
    store.getState().setInspectInput({ kind: 'test', index: 10_003 });
    expect(activationQueries()[2].query).toEqual({ kind: 'activations', input: { kind: 'test', index: 3 } });
  });

  it('withdraws an older reading when the image changes, and never shows it', async () => {
    const { store, activationQueries } = setUp();
    store.getState().setInspectInput({ kind: 'test', index: 1 });
    store.getState().setInspectInput({ kind: 'test', index: 2 });
    const [stale, fresh] = activationQueries();
    expect(stale.signal?.aborted).toBe(true);
    fresh.resolve(answer(1));
    stale.resolve(answer(9));
    await flush();
    expect(store.getState().activations?.label).toBe(1);
  });

  it('does not stack refreshes while one is on its way', async () => {
    const { store, activationQueries } = setUp();
    store.getState().refreshActivations();
    store.getState().refreshActivations();
    expect(activationQueries()).toHaveLength(1);
    activationQueries()[0].resolve(answer(7));
    await flush();
    store.getState().refreshActivations();
    expect(activationQueries()).toHaveLength(2);
  });

  it('reads the drawing when asked, and nothing while there is none', async () => {
    const { store, activationQueries } = setUp();
    store.getState().setInspectInput({ kind: 'drawing' });
    expect(activationQueries()).toHaveLength(0);
    expect(store.getState().activations).toBeNull();
    store.getState().drawStrokes(seven, 280, true);
    store.getState().refreshActivations();
    const [held] = activationQueries();
    expect(held.query).toMatchObject({ kind: 'activations', input: { kind: 'pixels' } });
    held.reject(new EngineFailure({ code: 'dataNotArrived' }));
    await flush();
    expect(store.getState().activationsError).toEqual({ code: 'dataNotArrived' });
  });

  it('keeps the memory gauge and the layers from the engine', async () => {
    const { engine, store } = setUp();
    const memory = store.getState().refreshMemory();
    const held = engine.queries.find((q) => q.query.kind === 'memory')!;
    held.resolve({ backend: 'cpu', numTensors: 12, numDataBuffers: 12, numBytes: 4096, numBytesInGpu: null, isUnreliable: false });
    await memory;
    expect(store.getState().engineMemory?.numTensors).toBe(12);
    const layers = store.getState().refreshModelLayers();
    engine.queries.find((q) => q.query.kind === 'modelLayers')!.resolve({ model, layers: [] });
    await layers;
    expect(store.getState().modelLayers?.model).toBe(model);
  });
});
