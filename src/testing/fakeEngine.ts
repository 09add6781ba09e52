/** An engine for store tests: records commands, holds queries until the test answers them, and emits events on demand. */
import type { Engine, EngineListener } from '../engine/engine';
import type { Command, EngineEvent, Query, QueryKind, QueryResult } from '../engine/protocol';

export interface HeldQuery {
  query: Query;
  signal?: AbortSignal;
  resolve(result: unknown): void;
  reject(error: Error): void;
}

export class FakeEngine implements Engine {
  readonly sent: Command[] = [];
  readonly queries: HeldQuery[] = [];
  private readonly listeners = new Set<EngineListener>();

  start(): void {}
  stop(): void {}

  send(command: Command): void {
    this.sent.push(command);
  }

  switchBackend(choice: Parameters<Engine['switchBackend']>[0]): void {
    this.sent.push({ type: 'setBackend', backend: choice });
  }

  request<K extends QueryKind>(query: Query & { kind: K }, options: { signal?: AbortSignal } = {}): Promise<QueryResult<K>> {
    return new Promise((resolve, reject) => {
      const held: HeldQuery = { query, signal: options.signal, resolve: resolve as (r: unknown) => void, reject };
      this.queries.push(held);
      options.signal?.addEventListener('abort', () => reject(new DOMException('withdrawn', 'AbortError')), { once: true });
    });
  }

  subscribe(listener: EngineListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: EngineEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
