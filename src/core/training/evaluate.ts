import * as tf from '@tensorflow/tfjs';
import type { Batch } from '../data/types';
import { classifierScores } from '../model/build';
import { NUM_CLASSES } from '../model/spec';
import { exampleLosses } from './loss';

/** Loss, accuracy and confusion counts over a stream of batches. */
export interface Evaluation {
  loss: number;
  accuracy: number;
  count: number;
  /** Row-major NUM_CLASSES x NUM_CLASSES counts: confusion[actual * 10 + predicted]. */
  confusion: Int32Array;
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
  // The weights do not change while evaluating, so the penalty is added once.
  const penaltyT = tf.tidy(() => {
    const penalties = model.calculateLosses();
    return penalties.length > 0 ? tf.addN(penalties) : tf.scalar(0);
  });
  const penalty = (await penaltyT.data())[0];
  penaltyT.dispose();
  return { loss: count > 0 ? lossSum / count + penalty : NaN, accuracy: count > 0 ? correct / count : NaN, count, confusion };
}

/** Per-class precision, recall and F1 from a confusion matrix (NaN where a class was never predicted or seen). */
export function perClassScores(confusion: Int32Array): { precision: number; recall: number; f1: number }[] {
  const scores = [];
  for (let c = 0; c < NUM_CLASSES; c++) {
    let predicted = 0;
    let actual = 0;
    for (let k = 0; k < NUM_CLASSES; k++) {
      predicted += confusion[k * NUM_CLASSES + c];
      actual += confusion[c * NUM_CLASSES + k];
    }
    const hits = confusion[c * NUM_CLASSES + c];
    const precision = predicted > 0 ? hits / predicted : NaN;
    const recall = actual > 0 ? hits / actual : NaN;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : NaN;
    scores.push({ precision, recall, f1 });
  }
  return scores;
}
