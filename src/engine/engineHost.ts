/**
 * The page's handle on the engine. Commands go one way; queries are promises: each carries a
 * request id, its reply carries it back, and an AbortSignal withdraws it (a stale prediction is
 * dropped when a newer stroke arrives). The host also owns the engine's lifetime: it starts it,
 * and moves it between a worker and the page's thread when a GPU backend needs the page.
 */
import { AnswerSlot } from './answerSlot';
import { EngineFailure, type EngineMessage } from './messages';
import { probeWebGl, probeWebGpu } from './probes';
import type { Engine, EngineListener, EngineStartOptions } from './engine';
import type { ActiveModelInfo, BackendName, BackendReport, Command, EngineEvent, QueryKind, QueryOf, QueryResult } from './protocol';
import { createTrainingClient, type TrainingClient } from './trainingClient';

export type { Engine, EngineStartOptions };

/** How long one wait on the answer slot lasts before it looks again (a reply by message may have settled it meanwhile). */
const SLOT_WAIT_MS = 1000;

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

export class EngineHost implements Engine {
  private client: TrainingClient | null = null;
  private options: EngineStartOptions | null = null;
  private readonly listeners = new Set<EngineListener>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** The GPU backend the engine moved to the page for, while it runs there for that reason alone. */
  private pageOnlyBackend: 'webgl' | 'webgpu' | null = null;
  /** Where a worker also writes each prediction, read in the page's next frame (see answerSlot.ts). */
  private answerSlot: AnswerSlot | null = null;
  /** The model behind the last prediction that came by message, by the serial the engine gave it. */
  private predictingModel: { serial: number; model: ActiveModelInfo } | null = null;

  start(options: EngineStartOptions): void {
    if (this.client) return;
    this.options = options;
    const mainThread = options.mainThread ?? false;
    this.client = createTrainingClient(mainThread);
    this.answerSlot = mainThread || typeof requestAnimationFrame === 'undefined' ? null : AnswerSlot.create();
    this.predictingModel = null;
    this.client.subscribe((event) => this.receive(event));
    this.client.send({
      type: 'init',
      dataUrl: options.dataUrl,
      readyModelUrl: options.readyModelUrl,
      backend: options.backend,
      trainSize: 60_000,
      ...(this.answerSlot ? { answerSlot: this.answerSlot.buffer } : {}),
    });
  }

  send(command: Exclude<Command, { type: 'query' | 'cancel' | 'init' }>): void {
    this.requireClient().send(command);
  }

