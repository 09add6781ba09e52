/**
 * Runs are the unit of state: every training run is a record (runRecord.ts) keyed by its id, the
 * live one filled in as it trains (runsRecorder.ts), finished ones kept in IndexedDB (runsSync.ts).
 * The active run is the one whose model the engine predicts, fine-tunes and is inspected with.
 * Here: the history's actions, the comparison's selection, and "Conv vs dense" in one click.
 */
import { getPreset, type PresetId } from '../core/config/presets';
import { scheduleFields } from '../core/config/scheduleSettings';
import type { LayerSpec } from '../core/model/spec';
import type { AppMessage } from './messages';
import { messageOf, StoreFailure } from './messages';
import { readRuns, type SkippedRun } from './persistence/runsDb';
import { newRunRecord, type RunRecord, type RunSetup } from './runRecord';
import { selectIsBusy } from './selectors';
import type { AppState, SliceWithEngine } from './store';

export interface HistoryUsage {
  /** What the run records take (their JSON size) and their kept weights. */
  recordsBytes: number;
  weightsBytes: number;
  /** What this whole site stores and may store, as the browser estimates it; null where it does not say. */
  siteUsage: number | null;
  siteQuota: number | null;
}

/** The two runs of "Conv vs dense", and how far it has got. */
export interface PairProgress {
  status: 'dense' | 'conv' | 'done' | 'stopped';
  runIds: number[];
}

export const PAIR_PRESETS: readonly PresetId[] = ['small-dense', 'small-conv'];
export const MAX_RUN_NAME_LENGTH = 60;

export interface RunsSlice {
  /** Every run of this page and the stored ones, by id. */
  runs: Record<number, RunRecord>;
  /** The runs picked for the comparison, in the order picked. */
  compareIds: number[];
  historyStatus: 'loading' | 'ready' | 'failed';
  /** What the history has to say (unreadable records, a full quota, a failed write); null when all is well. */
  historyMessage: AppMessage | null;
  /** Runs the browser refused to store: they last until the page closes. */
  unstoredRunIds: number[];
  historyUsage: HistoryUsage | null;
  pair: PairProgress | null;
  /** Called by the training slice as a run starts: its record, with the setup it trains. */
  recordRunStarted(id: number, setup: RunSetup): void;
  loadRunHistory(): Promise<void>;
  renameRun(id: number, name: string): void;
  deleteRun(id: number): Promise<void>;
  setCompared(id: number, isCompared: boolean): void;
  /** Makes the run's model the one that reads drawings (and is fine-tuned and inspected). */
  activateRun(id: number): Promise<void>;
  /** Trains small-dense, then small-conv, on the same data, subset, epochs and seed; then compares them. */
  trainConvVsDense(): Promise<void>;
}

/** The run whose model reads drawings, is fine-tuned and inspected; null when that model is not a run's (the ready one, a file). */
export const selectActiveRunId = (s: Pick<AppState, 'activeModel'>): number | null =>
  s.activeModel?.source === 'trained' || s.activeModel?.source === 'fineTuned' ? s.activeModel.runId : null;

/** "Conv vs dense" trains its own layers: it needs what Train needs except a valid model in the editor. */
export const selectCanTrainPair = (s: AppState): boolean =>
  !selectIsBusy(s) && s.backendStatus === 'ready' && (s.progress?.trainImagesLoaded ?? 0) > 0 && s.dataStatus !== 'failed' &&
  Object.keys(s.fieldErrors).length === 0;

/** The runs, oldest first. */
export function runList(runs: Record<number, RunRecord>): RunRecord[] {
  return Object.values(runs).sort((a, b) => a.id - b.id);
}

/** The next run id: past every run this page or the history knows, so ids stay unique across reloads. */
export function nextRunId(state: Pick<AppState, 'runId' | 'runs'>): number {
  return Math.max(state.runId ?? 0, ...Object.keys(state.runs).map(Number)) + 1;
}

/**
 * The settings one of the pair trains with: the preset's recipe, the page's data, subset, epochs
 * and seed. A setting an instructor's link hid keeps the link's value here too, as through any
 * preset change (both nets then train with it, so the pair stays fair).
 */
export function pairSetup(presetId: PresetId, settings: AppState['settings'], hidden: readonly string[] = []): RunSetup {
  const preset = getPreset(presetId)!;
  const recipe: AppState['settings'] = {
    ...settings,
    optimizer: preset.optimizer.name,
    learningRate: preset.optimizer.learningRate,
    momentum: preset.optimizer.momentum,
    batchSize: preset.batchSize,
    standardize: preset.standardize,
    // The preset's own learning-rate schedule (constant for the pair), not the page's.
    ...scheduleFields(preset.schedule ?? { kind: 'constant' }),
  };
  for (const name of hidden) if (name in recipe) (recipe as Record<string, unknown>)[name] = settings[name as keyof AppState['settings']];
  return { presetId, layers: structuredClone(preset.layers) as LayerSpec[], settings: recipe };
}

