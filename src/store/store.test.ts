import { describe, expect, it } from 'vitest';
import type { Stroke } from '../core/draw/preprocess';
import { EngineFailure } from '../engine/messages';
import type { ActiveModelInfo } from '../engine/protocol';
import { FakeEngine } from '../testing/fakeEngine';
import { createAppStore } from './store';

const model: ActiveModelInfo = { source: 'ready', name: { kind: 'ready' }, standardize: false, params: 100, runId: null, isTraining: false };
const seven: Stroke[] = [{ points: [{ x: 60, y: 60 }, { x: 200, y: 60 }, { x: 120, y: 230 }], width: 20 }];
const one: Stroke[] = [{ points: [{ x: 140, y: 40 }, { x: 140, y: 240 }], width: 20 }];
const probabilities = (top: number) => Float32Array.from({ length: 10 }, (_, i) => (i === top ? 0.91 : 0.01));
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function setUp() {
  const engine = new FakeEngine();
  const store = createAppStore(engine);
  return { engine, store };
}

describe('the store, driven by a fake engine', () => {
  it('asks the engine to read a drawing and shows its answer', async () => {
    const { engine, store } = setUp();
    store.getState().drawStrokes(seven, 280, true);
    expect(store.getState().strokes).toBe(seven);
    expect(store.getState().field).toHaveLength(784);
    expect(engine.queries).toHaveLength(1);
    const [held] = engine.queries;
    expect(held.query.kind).toBe('predict');
    held.resolve({ probabilities: probabilities(7), model });
    await flush();
    expect(store.getState().prediction?.probabilities[7]).toBeCloseTo(0.91);
    expect(store.getState().prediction?.modelName).toEqual({ kind: 'ready' });
  });

  it('withdraws a stale prediction when a newer stroke arrives, and never shows it', async () => {
    const { engine, store } = setUp();
    store.getState().drawStrokes(seven, 280, false);
    store.getState().drawStrokes(one, 280, true);
    const [stale, fresh] = engine.queries;
    expect(stale.signal?.aborted).toBe(true);
    expect(fresh.signal?.aborted).toBe(false);
    fresh.resolve({ probabilities: probabilities(1), model });
    stale.resolve({ probabilities: probabilities(7), model });
    await flush();
    const shown = store.getState().prediction!.probabilities;
    expect(shown.indexOf(Math.max(...shown))).toBe(1);
  });

  it('undo and clear redraw and re-ask; an empty drawing asks nothing', async () => {
    const { engine, store } = setUp();
    store.getState().drawStrokes(seven, 280, true);
    store.getState().drawStrokes([...seven, ...one], 280, true);
    store.getState().undoStroke();
    expect(store.getState().strokes).toEqual(seven);
    expect(engine.queries).toHaveLength(3);
    store.getState().clearDrawing();
    expect(store.getState().strokes).toEqual([]);
    expect(store.getState().field).toBeNull();
    expect(store.getState().prediction).toBeNull();
    expect(engine.queries).toHaveLength(3);
  });

  it('gives each run an id and ignores the events of the one before', async () => {
    const { engine, store } = setUp();
    store.setState({ backendStatus: 'ready' });
    store.getState().train();
    await new Promise((resolve) => setTimeout(resolve, 5));
    store.getState().train();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const trains = engine.sent.filter((c) => c.type === 'train');
    expect(trains.map((c) => c.runId)).toEqual([1, 2]);
    engine.emit({ type: 'trainingEnded', runId: 1, reason: 'stopped', message: null, epochsCompleted: 0 });
    expect(store.getState().trainingStatus).toBe('starting');
    engine.emit({ type: 'trainingStarted', runId: 2, trainCount: 10, validationCount: 0, testCount: 10_000, batchesPerEpoch: 1, epochs: 1, flopsPerExample: 1 });
    expect(store.getState().trainingStatus).toBe('training');
  });

  it('a model file that fails its checks never reaches the engine, and the notice says why', async () => {
    const { engine, store } = setUp();
    const text = new TextEncoder().encode('{ not json');
    const ok = await store.getState().loadModelFiles([{ name: 'model.json', size: text.byteLength, read: async () => text.buffer }]);
    expect(ok).toBe(false);
    expect(engine.queries).toHaveLength(0);
    expect(store.getState().modelNotice).toMatchObject({ tone: 'error', message: { code: 'modelFileRefused', problem: { code: 'badJson' } } });
  });

  it('says what is wrong as codes: a bad name from the store, a refusal from the engine', async () => {
    const { engine, store } = setUp();
    store.setState({ activeModel: model });
    await store.getState().saveActiveModel('   ');
    expect(store.getState().modelNotice).toEqual({ tone: 'error', message: { code: 'nameEmpty' } });
    expect(engine.queries).toHaveLength(0);
    const pending = store.getState().renameSavedModel('a', 'b');
    engine.queries[0].reject(new EngineFailure({ code: 'savedNameTaken', name: 'b' }));
    await pending;
    expect(store.getState().modelNotice).toEqual({ tone: 'error', message: { code: 'savedNameTaken', name: 'b' } });
  });

  it('keeps the language the browser gave until one is chosen', () => {
    const { store } = setUp();
    expect(store.getState()).toMatchObject({ language: 'en', isLanguageChosen: false });
    store.getState().setLanguage('zh-CN');
    expect(store.getState()).toMatchObject({ language: 'zh-CN', isLanguageChosen: true });
  });

  it('a model the engine refuses leaves the notice and nothing else', async () => {
    const { engine, store } = setUp();
    const saved = store.getState().activeModel;
    const pending = store.getState().openSavedModel('gone');
    engine.queries[0].reject(new Error('No model at indexeddb://mnist-playground/gone'));
    await pending;
    expect(store.getState().activeModel).toBe(saved);
    expect(store.getState().modelNotice).toEqual({ tone: 'error', message: { code: 'exception', detail: 'No model at indexeddb://mnist-playground/gone' } });
    expect(store.getState().modelTask).toBeNull();
  });
});
