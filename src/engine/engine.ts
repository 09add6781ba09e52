/** The engine as the page's store sees it: types only, so store tests need no worker or backend code. */
import type { BackendName, Command, EngineEvent, QueryKind, QueryOf, QueryResult } from './protocol';

export type EngineListener = (event: EngineEvent) => void;

export interface EngineStartOptions {
  dataUrl: string;
  readyModelUrl: string;
  backend: BackendName | 'auto';
  /** Run the engine on the page's thread instead of a worker. */
  mainThread?: boolean;
}

/** What the store needs from an engine; a fake one drives the store in unit tests. */
export interface Engine {
  start(options: EngineStartOptions): void;
  /** A command that expects no reply (training events answer it). */
  send(command: Exclude<Command, { type: 'query' | 'cancel' | 'init' }>): void;
  /** Asks a question; rejects with the engine's message, or with an AbortError once `signal` aborts. */
  request<K extends QueryKind>(query: QueryOf<K>, options?: { signal?: AbortSignal }): Promise<QueryResult<K>>;
  subscribe(listener: EngineListener): () => void;
  /** Sends the user's backend choice, moving the engine between worker and page when that is what it takes. */
  switchBackend(choice: BackendName | 'auto'): void;
  stop(): void;
}

