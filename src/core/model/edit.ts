/**
 * Pure edits of a layer stack for the layer editor: each returns a new array and leaves its
 * input alone, so the store can compare stacks by reference.
 */
import { MAX_LAYERS, type LayerKind, type LayerSpec, type OutputActivation, type Padding } from './spec';

/** Any subset of any layer's settings; keys the layer does not have are dropped. */
export interface LayerPatch {
  /** A different kind starts from that kind's default (max and average pooling keep their sizes). */
  kind?: LayerKind;
  filters?: number;
  kernelSize?: number;
  strides?: number;
  padding?: Padding;
  activation?: OutputActivation;
  poolSize?: number;
  units?: number;
  rate?: number;
}

/** The layer a student most likely wants when adding one of this kind. */
export function defaultLayer(kind: LayerKind): LayerSpec {
  switch (kind) {
    case 'conv2d':
      return { kind, filters: 32, kernelSize: 3, strides: 1, padding: 'valid', activation: 'relu' };
    case 'maxPool':
    case 'avgPool':
      return { kind, poolSize: 2, strides: 2 };
    case 'dense':
      return { kind, units: 128, activation: 'relu' };
    case 'dropout':
      return { kind, rate: 0.25 };
    case 'flatten':
    case 'batchNorm':
      return { kind };
  }
}

/**
 * Where a new layer of `kind` goes when the student does not say: image layers (convolution,
 * pooling, batch norm) before the first Flatten or Dense, everything else before the final
 * classifier, so that adding a layer to a working model keeps it working where it can.
 */
export function defaultInsertIndex(layers: readonly LayerSpec[], kind: LayerKind): number {
  const last = layers[layers.length - 1];
  const beforeClassifier = last?.kind === 'dense' ? layers.length - 1 : layers.length;
  const firstFlat = layers.findIndex((layer) => layer.kind === 'flatten' || layer.kind === 'dense');
  const isImageLayer = kind === 'conv2d' || kind === 'maxPool' || kind === 'avgPool' || kind === 'batchNorm';
  const hasFlatten = layers.some((layer) => layer.kind === 'flatten');
  if (isImageLayer || (kind === 'flatten' && !hasFlatten)) return firstFlat === -1 ? beforeClassifier : firstFlat;
  return beforeClassifier;
}

/** Inserts the default layer of `kind` at `index` (clamped), or where defaultInsertIndex says. */
export function insertLayer(layers: readonly LayerSpec[], kind: LayerKind, index?: number): LayerSpec[] {
  if (layers.length >= MAX_LAYERS) return [...layers];
  const at = index === undefined ? defaultInsertIndex(layers, kind) : clamp(Math.round(index), 0, layers.length);
  return [...layers.slice(0, at), defaultLayer(kind), ...layers.slice(at)];
}

export function removeLayer(layers: readonly LayerSpec[], index: number): LayerSpec[] {
  return layers.filter((_, i) => i !== index);
}

/** Moves the layer at `index` by `delta` places, stopping at either end. */
export function moveLayer(layers: readonly LayerSpec[], index: number, delta: number): LayerSpec[] {
  const result = [...layers];
  if (index < 0 || index >= layers.length) return result;
  const to = clamp(index + Math.round(delta), 0, layers.length - 1);
  const [moved] = result.splice(index, 1);
  result.splice(to, 0, moved);
  return result;
}

/** Applies `patch` to the layer at `index`; a patch with a new kind replaces the layer. */
export function updateLayer(layers: readonly LayerSpec[], index: number, patch: LayerPatch): LayerSpec[] {
  return layers.map((layer, i) => (i === index ? patchLayer(layer, patch) : layer));
}

function patchLayer(layer: LayerSpec, patch: LayerPatch): LayerSpec {
  let base: LayerSpec = layer;
  if (patch.kind !== undefined && patch.kind !== layer.kind) {
    base = defaultLayer(patch.kind);
    if ((base.kind === 'maxPool' || base.kind === 'avgPool') && (layer.kind === 'maxPool' || layer.kind === 'avgPool')) {
      base = { ...base, poolSize: layer.poolSize, strides: layer.strides };
    }
  }
  // Only the keys this kind of layer has, so a stray key never reaches the model or the link.
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (key !== 'kind' && key in base && value !== undefined) result[key] = value;
  }
  return result as unknown as LayerSpec;
}

/** True when both stacks have the same layers with the same settings. */
export function sameLayers(a: readonly LayerSpec[], b: readonly LayerSpec[]): boolean {
  return a.length === b.length && a.every((layer, i) => sameLayer(layer, b[i]));
}

function sameLayer(a: LayerSpec, b: LayerSpec): boolean {
  const aEntries = Object.entries(a);
  const bRecord = b as unknown as Record<string, unknown>;
  return aEntries.length === Object.keys(b).length && aEntries.every(([key, value]) => bRecord[key] === value);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
