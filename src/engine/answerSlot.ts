/**
 * A prediction's answer in shared memory, so the page can show it as soon as the worker has it.
 *
 * After a stroke ends, Chrome holds back ordinary tasks until it has painted the next frame, and
 * a worker's reply is an ordinary task: measured in a trace, the ten probabilities were ready in
 * the worker 2 ms after the pointer went up, the page's thread sat idle from 5 ms, yet the message
 * waited behind the frame (10-17 ms, when the next vsync came). So the worker also writes the
 * answer here and wakes the page with Atomics.notify: the page's Atomics.waitAsync resolves at
 * once (measured in headless Chromium, it is not held back with the tasks, while setTimeout,
 * MessageChannel and scheduler.postTask at user-blocking priority all are), and the bars change
 * before that frame, which paints them. The page also looks at the slot at the start of each frame
 * while it waits (a loaded machine sometimes runs the frame before the wake-up; and where waitAsync
 * is missing, that is the only way). The message still comes and still carries every
 * answer (the slot exists only where the page is cross-origin isolated, and holds only the latest
 * answer); the first to arrive wins, the other is ignored.
 *
 * Layout: a sequence lock (odd while the worker writes), the request id answered, the answering
 * model's serial, then ten float32 probabilities.
 */
const HEADER_INTS = 4;
const CLASSES = 10;
const BYTES = HEADER_INTS * 4 + CLASSES * 4;
const SEQUENCE = 0;
const REQUEST_ID = 1;
const MODEL_SERIAL = 2;

export interface SlotAnswer {
  probabilities: Float32Array;
  /** Which model answered: the engine numbers each active model's description it hands out. */
  modelSerial: number;
}

/** Atomics.waitAsync (ES2024), which the app's ES2022 library types do not declare. */
type WaitAsync = (array: Int32Array, index: number, value: number, timeoutMs?: number) =>
  { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };

export class AnswerSlot {
  private readonly header: Int32Array;
  private readonly values: Float32Array;

  constructor(readonly buffer: SharedArrayBuffer) {
    this.header = new Int32Array(buffer, 0, HEADER_INTS);
    this.values = new Float32Array(buffer, HEADER_INTS * 4, CLASSES);
  }

  /** A new slot, or null where shared memory is unavailable (the page is not cross-origin isolated). */
  static create(): AnswerSlot | null {
    if (typeof SharedArrayBuffer === 'undefined' || globalThis.crossOriginIsolated === false) return null;
    try {
      return new AnswerSlot(new SharedArrayBuffer(BYTES));
    } catch {
      return null;
    }
  }

  /** The engine's side: records the answer to request `id` (ten probabilities). */
  write(id: number, probabilities: Float32Array, modelSerial: number): void {
    if (probabilities.length !== CLASSES) return;
    Atomics.add(this.header, SEQUENCE, 1);
    this.values.set(probabilities);
    Atomics.store(this.header, MODEL_SERIAL, modelSerial);
    Atomics.store(this.header, REQUEST_ID, id);
    Atomics.add(this.header, SEQUENCE, 1);
    Atomics.notify(this.header, SEQUENCE);
  }

  /**
   * The page's side: a promise that settles when the engine next finishes a write (or after
   * `timeoutMs`), without blocking the thread; null where the browser lacks Atomics.waitAsync.
   * Call it before reading, then read: an answer written in between is then never missed.
   */
  nextWrite(timeoutMs: number): Promise<void> | null {
    const waitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;
    if (typeof waitAsync !== 'function') return null;
    const result = waitAsync(this.header, SEQUENCE, Atomics.load(this.header, SEQUENCE), timeoutMs);
    return result.async ? result.value.then(() => undefined) : Promise.resolve();
  }

  /** The page's side: the answer to request `id` if it is there, whole; otherwise null. */
  read(id: number): SlotAnswer | null {
    const before = Atomics.load(this.header, SEQUENCE);
    if (before % 2 === 1 || Atomics.load(this.header, REQUEST_ID) !== id) return null;
    const probabilities = this.values.slice();
    const modelSerial = Atomics.load(this.header, MODEL_SERIAL);
    // A write that began meanwhile may have torn the copy: then the message will bring it.
    return Atomics.load(this.header, SEQUENCE) === before ? { probabilities, modelSerial } : null;
  }
}
