/**
 * Writes the live run into its record as it trains: its sizes when it starts, each epoch as it
 * ends, and at its end the batch curve, the time, the speed and the test score. A run that ended
 * with usable weights has them kept in the browser by the engine, under its id, so it can be made
 * active again after a reload. A store subscriber, as urlSync is: the training slice stays as it was.
 */
import type { Engine } from '../engine/engine';
import { curveOf, speedOf, testOf, type RunRecord, type RunStatus } from './runRecord';
import type { AppState, AppStore } from './store';

const ENDED: Partial<Record<AppState['trainingStatus'], RunStatus>> = { done: 'done', stopped: 'stopped', diverged: 'diverged', failed: 'failed' };

function isQuotaError(error: unknown): boolean {
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  return /quota/i.test(text);
}

/** Follows the live run into its record; returns the unsubscribe function. */
export function recordRuns(store: AppStore, engine: Engine): () => void {
  const keepWeights = async (id: number) => {
    try {
      const { bytes } = await engine.request({ kind: 'keepRunWeights', runId: id });
      const run = store.getState().runs[id];
      if (run) store.setState({ runs: { ...store.getState().runs, [id]: { ...run, weightsBytes: bytes } } });
    } catch (error) {
      // The record stays; only its model cannot come back after a reload.
      store.setState({ historyMessage: isQuotaError(error) ? { code: 'historyFull' } : { code: 'historyWriteFailed', detail: String(error instanceof Error ? error.message : error) } });
    }
  };

  return store.subscribe((state, previous) => {
    const id = state.runId;
    if (id === null) return;
    const run = state.runs[id];
    if (!run) return;
    const isNewRun = id !== previous.runId;
    let patch: Partial<RunRecord> | null = null;
    if (state.run && (state.run !== previous.run || isNewRun)) {
      patch = { trainCount: state.run.trainCount, validationCount: state.run.validationCount, epochsPlanned: state.run.epochs };
    }
    if (state.epochs !== previous.epochs && state.epochs.length > 0) patch = { ...patch, epochs: state.epochs };
    const ended = ENDED[state.trainingStatus];
    if (ended && (state.trainingStatus !== previous.trainingStatus || isNewRun)) {
      if (state.batches.length === 0) {
        // Stopped or refused before its first batch: nothing to keep or compare.
        const rest = { ...state.runs };
        delete rest[id];
        store.setState({ runs: rest, compareIds: state.compareIds.filter((c) => c !== id) });
        return;
      }
      const test = state.trainingStatus === 'done' && state.evaluation ? testOf(state.evaluation) : run.test;
      patch = {
        ...patch,
        // A stopped run evaluated afterwards stays "stopped", now with its test score.
        status: run.status === 'training' ? ended : run.status,
        epochs: state.epochs,
        batches: curveOf(state.batches),
        ...speedOf(state.batches),
        test,
      };
      if ((ended === 'done' || ended === 'stopped') && run.weightsBytes === null) void keepWeights(id);
    }
    if (patch) store.setState({ runs: { ...state.runs, [id]: { ...run, ...patch } } });
  });
}
