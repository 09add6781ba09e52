import { describe, expect, it } from 'vitest';
import { defaultSettings, FIELD_GROUPS, fieldByKey, FIELDS, isFieldShown, validateField, type Field, type Settings } from './fields';
import { updateLayer } from '../model/edit';
import { decodeHash, encodeClassroom, encodeHash, HASH_VERSION } from './hash';
import { getPreset } from './presets';

const isKnownPreset = (id: string) => ['lenet-5x5', 'dense-baseline'].includes(id);

describe('URL hash', () => {
  it('round-trips every field of the table', () => {
    const settings: Settings = {
      ...defaultSettings(),
      optimizer: 'momentum', learningRate: 0.05, momentum: 0.8, batchSize: 128, epochs: 7, trainSize: 20_000,
      validationSplit: 0.2, standardize: true, seed: 1234, backend: 'wasm',
      augment: true, augmentRotation: 15, augmentShift: 1.5, augmentScale: 5, l1: 0.0001, l2: 0.0005, earlyStopping: true, patience: 5,
      schedule: 'plateau', warmup: 0.25, plateauFactor: 0.2, plateauPatience: 4,
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
    expect(decoded.ignored.find((i) => i.key === 'learningRate')!.reason).toEqual({
      code: 'badField', problem: { code: 'fieldOutOfRange', field: 'learningRate', min: 0.000001, max: 10 },
    });
  });

  it('reads a link from a newer version as far as it can', () => {
    const decoded = decodeHash('v=9&epochs=4&hologram=on', isKnownPreset);
    expect(decoded.settings).toEqual({ epochs: 4 });
    expect(decoded.ignored).toEqual([{ key: 'hologram', reason: { code: 'newerVersion' } }]);
  });

  it('never throws on garbage', () => {
    for (const hash of ['', '#', '#%%%', '#=&=&', '#v=abc', '#batchSize=', `#${'x'.repeat(5000)}`]) {
      expect(() => decodeHash(hash, isKnownPreset)).not.toThrow();
    }
    expect(decodeHash('#batchSize=', isKnownPreset).ignored).toEqual([{ key: 'batchSize', reason: { code: 'badField', problem: { code: 'fieldEmpty', field: 'batchSize' } } }]);
  });

  it('writes the layers readably, only when they differ from the preset, and reads them back', () => {
    const preset = getPreset('two-conv-adam')!.layers;
    const current = updateLayer(preset, 0, { kernelSize: 5 });
    const defaults = defaultSettings();
    expect(encodeHash(defaults, defaults, 'two-conv-adam', { current: preset, preset })).toBe(`v=${HASH_VERSION}&preset=two-conv-adam`);
    const hash = encodeHash({ ...defaults, epochs: 1 }, defaults, 'two-conv-adam', { current, preset });
    expect(hash).toBe(`v=${HASH_VERSION}&preset=two-conv-adam&layers=conv:32:5:1:valid:relu,maxPool:2:2,conv:64:3:1:valid:relu,maxPool:2:2,flatten,dense:10:softmax&epochs=1`);
    const decoded = decodeHash(`#${hash}`, () => true);
    expect(decoded.ignored).toEqual([]);
    expect(decoded.layers).toEqual(current);
    expect(decoded.settings).toEqual({ epochs: 1 });
    // The same text escaped, as a browser or a chat client may pass it on, reads the same.
    expect(decodeHash(`#${hash.replace(/:/g, '%3A').replace(/,/g, '%2C')}`, () => true).layers).toEqual(current);
  });

  it('ignores malformed layers with the reason, and keeps the rest of the link', () => {
    const decoded = decodeHash('v=2&preset=lenet-5x5&layers=conv:-32:5:1:valid:relu,lstm:4,flatten,dense:10:softmax&epochs=2', isKnownPreset);
    expect(decoded.layers).toBeNull();
    expect(decoded.presetId).toBe('lenet-5x5');
    expect(decoded.settings).toEqual({ epochs: 2 });
    expect(decoded.ignored).toEqual([{
      key: 'layers',
      reason: {
        code: 'badLayers',
        errors: [
          { item: 1, text: 'conv:-32:5:1:valid:relu', reason: { code: 'layer', problem: { code: 'notWholeNumber', setting: 'filters', value: -32 } } },
          { item: 2, text: 'lstm:4', reason: { code: 'unknownKindToken', token: 'lstm', known: ['conv', 'maxPool', 'avgPool', 'dense', 'dropout', 'flatten', 'batchNorm'] } },
        ],
      },
    }]);
    expect(decodeHash('layers=', isKnownPreset).ignored[0].reason).toEqual({ code: 'badLayers', errors: [{ item: 0, text: '', reason: { code: 'listEmpty' } }] });
  });

  it('passes non-setting flags through', () => {
    expect(decodeHash('thread=main&epochs=1', isKnownPreset).flags).toEqual({ thread: 'main' });
  });

  it('reads the language, writes it only when one was chosen, and names one it does not speak', () => {
    expect(decodeHash('lang=zh-CN&epochs=1', isKnownPreset)).toMatchObject({ language: 'zh-CN', ignored: [], settings: { epochs: 1 } });
    expect(decodeHash('lang=zh-tw', isKnownPreset).language).toBe('zh-CN');
    expect(decodeHash('lang=en', isKnownPreset).language).toBe('en');
    expect(decodeHash('epochs=1', isKnownPreset).language).toBeNull();
    expect(decodeHash('lang=klingon', isKnownPreset)).toMatchObject({ language: null, ignored: [{ key: 'lang', reason: { code: 'unknownLanguage', value: 'klingon' } }] });
    const defaults = defaultSettings();
    expect(encodeHash(defaults, defaults, 'lenet-5x5')).toBe(`v=${HASH_VERSION}&preset=lenet-5x5`);
    expect(encodeHash(defaults, defaults, 'lenet-5x5', undefined, 'zh-CN')).toBe(`v=${HASH_VERSION}&preset=lenet-5x5&lang=zh-CN`);
    expect(decodeHash(encodeHash({ ...defaults, epochs: 2 }, defaults, 'lenet-5x5', undefined, 'zh-CN'), isKnownPreset)).toMatchObject({ language: 'zh-CN', settings: { epochs: 2 } });
  });
});

describe('field groups', () => {
  it('puts every field in a group and makes fields depend only on real fields', () => {
    const keys = new Set<string>(FIELDS.map((f) => f.key));
    for (const field of FIELDS as readonly Field[]) {
      expect(['backend', ...FIELD_GROUPS.map((g) => g.id)], field.key).toContain(field.group);
      if (field.shownWhen) expect(keys, field.key).toContain(field.shownWhen.key);
    }
  });

  it('shows a dependent field only while its switch has the value it needs', () => {
    const settings = defaultSettings();
    expect(isFieldShown(fieldByKey('patience'), settings)).toBe(false);
    expect(isFieldShown(fieldByKey('patience'), { ...settings, earlyStopping: true })).toBe(true);
    expect(isFieldShown(fieldByKey('momentum'), { ...settings, optimizer: 'momentum' })).toBe(true);
    expect(isFieldShown(fieldByKey('augmentShift'), { ...settings, augment: false })).toBe(false);
    expect(isFieldShown(fieldByKey('l2'), settings)).toBe(true);
  });
});

describe('validateField', () => {
  it('rounds integer fields and rejects out-of-range values', () => {
    const epochs = FIELDS.find((f) => f.key === 'epochs')!;
    expect(validateField(epochs, '3.4')).toEqual({ ok: true, value: 3 });
    expect(validateField(epochs, 0)).toEqual({ ok: false, error: { code: 'fieldOutOfRange', field: 'epochs', min: 1, max: 100 } });
    expect(validateField(epochs, 'NaN')).toEqual({ ok: false, error: { code: 'fieldNotNumber', field: 'epochs' } });
    expect(validateField(fieldByKey('optimizer'), 'nesterov')).toEqual({
      ok: false, error: { code: 'fieldNotChoice', field: 'optimizer', value: 'nesterov', options: ['sgd', 'momentum', 'adam', 'rmsprop', 'adagrad', 'adadelta'] },
    });
    expect(validateField(fieldByKey('augment'), 'maybe')).toEqual({ ok: false, error: { code: 'fieldNotBoolean', field: 'augment' } });
  });
});

describe('hidden controls', () => {
  it('reads hide= into known controls and lists unknown ones', () => {
    const decoded = decodeHash('hide=optimizer,learningRate,layers,warpDrive', () => true);
    expect(decoded.hidden).toEqual(['optimizer', 'learningRate', 'layers']);
    expect(decoded.ignored).toEqual([{ key: 'hide', reason: { code: 'notHideable', name: 'warpDrive' } }]);
  });
});

describe('the classroom part of a link (hide=, view=)', () => {
  it('reads every setting, the backend included, the preset and the layers as hideable; names what it cannot hide', () => {
    const all = ['preset', 'layers', ...FIELDS.map((f) => f.key)];
    const decoded = decodeHash(`hide=${all.join(',')},colour,epochs`, isKnownPreset);
    expect(decoded.hidden).toEqual(all);
    expect(decoded.hidden).toContain('backend');
    expect(decoded.ignored).toEqual([{ key: 'hide', reason: { code: 'notHideable', name: 'colour' } }]);
  });

  it('reads view=present and refuses an unknown view with the reason', () => {
    expect(decodeHash('view=present', isKnownPreset).view).toBe('present');
    expect(decodeHash('epochs=2', isKnownPreset).view).toBeNull();
    const decoded = decodeHash('view=cinema&epochs=2', isKnownPreset);
    expect(decoded.view).toBeNull();
    expect(decoded.settings).toEqual({ epochs: 2 });
    expect(decoded.ignored).toEqual([{ key: 'view', reason: { code: 'unknownView', value: 'cinema' } }]);
  });

  it('writes hide= in the order given with readable commas, view= only when not standard, and reads them back', () => {
    expect(encodeClassroom([], 'standard')).toBe('');
    expect(encodeClassroom(['backend', 'epochs', 'layers', 'epochs'], 'present')).toBe('hide=backend,epochs,layers&view=present');
    const defaults = defaultSettings();
    const hash = encodeHash({ ...defaults, epochs: 1 }, defaults, 'lenet-5x5', undefined, null, { hidden: ['backend', 'epochs'], view: 'present' });
    expect(hash).toBe(`v=${HASH_VERSION}&preset=lenet-5x5&epochs=1&hide=backend,epochs&view=present`);
    const decoded = decodeHash(hash, isKnownPreset);
    expect(decoded.ignored).toEqual([]);
    expect(decoded.hidden).toEqual(['backend', 'epochs']);
    expect(decoded.view).toBe('present');
    expect(decoded.settings).toEqual({ epochs: 1 });
  });
});
