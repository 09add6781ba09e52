/**
 * Reading a batch's loss and accuracy back from the device, with a lag. On a GPU backend a step
 * only queues work: reading its figures at once makes the loop wait for the GPU to finish before it
 * sends the next batch, so the GPU idles for a round trip every batch. Here the figures of a few
 * batches stay on the device, are stacked into one tensor and read in one go while later batches
 * are already queued; the loop learns each batch's figures at most `lag` batches later.
 */
import * as tf from '../tf';

/**
 * Batches a GPU backend may train after one before its figures must be known. With 3, figures are
 * read two batches at a time (one readback per two batches), each read started one batch after its
 * second batch is queued, so the GPU always has at least two batches queued while the loop waits.
 * A NaN loss is then seen at most 3 batches after the batch that produced it (4 batches trained in all).
 */
export const GPU_METRICS_LAG = 3;

/**
 * The lag for a backend: GPU_METRICS_LAG on WebGL and WebGPU, 0 elsewhere. The WASM and CPU
 * backends run each kernel on the calling thread as it is called, so a step's figures already
 * exist when it returns: reading them costs a copy, and a lag would only delay the chart,
 * divergence and Stop without letting anything run in parallel.
 */
export function metricsLagFor(backend: string): number {
  return backend === 'webgl' || backend === 'webgpu' ? GPU_METRICS_LAG : 0;
}

/** What the loop knows about a batch when it queues it. */
export interface QueuedBatch {
  batchIndex: number;
  size: number;
  /** performance.now() when its step was queued. */
  started: number;
}

/** A batch whose figures have come back. */
export interface ReadBatch extends QueuedBatch {
  loss: number;
  accuracy: number;
  /** performance.now() when its figures arrived. */
  done: number;
}

interface Read {
  first: number;
  batches: QueuedBatch[];
  tensor: tf.Tensor;
  values: Promise<Float32Array | Int32Array | Uint8Array>;
}

/** The figures in flight: queue each step's scalars with push(), collect them with due() or drain(). */
export class MetricsReadback {
  /** Batches read together; with lag 0, 1 (read at once). */
  readonly groupSize: number;
  private open: { seq: number; batch: QueuedBatch; loss: tf.Scalar; accuracy: tf.Scalar }[] = [];
  private reads: Read[] = [];
  private pushed = 0;
  /** Readbacks started (one data() call each), for the bench and tests. */
  readCount = 0;

  constructor(readonly lag: number) {
    if (!Number.isInteger(lag) || lag < 0) throw new RangeError(`metrics lag ${lag} is not a whole number >= 0`);
    this.groupSize = Math.ceil((lag + 1) / 2);
  }

  /** Batches queued whose figures have not been collected yet. */
  get inFlight(): number {
    return this.open.length + this.reads.reduce((sum, read) => sum + read.batches.length, 0);
  }

  /** Takes ownership of a step's loss and accuracy scalars. */
  push(batch: QueuedBatch, loss: tf.Scalar, accuracy: tf.Scalar): void {
    this.open.push({ seq: this.pushed++, batch, loss, accuracy });
    if (this.open.length >= this.groupSize) this.startRead();
  }

  /** The figures that must be known now (every batch `lag` or more behind the newest), oldest first. */
  async due(): Promise<ReadBatch[]> {
    const newest = this.pushed - 1;
    if (this.open.length > 0 && newest - this.open[0].seq >= this.lag) this.startRead();
    const out: ReadBatch[] = [];
    while (this.reads.length > 0 && newest - this.reads[0].first >= this.lag) out.push(...(await this.collect(this.reads.shift()!)));
    return out;
  }

  /** Every figure still in flight, oldest first (before a pause, a stop, the end of an epoch). */
  async drain(): Promise<ReadBatch[]> {
    if (this.open.length > 0) this.startRead();
    const out: ReadBatch[] = [];
    while (this.reads.length > 0) out.push(...(await this.collect(this.reads.shift()!)));
    return out;
  }

  /** Releases whatever is still in flight, unread (a run that ended early or failed). */
  dispose(): void {
    tf.dispose(this.open.flatMap((o) => [o.loss, o.accuracy]));
    tf.dispose(this.reads.map((r) => r.tensor));
    this.open = [];
    this.reads = [];
  }

  /** One tensor [loss0, accuracy0, loss1, accuracy1, ...] and one data() call for the open batches. */
  private startRead(): void {
    const open = this.open;
    this.open = [];
    const scalars = open.flatMap((o) => [o.loss, o.accuracy]);
    const tensor = tf.stack(scalars);
    tf.dispose(scalars);
    this.readCount++;
    this.reads.push({ first: open[0].seq, batches: open.map((o) => o.batch), tensor, values: tensor.data() });
  }

  private async collect(read: Read): Promise<ReadBatch[]> {
    try {
      const values = await read.values;
      const done = performance.now();
      return read.batches.map((batch, k) => ({ ...batch, loss: values[2 * k], accuracy: values[2 * k + 1], done }));
    } finally {
      read.tensor.dispose();
    }
  }
}
