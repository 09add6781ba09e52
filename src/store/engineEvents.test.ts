import { describe, expect, it } from 'vitest';
import type { BatchMetrics } from '../core/training/trainer';
import type { EngineMessage } from '../engine/messages';
import type { ActiveModelInfo, BackendReport } from '../engine/protocol';
import { FakeEngine } from '../testing/fakeEngine';
import { batchesPatch, eventPatch, isStaleRunEvent } from './engineEvents';
import { createAppStore } from './store';

const state = () => createAppStore(new FakeEngine()).getState();

const batch = (n: number): BatchMetrics => ({
  epoch: 0, batch: n, batchesPerEpoch: 10, loss: 2 - n / 10, accuracy: n / 10, smoothedLoss: 2, epochLoss: 2, epochAccuracy: 0.5,
  examplesSeen: n * 32, examplesPerSecond: 100, steadyBatches: n, steadySeconds: n / 3, firstBatchSeconds: 1, elapsedSeconds: n,
});

describe('eventPatch', () => {
  it('starts a run with its figures and the time it started', () => {
    const patch = eventPatch({ ...state(), runId: 3 }, { type: 'trainingStarted', runId: 3, trainCount: 100, validationCount: 10, testCount: 10_000, batchesPerEpoch: 4, epochs: 2, flopsPerExample: 7 }, 1234);
    expect(patch).toMatchObject({ trainingStatus: 'training', hasTrainedModel: true, run: { trainCount: 100, batchesPerEpoch: 4, epochs: 2, startedAt: 1234 } });
  });

  it('keeps a Stop pressed while the model was being built: the run starts as stopping, not training', () => {
    const started = { type: 'trainingStarted', runId: 3, trainCount: 100, validationCount: 10, testCount: 10_000, batchesPerEpoch: 4, epochs: 2, flopsPerExample: 7 } as const;
    expect(eventPatch({ ...state(), runId: 3, trainingStatus: 'stopping' }, started, 0)).toMatchObject({ trainingStatus: 'stopping' });
  });

  it('ignores the events of a run the page no longer shows', () => {
    const s = { ...state(), runId: 4 };
    const event = { type: 'trainingEnded', runId: 3, reason: 'stopped', message: null, epochsCompleted: 0 } as const;
    expect(isStaleRunEvent(s, event)).toBe(true);
    expect(eventPatch(s, event, 0)).toBeNull();
    expect(eventPatch(s, { ...event, runId: 4 }, 0)).toEqual({ trainingStatus: 'stopped', trainingMessage: null, evaluationProgress: null });
  });

  it('maps each way a run ends to its status', () => {
    const s = { ...state(), runId: 1 };
    const end = (reason: 'completed' | 'stopped' | 'diverged' | 'earlyStopped', message: EngineMessage | null) =>
      eventPatch(s, { type: 'trainingEnded', runId: 1, reason, message, epochsCompleted: 1 }, 0)?.trainingStatus;
    const exploded: EngineMessage = { code: 'lossExploded', from: 2.3, to: 9, epoch: 1, batch: 30, learningRate: 10, suggestedLearningRate: 1 };
    expect(end('completed', null)).toBe('evaluating');
    expect(end('earlyStopped', { code: 'earlyStopped', epoch: 5, patience: 2, bestEpoch: 3, bestLoss: 0.1, isRestored: true })).toBe('evaluating');
    expect(end('diverged', exploded)).toBe('diverged');
    expect(end('stopped', null)).toBe('stopped');
    expect(end('stopped', { code: 'trainingFailed', detail: 'out of memory' })).toBe('failed');
  });

  it('appends epochs without touching the old array', () => {
    const s = { ...state(), runId: 1 };
    const metrics = { epoch: 0, trainLoss: 1, trainAccuracy: 0.5, validationLoss: null, validationAccuracy: null, seconds: 1, numTensors: 10 };
    const patch = eventPatch(s, { type: 'epochEnded', runId: 1, metrics }, 0);
    expect(patch?.epochs).toEqual([metrics]);
    expect(s.epochs).toEqual([]);
  });

  it('an engine error fails a busy run, and only a busy one', () => {
    const boom: EngineMessage = { code: 'exception', detail: 'boom' };
    const idle = eventPatch(state(), { type: 'engineError', message: boom }, 0);
    expect(idle).toEqual({ engineError: boom });
    const busy = eventPatch({ ...state(), trainingStatus: 'evaluating' }, { type: 'engineError', message: boom }, 0);
    expect(busy).toEqual({ engineError: boom, trainingStatus: 'failed', trainingMessage: boom });
  });

  it('a backend switch forgets the trained model; a restart shows the engine starting again', () => {
    const s = { ...state(), hasTrainedModel: true };
    const report = { active: 'cpu', probes: [], skipped: [], chosenBy: 'user', thread: 'worker', notes: [] } as const;
    expect(eventPatch(s, { type: 'backendReady', report: { ...report, probes: [], skipped: [], notes: [] } }, 0)).toMatchObject({ backendStatus: 'ready', hasTrainedModel: false });
    expect(eventPatch(s, { type: 'engineRestarting' }, 0)).toMatchObject({ backendStatus: 'starting', dataStatus: 'loading', activeModel: null });
  });

  it('the GPU probes a backend named by the user started without fill in its report, and only that report', () => {
    const wasm = { name: 'wasm', isAvailable: true, isSoftware: false, renderer: 'XNNPACK', problem: null } as const;
    const cpu = { name: 'cpu', isAvailable: true, isSoftware: false, renderer: null, problem: null } as const;
    const webgpu = { name: 'webgpu', isAvailable: false, isSoftware: false, renderer: null, problem: { code: 'noGpuAdapter' } } as const;
    const pending: BackendReport = { active: 'wasm', probes: [wasm, cpu], skipped: [], chosenBy: 'user', thread: 'worker', notes: [], probesPending: true };
    const probed = eventPatch({ ...state(), backend: pending }, { type: 'backendsProbed', probes: [wasm, cpu, webgpu] }, 0);
    expect(probed).toEqual({ backend: { ...pending, probes: [wasm, cpu, webgpu], probesPending: false } });
    // A report that probed for itself (a later switch) keeps its own probes, with the failures it recorded.
    expect(eventPatch({ ...state(), backend: { ...pending, probesPending: false } }, { type: 'backendsProbed', probes: [wasm] }, 0)).toBeNull();
    expect(eventPatch(state(), { type: 'backendsProbed', probes: [wasm] }, 0)).toBeNull();
  });

  it('follows the active model', () => {
    const model: ActiveModelInfo = { source: 'ready', name: { kind: 'ready' }, standardize: false, params: 100, runId: null, isTraining: false };
    expect(eventPatch(state(), { type: 'activeModelChanged', model }, 0)).toEqual({ activeModel: model, readyModelError: null });
    // None active (a backend switch): the last failure, if any, still stands.
    expect(eventPatch(state(), { type: 'activeModelChanged', model: null }, 0)).toEqual({ activeModel: null });
    const failed: EngineMessage = { code: 'readyModelUnavailable', url: '/models/ready/model.json', detail: '404' };
    expect(eventPatch(state(), { type: 'readyModelFailed', message: failed }, 0)).toEqual({ readyModelError: failed });
  });

  it('stamps the first batch once', () => {
    const first = batchesPatch(state(), [batch(1)], 50);
    expect(first).toEqual({ batches: [batch(1)], firstBatchAt: 50 });
    const later = batchesPatch({ ...state(), ...first }, [batch(2), batch(3)], 90);
    expect(later.firstBatchAt).toBe(50);
    expect(later.batches).toHaveLength(3);
  });
});
