import { describe, expect, it } from 'vitest';
import { decodeHash } from '../core/config/hash';
import { PRESETS } from '../core/config/presets';
import { FakeEngine } from '../testing/fakeEngine';
import { applyLink } from './linkHash';
import { createAppStore } from './store';

const isKnownPreset = (id: string) => PRESETS.some((p) => p.id === id);

/** A store on the LeNet-style preset (plain SGD at 0.01), whatever the default preset is. */
function lenetStore() {
  const store = createAppStore(new FakeEngine());
  store.getState().applyPreset('lenet-5x5');
  return store;
}

function openLink(hash: string) {
  const store = createAppStore(new FakeEngine());
  applyLink(store, decodeHash(hash, isKnownPreset), 'en');
  return store;
}

describe('choosing an optimizer sets its conventional learning rate', () => {
  it('SGD to Adam sets 0.001, then Adadelta 1.0, and the page knows which optimizer set it', () => {
    const store = lenetStore();
    expect(store.getState().settings).toMatchObject({ optimizer: 'sgd', learningRate: 0.01 });
    store.getState().setSetting('optimizer', 'adam');
    expect(store.getState().settings).toMatchObject({ optimizer: 'adam', learningRate: 0.001 });
    expect(store.getState().learningRateSetFor).toBe('adam');
    store.getState().setSetting('optimizer', 'adadelta');
    expect(store.getState().settings.learningRate).toBe(1);
    store.getState().setSetting('optimizer', 'rmsprop');
    expect(store.getState().settings.learningRate).toBe(0.001);
  });

  it('keeps a rate the student typed, through every later optimizer change', () => {
    const store = lenetStore();
    store.getState().setSetting('learningRate', '0.05');
    store.getState().setSetting('optimizer', 'adam');
    expect(store.getState().settings).toMatchObject({ optimizer: 'adam', learningRate: 0.05 });
    expect(store.getState().learningRateSetFor).toBeNull();
    expect(store.getState().isLearningRateChosen).toBe(true);
  });

  it('a half-typed rate does not count as a choice, but its error goes when the optimizer brings a valid rate', () => {
    const store = lenetStore();
    store.getState().setSetting('learningRate', '');
    expect(store.getState().fieldErrors.learningRate).toBeDefined();
    expect(store.getState().isLearningRateChosen).toBe(false);
    store.getState().setSetting('optimizer', 'adam');
    expect(store.getState().settings.learningRate).toBe(0.001);
    expect(store.getState().fieldErrors.learningRate).toBeUndefined();
  });

  it('a preset brings its own rate and forgets the typed one', () => {
    const store = lenetStore();
    store.getState().setSetting('learningRate', '0.05');
    store.getState().applyPreset('pytorch-classic');
    // SGD with momentum at the recipe's 0.01.
    expect(store.getState().settings).toMatchObject({ optimizer: 'momentum', learningRate: 0.01 });
    expect(store.getState().isLearningRateChosen).toBe(false);
    store.getState().setSetting('optimizer', 'adam');
    expect(store.getState().settings.learningRate).toBe(0.001);
  });

  it('a link that sets a rate of its own keeps it; one that carries only the optimizer\'s usual rate does not', () => {
    const chosen = openLink('preset=lenet-5x5&learningRate=0.05');
    chosen.getState().setSetting('optimizer', 'adam');
    expect(chosen.getState().settings.learningRate).toBe(0.05);

    const usual = openLink('preset=lenet-5x5&optimizer=adam&learningRate=0.001');
    usual.getState().setSetting('optimizer', 'sgd');
    expect(usual.getState().settings.learningRate).toBe(0.01);
  });

  it('an instructor who hid the learning rate keeps it through optimizer changes', () => {
    const store = openLink('preset=lenet-5x5&hide=learningRate');
    store.getState().setSetting('optimizer', 'adam');
    expect(store.getState().settings).toMatchObject({ optimizer: 'adam', learningRate: 0.01 });
  });
});
