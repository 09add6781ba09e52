/** The learning-rate schedule in the exported scripts: the same rates as the playground's trainer. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduledLearningRate, type LearningRateSchedule } from '../training/schedule';
import type { TrainingSpec } from '../training/types';
import type { ExportRequest } from './common';
import { kerasScript } from './keras';
import { pytorchScript } from './pytorch';

const LAYERS: ExportRequest['layers'] = [
  { kind: 'conv2d', filters: 8, kernelSize: 3, strides: 1, padding: 'valid', activation: 'relu' },
  { kind: 'batchNorm' },
  { kind: 'maxPool', poolSize: 2, strides: 2 },
  { kind: 'flatten' },
  { kind: 'dense', units: 10, activation: 'softmax' },
];

const request = (schedule: LearningRateSchedule | null, overrides: Partial<TrainingSpec> = {}): ExportRequest => ({
  layers: LAYERS,
  training: {
    optimizer: { name: 'adam', learningRate: 0.006, momentum: 0.9 }, batchSize: 128, epochs: 2, trainSize: 60_000,
    validationSplit: 0.1, standardize: false, seed: 1, schedule, ...overrides,
  },
});

const ONE_CYCLE: LearningRateSchedule = { kind: 'oneCycle', warmupFraction: 0.25 };
const PLATEAU: LearningRateSchedule = { kind: 'plateau', factor: 0.2, patience: 3 };
const codeOnly = (code: string) => code.split('\n').map((line) => line.replace(/#.*$/, '')).join('\n');

describe('exported learning-rate schedules', () => {
  it('PyTorch: OneCycleLR with the peak rate, the warm-up, the defaults spelled out and no momentum cycling, stepped every batch', () => {
    const code = pytorchScript(request(ONE_CYCLE));
    expect(code).toContain('WARMUP = 0.25');
    expect(code).toContain('scheduler = torch.optim.lr_scheduler.OneCycleLR(\n    optimizer, max_lr=0.006, total_steps=EPOCHS * len(train_loader), pct_start=WARMUP,');
    expect(code).toContain('div_factor=25.0, final_div_factor=10000.0, cycle_momentum=False');
    expect(code).toMatch(/ {8}optimizer\.step\(\)\n {8}scheduler\.step\(\)/);
    expect(code).toContain('# Learning rate: one cycle, set every batch: up from 0.00024 to 0.006 over the first 25% of the batches');
  });

  it('PyTorch: CosineAnnealingLR over every batch; ReduceLROnPlateau on val_loss with Keras\'s patience and min_delta', () => {
    const cosine = pytorchScript(request({ kind: 'cosine' }));
    expect(cosine).toContain('scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=EPOCHS * len(train_loader))');
    expect(cosine).toContain('        scheduler.step()');
    const plateau = pytorchScript(request(PLATEAU));
    expect(plateau).toContain('PLATEAU_FACTOR, PLATEAU_PATIENCE = 0.2, 3');
    expect(plateau).toContain('factor=PLATEAU_FACTOR, patience=PLATEAU_PATIENCE - 1, threshold=0.0001, threshold_mode="abs"');
    expect(plateau).toContain('        scheduler.step(val_loss)');
    expect(codeOnly(plateau)).not.toMatch(/ {8}scheduler\.step\(\)/);
  });

  it('Keras: a OneCycle LearningRateSchedule or CosineDecay as the optimizer\'s rate; ReduceLROnPlateau as a callback', () => {
    const oneCycle = kerasScript(request(ONE_CYCLE));
    expect(oneCycle).toContain('class OneCycle(keras.optimizers.schedules.LearningRateSchedule):');
    expect(oneCycle).toContain('lr_schedule = OneCycle(0.006, TOTAL_STEPS, WARMUP)');
    expect(oneCycle).toContain('optimizer=keras.optimizers.Adam(learning_rate=lr_schedule, ');
    expect(oneCycle).toContain('import math');
    const cosine = kerasScript(request({ kind: 'cosine' }));
    expect(cosine).toContain('lr_schedule = keras.optimizers.schedules.CosineDecay(0.006, decay_steps=TOTAL_STEPS)');
    const plateau = kerasScript(request(PLATEAU, { earlyStopping: { patience: 4 } }));
    expect(plateau).toContain('reduce_lr = keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=PLATEAU_FACTOR, patience=PLATEAU_PATIENCE, min_delta=0.0001)');
    expect(plateau).toContain('    callbacks=[early_stopping, reduce_lr],');
  });

  it('a constant rate (or a plateau with nothing to watch) adds no scheduler at all', () => {
    for (const training of [request(null), request({ kind: 'constant' }), request(PLATEAU, { validationSplit: 0 })]) {
      expect(codeOnly(kerasScript(training))).not.toMatch(/schedule|ReduceLROnPlateau|reduce_lr|TOTAL_STEPS/);
      expect(codeOnly(pytorchScript(training))).not.toMatch(/scheduler|lr_scheduler/);
    }
    expect(pytorchScript(request(PLATEAU, { validationSplit: 0 }))).toContain('(off: no validation split)');
  });
});

const python = spawnSync('python3', ['--version']).status === 0;

describe('exported schedules in Python', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mnist-schedule-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.skipIf(!python)('compile (python3 -m py_compile)', () => {
    const requests = [request(ONE_CYCLE), request({ kind: 'cosine' }), request(PLATEAU, { earlyStopping: { patience: 2 } }), request(ONE_CYCLE, { augmentation: { maxRotationDegrees: 10, maxShiftPixels: 2, maxScalePercent: 10 } })];
    const files = requests.flatMap((r, i) => {
      const keras = join(dir, `keras_${i}.py`);
      const torch = join(dir, `torch_${i}.py`);
      writeFileSync(keras, kerasScript(r));
      writeFileSync(torch, pytorchScript(r));
      return [keras, torch];
    });
    const result = spawnSync('python3', ['-m', 'py_compile', ...files], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it.skipIf(!python)("Keras's OneCycle class gives the trainer's rates at every step (run with keras.ops stood in by Python's math)", () => {
    const code = kerasScript(request(ONE_CYCLE));
    const start = code.indexOf('class OneCycle(');
    const end = code.indexOf('lr_schedule = OneCycle(');
    const stub = [
      'import math, json, types',
      'class _Ops:',
      '    minimum = staticmethod(min)',
      '    cos = staticmethod(math.cos)',
      '    where = staticmethod(lambda c, a, b: a if c else b)',
      '    cast = staticmethod(lambda x, dtype: float(x))',
      'keras = types.SimpleNamespace(ops=_Ops, optimizers=types.SimpleNamespace(schedules=types.SimpleNamespace(LearningRateSchedule=object)))',
      code.slice(start, end),
      'schedule = OneCycle(0.006, 100, 0.25)',
      'print(json.dumps([schedule(step) for step in range(100)]))',
    ].join('\n');
    const file = join(dir, 'one_cycle.py');
    writeFileSync(file, stub);
    const result = spawnSync('python3', [file], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    const rates = JSON.parse(result.stdout) as number[];
    rates.forEach((rate, step) => expect(rate).toBeCloseTo(scheduledLearningRate(ONE_CYCLE, 0.006, step, 100), 12));
  });
});
