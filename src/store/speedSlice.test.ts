import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BatchMetrics } from '../core/training/trainer';
import type { BackendReport, DataProgress } from '../engine/protocol';
import { FakeEngine } from '../testing/fakeEngine';
import { selectRunEstimate, watchRunSpeed } from './speedSlice';
import { selectStatusLine } from './statusLine';
import { createAppStore, type AppState } from './store';

const wasm: BackendReport = { active: 'wasm', probes: [], skipped: [], chosenBy: 'auto', thread: 'worker', notes: [] };
const firstShard: DataProgress = { bytesLoaded: 1, bytesTotal: 10, trainImagesLoaded: 5000, trainImagesTotal: 60_000, testImagesLoaded: 0, testImagesTotal: 10_000 };
const measured = { backend: 'wasm', trainPerSecond: 600, evalPerSecond: 3000, warmupSeconds: 0.5, source: 'probe' as const };

function setUp() {
  const engine = new FakeEngine();
  const store = createAppStore(engine);
  const stop = watchRunSpeed(store, engine);
  return { engine, store, stop };
}
const probes = (engine: FakeEngine) => engine.queries.filter((q) => q.query.kind === 'measureSpeed');

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the run estimate', () => {
  it('times the chosen set-up once the backend is up, and estimates the run from it', async () => {
    const { engine, store } = setUp();
    // The classic recipe, whose figures this test spells out (the page opens on fast-99).
    store.getState().applyPreset('lenet-5x5');
    store.getState().setSetting('trainSize', 2000);
    store.getState().setSetting('epochs', 2);
    expect(selectRunEstimate(store.getState())).toEqual({ kind: 'waitingForBackend' });
    engine.emit({ type: 'backendReady', report: wasm });
    // One probe, as soon as the backend has started (in a task of its own): no edit is being typed.
    expect(probes(engine)).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(probes(engine)).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(probes(engine)).toHaveLength(1);
    expect(probes(engine)[0].query).toMatchObject({ kind: 'measureSpeed', batchSize: 64, layers: store.getState().layers });
    expect(selectRunEstimate(store.getState())).toEqual({ kind: 'measuring' });

    probes(engine)[0].resolve(measured);
    await vi.advanceTimersByTimeAsync(0);
    const view = selectRunEstimate(store.getState());
    expect(view.kind).toBe('estimated');
    if (view.kind !== 'estimated') return;
    // 2 epochs of 1,800 at 600/s; 2 x 200 validation, 2,000 test images after epoch 1 and all 10,000
    // at the end, at 3,000/s; 0.5 s warm-up.
    expect(view.estimate.totalSeconds).toBeCloseTo(0.5 + 6 + 400 / 3000 + 12_000 / 3000);
    expect(view.backend).toBe('wasm');

    // Epochs change the estimate, not the step: no new probe.
    store.getState().setSetting('epochs', 4);
    await vi.advanceTimersByTimeAsync(500);
    expect(probes(engine)).toHaveLength(1);
    const longer = selectRunEstimate(store.getState());
    expect(longer.kind === 'estimated' && longer.estimate.trainSeconds).toBeCloseTo(12);
  });

  it('probes a new batch size afresh and withdraws a probe that is no longer wanted', async () => {
    const { engine, store } = setUp();
    store.getState().applyPreset('lenet-5x5');
    engine.emit({ type: 'backendReady', report: wasm });
    await vi.advanceTimersByTimeAsync(500);
    const first = probes(engine)[0];
    store.getState().setSetting('batchSize', 128);
    expect(first.signal?.aborted).toBe(true);
    // An edit waits for the settings to stop changing: typing "128" is one probe, not three.
    await vi.advanceTimersByTimeAsync(300);
    expect(probes(engine)).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(probes(engine)).toHaveLength(2);
    expect(probes(engine)[1].query).toMatchObject({ batchSize: 128 });
  });

  it('says nothing for an impossible model, and never probes it', async () => {
    const { engine, store } = setUp();
    engine.emit({ type: 'backendReady', report: wasm });
    store.getState().updateLayer(0, { kernelSize: 28 });
    store.getState().updateLayer(2, { kernelSize: 28 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(probes(engine)).toHaveLength(0);
    expect(selectRunEstimate(store.getState())).toEqual({ kind: 'noModel' });
  });

  it('measures again once the data is all in, when the first probe shared the thread with decoding', async () => {
    const { engine, store } = setUp();
    engine.emit({ type: 'backendReady', report: wasm });
    engine.emit({ type: 'dataProgress', progress: firstShard });
    await vi.advanceTimersByTimeAsync(500);
    probes(engine)[0].resolve({ ...measured, trainPerSecond: 300 });
    await vi.advanceTimersByTimeAsync(0);
    engine.emit({ type: 'dataProgress', progress: { ...firstShard, trainImagesLoaded: 30_000 } });
    expect(probes(engine)).toHaveLength(1);
    engine.emit({ type: 'dataReady', progress: { ...firstShard, trainImagesLoaded: 60_000, testImagesLoaded: 10_000 } });
    expect(probes(engine)).toHaveLength(2);
    // The first figure stands until the second arrives, then gives way to it.
    const trainPerSecond = () => {
      const view = selectRunEstimate(store.getState());
      return view.kind === 'estimated' ? view.speed.trainPerSecond : null;
    };
    expect(trainPerSecond()).toBe(300);
    engine.emit({ type: 'dataReady', progress: { ...firstShard, trainImagesLoaded: 60_000, testImagesLoaded: 10_000 } });
    expect(probes(engine)[1].signal?.aborted).toBe(false);
    probes(engine)[1].resolve(measured);
    await vi.advanceTimersByTimeAsync(0);
    expect(trainPerSecond()).toBe(600);
    expect(probes(engine)).toHaveLength(2);
  });

  it('drops a measurement made on a backend that is no longer running', async () => {
    const { engine, store } = setUp();
    engine.emit({ type: 'backendReady', report: wasm });
    await vi.advanceTimersByTimeAsync(500);
    probes(engine)[0].resolve({ ...measured, backend: 'webgl' });
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().speeds).toEqual({});
  });

  it('times a run against its estimate and learns the run\'s own pace for the next one', async () => {
    const { engine, store } = setUp();
    engine.emit({ type: 'backendReady', report: wasm });
    engine.emit({ type: 'dataProgress', progress: firstShard });
    await vi.advanceTimersByTimeAsync(500);
    probes(engine)[0].resolve(measured);
    await vi.advanceTimersByTimeAsync(0);
    const said = selectRunEstimate(store.getState());

    store.getState().train();
    expect(store.getState().runTiming).toMatchObject({ estimatedSeconds: said.kind === 'estimated' ? said.estimate.totalSeconds : NaN, endedAt: null });
    // 40 batches of 64 at a steady 400 images/s after a slow first one.
    const batches = Array.from({ length: 40 }, (_, i) => ({ epoch: 0, batch: i, examplesSeen: (i + 1) * 64, elapsedSeconds: 2 + (i * 64) / 400 }) as BatchMetrics);
    store.setState({ trainingStatus: 'training', batches });
    store.setState({ trainingStatus: 'stopped' });
    const timing = store.getState().runTiming;
    expect(timing?.endedAt).not.toBeNull();
    expect(timing?.outcome).toBe('stopped');
    const next = selectRunEstimate(store.getState());
    expect(next.kind === 'estimated' && next.speed).toMatchObject({ trainPerSecond: expect.closeTo(400, 3), evalPerSecond: 3000, source: 'run' });
    // The run's figure stands: no probe of the same set-up after it.
    await vi.advanceTimersByTimeAsync(1000);
    expect(probes(engine)).toHaveLength(1);
  });
});

