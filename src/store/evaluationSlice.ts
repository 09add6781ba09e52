/**
 * The test-set evaluation as it goes: the figures after the last epoch (while training goes on),
 * how far the evaluation in progress has got, and the pixels of the test images the page shows.
 * The final figures stay in the training slice's `evaluation`.
 */
import type { EvaluationResult } from '../engine/protocol';
import type { SliceWithEngine } from './store';

export interface EvaluationProgress {
  /** The epoch (from 0) it follows, or null for the evaluation after training (or on request). */
  epoch: number | null;
  evaluated: number;
  total: number;
}

export interface EvaluationSlice {
  /** The test-set figures after the latest epoch of the shown run (null before the first, or on a new run). */
  epochEvaluation: { epoch: number; result: EvaluationResult } | null;
  /** The evaluation in progress; null when none runs. */
  evaluationProgress: EvaluationProgress | null;
  /** Stop ended the evaluation after training: the figures shown are the last epoch's. */
  isEvaluationStopped: boolean;
  /** The pixels (784 bytes each) and labels of these test images. */
  loadTestImages(indices: Int32Array, signal?: AbortSignal): Promise<{ pixels: Uint8Array; labels: Uint8Array }>;
}

export const createEvaluationSlice: SliceWithEngine<EvaluationSlice> = (engine) => () => ({
  epochEvaluation: null,
  evaluationProgress: null,
  isEvaluationStopped: false,
  loadTestImages(indices, signal) {
    return engine.request({ kind: 'testImages', indices }, { signal });
  },
});
