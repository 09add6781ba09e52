import * as tf from '../tf';
import type { Batch } from '../data/types';
import { classifierScores } from '../model/build';
import { NUM_CLASSES } from '../model/spec';
import { exampleLosses } from './loss';
import { yieldToEventLoop } from './yield';

/** Loss, accuracy and confusion counts over a stream of batches. */
export interface Evaluation {
  loss: number;
  accuracy: number;
  count: number;
  /** Row-major NUM_CLASSES x NUM_CLASSES counts: confusion[actual * 10 + predicted]. */
  confusion: Int32Array;
}

/** An evaluation that also kept what the model said about each image, in the order the stream gave them. */
export interface DetailedEvaluation extends Evaluation {
  /** The true class of each image. */
  labels: Uint8Array;
  /** The predicted class (the most probable) of each image. */
  predicted: Uint8Array;
  /** Ten probabilities per image: probabilities[i * 10 + c]. */
  probabilities: Float32Array;
  /** Seconds the evaluation took, from the first batch to the last. */
  seconds: number;
}

export interface EvaluateOptions {
  /** Images in the stream, to size the per-image arrays (they grow if the stream is longer). */
  expectedCount?: number;
  /** Called after each batch with the number of images evaluated so far. */
  onProgress?(evaluated: number): void;
  /** Checked after each batch: once it returns true the evaluation ends and resolves to null. */
  isCancelled?(): boolean;
  /** Hand the event loop a turn after each batch, so a Stop message can arrive and be acted on. */
  yieldEveryBatch?: boolean;
}

/**
 * Runs the model in inference mode over every batch; disposes each batch as it goes. The loss is
 * the one training minimises: mean cross-entropy plus the L1/L2 weight penalties, as Keras reports it.
 */
export async function evaluate(model: tf.LayersModel, batches: AsyncIterable<Batch>): Promise<Evaluation> {
  const confusion = new Int32Array(NUM_CLASSES * NUM_CLASSES);
  let lossSum = 0;
  let correct = 0;
  let count = 0;
  for await (const batch of batches) {
    const [lossT, predictedT, actualT] = tf.tidy(() => {
      // The same cross-entropy the training steps minimise, in inference mode.
      const { scores, isLogits } = classifierScores(model, batch.xs, false);
      return [
        exampleLosses(batch.ys, scores, isLogits).sum(),
        tf.argMax(scores, 1),
        tf.argMax(batch.ys, 1),
      ];
    });
    batch.xs.dispose();
    batch.ys.dispose();
    const [lossValue, predicted, actual] = await Promise.all([lossT.data(), predictedT.data(), actualT.data()]);
    tf.dispose([lossT, predictedT, actualT]);
    lossSum += lossValue[0];
    for (let i = 0; i < predicted.length; i++) {
      confusion[actual[i] * NUM_CLASSES + predicted[i]]++;
      if (actual[i] === predicted[i]) correct++;
    }
    count += predicted.length;
  }
  const penalty = await weightPenalty(model);
  return { loss: count > 0 ? lossSum / count + penalty : NaN, accuracy: count > 0 ? correct / count : NaN, count, confusion };
}

/**
 * Like evaluate, and keeps each image's label, prediction and ten probabilities, reports progress
 * after every batch, and can be cancelled between batches (it then resolves to null, having
 * disposed every batch it took). The stream is closed whichever way it ends.
 */
export async function evaluateWithDetails(
  model: tf.LayersModel,
  batches: AsyncGenerator<Batch>,
  options: EvaluateOptions = {},
): Promise<DetailedEvaluation | null> {
  const started = performance.now();
  const confusion = new Int32Array(NUM_CLASSES * NUM_CLASSES);
  let capacity = Math.max(options.expectedCount ?? 0, 1);
  let labels = new Uint8Array(capacity);
  let predicted = new Uint8Array(capacity);
  let probabilities = new Float32Array(capacity * NUM_CLASSES);
  let lossSum = 0;
  let correct = 0;
  let count = 0;
  try {
    for await (const batch of batches) {
      const [lossT, probabilitiesT, actualT] = tf.tidy(() => {
        const { scores, isLogits } = classifierScores(model, batch.xs, false);
        return [exampleLosses(batch.ys, scores, isLogits).sum(), isLogits ? tf.softmax(scores) : scores, tf.argMax(batch.ys, 1)];
      });
      batch.xs.dispose();
      batch.ys.dispose();
      const [lossValue, probs, actual] = await Promise.all([lossT.data(), probabilitiesT.data() as Promise<Float32Array>, actualT.data()]);
      tf.dispose([lossT, probabilitiesT, actualT]);
      const n = actual.length;
      if (count + n > capacity) {
        capacity = Math.max(2 * capacity, count + n);
        labels = grow(labels, capacity);
        predicted = grow(predicted, capacity);
        probabilities = grow(probabilities, capacity * NUM_CLASSES);
      }
      probabilities.set(probs, count * NUM_CLASSES);
      lossSum += lossValue[0];
      for (let i = 0; i < n; i++) {
        const best = argMax(probs, i * NUM_CLASSES);
        labels[count + i] = actual[i];
        predicted[count + i] = best;
        confusion[actual[i] * NUM_CLASSES + best]++;
        if (actual[i] === best) correct++;
      }
      count += n;
      options.onProgress?.(count);
      if (options.yieldEveryBatch) await yieldToEventLoop();
      if (options.isCancelled?.()) return null;
    }
  } finally {
    // Leaving early must still let the generator release what it holds.
    await batches.return(undefined);
  }
  const penalty = await weightPenalty(model);
  return {
    loss: count > 0 ? lossSum / count + penalty : NaN,
    accuracy: count > 0 ? correct / count : NaN,
    count,
    confusion,
    labels: labels.slice(0, count),
    predicted: predicted.slice(0, count),
    probabilities: probabilities.slice(0, count * NUM_CLASSES),
    seconds: (performance.now() - started) / 1000,
  };
}

/** The L1/L2 penalty of the current weights: they do not change while evaluating, so it is added once. */
async function weightPenalty(model: tf.LayersModel): Promise<number> {
  const penaltyT = tf.tidy(() => {
    const penalties = model.calculateLosses();
    return penalties.length > 0 ? tf.addN(penalties) : tf.scalar(0);
  });
  const penalty = (await penaltyT.data())[0];
  penaltyT.dispose();
  return penalty;
}

/** The index of the largest of the ten values from `offset` (the first one on a tie, as tf.argMax). */
function argMax(values: Float32Array, offset: number): number {
  let best = 0;
  for (let c = 1; c < NUM_CLASSES; c++) if (values[offset + c] > values[offset + best]) best = c;
  return best;
}

function grow<T extends Uint8Array | Float32Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(length);
  bigger.set(array);
  return bigger;
}
