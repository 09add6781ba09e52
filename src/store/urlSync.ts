/**
 * Keeps the URL hash and the store in step: read once at start-up (field by field, so a bad value
 * loses only itself), written back whenever a setting or a layer changes, so the address is
 * always a link that reopens the same set-up.
 */
import { decodeHash, type IgnoredParam } from '../core/config/hash';
import { pickLanguage } from '../core/config/language';
import { PRESETS } from '../core/config/presets';
import { useAppStore } from './appStore';
import { applyLink, linkHashOf } from './linkHash';

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
  applyLink(useAppStore, decoded, pickLanguage(preferredLanguages));
  return { ignored: decoded.ignored, flags: decoded.flags };
}

/**
 * Writes the hash on every settings, preset, layer, chosen-language or view change; returns the
 * unsubscribe function. The hidden list travels on unchanged, so a student's own edits keep the
 * instructor's view.
 */
export function syncHashFromStore(flags: Record<string, string>): () => void {
  const write = () => {
    const state = useAppStore.getState();
    const hash = linkHashOf(state, { hidden: state.hidden, view: state.view }, flags);
    if (location.hash.slice(1) !== hash) history.replaceState(null, '', `#${hash}`);
  };
  write();
  return useAppStore.subscribe((state, previous) => {
    const languageChanged = state.language !== previous.language || state.isLanguageChosen !== previous.isLanguageChosen;
    const classroomChanged = state.hidden !== previous.hidden || state.view !== previous.view;
    if (state.settings !== previous.settings || state.presetId !== previous.presetId || state.layers !== previous.layers || languageChanged || classroomChanged) write();
  });
}
