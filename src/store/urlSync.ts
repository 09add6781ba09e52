/**
 * Keeps the URL hash and the store in step: read once at start-up (field by field, so a bad value
 * loses only itself), written back whenever a setting or a layer changes, so the address is
 * always a link that reopens the same set-up.
 */
import { decodeHash, encodeHash, type IgnoredParam } from '../core/config/hash';
import { pickLanguage } from '../core/config/language';
import { PRESETS } from '../core/config/presets';
import { selectPresetLayers } from './selectors';
import { useAppStore } from './appStore';
import { presetBaseline } from './store';

export interface HashStart {
  ignored: IgnoredParam[];
  flags: Record<string, string>;
}

const isKnownPreset = (id: string) => PRESETS.some((p) => p.id === id);

/**
 * Applies the hash to the store. Call before the engine starts (the backend choice is in it).
 * Without lang= the browser's preferred languages pick the page's, and the link stays without one.
 */
export function applyHash(hash: string, preferredLanguages: readonly string[] = navigator.languages ?? []): HashStart {
  const decoded = decodeHash(hash, isKnownPreset);
  const store = useAppStore.getState();
  if (decoded.presetId) store.applyPreset(decoded.presetId);
  useAppStore.setState((s) => ({
    settings: { ...s.settings, ...decoded.settings }, layers: decoded.layers ?? s.layers, hidden: decoded.hidden,
    language: decoded.language ?? pickLanguage(preferredLanguages), isLanguageChosen: decoded.language !== null,
  }));
  // The hidden list travels on unchanged, so a student's own edits keep the instructor's view.
  const flags = decoded.hidden.length > 0 ? { ...decoded.flags, hide: decoded.hidden.join(',') } : decoded.flags;
  return { ignored: decoded.ignored, flags };
}

/** Writes the hash on every settings, preset, layer or chosen-language change; returns the unsubscribe function. */
export function syncHashFromStore(flags: Record<string, string>): () => void {
  const write = () => {
    const state = useAppStore.getState();
    const { settings, presetId } = state;
    // Relative to what the preset alone gives, which is what reading the link back starts from.
    const language = state.isLanguageChosen ? state.language : null;
    let hash = encodeHash(settings, presetBaseline(presetId), presetId, { current: state.layers, preset: selectPresetLayers(state) }, language);
    // Commas stay readable in hide=optimizer,learningRate.
    for (const [key, value] of Object.entries(flags)) hash += `&${encodeURIComponent(key)}=${encodeURIComponent(value).replace(/%2C/g, ',')}`;
    if (location.hash.slice(1) !== hash) history.replaceState(null, '', `#${hash}`);
  };
  write();
  return useAppStore.subscribe((state, previous) => {
    const languageChanged = state.language !== previous.language || state.isLanguageChosen !== previous.isLanguageChosen;
    if (state.settings !== previous.settings || state.presetId !== previous.presetId || state.layers !== previous.layers || languageChanged) write();
  });
}
