/**
 * The layer stack in a link, compact enough to read and edit by hand:
 *
 *   conv:32:5:1:valid:relu,maxPool:2:2,flatten,dense:128:relu,dense:10:softmax
 *
 * One item per layer, separated by commas; each item is a kind followed by its settings in a
 * fixed order, separated by colons:
 *
 *   conv:FILTERS:KERNEL:STRIDE:PADDING:ACTIVATION   maxPool:SIZE:STRIDE   avgPool:SIZE:STRIDE
 *   dense:UNITS:ACTIVATION   dropout:RATE   flatten   batchNorm
 *
 * Only letters, digits, '.', ':' and ',' appear, so the text goes into a URL hash unescaped.
 * The grammar is versioned by the hash's `v` (HASH_VERSION 2 introduced it); a change to it must
 * bump HASH_VERSION and keep reading this one.
 */
import { checkSettings, type LayerProblem } from '../model/describe';
import { MAX_LAYERS, type Activation, type LayerKind, type LayerSpec, type OutputActivation, type Padding } from '../model/spec';

/** Why an item (or the whole list) cannot be read: a code with its parameters, worded by the page. */
export type LayerItemProblem =
  | { code: 'listEmpty' }
  | { code: 'listTooLong'; max: number }
  | { code: 'tooManyLayers'; max: number; count: number }
  | { code: 'emptyItem' }
  | { code: 'unknownKindToken'; token: string; known: string[] }
  | { code: 'takesNoValues'; token: string }
  /** `form` spells the item's grammar, e.g. conv:FILTERS:KERNEL:STRIDE:PADDING:ACTIVATION. */
  | { code: 'wrongValueCount'; token: string; expected: number; got: number; form: string }
  | { code: 'notANumber'; name: LayerValueName; value: string }
  | { code: 'notOneOf'; name: LayerValueName; value: string; options: string[] }
  /** Well formed, but a value is out of range (as describeModel finds it). */
  | { code: 'layer'; problem: LayerProblem };

export interface LayerItemError {
  /** 1-based position of the item in the list, or 0 for a problem of the whole list. */
  item: number;
  /** The item as written (shortened when long). */
  text: string;
  reason: LayerItemProblem;
}

export type DecodedLayers = { ok: true; layers: LayerSpec[] } | { ok: false; errors: LayerItemError[] };

/** Longer than any sensible stack; a guard against pasting a novel into the address bar. */
const MAX_TEXT_LENGTH = 2000;

const KIND_TOKENS: Record<LayerKind, string> = {
  conv2d: 'conv',
  maxPool: 'maxPool',
  avgPool: 'avgPool',
  dense: 'dense',
  dropout: 'dropout',
  flatten: 'flatten',
  batchNorm: 'batchNorm',
};

/** What an item's values are called in the grammar above. */
export type LayerValueName = 'filters' | 'kernel' | 'stride' | 'padding' | 'activation' | 'size' | 'units' | 'rate';

/** What each kind's values are called, in order, for messages. */
const VALUE_NAMES: Record<LayerKind, readonly LayerValueName[]> = {
  conv2d: ['filters', 'kernel', 'stride', 'padding', 'activation'],
  maxPool: ['size', 'stride'],
  avgPool: ['size', 'stride'],
  dense: ['units', 'activation'],
  dropout: ['rate'],
  flatten: [],
  batchNorm: [],
};

const ACTIVATIONS: readonly OutputActivation[] = ['relu', 'leakyRelu', 'elu', 'sigmoid', 'tanh', 'linear', 'softmax'];
const PADDINGS: readonly Padding[] = ['valid', 'same'];

/** The text for `layers`, e.g. "flatten,dense:128:relu,dense:10:softmax". */
export function encodeLayers(layers: readonly LayerSpec[]): string {
  return layers.map(encodeLayer).join(',');
}

function encodeLayer(spec: LayerSpec): string {
  const token = KIND_TOKENS[spec.kind];
  switch (spec.kind) {
    case 'conv2d':
      return [token, spec.filters, spec.kernelSize, spec.strides, spec.padding, spec.activation].join(':');
    case 'maxPool':
    case 'avgPool':
      return [token, spec.poolSize, spec.strides].join(':');
    case 'dense':
      return [token, spec.units, spec.activation].join(':');
    case 'dropout':
      return [token, spec.rate].join(':');
    case 'flatten':
    case 'batchNorm':
      return token;
  }
}

