/**
 * The page's side of the engine: starts the training worker (or, where a worker cannot run,
 * the same session on the main thread), sends commands and fans events out to listeners.
 */
import type { EngineListener } from './engine';
import type { Command, EngineEvent } from './protocol';

export type { EngineListener };

export interface TrainingClient {
  readonly thread: 'worker' | 'main';
  send(command: Command): void;
  subscribe(listener: EngineListener): () => void;
  /** Ends the worker (or the in-page session) for good. */
  terminate(): void;
}

class WorkerClient implements TrainingClient {
  readonly thread = 'worker' as const;
  private readonly listeners = new Set<EngineListener>();
  private readonly worker: Worker;

  constructor() {
    this.worker = new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module', name: 'training' });
    this.worker.onmessage = (message: MessageEvent<EngineEvent>) => this.emit(message.data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.emit({ type: 'engineError', message: { code: 'workerFailed', detail: event.message || '' }, isFatal: true });
    };
  }

  send(command: Command): void {
    this.worker.postMessage(command);
  }

  subscribe(listener: EngineListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  terminate(): void {
    this.worker.terminate();
    this.listeners.clear();
  }

  private emit(event: EngineEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

/**
 * Runs the session on the page's own thread. The trainer yields to the event loop after every
 * batch, so the page keeps painting, but each batch still blocks it while it computes.
 */
class MainThreadClient implements TrainingClient {
  readonly thread = 'main' as const;
  private readonly listeners = new Set<EngineListener>();
  private session: Promise<{ handle(command: Command): void }>;

  constructor() {
    this.session = import('./session').then(({ TrainingSession }) =>
      new TrainingSession((event) => queueMicrotask(() => this.emit(event)), 'main'));
  }

  send(command: Command): void {
    void this.session.then((session) => session.handle(command));
  }

  subscribe(listener: EngineListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  terminate(): void {
    this.send({ type: 'stop' });
    this.listeners.clear();
  }

  private emit(event: EngineEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

/** A worker where the browser has module workers; the main thread otherwise, or when asked. */
export function createTrainingClient(preferMainThread = false): TrainingClient {
  if (!preferMainThread && typeof Worker !== 'undefined') {
    try {
      return new WorkerClient();
    } catch {
      // Module workers unsupported: fall through to the main thread.
    }
  }
  return new MainThreadClient();
}
