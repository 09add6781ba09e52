import { renderToStaticMarkup } from 'react-dom/server';
import { createElement, isValidElement, type ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, matchLanguage, pickLanguage } from '../core/config/language';
import { PRESETS } from '../core/config/presets';
import { layerLabel } from '../core/model/describe';
import { englishWords } from '../testing/englishWords';
import {
  APP_MESSAGES, BACKEND_NOTES, DATA_PROBLEMS, FIELD_PROBLEMS, LAYER_PROBLEMS, LINK_LAYER_PROBLEMS, LINK_PROBLEMS, MODEL_FILE_PROBLEMS,
  PROBE_PROBLEMS, SKIP_REASONS,
} from '../testing/messageSamples';
import { en } from './en';
import { formatFor } from './format';
import { CATALOGUES, i18nFor, type I18n } from './i18n';
import { word } from './words';
import { zhCN } from './zhCN';

/** Every string of a catalogue with its path (functions are checked by arity against English's). */
function leaves(value: unknown, path = ''): { path: string; value: unknown }[] {
  if (typeof value === 'string' || typeof value === 'function') return [{ path, value }];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, v]) => leaves(v, path ? `${path}.${key}` : key));
  return [{ path, value }];
}

/** What a rich entry shows, as text. */
function text(node: ReactNode): string {
  return typeof node === 'string' ? node : isValidElement(node) ? renderToStaticMarkup(node).replace(/<[^>]+>/g, '') : String(node);
}

/** Every coded message the catalogue tests word, with the function that words each kind in a language. */
function wordedSamples(i18n: I18n): { code: string; text: string }[] {
  const { problems } = i18n.t;
  const all = [
    ...Object.values(APP_MESSAGES).map((m) => ({ code: m.code, text: i18n.say(m) })),
    ...Object.values(LAYER_PROBLEMS).map((m) => ({ code: m.code, text: i18n.layerProblem(m) })),
    ...Object.values(FIELD_PROBLEMS).map((m) => ({ code: m.code, text: i18n.fieldProblem(m) })),
    ...Object.values(LINK_PROBLEMS).map((m) => ({ code: m.code, text: i18n.linkProblem(m) })),
    ...Object.values(LINK_LAYER_PROBLEMS).map((m) => ({ code: m.code, text: i18n.linkLayerProblem(m) })),
    ...Object.values(DATA_PROBLEMS).map((m) => ({ code: m.code, text: i18n.dataProblem(m) })),
    ...Object.values(PROBE_PROBLEMS).map((m) => ({ code: m.code, text: i18n.probeProblem(m) })),
    ...Object.values(MODEL_FILE_PROBLEMS).map((m) => ({ code: m.code, text: i18n.modelFileProblem(m) })),
    ...Object.values(SKIP_REASONS).map((m) => ({ code: m.code, text: word(problems.skipReasons, m, i18n) })),
    ...Object.values(BACKEND_NOTES).map((m) => ({ code: m.code, text: word(problems.backendNotes, m, i18n) })),
  ];
  return all;
}

describe('the zh-CN catalogue', () => {
  const english = new Map(leaves(en).map((leaf) => [leaf.path, leaf.value]));
  const chinese = leaves(zhCN);

  it('has every entry English has, and no other', () => {
    expect(chinese.map((leaf) => leaf.path).sort()).toEqual([...english.keys()].sort());
  });

  it('has no empty string, and its functions take what English takes', () => {
    for (const { path, value } of chinese) {
      if (typeof value === 'string') expect(value.trim(), path).not.toBe('');
      else expect((value as (...args: unknown[]) => unknown).length, path).toBe((english.get(path) as (...args: unknown[]) => unknown).length);
    }
  });

  it('is Chinese, apart from technical names', () => {
    for (const { path, value } of chinese) {
      if (typeof value !== 'string') continue;
      expect(englishWords(value), `${path}: ${value}`).toEqual([]);
    }
  });

  it('words every code core, engine and store return, in Chinese', () => {
    for (const sample of wordedSamples(i18nFor('zh-CN'))) {
      expect(sample.text.trim(), sample.code).not.toBe('');
      // An exception is tfjs's or the browser's own words, passed on as they are.
      if (sample.code !== 'exception') expect(sample.text, sample.code).toMatch(/[\u4e00-\u9fff]/);
      expect(englishWords(sample.text), `${sample.code}: ${sample.text}`).toEqual([]);
    }
  });

  it('words its rich sentences around the markup it is given', () => {
    const zh = i18nFor('zh-CN').t;
    const strong = (name: string) => createElement('strong', null, name);
    expect(text(zh.backend.runsOn(strong('WebAssembly'), 'WASM SIMD 已开启', true))).toBe(
      '训练运行在 WebAssembly 上（WASM SIMD 已开启），位于页面主线程，每批之后让出主线程。',
    );
    expect(text(zh.models.reading(strong('现成模型'), '随页面提供', '184,586', false))).toBe('正在识别手写数字：现成模型（随页面提供，184,586 个参数）');
    expect(englishWords(text(zh.export.twoFiles('model.json', 'mnist-model.weights.bin', createElement('code', null, 'tf.loadLayersModel()'))))).toEqual([]);
  });
});

