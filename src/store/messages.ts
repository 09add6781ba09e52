/**
 * What the store has to tell the student, as codes with parameters (the engine's own messages
 * included): the page's i18n layer words them. The store never builds a sentence.
 */
import type { FieldProblem } from '../core/config/fields';
import type { LayerProblem } from '../core/model/describe';
import type { ModelFileProblem } from '../core/model/modelFile';
import { EngineFailure, errorText, type EngineMessage } from '../engine/messages';

/** The store's own messages. */
export type StoreMessage =
  | { code: 'nameEmpty' }
  | { code: 'nameTooLong'; max: number }
  | { code: 'nameInUse'; name: string }
  | { code: 'savedAs'; name: string }
  | { code: 'deleted'; name: string }
  | { code: 'loaded'; name: string }
  | { code: 'listFailed'; problem: AppMessage }
  | { code: 'modelFileRefused'; problem: ModelFileProblem }
  | { code: 'modelLoadFailed'; problem: AppMessage }
  | { code: 'storedUnreadable'; count: number }
  | { code: 'storageReadFailed'; detail: string }
  | { code: 'keepFailed'; detail: string }
  | { code: 'deleteFailed'; detail: string }
  // The run history (runsSlice, persistence/runsDb).
  /** Stored runs that failed their check when read back (an older version's, or damaged): left out. */
  | { code: 'runsUnreadable'; count: number; detail: string }
  | { code: 'historyReadFailed'; detail: string }
  /** The browser refused to store more (its quota): what is stored stays. */
  | { code: 'historyFull' }
  | { code: 'historyWriteFailed'; detail: string };

/** Anything the page may have to word: the store's messages and the engine's. */
export type AppMessage = StoreMessage | EngineMessage;
export type AppMessageCode = AppMessage['code'];

/** What the model panel is busy with. */
export type ModelTask = 'switching' | 'saving' | 'opening' | 'renaming' | 'deleting' | 'preparingDownload' | 'checkingFiles';

/** Why Train is disabled by something the student can fix here: the first problem, and how many more there are. */
export type TrainBlocked =
  | { kind: 'layer'; layerIndex: number | null; problem: LayerProblem; more: number }
  | { kind: 'field'; problem: FieldProblem; more: number };

/** Why "Download trained model" cannot run now. */
export type DownloadBlocked = 'evaluating' | 'training' | 'noTrainedModel' | 'exporting';

/** An Error that carries a store message, so the page can word it; `message` is for logs. */
export class StoreFailure extends Error {
  override readonly name = 'StoreFailure';

  constructor(readonly problem: AppMessage, options?: { cause?: unknown }) {
    const { code, ...params } = problem;
    super(`${code} ${JSON.stringify(params)}`, options);
  }
}

/** The coded message of anything thrown: a failure's own code, otherwise its text as an 'exception'. */
export function messageOf(error: unknown): AppMessage {
  if (error instanceof StoreFailure || error instanceof EngineFailure) return error.problem;
  return { code: 'exception', detail: errorText(error) };
}
