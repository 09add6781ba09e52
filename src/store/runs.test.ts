import { describe, expect, it } from 'vitest';
import { getPreset } from '../core/config/presets';
import type { BatchMetrics } from '../core/training/trainer';
import type { EvaluationResult } from '../engine/protocol';
import { FakeEngine } from '../testing/fakeEngine';
import { createAppStore, type AppStore } from './store';

const wait = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

function setUp() {
  const engine = new FakeEngine();
  const store = createAppStore(engine);
  store.setState({
    backendStatus: 'ready',
    dataStatus: 'ready',
    progress: { bytesLoaded: 1, bytesTotal: 1, trainImagesLoaded: 60_000, trainImagesTotal: 60_000, testImagesLoaded: 10_000, testImagesTotal: 10_000 },
    backend: { active: 'wasm', probes: [], skipped: [], chosenBy: 'auto', thread: 'worker', notes: [{ code: 'wasmThreads', count: 2 }] },
  });
  return { engine, store };
}

function batch(i: number, perEpoch: number): BatchMetrics {
  return {
    epoch: Math.floor(i / perEpoch), batch: i % perEpoch, batchesPerEpoch: perEpoch, loss: 2 / (1 + i), accuracy: 0.5, smoothedLoss: 1, epochLoss: 1,
    epochAccuracy: 0.5, examplesSeen: (i + 1) * 32, examplesPerSecond: 3200, steadyBatches: i, steadySeconds: i / 100, firstBatchSeconds: 0.2,
    elapsedSeconds: (i + 1) / 100,
  } as BatchMetrics;
}

function evaluation(accuracy: number): EvaluationResult {
  return { loss: 0.3, accuracy, count: 10_000, confusion: new Int32Array(100) };
}

/** Plays one whole run of `id` through the engine's events, up to its test score. */
function playRun(engine: FakeEngine, id: number, accuracy: number) {
  engine.emit({ type: 'trainingStarted', runId: id, trainCount: 1800, validationCount: 200, testCount: 10_000, batchesPerEpoch: 4, epochs: 1, flopsPerExample: 10 });
  engine.emit({ type: 'batchesEnded', runId: id, batches: [0, 1, 2, 3].map((i) => batch(i, 4)) });
  engine.emit({ type: 'epochEnded', runId: id, metrics: { epoch: 0, trainLoss: 0.8, trainAccuracy: 0.7, validationLoss: 0.6, validationAccuracy: 0.8, seconds: 0.04, numTensors: 30 } });
  engine.emit({ type: 'trainingEnded', runId: id, reason: 'completed', message: null, epochsCompleted: 1 });
  engine.emit({ type: 'evaluated', runId: id, result: evaluation(accuracy) });
}

const trainsSent = (engine: FakeEngine) => engine.sent.filter((c) => c.type === 'train');
const answerKeeps = (engine: FakeEngine) => {
  for (const held of engine.queries.filter((q) => q.query.kind === 'keepRunWeights')) held.resolve({ runId: (held.query as { runId: number }).runId, bytes: 51_000 });
};

