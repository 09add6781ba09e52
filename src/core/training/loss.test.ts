import * as tf from '../tf';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { accuracy, crossEntropy, exampleLosses } from './loss';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Two examples: the first confidently wrong (the net bets everything on 0, the label is 1), the second right.
const labels = () => tf.tensor2d([[0, 1, 0], [0, 0, 1]]);
const logits = () => tf.tensor2d([[30, 0, 0], [0, 1, 4]]);

describe('exampleLosses', () => {
  it('is the exact -log softmax from logits, unbounded for a confident mistake', () => {
    const losses = tf.tidy(() => exampleLosses(labels(), logits(), true).arraySync());
    const logSumExp = (row: number[]) => Math.log(row.reduce((a, v) => a + Math.exp(v), 0));
    expect(losses[0]).toBeCloseTo(logSumExp([30, 0, 0]) - 0, 4); // about 30
    expect(losses[1]).toBeCloseTo(logSumExp([0, 1, 4]) - 4, 5);
  });

  it('agrees with the clipped formula on probabilities wherever the clip does not bite', () => {
    const [fromLogits, fromProbs] = tf.tidy(() => {
      const soft = tf.tensor2d([[2, 0.5, -1], [0, 1, 4]]);
      return [exampleLosses(labels(), soft, true).arraySync(), exampleLosses(labels(), tf.softmax(soft) as tf.Tensor2D, false).arraySync()];
    });
    fromLogits.forEach((v, i) => expect(fromProbs[i]).toBeCloseTo(v, 5));
  });

  it('keeps the gradient of a confidently wrong example, which the clipped probabilities lose', () => {
    const gradientOf = (isLogits: boolean) =>
      tf.tidy(() => {
        const grad = tf.grad((z: tf.Tensor) => crossEntropy(labels(), (isLogits ? z : tf.softmax(z)) as tf.Tensor2D, isLogits));
        return grad(logits()).arraySync() as number[][];
      });
    // From logits: (softmax - label) / batch, so about [+0.5, -0.5, 0] for the wrong example.
    const exact = gradientOf(true);
    expect(exact[0][0]).toBeCloseTo(0.5, 4);
    expect(exact[0][1]).toBeCloseTo(-0.5, 4);
    // Through the clip, p(label) = e^-30 sits below 1e-7, so the wrong example teaches nothing.
    const clipped = gradientOf(false);
    expect(Math.max(...clipped[0].map(Math.abs))).toBeLessThan(1e-6);
  });
});

describe('accuracy', () => {
  it('counts the rows whose top score is the label', () => {
    expect(tf.tidy(() => accuracy(labels(), logits()).arraySync())).toBe(0.5);
  });
});
