/**
 * The link of a set-up: what the address bar holds (urlSync.ts) and what the "Share this set-up"
 * panel offers, written by one function so the two never disagree.
 */
import { encodeHash, type DecodedHash, type Hideable, type View } from '../core/config/hash';
import type { Language } from '../core/config/language';
import { isChosenLearningRate } from '../core/config/learningRates';
import { selectPresetLayers } from './selectors';
import { presetBaseline, type AppState, type AppStore } from './store';

/**
 * Puts a read link into the store: its preset, then its own values over the preset's; then what
 * it hides is fixed (the store refuses to change a hidden setting, even through a preset).
 * Without lang= the page speaks `browserLanguage` and the link stays without one.
 */
export function applyLink(store: AppStore, decoded: DecodedHash, browserLanguage: Language): void {
  store.setState({ hidden: [] });
  if (decoded.presetId) store.getState().applyPreset(decoded.presetId);
  store.setState((s) => ({
    settings: { ...s.settings, ...decoded.settings }, layers: decoded.layers ?? s.layers, hidden: decoded.hidden,
    view: decoded.view ?? 'standard',
    language: decoded.language ?? browserLanguage, isLanguageChosen: decoded.language !== null,
    // A rate the link chose itself stays through optimizer changes; a preset's or an optimizer's usual one does not.
    isLearningRateChosen: isChosenLearningRate(decoded.settings, presetBaseline(s.presetId)), learningRateSetFor: null,
  }));
}

/**
 * The hash (without '#') that reopens this state's settings, preset, layers and chosen language,
 * with the classroom part given (hide=, view=) and any pass-through flags (thread=main) last.
 */
export function linkHashOf(
  state: AppState,
  classroom: { hidden: readonly Hideable[]; view: View },
  flags: Record<string, string> = {},
): string {
  const { settings, presetId } = state;
  const language = state.isLanguageChosen ? state.language : null;
  // Relative to what the preset alone gives, which is what reading the link back starts from.
  let hash = encodeHash(settings, presetBaseline(presetId), presetId, { current: state.layers, preset: selectPresetLayers(state) }, language, classroom);
  for (const [key, value] of Object.entries(flags)) hash += `&${encodeURIComponent(key)}=${encodeURIComponent(value)}`;
  return hash;
}