describe('every language', () => {
  it.each(LANGUAGES)('%s words every code', (language) => {
    for (const sample of wordedSamples(i18nFor(language))) expect(sample.text.trim(), sample.code).not.toBe('');
  });

  it.each(LANGUAGES)('%s has a title, a one-line description and a source for every preset', (language) => {
    for (const preset of PRESETS) {
      const words = CATALOGUES[language].presets[preset.id];
      expect(words.title.length, preset.id).toBeGreaterThan(0);
      expect(words.description, preset.id).not.toMatch(/\n/);
      expect(words.description.length, preset.id).toBeLessThan(140);
      expect(words.reference.length, preset.id).toBeGreaterThan(0);
    }
  });

  it.each(LANGUAGES)('%s names the fair pair with their parameter counts', (language) => {
    const { presets } = CATALOGUES[language];
    for (const id of ['small-dense', 'small-conv'] as const) {
      expect(presets[id].description).toContain('12,730');
      expect(presets[id].description).toContain('12,810');
    }
  });

  it('names a layer in English exactly as core labels it', () => {
    const english = i18nFor('en');
    for (const layer of PRESETS.flatMap((p) => p.layers)) expect(english.layerName(layer)).toBe(layerLabel(layer));
    const strided = { kind: 'conv2d', filters: 16, kernelSize: 3, strides: 2, padding: 'same', activation: 'tanh' } as const;
    expect(english.layerName(strided)).toBe(layerLabel(strided));
    expect(i18nFor('zh-CN').layerName(strided)).toBe('Conv2D 16 3x3 步幅 2 same tanh');
  });

  it('names models: the ready one, a run, a fine-tuned one, one the student named', () => {
    const name = { kind: 'fineTuned', base: { kind: 'ready' }, sampleCount: 2 } as const;
    expect(i18nFor('en').modelName(name)).toBe('Ready model + 2 of your digits');
    expect(i18nFor('zh-CN').modelName(name)).toBe('现成模型 + 你的 2 个数字');
    expect(i18nFor('en').modelName({ kind: 'run', runId: 3 })).toBe('Run 3');
    expect(i18nFor('zh-CN').modelName({ kind: 'given', text: 'my digits' })).toBe('my digits');
  });
});

describe('the language pick', () => {
  it('takes the first of the browser languages the page speaks: any Chinese is zh-CN', () => {
    expect(pickLanguage(['zh-CN', 'en'])).toBe('zh-CN');
    expect(pickLanguage(['zh-TW'])).toBe('zh-CN');
    expect(pickLanguage(['zh'])).toBe('zh-CN');
    expect(pickLanguage(['fr-FR', 'zh-HK', 'en'])).toBe('zh-CN');
    expect(pickLanguage(['en-GB', 'zh-CN'])).toBe('en');
    expect(pickLanguage(['fr', 'de'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
  });

  it('reads a link value leniently and nothing else', () => {
    expect(matchLanguage('zh-cn')).toBe('zh-CN');
    expect(matchLanguage('ZH_Hans')).toBe('zh-CN');
    expect(matchLanguage('en-US')).toBe('en');
    expect(matchLanguage('english')).toBeNull();
    expect(matchLanguage('zhx')).toBeNull();
  });
});

describe('formatting', () => {
  it('follows the language', () => {
    const english = formatFor('en');
    const chinese = formatFor('zh-CN');
    expect(english.int(184_586)).toBe('184,586');
    expect(english.percent(0.9949)).toBe('99.5%');
    expect(english.percent(0.99491, 2)).toBe('99.49%');
    expect(english.fixed(0.12345, 3)).toBe('0.123');
    expect(english.number(0.000001)).toBe('0.000001');
    expect(english.bytes(742_501)).toBe('725 kB');
    expect(english.bytes(12.3 * 2 ** 20)).toBe('12.3 MB');
    // A browser's storage quota (the run history's size line).
    expect(english.bytes(4.5 * 2 ** 30)).toBe('4.5 GB');
    expect(english.bytes(512)).toBe('512 bytes');
    expect(chinese.bytes(512)).toBe('512字节');
    expect(english.duration(125)).toBe('2 min 5 sec');
    expect(chinese.duration(125)).toBe('2分钟5秒');
    expect(chinese.duration(Number.NaN)).toBe('–');
    expect(english.compact(461_234)).toBe('461K');
    expect(chinese.compact(461_234)).toBe('46.1万');
    expect(english.compact(1280)).toBe('1,280');
    expect(chinese.dateTime('2026-01-02T10:20:00')).toMatch(/^2026年1月2日/);
  });
});
