import { describe, expect, it } from 'vitest';
import { decodeHash } from '../core/config/hash';
import { PRESETS } from '../core/config/presets';
import { FakeEngine } from '../testing/fakeEngine';
import { applyLink, linkHashOf } from './linkHash';
import { pairSetup } from './runsSlice';
import { createAppStore } from './store';

const isKnownPreset = (id: string) => PRESETS.some((p) => p.id === id);

/** A store opened from `hash`, as the page opens one from its address. */
function openLink(hash: string) {
  const store = createAppStore(new FakeEngine());
  const decoded = decodeHash(hash, isKnownPreset);
  applyLink(store, decoded, 'en');
  return { store, decoded };
}

describe("an instructor's link keeps what it fixes", () => {
  it('a hidden setting keeps the link value through a preset switch; a visible one takes the preset', () => {
    const { store } = openLink('preset=small-dense&epochs=1&batchSize=128&hide=preset,layers,epochs');
    expect(store.getState().settings.epochs).toBe(1);
    // The preset picker is hidden, so only the lenient path is left: hide less and switch.
    store.setState({ hidden: ['epochs'] });
    store.getState().applyPreset('small-conv');
    const { settings, presetId, layers } = store.getState();
    expect(presetId).toBe('small-conv');
    expect(settings.epochs).toBe(1);
    // Not hidden: the preset's value (small-conv trains with batches of 32).
    expect(settings.batchSize).toBe(32);
    expect(layers[0].kind).toBe('conv2d');
    // The address written back keeps epochs=1 against small-conv's 5.
    expect(linkHashOf(store.getState(), { hidden: ['epochs'], view: 'standard' })).toBe('v=2&preset=small-conv&epochs=1&hide=epochs');
  });

  it('the same switch without hide= takes the preset epochs (what went wrong before)', () => {
    const { store } = openLink('preset=small-dense&epochs=1');
    store.getState().applyPreset('small-conv');
    expect(store.getState().settings.epochs).toBe(5);
  });

  it('a hidden setting refuses edits, a hidden backend included; a visible one still changes', () => {
    const { store } = openLink('preset=small-dense&epochs=1&backend=wasm&hide=epochs,backend');
    store.getState().setSetting('epochs', 7);
    store.getState().chooseBackend('cpu');
    store.getState().setSetting('batchSize', 128);
    const { settings } = store.getState();
    expect(settings.epochs).toBe(1);
    expect(settings.backend).toBe('wasm');
    expect(settings.batchSize).toBe(128);
  });

  it('hidden layers stay through a preset switch and refuse edits; a hidden preset picker refuses switches', () => {
    const { store } = openLink('preset=small-dense&hide=layers');
    const before = store.getState().layers;
    store.getState().applyPreset('small-conv');
    expect(store.getState().layers).toBe(before);
    store.getState().removeLayer(1);
    store.getState().addLayer('dropout');
    expect(store.getState().layers).toBe(before);

    const locked = openLink('preset=small-dense&hide=preset').store;
    locked.getState().applyPreset('small-conv');
    expect(locked.getState().presetId).toBe('small-dense');
  });

  it('a second link replaces the first one fixed values instead of being refused by them', () => {
    const { store } = openLink('preset=small-dense&epochs=1&hide=preset,epochs');
    applyLink(store, decodeHash('preset=small-conv&epochs=2', isKnownPreset), 'en');
    expect(store.getState().presetId).toBe('small-conv');
    expect(store.getState().settings.epochs).toBe(2);
    expect(store.getState().hidden).toEqual([]);
  });

  it('"Conv vs dense" trains both nets with the values the link fixed; the rest of each recipe stays', () => {
    const { store } = openLink('preset=small-dense&optimizer=sgd&learningRate=0.05&epochs=1&batchSize=128&hide=optimizer,learningRate');
    const { settings, hidden } = store.getState();
    for (const presetId of ['small-dense', 'small-conv'] as const) {
      const setup = pairSetup(presetId, settings, hidden);
      expect(setup.settings.optimizer).toBe('sgd');
      expect(setup.settings.learningRate).toBe(0.05);
      expect(setup.settings.epochs).toBe(1);
      // Not hidden: the recipe's own batch size.
      expect(setup.settings.batchSize).toBe(32);
    }
    expect(pairSetup('small-conv', settings).settings.optimizer).toBe('adam');
  });

  it('view=present opens the presenter view and the written link keeps it, with hide= in the link order', () => {
    const { store, decoded } = openLink('preset=small-dense&hide=backend,epochs,preset&view=present');
    expect(decoded.ignored).toEqual([]);
    expect(store.getState().view).toBe('present');
    const state = store.getState();
    expect(linkHashOf(state, { hidden: state.hidden, view: state.view })).toBe('v=2&preset=small-dense&hide=backend,epochs,preset&view=present');
    expect(linkHashOf(state, { hidden: [], view: 'standard' }, { thread: 'main' })).toBe('v=2&preset=small-dense&thread=main');
  });
});
