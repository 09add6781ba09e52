import { describe, expect, it } from 'vitest';
import type { EvaluationResult } from '../engine/protocol';
import { FakeEngine } from '../testing/fakeEngine';
import { eventPatch } from './engineEvents';
import { createAppStore } from './store';

const result = (accuracy: number, count: number): EvaluationResult => ({ loss: 0.5, accuracy, count, confusion: new Int32Array(100) });

describe('the test-set evaluation in the store', () => {
  it('follows an evaluation after an epoch: its progress, then its figures, while training goes on', () => {
    const engine = new FakeEngine();
    const store = createAppStore(engine);
    store.setState({ runId: 2, trainingStatus: 'training' });
    engine.emit({ type: 'evaluationProgress', runId: 2, epoch: 0, evaluated: 500, total: 2000 });
    expect(store.getState().evaluationProgress).toEqual({ epoch: 0, evaluated: 500, total: 2000 });
    const figures = result(0.8, 2000);
    engine.emit({ type: 'epochEvaluated', runId: 2, epoch: 0, result: figures });
    expect(store.getState()).toMatchObject({ trainingStatus: 'training', evaluationProgress: null, epochEvaluation: { epoch: 0, result: figures }, evaluation: null });
    // Another run's evaluation is not this page's.
    engine.emit({ type: 'epochEvaluated', runId: 1, epoch: 3, result: result(0.1, 2000) });
    expect(store.getState().epochEvaluation?.epoch).toBe(0);
  });

  it('a new run clears the last run\'s figures', () => {
    const store = createAppStore(new FakeEngine());
    store.setState({ epochEvaluation: { epoch: 1, result: result(0.9, 10_000) }, evaluationProgress: { epoch: 1, evaluated: 1, total: 2 }, isEvaluationStopped: true });
    store.getState().train();
    expect(store.getState()).toMatchObject({ epochEvaluation: null, evaluationProgress: null, isEvaluationStopped: false });
  });

  it('Stop during the evaluation after training: stopped, the last epoch\'s figures kept, no progress left', () => {
    const engine = new FakeEngine();
    const store = createAppStore(engine);
    const afterEpoch = { epoch: 0, result: result(0.7, 2000) };
    store.setState({ runId: 1, trainingStatus: 'evaluating', epochEvaluation: afterEpoch, evaluationProgress: { epoch: null, evaluated: 3000, total: 10_000 } });
    store.getState().stop();
    expect(engine.sent).toContainEqual({ type: 'stop' });
    expect(store.getState().trainingStatus).toBe('stopping');
    engine.emit({ type: 'evaluationStopped', runId: 1 });
    expect(store.getState()).toMatchObject({ trainingStatus: 'stopped', evaluationProgress: null, isEvaluationStopped: true, epochEvaluation: afterEpoch, evaluation: null });
  });

  it('the final figures end the evaluation', () => {
    const s = { ...createAppStore(new FakeEngine()).getState(), runId: 1, trainingStatus: 'evaluating' as const };
    const figures = result(0.98, 10_000);
    expect(eventPatch(s, { type: 'evaluated', runId: 1, result: figures }, 0)).toEqual({ trainingStatus: 'done', evaluation: figures, evaluationProgress: null });
    expect(eventPatch(s, { type: 'evaluationStarted', runId: 1 }, 0)).toEqual({ trainingStatus: 'evaluating', isEvaluationStopped: false });
  });
});
