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
import { checkSettings } from '../model/describe';
import { MAX_LAYERS, type Activation, type LayerKind, type LayerSpec, type OutputActivation, type Padding } from '../model/spec';

export interface LayerItemError {
  /** 1-based position of the item in the list, or 0 for a problem of the whole list. */
  item: number;
  /** The item as written (shortened when long). */
  text: string;
  reason: string;
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

/** What each kind's values are called, in order, for messages. */
const VALUE_NAMES: Record<LayerKind, readonly string[]> = {
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
  const whole = (reason: string): DecodedLayers => ({ ok: false, errors: [{ item: 0, text: shorten(String(text)), reason }] });
  if (typeof text !== 'string' || text.trim() === '') return whole('the layer list is empty');
  if (text.length > MAX_TEXT_LENGTH) return whole(`the layer list is longer than ${MAX_TEXT_LENGTH} characters`);
  const items = text.split(',');
  if (items.length > MAX_LAYERS) return whole(`a model may have at most ${MAX_LAYERS} layers (this one has ${items.length})`);

  const layers: LayerSpec[] = [];
  const errors: LayerItemError[] = [];
  items.forEach((item, i) => {
    const result = decodeLayer(item.trim());
    if (typeof result === 'string') errors.push({ item: i + 1, text: shorten(item), reason: result });
    else layers.push(result);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, layers };
}

/** One line for a person, e.g. 'item 2 "conv:-3:5:1:valid:relu": Filters must be ...'. */
export function describeLayerErrors(errors: readonly LayerItemError[]): string {
  return errors.map((e) => (e.item === 0 ? e.reason : `item ${e.item} "${e.text}": ${e.reason}`)).join('; ');
}

/** The layer an item describes, or why it cannot be read. */
function decodeLayer(item: string): LayerSpec | string {
  if (item === '') return 'empty item (two commas in a row?)';
  const [token, ...values] = item.split(':');
  const kind = kindOf(token);
  if (kind === null) {
    return `unknown layer kind "${shorten(token)}"; use one of ${Object.values(KIND_TOKENS).join(', ')}`;
  }
  const names = VALUE_NAMES[kind];
  if (values.length !== names.length) {
    const form = [KIND_TOKENS[kind], ...names.map((n) => n.toUpperCase())].join(':');
    return names.length === 0
      ? `${KIND_TOKENS[kind]} takes no values`
      : `${KIND_TOKENS[kind]} needs ${names.length} value${names.length > 1 ? 's' : ''} (${form}), got ${values.length}`;
  }
  const number = (at: number): number | string => {
    const raw = values[at];
    if (!/^-?(\d+\.?\d*|\.\d+)$/.test(raw)) return `${names[at]} "${shorten(raw)}" is not a number`;
    return Number(raw);
  };
  const pick = <T extends string>(at: number, allowed: readonly T[]): T | string => {
    const found = allowed.find((option) => option.toLowerCase() === values[at].toLowerCase());
    return found ?? `${names[at]} "${shorten(values[at])}" is not one of ${allowed.join(', ')}`;
  };

  let spec: LayerSpec;
  switch (kind) {
    case 'conv2d': {
      const [filters, kernelSize, strides] = [number(0), number(1), number(2)];
      const padding = pick(3, PADDINGS);
      const activation = pick(4, ACTIVATIONS);
      const problem = firstProblem(filters, kernelSize, strides);
      if (problem) return problem;
      if (!PADDINGS.includes(padding as Padding)) return padding;
      if (!ACTIVATIONS.includes(activation as OutputActivation)) return activation;
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
      if (typeof units === 'string') return units;
      if (!ACTIVATIONS.includes(activation as OutputActivation)) return activation;
      spec = { kind, units, activation: activation as OutputActivation };
      break;
    }
    case 'dropout': {
      const rate = number(0);
      if (typeof rate === 'string') return rate;
      spec = { kind, rate };
      break;
    }
    case 'flatten':
    case 'batchNorm':
      spec = { kind };
      break;
  }
  // Ranges (negative filters, a dropout of 1, softmax on a convolution) as describeModel words them.
  return checkSettings(spec)?.replace(/\.$/, '') ?? spec;
}

function kindOf(token: string): LayerKind | null {
  const lower = token.toLowerCase();
  if (lower === 'conv2d') return 'conv2d';
  const entry = Object.entries(KIND_TOKENS).find(([, t]) => t.toLowerCase() === lower);
  return entry ? (entry[0] as LayerKind) : null;
}

function firstProblem(...values: (number | string)[]): string | null {
  const problem = values.find((value) => typeof value === 'string');
  return typeof problem === 'string' ? problem : null;
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