/**
 * Reads a layer list. Every item is checked, and every bad one is reported with its position and
 * the reason, so a student can repair a hand-edited link. Never throws.
 */
export function decodeLayers(text: string): DecodedLayers {
  const whole = (reason: LayerItemProblem): DecodedLayers => ({ ok: false, errors: [{ item: 0, text: shorten(String(text)), reason }] });
  if (typeof text !== 'string' || text.trim() === '') return whole({ code: 'listEmpty' });
  if (text.length > MAX_TEXT_LENGTH) return whole({ code: 'listTooLong', max: MAX_TEXT_LENGTH });
  const items = text.split(',');
  if (items.length > MAX_LAYERS) return whole({ code: 'tooManyLayers', max: MAX_LAYERS, count: items.length });

  const layers: LayerSpec[] = [];
  const errors: LayerItemError[] = [];
  items.forEach((item, i) => {
    const result = decodeLayer(item.trim());
    if ('code' in result) errors.push({ item: i + 1, text: shorten(item), reason: result });
    else layers.push(result);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, layers };
}

/** The layer an item describes, or why it cannot be read. */
function decodeLayer(item: string): LayerSpec | LayerItemProblem {
  if (item === '') return { code: 'emptyItem' };
  const [token, ...values] = item.split(':');
  const kind = kindOf(token);
  if (kind === null) return { code: 'unknownKindToken', token: shorten(token), known: Object.values(KIND_TOKENS) };
  const names = VALUE_NAMES[kind];
  if (values.length !== names.length) {
    const form = [KIND_TOKENS[kind], ...names.map((n) => n.toUpperCase())].join(':');
    return names.length === 0
      ? { code: 'takesNoValues', token: KIND_TOKENS[kind] }
      : { code: 'wrongValueCount', token: KIND_TOKENS[kind], expected: names.length, got: values.length, form };
  }
  const number = (at: number): number | LayerItemProblem => {
    const raw = values[at];
    if (!/^-?(\d+\.?\d*|\.\d+)$/.test(raw)) return { code: 'notANumber', name: names[at], value: shorten(raw) };
    return Number(raw);
  };
  const pick = <T extends string>(at: number, allowed: readonly T[]): T | LayerItemProblem => {
    const found = allowed.find((option) => option.toLowerCase() === values[at].toLowerCase());
    return found ?? { code: 'notOneOf', name: names[at], value: shorten(values[at]), options: [...allowed] };
  };

  let spec: LayerSpec;
  switch (kind) {
    case 'conv2d': {
      const [filters, kernelSize, strides] = [number(0), number(1), number(2)];
      const padding = pick(3, PADDINGS);
      const activation = pick(4, ACTIVATIONS);
      const problem = firstProblem(filters, kernelSize, strides, padding, activation);
      if (problem) return problem;
      spec = { kind, filters: filters as number, kernelSize: kernelSize as number, strides: strides as number, padding: padding as Padding, activation: activation as Activation };
      break;
    }
    case 'maxPool':
    case 'avgPool': {
      const [poolSize, strides] = [number(0), number(1)];
      const problem = firstProblem(poolSize, strides);
      if (problem) return problem;
      spec = { kind, poolSize: poolSize as number, strides: strides as number };
      break;
    }
    case 'dense': {
      const units = number(0);
      const activation = pick(1, ACTIVATIONS);
      const problem = firstProblem(units, activation);
      if (problem) return problem;
      spec = { kind, units: units as number, activation: activation as OutputActivation };
      break;
    }
    case 'dropout': {
      const rate = number(0);
      if (typeof rate !== 'number') return rate;
      spec = { kind, rate };
      break;
    }
    case 'flatten':
    case 'batchNorm':
      spec = { kind };
      break;
  }
  // Ranges (negative filters, a dropout of 1, softmax on a convolution) as describeModel finds them.
  const problem = checkSettings(spec);
  return problem ? { code: 'layer', problem } : spec;
}

function kindOf(token: string): LayerKind | null {
  const lower = token.toLowerCase();
  if (lower === 'conv2d') return 'conv2d';
  const entry = Object.entries(KIND_TOKENS).find(([, t]) => t.toLowerCase() === lower);
  return entry ? (entry[0] as LayerKind) : null;
}

function firstProblem(...values: (number | string | LayerItemProblem)[]): LayerItemProblem | null {
  const problem = values.find((value) => typeof value === 'object');
  return typeof problem === 'object' ? problem : null;
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
