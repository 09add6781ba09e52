import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeEngine } from '../testing/fakeEngine';
import { readRuns } from './persistence/runsDb';
import type { RunRecord } from './runRecord';
import { syncRunsWithStorage } from './runsSync';
import { createAppStore, type AppStore } from './store';

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

function finished(store: AppStore, id: number): RunRecord {
  store.getState().recordRunStarted(id, { settings: store.getState().settings, layers: store.getState().layers, presetId: 'lenet-5x5' });
  return { ...store.getState().runs[id], status: 'done', batches: { x: [1], loss: [0.5], accuracy: [0.9] } };
}

let stop = () => {};
afterEach(() => stop());

describe('the run history follows the store into IndexedDB', () => {
  it('writes a finished run, writes it again when renamed, removes it when deleted, and never writes a run still training', async () => {
    const engine = new FakeEngine();
    const store = createAppStore(engine);
    stop = syncRunsWithStorage(store);
    await settle();
    expect(store.getState().historyStatus).toBe('ready');
    const live = { ...finished(store, 1), status: 'training' as const };
    store.setState({ runs: { 1: live, 2: finished(store, 2) } });
    await settle();
    expect((await readRuns()).runs.map((r) => r.id)).toEqual([2]);
    store.getState().renameRun(2, 'first try');
    await settle();
    expect((await readRuns()).runs[0].name).toBe('first try');
    expect(store.getState().historyUsage?.recordsBytes).toBeGreaterThan(1000);

    // A reload: a new store reads the stored run back.
    const reloaded = createAppStore(new FakeEngine());
    const stopReloaded = syncRunsWithStorage(reloaded);
    await settle();
    expect(reloaded.getState().runs[2]?.name).toBe('first try');
    stopReloaded();

    const deleting = store.getState().deleteRun(2);
    engine.queries.find((q) => q.query.kind === 'forgetRun')!.resolve({ runId: 2 });
    await deleting;
    await settle();
    expect((await readRuns()).runs).toEqual([]);
  });

  it('when the browser refuses to store more, it says so, marks the run as not stored and keeps what was stored', async () => {
    const store = createAppStore(new FakeEngine());
    stop = syncRunsWithStorage(store);
    await settle();
    store.setState({ runs: { 5: finished(store, 5) } });
    await settle();
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function refuse() {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    try {
      store.setState({ runs: { ...store.getState().runs, 6: finished(store, 6) } });
      await settle();
    } finally {
      IDBObjectStore.prototype.put = put;
    }
    expect(store.getState().historyMessage).toEqual({ code: 'historyFull' });
    expect(store.getState().unstoredRunIds).toEqual([6]);
    expect((await readRuns()).runs.map((r) => r.id)).toEqual([5]);
  });
});
