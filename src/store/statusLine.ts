/** What the training card's status line says: the run's state, or why Train is disabled. */
import { selectCanTrain, selectIsBusy, selectModel } from './selectors';
import type { AppState, TrainingStatus } from './store';

/** Why Train waits, when it is disabled and nothing is running. */
export type TrainWait = 'blocked' | 'backendStarting' | 'backendFailed' | 'dataFailed' | 'waitingForData';

export type StatusLine = { kind: 'run'; status: TrainingStatus } | { kind: 'wait'; reason: TrainWait };

const runLines = new Map<TrainingStatus, StatusLine>();
const waitLines = new Map<TrainWait, StatusLine>();

/**
 * The run's state while it runs, or while Train can start one; otherwise why Train is disabled, so
 * the line never says "Ready" above a disabled Train. A problem the student can fix comes first.
 * The same object comes back for the same line (React subscribers re-render only on a change).
 */
export function selectStatusLine(s: AppState): StatusLine {
  if (selectIsBusy(s) || selectCanTrain(s)) return lineOf(runLines, s.trainingStatus, { kind: 'run', status: s.trainingStatus });
  const reason: TrainWait =
    !selectModel(s).isValid || Object.keys(s.fieldErrors).length > 0 ? 'blocked'
      : s.backendStatus === 'failed' ? 'backendFailed'
        : s.backendStatus === 'starting' ? 'backendStarting'
          : s.dataStatus === 'failed' ? 'dataFailed'
            : 'waitingForData';
  return lineOf(waitLines, reason, { kind: 'wait', reason });
}

function lineOf<K>(cache: Map<K, StatusLine>, key: K, line: StatusLine): StatusLine {
  if (!cache.has(key)) cache.set(key, line);
  return cache.get(key)!;
}
