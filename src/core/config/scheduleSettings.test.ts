import { describe, expect, it } from 'vitest';
import { defaultSettings, fieldByKey, isFieldShown, type Settings } from './fields';
import { decodeHash, encodeHash } from './hash';
import { getPreset, PRESETS } from './presets';
import { recipeDifferences } from './recipe';
import { sameSchedule, scheduleFields, scheduleOf } from './scheduleSettings';

const isKnownPreset = (id: string) => PRESETS.some((p) => p.id === id);

describe('learning-rate schedule settings', () => {
  it('default to a constant rate, as every classic recipe trains', () => {
    expect(scheduleOf(defaultSettings())).toEqual({ kind: 'constant' });
  });

  it('read each schedule with its own figures only', () => {
    const base = { ...defaultSettings(), warmup: 0.25, plateauFactor: 0.2, plateauPatience: 3 };
    expect(scheduleOf({ ...base, schedule: 'oneCycle' })).toEqual({ kind: 'oneCycle', warmupFraction: 0.25 });
    expect(scheduleOf({ ...base, schedule: 'cosine' })).toEqual({ kind: 'cosine' });
    expect(scheduleOf({ ...base, schedule: 'plateau' })).toEqual({ kind: 'plateau', factor: 0.2, patience: 3 });
    // And back: a preset's schedule sets its fields, and leaves the others at their defaults.
    expect(scheduleFields({ kind: 'oneCycle', warmupFraction: 0.25 })).toEqual({ schedule: 'oneCycle', warmup: 0.25, plateauFactor: 0.5, plateauPatience: 2 });
    expect(sameSchedule(scheduleOf({ ...base, schedule: 'plateau' }), { kind: 'plateau', factor: 0.2, patience: 3 })).toBe(true);
    expect(sameSchedule({ kind: 'oneCycle', warmupFraction: 0.3 }, { kind: 'oneCycle', warmupFraction: 0.25 })).toBe(false);
  });

  it('travel in the link and come back the same (one cycle with its warm-up, plateau with factor and patience)', () => {
    const oneCycle: Settings = { ...defaultSettings(), schedule: 'oneCycle', warmup: 0.2, learningRate: 0.008 };
    const hash = encodeHash(oneCycle, defaultSettings(), 'small-conv');
    expect(hash).toContain('schedule=oneCycle');
    expect(hash).toContain('warmup=0.2');
    const decoded = decodeHash(hash, isKnownPreset);
    expect(decoded.ignored).toEqual([]);
    expect({ ...defaultSettings(), ...decoded.settings }).toEqual(oneCycle);

    const plateau: Settings = { ...defaultSettings(), schedule: 'plateau', plateauFactor: 0.1, plateauPatience: 5 };
    const back = decodeHash(encodeHash(plateau, defaultSettings(), 'small-conv'), isKnownPreset);
    expect({ ...defaultSettings(), ...back.settings }).toEqual(plateau);
    expect(decodeHash('schedule=sometimes&warmup=2', isKnownPreset).ignored.map((i) => i.key)).toEqual(['schedule', 'warmup']);
  });

  it("show the warm-up only with one cycle, the factor and wait only with plateau", () => {
    const shown = (settings: Settings) => (['warmup', 'plateauFactor', 'plateauPatience'] as const).filter((key) => isFieldShown(fieldByKey(key), settings));
    expect(shown({ ...defaultSettings(), schedule: 'constant' })).toEqual([]);
    expect(shown({ ...defaultSettings(), schedule: 'oneCycle' })).toEqual(['warmup']);
    expect(shown({ ...defaultSettings(), schedule: 'plateau' })).toEqual(['plateauFactor', 'plateauPatience']);
  });

  it("count as a change from a recipe that trains at a constant rate", () => {
    const lenet = getPreset('lenet-5x5')!;
    const settings: Settings = {
      ...defaultSettings(), optimizer: 'sgd', learningRate: 0.01, batchSize: 64, epochs: 10, standardize: false, validationSplit: 0,
    };
    expect(recipeDifferences(lenet, settings, lenet.layers)).toEqual([]);
    expect(recipeDifferences(lenet, { ...settings, schedule: 'cosine' }, lenet.layers)).toEqual(['schedule']);
  });
});
