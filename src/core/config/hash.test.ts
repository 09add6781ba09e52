import { describe, expect, it } from 'vitest';
import { defaultSettings, FIELDS, validateField, type Settings } from './fields';
import { decodeHash, encodeHash, HASH_VERSION } from './hash';

const isKnownPreset = (id: string) => ['lenet-5x5', 'dense-baseline'].includes(id);

describe('URL hash', () => {
  it('round-trips every field of the table', () => {
    const settings: Settings = {
      ...defaultSettings(),
      optimizer: 'momentum', learningRate: 0.05, momentum: 0.8, batchSize: 128, epochs: 7, trainSize: 20_000,
      validationSplit: 0.2, standardize: true, seed: 1234, backend: 'wasm',
    };
    // Every field differs from its default, so every field is written.
    for (const field of FIELDS) expect(settings[field.key], field.key).not.toBe(defaultSettings()[field.key]);
    const hash = encodeHash(settings, defaultSettings(), 'dense-baseline');
    const decoded = decodeHash(`#${hash}`, isKnownPreset);
    expect(decoded.ignored).toEqual([]);
    expect(decoded.presetId).toBe('dense-baseline');
    expect(decoded.settings).toEqual(settings);
  });

  it('writes only what differs from the defaults', () => {
    expect(encodeHash(defaultSettings(), defaultSettings(), 'lenet-5x5')).toBe(`v=${HASH_VERSION}&preset=lenet-5x5`);
  });

  it('degrades field by field and names what it ignored', () => {
    const decoded = decodeHash('v=1&batchSize=banana&learningRate=-3&epochs=2&preset=nope&colour=blue&standardize=maybe&optimizer=adam', isKnownPreset);
    expect(decoded.settings).toEqual({ epochs: 2, optimizer: 'adam' });
    expect(decoded.presetId).toBeNull();
    expect(decoded.ignored.map((i) => i.key).sort()).toEqual(['batchSize', 'colour', 'learningRate', 'preset', 'standardize']);
    expect(decoded.ignored.find((i) => i.key === 'learningRate')!.reason).toBe('Learning rate must be between 0.000001 and 10');
  });

  it('reads a link from a newer version as far as it can', () => {
    const decoded = decodeHash('v=9&epochs=4&hologram=on', isKnownPreset);
    expect(decoded.settings).toEqual({ epochs: 4 });
    expect(decoded.ignored).toEqual([{ key: 'hologram', reason: 'made by a newer version of the playground' }]);
  });

  it('never throws on garbage', () => {
    for (const hash of ['', '#', '#%%%', '#=&=&', '#v=abc', '#batchSize=', `#${'x'.repeat(5000)}`]) {
      expect(() => decodeHash(hash, isKnownPreset)).not.toThrow();
    }
    expect(decodeHash('#batchSize=', isKnownPreset).ignored).toEqual([{ key: 'batchSize', reason: 'Batch size needs a number' }]);
  });

  it('passes non-setting flags through', () => {
    expect(decodeHash('thread=main&epochs=1', isKnownPreset).flags).toEqual({ thread: 'main' });
  });
});

describe('validateField', () => {
  it('rounds integer fields and rejects out-of-range values', () => {
    const epochs = FIELDS.find((f) => f.key === 'epochs')!;
    expect(validateField(epochs, '3.4')).toEqual({ ok: true, value: 3 });
    expect(validateField(epochs, 0)).toEqual({ ok: false, error: 'Epochs must be between 1 and 100' });
    expect(validateField(epochs, 'NaN')).toEqual({ ok: false, error: 'Epochs must be a number' });
  });
});