describe('a completed run', () => {
  it('calibrates the next estimate of its set-up to its own length', async () => {
    const { engine, store } = setUp();
    store.getState().setSetting('trainSize', 2000);
    store.getState().setSetting('epochs', 1);
    engine.emit({ type: 'backendReady', report: wasm });
    engine.emit({ type: 'dataProgress', progress: firstShard });
    await vi.advanceTimersByTimeAsync(500);
    probes(engine)[0].resolve(measured);
    await vi.advanceTimersByTimeAsync(0);

    store.getState().train();
    const batches = Array.from({ length: 29 }, (_, i) => ({ epoch: 0, batch: i, examplesSeen: Math.min(1800, (i + 1) * 64), elapsedSeconds: 2 + (i * 64) / 400 }) as BatchMetrics);
    store.setState({ trainingStatus: 'training', batches, epochs: [{ epoch: 0 } as AppState['epochs'][number]] });
    await vi.advanceTimersByTimeAsync(20_000);
    store.setState({ trainingStatus: 'done', evaluation: { loss: 0.1, accuracy: 0.9, count: 10_000, confusion: new Int32Array(100), seconds: 4 } });
    const timing = store.getState().runTiming!;
    const real = (timing.endedAt! - timing.startedAt) / 1000;
    expect(real).toBeCloseTo(20, 0);
    const next = selectRunEstimate(store.getState());
    expect(next.kind).toBe('estimated');
    if (next.kind !== 'estimated') return;
    // 1,800 images at 400/s, the last batch of 8 timed as a full one: 385 images/s.
    expect(next.speed).toMatchObject({ trainPerSecond: expect.closeTo(385.4, 0), evalPerSecond: 2_500, source: 'run' });
    expect(next.estimate.totalSeconds).toBeCloseTo(real, 1);
  });
});

describe('the status line', () => {
  it('never says Ready while Train is disabled, and says why instead', () => {
    const { engine, store } = setUp();
    // lenet-5x5: its layer 3 (index 2) is a convolution a 28x28 kernel makes impossible.
    store.getState().applyPreset('lenet-5x5');
    const line = () => selectStatusLine(store.getState());
    expect(line()).toEqual({ kind: 'wait', reason: 'backendStarting' });
    engine.emit({ type: 'backendReady', report: wasm });
    expect(line()).toEqual({ kind: 'wait', reason: 'waitingForData' });
    engine.emit({ type: 'dataProgress', progress: firstShard });
    expect(line()).toEqual({ kind: 'run', status: 'idle' });
    // A problem the student can fix comes first, whatever else Train waits for.
    store.getState().updateLayer(2, { kernelSize: 28 });
    expect(line()).toEqual({ kind: 'wait', reason: 'blocked' });
    engine.emit({ type: 'engineRestarting' });
    expect(line()).toEqual({ kind: 'wait', reason: 'blocked' });
    store.getState().resetLayers();
    expect(line()).toEqual({ kind: 'wait', reason: 'backendStarting' });
    engine.emit({ type: 'backendFailed', message: { code: 'engineStopped' } });
    expect(line()).toEqual({ kind: 'wait', reason: 'backendFailed' });
    // The same object while the line is the same: subscribers re-render only on a change.
    expect(line()).toBe(line());
  });
});
