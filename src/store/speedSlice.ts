/**
 * How long the next run will take: measured speeds of this model on this backend (a short probe
 * before any run, then the steady batches of each real run), and the estimate they give. The
 * watcher asks the engine for a probe whenever the set-up that decides a step's cost changes.
 */
import type { StateCreator } from 'zustand';
import { calibrateFromRun, estimateRun, runPlanOf, steadyTrainSpeed, type RunEstimate, type RunPlan, type SpeedMeasurement } from '../core/training/estimate';
import type { Engine } from '../engine/engine';
import type { BackendName } from '../engine/protocol';
import { selectIsBusy, selectModel } from './selectors';
import type { AppState, AppStore, TrainingStatus } from './store';

/** How long a run took against what the page said it would take when Train was pressed. */
export interface RunTiming {
  estimatedSeconds: number | null;
  /** performance.now() at the Train press, and when the run (its test scoring included) ended. */
  startedAt: number;
  endedAt: number | null;
  /** How the run ended: 'done' for a completed and scored run. */
  outcome: TrainingStatus | null;
}

export interface SpeedSlice {
  /** Measured speeds, by speedKeyOf's key: set-ups measured once stay measured while the page is open. */
  speeds: Record<string, SpeedMeasurement>;
  /** The latest run's estimate and real length; null before the first run. */
  runTiming: RunTiming | null;
}

export const createSpeedSlice: StateCreator<AppState, [], [], SpeedSlice> = () => ({
  speeds: {},
  runTiming: null,
});

/**
 * What decides how long one training step takes: the backend and its thread, the layers, the batch
 * size, the optimizer and whether a weight penalty is on. Null while no estimate can be made (no
 * backend yet, an impossible model or an unreadable setting).
 */
export function speedKeyOf(s: AppState): string | null {
  if (s.backendStatus !== 'ready' || !s.backend || !selectModel(s).isValid) return null;
  if (s.fieldErrors.batchSize || s.fieldErrors.optimizer) return null;
  const { batchSize, optimizer, l1, l2 } = s.settings;
  return JSON.stringify([s.backend.active, s.backend.thread, s.layers, batchSize, optimizer, l1 > 0, l2 > 0]);
}

/** What the page can say about the next run's length. */
export type RunEstimateView =
  | { kind: 'noModel' }
  | { kind: 'waitingForBackend' }
  | { kind: 'measuring' }
  | { kind: 'estimated'; estimate: RunEstimate; plan: RunPlan; speed: SpeedMeasurement; backend: BackendName };

let lastEstimateInputs: unknown[] = [];
let lastEstimate: RunEstimateView = { kind: 'waitingForBackend' };

/** The next run's estimate; the same object while nothing it depends on changed (for React subscribers). */
export function selectRunEstimate(s: AppState): RunEstimateView {
  const inputs = [s.backendStatus, s.backend, s.layers, s.settings, s.fieldErrors, s.speeds];
  if (inputs.every((value, i) => value === lastEstimateInputs[i])) return lastEstimate;
  lastEstimateInputs = inputs;
  lastEstimate = computeEstimate(s);
  return lastEstimate;
}

function computeEstimate(s: AppState): RunEstimateView {
  if (!selectModel(s).isValid || Object.keys(s.fieldErrors).length > 0) return { kind: 'noModel' };
  const key = speedKeyOf(s);
  if (key === null || !s.backend) return { kind: 'waitingForBackend' };
  const speed = s.speeds[key];
  if (!speed) return { kind: 'measuring' };
  const { trainSize, validationSplit, epochs } = s.settings;
  const plan = runPlanOf(trainSize, validationSplit, epochs);
  return { kind: 'estimated', estimate: estimateRun(speed, plan), plan, speed, backend: s.backend.active };
}

/** Waits this long after the last edit before measuring: typing "128" is one probe, not three. */
const PROBE_DELAY_MS = 400;
const RUN_ENDED: readonly TrainingStatus[] = ['done', 'stopped', 'diverged', 'failed'];

/**
 * Keeps `speeds` current: probes each new set-up (once the engine is free), records each run's own
 * steady speed for its set-up when it ends, and times each run against its estimate. Returns the
 * unsubscribe function.
 */