  request<K extends QueryKind>(query: QueryOf<K>, { signal }: { signal?: AbortSignal } = {}): Promise<QueryResult<K>> {
    if (signal?.aborted) return Promise.reject(abortError());
    const client = this.requireClient();
    const id = this.nextId++;
    return new Promise<QueryResult<K>>((resolve, reject) => {
      let frame = 0;
      const onAbort = () => {
        this.pending.delete(id);
        cancelAnimationFrame(frame);
        client.send({ type: 'cancel', id });
        reject(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const settle = () => (signal?.removeEventListener('abort', onAbort), cancelAnimationFrame(frame));
      this.pending.set(id, {
        resolve: (result) => {
          settle();
          if (query.kind === 'predict') this.rememberPredictingModel(result as QueryResult<'predict'>);
          resolve(result as QueryResult<K>);
        },
        reject: (error) => (settle(), reject(error)),
      });
      client.send({ type: 'query', id, query: query as never });
      if (query.kind === 'predict' && this.answerSlot) {
        const slot = this.answerSlot;
        const take = () => {
          const answer = this.pending.has(id) ? this.fromSlot(slot, id) : null;
          if (answer) this.settle(id)?.resolve(answer);
          return answer !== null || !this.pending.has(id);
        };
        // Wakes when the worker writes the slot (answerSlot.ts)...
        const wake = () => {
          if (!this.pending.has(id)) return;
          const written = slot.nextWrite(SLOT_WAIT_MS);
          if (written && !take()) void written.then(wake);
        };
        // ...and looks at the start of each frame too: a frame that comes first (Chrome may run it
        // before the wake-up on a loaded machine) then shows the answer itself, not the frame after.
        const poll = () => {
          if (!take()) frame = requestAnimationFrame(poll);
        };
        wake();
        frame = requestAnimationFrame(poll);
      }
    });
  }

  subscribe(listener: EngineListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  switchBackend(choice: BackendName | 'auto'): void {
    if (!this.options) return;
    this.options = { ...this.options, backend: choice };
    // An engine that moved to the page only for a GPU backend a worker lacks moves back to a worker for any other choice.
    if (this.pageOnlyBackend !== null && choice !== this.pageOnlyBackend) {
      this.restart(false);
      return;
    }
    this.requireClient().send({ type: 'setBackend', backend: choice });
  }

  /** Ends the engine; every open query fails. */
  stop(): void {
    this.client?.terminate();
    this.client = null;
    this.pageOnlyBackend = null;
    this.failPending({ code: 'engineStopped' });
  }

  private receive(event: EngineEvent): void {
    switch (event.type) {
      case 'replied':
        this.settle(event.id)?.resolve(event.result);
        break;
      case 'queryFailed':
        this.settle(event.id)?.reject(new EngineFailure(event.message));
        break;
      case 'engineError':
        // A crashed worker answers nothing more.
        if (event.isFatal) this.failPending(event.message);
        break;
      case 'backendReady':
        void this.fallBackToMainThreadIfNeeded(event.report);
        break;
      default:
        break;
    }
    for (const listener of this.listeners) listener(event);
  }

  /** A prediction read from shared memory, if it is there and came from the model the last message named. */
  private fromSlot(slot: AnswerSlot, id: number): QueryResult<'predict'> | null {
    const answer = slot.read(id);
    const known = this.predictingModel;
    if (!answer || !known || answer.modelSerial !== known.serial) return null;
    return { probabilities: answer.probabilities, model: known.model, modelSerial: known.serial };
  }

  private rememberPredictingModel({ model, modelSerial }: QueryResult<'predict'>): void {
    if (modelSerial !== undefined) this.predictingModel = { serial: modelSerial, model };
  }

  private settle(id: number): Pending | undefined {
    const pending = this.pending.get(id);
    this.pending.delete(id);
    return pending;
  }

  private failPending(message: EngineMessage): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(new EngineFailure(message));
  }

  /**
   * A GPU backend the user chose may be unavailable inside a worker (no OffscreenCanvas WebGL, no
   * WebGPU in workers) yet work on the page. Then the engine restarts on the main thread, where
   * the trainer yields after every batch, and the backend panel says so.
   */
  private async fallBackToMainThreadIfNeeded(report: BackendReport): Promise<void> {
    const wanted = this.options?.backend;
    if (report.thread !== 'worker' || !wanted || wanted === 'auto' || wanted === report.active) return;
    if (wanted !== 'webgl' && wanted !== 'webgpu') return;
    if (report.probes.find((p) => p.name === wanted)?.isAvailable) return;
    const onPage = wanted === 'webgl' ? probeWebGl() : await probeWebGpu();
    if (!onPage.isAvailable) return;
    this.restart(true);
    this.pageOnlyBackend = wanted;
  }

  /** A fresh engine on the chosen thread; it streams the data again (from the HTTP cache). */
  private restart(mainThread: boolean): void {
    if (!this.options) return;
    const options = { ...this.options, mainThread };
    this.stop();
    for (const listener of this.listeners) listener({ type: 'engineRestarting' });
    this.start(options);
  }

  private requireClient(): TrainingClient {
    if (!this.client) throw new EngineFailure({ code: 'engineNotStarted' });
    return this.client;
  }
}

function abortError(): Error {
  return new DOMException('The request was withdrawn.', 'AbortError');
}
