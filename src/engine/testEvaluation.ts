/**
 * The test-set evaluations of a run: at each epoch's end (on all 10,000 images, or on the first
 * 2,000 when all of them would slow training by more than 10%: core/training/testDetails.ts) and
 * after training (always all 10,000). Each posts its progress, can be stopped between batches, and
 * sends the page only what it shows: totals, the confusion matrix, the misclassified images'
 * indices, labels and probabilities, and the watched digits' predictions. Pixels go separately,
 * for the images on screen only (the testImages query).
 */
import * as tf from '../core/tf';
import type { MnistDataset } from '../core/data/dataset';
import type { TrainingData } from '../core/data/types';
import { evaluateWithDetails } from '../core/training/evaluate';
import { collectMistakes, epochTestCount, EPOCH_TEST_SUBSET, pickWatched, watchedPredictions } from '../core/training/testDetails';
import type { EngineEvent, EvaluationResult } from './protocol';

/**
 * Images per evaluation batch: big enough to be efficient, small enough that progress moves and
 * Stop acts within a moment. Plain-JavaScript CPU takes seconds per hundred images of a conv net
 * (and gains nothing from bigger batches), so it gets smaller ones.
 */
const EVAL_BATCH = 500;
const CPU_EVAL_BATCH = 100;
/** Watched digits: the first three of each digit among the images every evaluation covers. */
const WATCHED_PER_DIGIT = 3;

type Post = (event: EngineEvent, transfer?: Transferable[]) => void;

export class TestEvaluator {
  private running: { isCancelled: boolean } | null = null;
  private watched: Int32Array | null = null;

  constructor(private readonly post: Post) {}

  /** Stops the evaluation in progress after its batch in flight (nothing happens when none runs). */
  cancel(): void {
    if (this.running) this.running.isCancelled = true;
  }

  /**
   * Evaluates after epoch `epoch` (from 0) and posts 'epochEvaluated'. Skipped after the last
   * epoch (the full evaluation follows at once) and while the test images it needs are still
   * streaming in (training does not wait for them).
   */
  async afterEpoch(model: tf.LayersModel, dataset: MnistDataset, data: TrainingData, runId: number, epoch: number, epochs: number): Promise<void> {
    if (epoch >= epochs - 1) return;
    const count = epochTestCount(data.trainCount, data.testCount);
    if (!hasFirstTestImages(dataset, count)) return;
    const result = await this.evaluate(model, dataset, data, runId, count, epoch);
    if (result) this.post({ type: 'epochEvaluated', runId, epoch, result }, transferOf(result));
  }

  /** Evaluates on every test image and posts 'evaluated', or 'evaluationStopped' if stopped first. */
  async final(model: tf.LayersModel, dataset: MnistDataset, data: TrainingData, runId: number): Promise<void> {
    this.post({ type: 'evaluationStarted', runId });
    const result = await this.evaluate(model, dataset, data, runId, data.testCount, null);
    if (result) this.post({ type: 'evaluated', runId, result }, transferOf(result));
    else this.post({ type: 'evaluationStopped', runId });
  }

  private async evaluate(
    model: tf.LayersModel, dataset: MnistDataset, data: TrainingData, runId: number, total: number, epoch: number | null,
  ): Promise<EvaluationResult | null> {
    const running = { isCancelled: false };
    this.running = running;
    this.post({ type: 'evaluationProgress', runId, epoch, evaluated: 0, total });
    try {
      const batchSize = tf.getBackend() === 'cpu' ? CPU_EVAL_BATCH : EVAL_BATCH;
      const detailed = await evaluateWithDetails(model, data.testBatches(batchSize, total), {
        expectedCount: total,
        onProgress: (evaluated) => this.post({ type: 'evaluationProgress', runId, epoch, evaluated, total }),
        isCancelled: () => running.isCancelled,
        yieldEveryBatch: true,
      });
      if (!detailed) return null;
      const watched = this.watchedIndices(dataset, detailed.count);
      return {
        loss: detailed.loss,
        accuracy: detailed.accuracy,
        count: detailed.count,
        confusion: detailed.confusion,
        seconds: detailed.seconds,
        mistakes: collectMistakes(detailed),
        watched: watchedPredictions(detailed, watched),
      };
    } finally {
      if (this.running === running) this.running = null;
    }
  }

  /** The watched digits, chosen once among the images the smallest evaluation covers. */
  private watchedIndices(dataset: MnistDataset, evaluated: number): Int32Array {
    if (!this.watched) {
      const count = Math.min(EPOCH_TEST_SUBSET, dataset.count('test'));
      const labels = Array.from({ length: count }, (_, i) => dataset.locate('test', i).label);
      this.watched = pickWatched(labels, WATCHED_PER_DIGIT);
    }
    return this.watched.filter((index) => index < evaluated);
  }
}

/** The pixels (784 bytes each) and labels of some test images, for those the page shows. */
export function testImages(dataset: MnistDataset | undefined, indices: Int32Array): { pixels: Uint8Array; labels: Uint8Array } {
  if (!dataset) return { pixels: new Uint8Array(0), labels: new Uint8Array(0) };
  return dataset.sampleImages('test', Array.from(indices));
}

function hasFirstTestImages(dataset: MnistDataset, count: number): boolean {
  return dataset.shards('test').every((shard, i) => shard.start >= count || dataset.hasShard('test', i));
}

function transferOf(result: EvaluationResult): Transferable[] {
  const buffers: ArrayBufferLike[] = [result.confusion.buffer];
  if (result.mistakes) {
    const { indices, labels, predicted, confidence, probabilities } = result.mistakes;
    buffers.push(indices.buffer, labels.buffer, predicted.buffer, confidence.buffer, probabilities.buffer);
  }
  if (result.watched) {
    const { indices, labels, predicted, confidence } = result.watched;
    buffers.push(indices.buffer, labels.buffer, predicted.buffer, confidence.buffer);
  }
  return buffers as Transferable[];
}