describe('runs are the unit of state', () => {
  it('a run becomes a record: its set-up when it starts, its curves, time, speed and test score when it ends, and its weights kept', async () => {
    const { engine, store } = setUp();
    store.getState().applyPreset('small-conv');
    store.getState().setSetting('trainSize', 2000);
    store.getState().train();
    const id = store.getState().runId!;
    expect(store.getState().runs[id]).toMatchObject({ id, status: 'training', presetId: 'small-conv', params: 12_810, backend: 'wasm', threads: 2 });
    expect(store.getState().runs[id].settings.trainSize).toBe(2000);
    playRun(engine, id, 0.93);
    const run = store.getState().runs[id];
    expect(run).toMatchObject({ status: 'done', trainCount: 1800, validationCount: 200, seconds: 0.04, examplesPerSecond: 3200 });
    expect(run.test?.accuracy).toBe(0.93);
    expect(run.epochs).toHaveLength(1);
    expect(run.batches.x).toEqual([0.25, 0.5, 0.75, 1]);
    const keep = engine.queries.find((q) => q.query.kind === 'keepRunWeights');
    expect(keep?.query).toEqual({ kind: 'keepRunWeights', runId: id });
    answerKeeps(engine);
    await wait();
    expect(store.getState().runs[id].weightsBytes).toBe(51_000);
  });

  it('a run stopped before its first batch leaves no record; run ids go on past the stored ones', async () => {
    const { engine, store } = setUp();
    store.setState({ runs: { 7: { ...fakeRecord(store, 7) } } });
    store.getState().train();
    expect(store.getState().runId).toBe(8);
    engine.emit({ type: 'trainingEnded', runId: 8, reason: 'stopped', message: null, epochsCompleted: 0 });
    expect(Object.keys(store.getState().runs)).toEqual(['7']);
    await wait();
    expect(trainsSent(engine).map((c) => c.runId)).toEqual([8]);
  });

  it('renames, deletes (its stored weights too) and picks runs for the comparison', async () => {
    const { engine, store } = setUp();
    store.setState({ runs: { 1: fakeRecord(store, 1), 2: fakeRecord(store, 2) } });
    store.getState().setCompared(1, true);
    store.getState().setCompared(2, true);
    store.getState().renameRun(1, '  dense, tiny  ');
    expect(store.getState().runs[1].name).toBe('dense, tiny');
    const deleting = store.getState().deleteRun(2);
    expect(Object.keys(store.getState().runs)).toEqual(['1']);
    expect(store.getState().compareIds).toEqual([1]);
    const forget = engine.queries.find((q) => q.query.kind === 'forgetRun')!;
    expect(forget.query).toEqual({ kind: 'forgetRun', runId: 2 });
    forget.resolve({ runId: 2 });
    await deleting;
    expect(store.getState().historyMessage).toBeNull();
  });

  it('"Conv vs dense" trains small-dense then small-conv on the same data, subset, epochs and seed, then compares them', async () => {
    const { engine, store } = setUp();
    store.getState().setSetting('trainSize', 3000);
    store.getState().setSetting('epochs', 1);
    store.getState().setSetting('seed', 7);
    const pair = store.getState().trainConvVsDense();
    await wait();
    const [dense] = trainsSent(engine);
    expect(dense.layers).toEqual(getPreset('small-dense')!.layers);
    expect(store.getState().pair).toEqual({ status: 'dense', runIds: [dense.runId] });
    playRun(engine, dense.runId, 0.88);
    await wait();
    const [, conv] = trainsSent(engine);
    expect(conv.layers).toEqual(getPreset('small-conv')!.layers);
    for (const c of [dense, conv]) expect(c.training).toMatchObject({ trainSize: 3000, epochs: 1, seed: 7, batchSize: 32, optimizer: { name: 'adam', learningRate: 0.001 } });
    playRun(engine, conv.runId, 0.95);
    await pair;
    expect(store.getState().pair).toEqual({ status: 'done', runIds: [dense.runId, conv.runId] });
    expect(store.getState().compareIds).toEqual([dense.runId, conv.runId]);
    expect(store.getState().runs[conv.runId].test?.accuracy).toBeGreaterThan(store.getState().runs[dense.runId].test!.accuracy);
    // The page's own model and settings are as they were.
    expect(store.getState().presetId).toBe('fast-99');
  });

  it('"Conv vs dense" does not need the layer editor\'s model to be valid, only the data and the backend', async () => {
    const { engine, store } = setUp();
    store.setState({ layers: [] });
    void store.getState().trainConvVsDense();
    await wait();
    expect(trainsSent(engine)).toHaveLength(1);
    const idle = setUp();
    idle.store.setState({ backendStatus: 'starting' });
    await idle.store.getState().trainConvVsDense();
    expect(trainsSent(idle.engine)).toHaveLength(0);
  });

  it('"Conv vs dense" stops after the first run when the student stops it', async () => {
    const { engine, store } = setUp();
    const pair = store.getState().trainConvVsDense();
    await wait();
    const [dense] = trainsSent(engine);
    engine.emit({ type: 'trainingStarted', runId: dense.runId, trainCount: 10, validationCount: 0, testCount: 10_000, batchesPerEpoch: 4, epochs: 1, flopsPerExample: 10 });
    engine.emit({ type: 'batchesEnded', runId: dense.runId, batches: [batch(0, 4)] });
    engine.emit({ type: 'trainingEnded', runId: dense.runId, reason: 'stopped', message: null, epochsCompleted: 0 });
    await pair;
    expect(store.getState().pair?.status).toBe('stopped');
    expect(trainsSent(engine)).toHaveLength(1);
    expect(store.getState().runs[dense.runId].status).toBe('stopped');
  });

  it('using a run asks the engine for that run; a refusal is said in the history', async () => {
    const { engine, store } = setUp();
    const using = store.getState().activateRun(4);
    expect(engine.queries[0].query).toEqual({ kind: 'useRun', runId: 4 });
    const { EngineFailure } = await import('../engine/messages');
    engine.queries[0].reject(new EngineFailure({ code: 'runWeightsMissing', runId: 4 }));
    await using;
    expect(store.getState().historyMessage).toEqual({ code: 'runWeightsMissing', runId: 4 });
  });
});

function fakeRecord(store: AppStore, id: number) {
  store.getState().recordRunStarted(id, { settings: store.getState().settings, layers: store.getState().layers, presetId: 'lenet-5x5' });
  const record = { ...store.getState().runs[id], status: 'done' as const };
  return record;
}

// (first-batch helper) The first batch ends the warm-up on the page at once; later ones are coalesced.
describe('batches reaching the store', () => {
  it("shows a run's first batch at once and gathers the next ones into one update", async () => {
    const { engine, store } = setUp();
    store.getState().train();
    const id = store.getState().runId!;
    engine.emit({ type: 'trainingStarted', runId: id, trainCount: 1800, validationCount: 200, testCount: 10_000, batchesPerEpoch: 4, epochs: 1, flopsPerExample: 10 });
    engine.emit({ type: 'batchesEnded', runId: id, batches: [batch(0, 4)] });
    expect(store.getState().batches).toHaveLength(1);
    expect(store.getState().firstBatchAt).not.toBeNull();
    let updates = 0;
    const unsubscribe = store.subscribe((s, previous) => (updates += s.batches !== previous.batches ? 1 : 0));
    engine.emit({ type: 'batchesEnded', runId: id, batches: [batch(1, 4)] });
    engine.emit({ type: 'batchesEnded', runId: id, batches: [batch(2, 4)] });
    expect(store.getState().batches).toHaveLength(1);
    await wait(150);
    unsubscribe();
    expect(store.getState().batches).toHaveLength(3);
    expect(updates).toBe(1);
  });
});
