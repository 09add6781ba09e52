/// <reference lib="webworker" />
/** The training worker: a thin shell that hands messages to the session and posts its events back. */
import type { Command, EngineEvent } from './protocol';
import { TrainingSession } from './session';

declare const self: DedicatedWorkerGlobalScope;

const session = new TrainingSession((event: EngineEvent, transfer?: Transferable[]) => self.postMessage(event, transfer ?? []), 'worker');

self.onmessage = (message: MessageEvent<Command>) => session.handle(message.data);
self.onerror = (error) => {
  self.postMessage({ type: 'engineError', message: { code: 'exception', detail: String(error) } } satisfies EngineEvent);
};
self.onunhandledrejection = (event) => {
  self.postMessage({ type: 'engineError', message: { code: 'exception', detail: String(event.reason?.message ?? event.reason) } } satisfies EngineEvent);
};
