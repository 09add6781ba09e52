/**
 * What the engine tells the page, as codes with parameters: the page's i18n layer (src/i18n)
 * words them in the student's language. Raw texts from tfjs or the browser travel only as a
 * `detail` inside a code. Plain data, so every message crosses the worker boundary as it is.
 */
import type { DataProblem } from '../core/data/loader';
import type { TrainingNote } from '../core/training/trainer';
import type { BackendName } from './protocol';

/** Why a backend cannot run in this browser (or thread). */
export type ProbeProblem =
  | { code: 'noWebGpu' }
  | { code: 'requestAdapterFailed'; detail: string }
  | { code: 'noGpuAdapter' }
  | { code: 'noWebGl2' }
  | { code: 'webGlFailed'; detail: string }
  | { code: 'noWebAssembly' }
  /** tfjs could not initialise it; `detail` is tfjs's own error, when it threw one. */
  | { code: 'initFailed'; backend: BackendName; detail: string | null };

/** Why a backend ranked above the active one is not the one running. */
export type SkipReason =
  | { code: 'unavailable'; problem: ProbeProblem }
  | { code: 'softwareGpu'; renderer: string }
  | { code: 'didNotStart'; problem: ProbeProblem };

/** A fact about the active backend worth showing (WASM's SIMD and threads). */
export type BackendNote = { code: 'wasmSimd'; isOn: boolean } | { code: 'wasmThreads'; count: number };

/** Everything the engine can report: a failure, or how a run ended. */
export type EngineMessage =
  | TrainingNote
  | { code: 'modelInvalid' }
  | { code: 'dataNotArrived' }
  | { code: 'trainingFailed'; detail: string }
  | { code: 'nothingToEvaluate' }
  | { code: 'unknownCommand'; detail: string }
  | { code: 'noBackend'; probes: { name: BackendName; problem: ProbeProblem | null }[] }
  | { code: 'dataFailed'; problem: DataProblem }
  | { code: 'readyModelUnavailable'; url: string; detail: string }
  | { code: 'noTrainedModel' }
  | { code: 'noTrainedWeights' }
  /** A run's weights are neither in memory nor in the browser's storage (never kept, or deleted). */
  | { code: 'runWeightsMissing'; runId: number }
  | { code: 'notTenClasses'; shape: number[] }
  | { code: 'savedNameTaken'; name: string }
  | { code: 'noKeptSamples' }
  | { code: 'tooManyKeptSamples'; max: number }
  | { code: 'dataIncomplete' }
  | { code: 'fineTuneDiverged'; note: TrainingNote | null }
  | { code: 'workerFailed'; detail: string }
  | { code: 'engineStopped' }
  | { code: 'engineNotStarted' }
  /** Anything else that was thrown: tfjs's or the browser's own words. */
  | { code: 'exception'; detail: string };

export type EngineMessageCode = EngineMessage['code'];

/** An Error that carries its message as a code, so the page can word it; `message` is for logs. */
export class EngineFailure extends Error {
  override readonly name = 'EngineFailure';

  constructor(
    readonly problem: EngineMessage,
    options?: { cause?: unknown },
  ) {
    const { code, ...params } = problem;
    super(`${code} ${JSON.stringify(params)}`, options);
  }
}

/** The message of an Error, or the value as text. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The coded message of anything thrown: an EngineFailure's own, otherwise its text as an 'exception'. */
export function messageOf(error: unknown): EngineMessage {
  return error instanceof EngineFailure ? error.problem : { code: 'exception', detail: errorText(error) };
}
