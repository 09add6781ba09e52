/**
 * The store's one subscriber to the engine: maps each event through the pure eventPatch, coalesces
 * the many per-batch events into a few store updates a second, and asks for the digit strip once
 * the first shard is in.
 */
import type { BatchMetrics } from '../core/training/trainer';
import type { Engine } from '../engine/engine';
import type { EngineEvent } from '../engine/protocol';
import { batchesPatch, eventPatch, isStaleRunEvent } from './engineEvents';
import type { AppStore } from './store';

const SAMPLE_COUNT = 24;
/**
 * Batch metrics reach the store at most this often after a run's first batch (which lands at
 * once): ten updates a second keep the figures and charts live, and leave the page's thread idle
 * most of the time while a small model trains hundreds of batches a second.
 */
const FLUSH_INTERVAL_MS = 100;

/** Feeds `engine`'s events into `store`; returns the unsubscribe function. */
export function subscribeToEngine(store: AppStore, engine: Engine): () => void {
  let pending: BatchMetrics[] = [];
  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  let samplesRequested = false;

  const flush = () => {
    if (pending.length === 0) return;
    const added = pending;
    pending = [];
    store.setState((s) => batchesPatch(s, added, performance.now()));
  };

  const requestSamples = () => {
    if (samplesRequested) return;
    samplesRequested = true;
    engine.send({ type: 'samples', count: SAMPLE_COUNT });
  };

  const receive = (event: EngineEvent) => {
    switch (event.type) {
      case 'replied':
      case 'queryFailed':
        return; // The engine host settles the query's promise.
      case 'batchesEnded':
        if (isStaleRunEvent(store.getState(), event)) return;
        pending.push(...event.batches);
        // A run's first batch shows at once: it ends the warm-up the student is watching (and the
        // warm-up time the card gives counts to it, not to the next flush).
        if (store.getState().batches.length === 0) {
          flush();
          return;
        }
        // A timer of its own, not an animation frame: the store update and React's commit then run
        // as a task apart from the browser's rendering, so neither grows into a long task on a busy CPU.
        flushTimer ??= setTimeout(() => {
          flushTimer = null;
          flush();
        }, FLUSH_INTERVAL_MS);
        return;
      default:
        break;
    }
    // Any other event lands after the batches that came before it, so the store never shows
    // 'paused' or 'done' with batches still waiting in the buffer.
    flush();
    if (event.type === 'engineRestarting') samplesRequested = false;
    const patch = eventPatch(store.getState(), event, performance.now());
    if (patch) store.setState(patch);
    if ((event.type === 'dataProgress' && event.progress.trainImagesLoaded > 0) || event.type === 'dataReady') requestSamples();
  };
  return engine.subscribe(receive);
}
