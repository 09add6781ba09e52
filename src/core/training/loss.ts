/** The loss and accuracy the training steps and the evaluation share. */
import * as tf from '../tf';

/**
 * Categorical cross-entropy of each example. From logits it is exact (log-softmax, which is what
 * Keras's fit does for a model ending in softmax and what PyTorch's CrossEntropyLoss does), so a
 * confidently wrong example keeps its full gradient. From probabilities it is Keras's clipped
 * formula: probabilities kept within [1e-7, 1 - 1e-7], so such an example gets no gradient at all.
 */
export function exampleLosses(labels: tf.Tensor2D, scores: tf.Tensor2D, isLogits: boolean): tf.Tensor1D {
  return tf.tidy(() =>
    isLogits
      ? (tf.losses.softmaxCrossEntropy(labels, scores, undefined, 0, tf.Reduction.NONE) as tf.Tensor1D)
      : (tf.metrics.categoricalCrossentropy(labels, scores) as tf.Tensor1D),
  );
}

/** The mean of exampleLosses over the batch: the loss a step minimises. */
export function crossEntropy(labels: tf.Tensor2D, scores: tf.Tensor2D, isLogits: boolean): tf.Scalar {
  return tf.tidy(() => exampleLosses(labels, scores, isLogits).mean() as tf.Scalar);
}

/** Fraction of rows whose highest score (logit or probability: same order) is the labelled class. */
export function accuracy(labels: tf.Tensor2D, scores: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.equal(tf.argMax(scores, 1), tf.argMax(labels, 1)).asType('float32').mean() as tf.Scalar);
}