export function watchRunSpeed(store: AppStore, engine: Engine): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let probe: { key: string; controller: AbortController } | null = null;
  /** The set-up and size of the run in progress, captured at its Train press. */
  let runKey: string | null = null;
  let runPlan: RunPlan | null = null;
  /**
   * Set-ups probed while the data was still streaming in: decoding shards shares the engine's
   * thread (and the CPU), so they are measured again once it is all in.
   */
  const provisional = new Set<string>();

  const withdraw = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    probe?.controller.abort();
    probe = null;
  };

  const measure = (key: string) => {
    const s = store.getState();
    const controller = new AbortController();
    probe = { key, controller };
    const { batchSize, optimizer, learningRate, momentum, l1, l2 } = s.settings;
    engine
      .request({ kind: 'measureSpeed', layers: s.layers, batchSize, optimizer: { name: optimizer, learningRate, momentum }, l1, l2 }, { signal: controller.signal })
      .then((result) => {
        const current = store.getState();
        // A measurement of another backend (switched meanwhile) describes nothing on the page.
        if (result.backend !== current.backend?.active) return;
        const speed: SpeedMeasurement = { trainPerSecond: result.trainPerSecond, evalPerSecond: result.evalPerSecond, warmupSeconds: result.warmupSeconds, source: 'probe' };
        // A run's own figure is the better one: a probe never replaces it.
        if (current.dataStatus === 'ready') provisional.delete(key);
        else provisional.add(key);
        if (current.speeds[key]?.source !== 'run') store.setState({ speeds: { ...current.speeds, [key]: speed } });
      })
      .catch(() => {
        // Cut short (Train, a backend switch, a newer set-up) or failed: the next change asks again.
      })
      .finally(() => {
        if (probe?.controller === controller) probe = null;
      });
  };

  const update = (s: AppState, previous: AppState | null) => {
    // A run: time it against the estimate shown at its Train press, and learn its speed.
    if (previous && s.trainingStatus === 'starting' && previous.trainingStatus !== 'starting') {
      withdraw();
      runKey = speedKeyOf(previous);
      runPlan = runPlanOf(previous.settings.trainSize, previous.settings.validationSplit, previous.settings.epochs);
      const estimate = selectRunEstimate(previous);
      const estimatedSeconds = estimate.kind === 'estimated' ? estimate.estimate.totalSeconds : null;
      store.setState({ runTiming: { estimatedSeconds, startedAt: performance.now(), endedAt: null, outcome: null } });
      return;
    }
    if (previous && RUN_ENDED.includes(s.trainingStatus) && !RUN_ENDED.includes(previous.trainingStatus)) {
      const timing = s.runTiming;
      if (timing && timing.endedAt === null) store.setState({ runTiming: { ...timing, endedAt: performance.now(), outcome: s.trainingStatus } });
      learnFromRun(store.getState());
    }
    if (selectIsBusy(s)) return;

    const key = speedKeyOf(s);
    const dataArrived = previous !== null && s.dataStatus === 'ready' && previous.dataStatus !== 'ready';
    if (key !== null && dataArrived && provisional.has(key) && s.speeds[key]?.source === 'probe' && probe === null && timer === null) {
      // Measured again now that nothing else shares the thread; the first figure stays until then.
      measure(key);
      return;
    }
    if (key === null || s.speeds[key]) {
      if ((probe && probe.key !== key) || timer) withdraw();
      return;
    }
    if (probe?.key === key) return;
    if (previous && key === speedKeyOf(previous) && timer) return;
    withdraw();
    // The page's first look, or a backend that has just started, is measured at once: no edit is
    // being typed, so the estimate beside Train shows as soon as the engine can give it.
    const hasJustStarted = previous === null || previous.backendStatus !== 'ready';
    timer = setTimeout(() => {
      timer = null;
      measure(key);
    }, hasJustStarted ? 0 : PROBE_DELAY_MS);
  };

  /**
   * The run's steady pace (first epoch, warm-up left out) replaces the probe's for its set-up; a run
   * that completed every epoch and was scored also gives its scoring pace and its overhead.
   */
  const learnFromRun = (s: AppState) => {
    const key = runKey;
    runKey = null;
    if (key === null) return;
    const trainPerSecond = steadyTrainSpeed(s.batches);
    if (trainPerSecond === null) return;
    // Without a probe's figures (Train pressed before it finished), scoring is taken at three times
    // the training pace: a forward pass is about a third of a step's work.
    const known = s.speeds[key] ?? { evalPerSecond: 3 * trainPerSecond, warmupSeconds: 0, source: 'run' as const };
    const timing = s.runTiming;
    const isComplete = s.trainingStatus === 'done' && runPlan !== null && s.epochs.length === runPlan.epochs && s.evaluation !== null;
    const speed = isComplete && timing?.endedAt != null && runPlan
      ? calibrateFromRun(trainPerSecond, known, runPlan, (timing.endedAt - timing.startedAt) / 1000, s.evaluation && s.evaluation.seconds !== undefined ? { count: s.evaluation.count, seconds: s.evaluation.seconds } : null)
      : { ...known, trainPerSecond, source: 'run' as const };
    store.setState({ speeds: { ...s.speeds, [key]: speed } });
  };

  update(store.getState(), null);
  const unsubscribe = store.subscribe((s, previous) => update(s, previous));
  return () => {
    unsubscribe();
    withdraw();
  };
}
