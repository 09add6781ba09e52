/**
 * Keeps the run history in IndexedDB in step with the store, as urlSync keeps the hash: read once
 * at start-up, then every finished run that changes (it ends, gets its test score or its weights,
 * is renamed) is written, and a deleted one removed. When the browser refuses to store more, the
 * page says so and keeps what is stored; the run stays on the page until it closes.
 */
import { deleteRun, estimateStorage, putRun, QuotaFull, recordBytes } from './persistence/runsDb';
import { runList } from './runsSlice';
import type { AppStore } from './store';

/** Loads the stored runs into `store`, then writes its changes back; returns the unsubscribe function. */
export function syncRunsWithStorage(store: AppStore): () => void {
  let isStopped = false;
  let unsubscribe = () => {};
  // One write after another, in the order the changes came.
  let writing: Promise<void> = Promise.resolve();

  const measure = async () => {
    const runs = runList(store.getState().runs);
    const unstored = new Set(store.getState().unstoredRunIds);
    const stored = runs.filter((r) => r.status !== 'training' && !unstored.has(r.id));
    const site = await estimateStorage();
    store.setState({
      historyUsage: {
        recordsBytes: stored.reduce((sum, r) => sum + recordBytes(r), 0),
        weightsBytes: stored.reduce((sum, r) => sum + (r.weightsBytes ?? 0), 0),
        siteUsage: site?.usage ?? null,
        siteQuota: site?.quota ?? null,
      },
    });
  };

  const write = (task: () => Promise<void>) => {
    writing = writing.then(task).then(measure, (error: unknown) => {
      if (error instanceof QuotaFull) store.setState({ historyMessage: { code: 'historyFull' } });
      else store.setState({ historyMessage: { code: 'historyWriteFailed', detail: error instanceof Error ? error.message : String(error) } });
    });
  };

  void store.getState().loadRunHistory().then(() => {
    if (isStopped) return;
    void measure();
    unsubscribe = store.subscribe((state, previous) => {
      if (state.runs === previous.runs) return;
      for (const run of Object.values(state.runs)) {
        if (run === previous.runs[run.id] || run.status === 'training') continue;
        write(async () => {
          try {
            await putRun(run);
            if (store.getState().unstoredRunIds.includes(run.id)) store.setState({ unstoredRunIds: store.getState().unstoredRunIds.filter((u) => u !== run.id) });
          } catch (error) {
            if (error instanceof QuotaFull) store.setState({ unstoredRunIds: [...new Set([...store.getState().unstoredRunIds, run.id])] });
            throw error;
          }
        });
      }
      for (const id of Object.keys(previous.runs).map(Number)) if (!(id in state.runs)) write(() => deleteRun(id));
    });
  });

  return () => {
    isStopped = true;
    unsubscribe();
  };
}
