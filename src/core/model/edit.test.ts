import { describe, expect, it } from 'vitest';
import { getPreset } from '../config/presets';
import { describeModel, layerLabel } from './describe';
import { defaultInsertIndex, defaultLayer, insertLayer, moveLayer, removeLayer, sameLayers, updateLayer } from './edit';
import { MAX_LAYERS, type LayerKind, type LayerSpec } from './spec';

const lenet = getPreset('lenet-5x5')!.layers;
const dense = getPreset('dense-baseline')!.layers;
const labels = (layers: readonly LayerSpec[]) => layers.map(layerLabel);

describe('layer stack edits', () => {
  it('insert sensible defaults where they keep a working model working', () => {
    const kinds: LayerKind[] = ['conv2d', 'maxPool', 'avgPool', 'dense', 'dropout', 'batchNorm', 'flatten'];
    for (const kind of kinds) {
      for (const preset of [lenet, dense]) {
        const edited = insertLayer(preset, kind);
        expect(edited).toHaveLength(preset.length + 1);
        // A second Flatten on a flat vector is harmless; everything else must stay valid.
        expect(describeModel(edited).errors, `${kind} into ${labels(preset).join(', ')}`).toEqual([]);
      }
    }
    expect(labels(insertLayer(lenet, 'conv2d'))).toEqual([
      'Conv2D 32 5x5 relu', 'MaxPool 2x2', 'Conv2D 64 5x5 relu', 'MaxPool 2x2', 'Conv2D 32 3x3 relu', 'Flatten', 'Dense 128 relu', 'Dense 10 softmax',
    ]);
    expect(labels(insertLayer(lenet, 'dense')).slice(-3)).toEqual(['Dense 128 relu', 'Dense 128 relu', 'Dense 10 softmax']);
    expect(defaultInsertIndex(dense, 'conv2d')).toBe(0);
    expect(defaultInsertIndex([], 'dense')).toBe(0);
    expect(defaultLayer('dropout')).toEqual({ kind: 'dropout', rate: 0.25 });
  });

  it('insert at a given index, clamped, and never beyond the maximum', () => {
    expect(insertLayer(dense, 'batchNorm', 99)[dense.length].kind).toBe('batchNorm');
    expect(insertLayer(dense, 'batchNorm', -3)[0].kind).toBe('batchNorm');
    const full = Array<LayerSpec>(MAX_LAYERS).fill({ kind: 'flatten' });
    expect(insertLayer(full, 'dense')).toHaveLength(MAX_LAYERS);
  });

  it('remove and move, stopping at the ends, without touching the input', () => {
    const before = structuredClone(lenet);
    expect(labels(removeLayer(lenet, 4))).not.toContain('Flatten');
    expect(labels(moveLayer(lenet, 1, -1)).slice(0, 2)).toEqual(['MaxPool 2x2', 'Conv2D 32 5x5 relu']);
    expect(labels(moveLayer(lenet, 0, -1))).toEqual(labels(lenet));
    expect(labels(moveLayer(lenet, 5, 9)).slice(-2)).toEqual(['Dense 10 softmax', 'Dense 128 relu']);
    expect(lenet).toEqual(before);
  });

  it('update settings, drop keys the layer lacks, and start a new kind from its default', () => {
    expect(updateLayer(lenet, 0, { kernelSize: 3, filters: 16 })[0]).toEqual({ ...lenet[0], kernelSize: 3, filters: 16 });
    expect(updateLayer(lenet, 4, { units: 5 })[4]).toEqual({ kind: 'flatten' });
    expect(updateLayer(lenet, 1, { kind: 'avgPool' })[1]).toEqual({ kind: 'avgPool', poolSize: 2, strides: 2 });
    expect(updateLayer([{ kind: 'maxPool', poolSize: 3, strides: 1 }], 0, { kind: 'avgPool' })[0]).toEqual({ kind: 'avgPool', poolSize: 3, strides: 1 });
    expect(updateLayer(lenet, 5, { kind: 'dropout', rate: 0.5 })[5]).toEqual({ kind: 'dropout', rate: 0.5 });
  });

  it('compare stacks by value', () => {
    expect(sameLayers(lenet, structuredClone(lenet) as LayerSpec[])).toBe(true);
    expect(sameLayers(lenet, updateLayer(lenet, 0, { kernelSize: 3 }))).toBe(false);
    expect(sameLayers(lenet, updateLayer(lenet, 0, { kernelSize: 5 }))).toBe(true);
    expect(sameLayers(lenet, lenet.slice(1))).toBe(false);
  });
});
