/**
 * What each engine event does to the store, as a pure function of the state and the event: no
 * engine, no timers, so every mapping is unit-tested. Effects (asking for samples, batching the
 * per-batch metrics) live in the store's event subscriber.
 */
import type { BatchMetrics } from '../core/training/trainer';
import type { EngineEvent } from '../engine/protocol';
import type { AppState } from './store';

/** Events that answer a query are the engine host's business; these reach the store. */
export type StoreEvent = Exclude<EngineEvent, { type: 'replied' | 'queryFailed' | 'batchesEnded' }>;

/** True when a run event belongs to a run this page no longer shows (a newer run started since). */
export function isStaleRunEvent(state: AppState, event: EngineEvent): boolean {
  return 'runId' in event && state.runId !== null && event.runId !== state.runId;
}

/** The store update for one event, or null when the event changes nothing. */
export function eventPatch(state: AppState, event: StoreEvent, now: number): Partial<AppState> | null {
  if (isStaleRunEvent(state, event)) return null;
  switch (event.type) {
    case 'backendReady':
      // A new backend starts from fresh models: the trained one is gone.
      return { backendStatus: 'ready', backend: event.report, backendError: null, hasTrainedModel: false, runRecipe: null };
    case 'backendsProbed':
      // Only into the report still waiting for them (a later report probed for itself).
      return state.backend?.probesPending ? { backend: { ...state.backend, probes: event.probes, probesPending: false } } : null;
    case 'backendFailed':
      return { backendStatus: 'failed', backendError: event.message };
    case 'engineRestarting':
      return { backendStatus: 'starting', progress: null, dataStatus: 'loading', activeModel: null };
    case 'dataProgress':
      return { progress: event.progress, dataStatus: 'loading', dataError: null };
    case 'dataReady':
      return { progress: event.progress, dataStatus: 'ready', dataError: null };
    case 'dataFailed':
      return { dataStatus: 'failed', dataError: event.message };
    case 'trainingStarted':
      return {
        // Stop pressed while the model was being built: the engine ends the run before its first batch.
        trainingStatus: state.trainingStatus === 'stopping' ? 'stopping' : 'training',
        hasTrainedModel: true,
        run: {
          trainCount: event.trainCount, validationCount: event.validationCount, testCount: event.testCount, batchesPerEpoch: event.batchesPerEpoch,
          epochs: event.epochs, flopsPerExample: event.flopsPerExample, startedAt: now,
        },
      };
    case 'imagePlacement':
      return state.run ? { run: { ...state.run, imagePlacement: event.placement } } : null;
    case 'epochEnded':
      return { epochs: [...state.epochs, event.metrics] };
    case 'trainingPaused':
      return { trainingStatus: 'paused' };
    case 'trainingResumed':
      return { trainingStatus: 'training' };
    case 'trainingEnded': {
      // Early stopping is a normal end (its message says why). After either, the engine goes
      // straight on to the test set, so the page stays busy rather than re-enabling every control
      // only to disable it again a moment later: both flips re-render the whole settings column.
      const status = event.reason === 'completed' || event.reason === 'earlyStopped' ? 'evaluating' : event.reason === 'diverged' ? 'diverged' : event.message ? 'failed' : 'stopped';
      return { trainingStatus: status, trainingMessage: event.message, ...(status === 'evaluating' ? {} : { evaluationProgress: null }) };
    }
    case 'evaluationStarted':
      return { trainingStatus: 'evaluating', isEvaluationStopped: false };
    case 'evaluated':
      return { trainingStatus: 'done', evaluation: event.result, evaluationProgress: null };
    case 'evaluationProgress':
      return { evaluationProgress: { epoch: event.epoch, evaluated: event.evaluated, total: event.total } };
    case 'epochEvaluated':
      return { epochEvaluation: { epoch: event.epoch, result: event.result }, evaluationProgress: null };
    case 'evaluationStopped':
      // The figures after the last epoch stay on the page; the full evaluation can be asked for again.
      return { trainingStatus: 'stopped', evaluationProgress: null, isEvaluationStopped: true };
    case 'samples':
      return event.count > 0 ? { samples: { pixels: event.pixels, labels: event.labels } } : null;
    case 'augmentedSamples':
      return { augmentedSamples: { pixels: event.pixels, labels: event.labels } };
    case 'activeModelChanged':
      return { activeModel: event.model, ...(event.model ? { readyModelError: null } : {}) };
    case 'readyModelFailed':
      return { readyModelError: event.message };
    case 'fineTuneProgress':
      return { fineTuneProgress: { epoch: event.epoch, epochs: event.epochs, loss: event.loss } };
    case 'engineError': {
      const { trainingStatus } = state;
      const wasBusy = trainingStatus === 'starting' || trainingStatus === 'evaluating' || trainingStatus === 'stopping';
      return { engineError: event.message, ...(wasBusy ? { trainingStatus: 'failed' as const, trainingMessage: event.message } : {}) };
    }
    default: {
      const unknown: never = event;
      throw new Error(`Unhandled engine event ${JSON.stringify(unknown)}`);
    }
  }
}

/** Appends buffered batch metrics; the first batch of a run also stamps when it arrived. */
export function batchesPatch(state: AppState, added: readonly BatchMetrics[], now: number): Partial<AppState> {
  return { batches: state.batches.concat(added), firstBatchAt: state.firstBatchAt ?? now };
}