const TERMINAL = new Set<AppState['trainingStatus']>(['done', 'stopped', 'diverged', 'failed']);

export const createRunsSlice: SliceWithEngine<RunsSlice> = (engine) => (set, get, api) => {
  /** Resolves with how run `id` ended, once it has (for "Conv vs dense", which trains one run after the other). */
  const runEnded = (id: number) =>
    new Promise<AppState['trainingStatus']>((resolve) => {
      const check = (s: AppState) => {
        if (s.runId !== id) return 'stopped' as const;
        return TERMINAL.has(s.trainingStatus) ? s.trainingStatus : null;
      };
      const now = check(get());
      if (now) return resolve(now);
      const unsubscribe = api.subscribe((s) => {
        const ended = check(s);
        if (!ended) return;
        unsubscribe();
        resolve(ended);
      });
    });

  const patchRun = (id: number, patch: Partial<RunRecord>) => {
    const run = get().runs[id];
    if (run) set({ runs: { ...get().runs, [id]: { ...run, ...patch } } });
  };

  return {
    runs: {},
    compareIds: [],
    historyStatus: 'loading',
    historyMessage: null,
    unstoredRunIds: [],
    historyUsage: null,
    pair: null,
    recordRunStarted(id, setup) {
      set({ runs: { ...get().runs, [id]: newRunRecord(id, setup, get().backend, new Date()) } });
    },
    async loadRunHistory() {
      try {
        const { runs, skipped } = await readRuns();
        // Runs of this page (a run may have started while the history was read) win over stored ones.
        const merged: Record<number, RunRecord> = {};
        for (const run of runs) merged[run.id] = run;
        set({ runs: { ...merged, ...get().runs }, historyStatus: 'ready', historyMessage: skippedMessage(skipped) });
      } catch (error) {
        set({ historyStatus: 'failed', historyMessage: { code: 'historyReadFailed', detail: messageText(error) } });
      }
    },
    renameRun(id, name) {
      const trimmed = name.trim();
      if (trimmed.length > MAX_RUN_NAME_LENGTH) throw new StoreFailure({ code: 'nameTooLong', max: MAX_RUN_NAME_LENGTH });
      patchRun(id, { name: trimmed.length > 0 ? trimmed : null });
    },
    async deleteRun(id) {
      const { runs, compareIds, runId, trainingStatus } = get();
      // The live run is still being written: it can be deleted once it has ended.
      if (id === runId && !TERMINAL.has(trainingStatus) && trainingStatus !== 'idle') return;
      const rest = { ...runs };
      delete rest[id];
      set({ runs: rest, compareIds: compareIds.filter((c) => c !== id), unstoredRunIds: get().unstoredRunIds.filter((u) => u !== id) });
      try {
        await engine.request({ kind: 'forgetRun', runId: id });
      } catch (error) {
        set({ historyMessage: { code: 'historyWriteFailed', detail: messageText(error) } });
      }
    },
    setCompared(id, isCompared) {
      const rest = get().compareIds.filter((c) => c !== id);
      set({ compareIds: isCompared ? [...rest, id] : rest });
    },
    async activateRun(id) {
      try {
        await engine.request({ kind: 'useRun', runId: id });
      } catch (error) {
        set({ historyMessage: messageOf(error) });
      }
    },
    async trainConvVsDense() {
      if (!selectCanTrainPair(get()) || (get().pair && (get().pair!.status === 'dense' || get().pair!.status === 'conv'))) return;
      const settings = get().settings;
      const runIds: number[] = [];
      for (const presetId of PAIR_PRESETS) {
        set({ pair: { status: presetId === 'small-dense' ? 'dense' : 'conv', runIds: [...runIds] } });
        const id = get().trainWith(pairSetup(presetId, settings, get().hidden));
        runIds.push(id);
        set({ pair: { status: presetId === 'small-dense' ? 'dense' : 'conv', runIds: [...runIds] } });
        if ((await runEnded(id)) !== 'done') {
          set({ pair: { status: 'stopped', runIds } });
          return;
        }
      }
      set({ pair: { status: 'done', runIds }, compareIds: runIds });
    },
  };
};

function skippedMessage(skipped: SkippedRun[]): AppMessage | null {
  if (skipped.length === 0) return null;
  // "4:version; 5:test.accuracy": each record's key and the field that failed, the same in every language.
  return { code: 'runsUnreadable', count: skipped.length, detail: skipped.slice(0, 3).map((s) => (s.issue ? `${String(s.key)}:${s.issue}` : String(s.key))).join('; ') };
}

function messageText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
