/**
 * A prediction's answer in shared memory, so the page can show it in the very next frame.
 *
 * After a stroke ends, Chrome gives the frame that paints it priority over ordinary tasks, and a
 * worker's reply is an ordinary task: measured in a trace, the ten probabilities were ready in
 * the worker 3 ms after the pointer went up, yet their message waited behind the frame until
 * about 16 ms. A requestAnimationFrame callback runs inside that frame, so the page polls this slot
 * from one and shows the answer in the frame itself. The message still comes and still carries
 * every answer (the slot exists only where the page is cross-origin isolated, and holds only the
 * latest answer); the first to arrive wins, the other is ignored.
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
