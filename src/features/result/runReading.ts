/**
 * The shown run read for the student (core/training/diagnosis.ts), once there is something to read:
 * its test result, or its divergence. Memoised on the store's arrays, so the headline, the verdict
 * and the suggestions share one reading and the ten updates a second of a run cost a comparison.
 */
import { getPreset } from '../../core/config/presets';
import { diagnoseRun, type Diagnosis, type Suggestion, suggestionChange } from '../../core/training/diagnosis';
import type { AppState } from '../../store/store';

export interface RunReading {
  diagnosis: Diagnosis;
  /** The settings the run trained with: a suggestion says what it changes from them. */
  settings: AppState['settings'];
  /** Dropout layers in the run's model (an added one marks that suggestion applied). */
  dropoutCount: number;
  referenceAccuracy: number | null;
}

let lastInputs: unknown[] = [];
let lastReading: RunReading | null = null;

const countDropout = (layers: readonly { kind: string }[]) => layers.filter((l) => l.kind === 'dropout').length;

/** The reading of the shown run, or null while there is none (no result yet, or a run in progress). */
export function selectRunReading(s: AppState): RunReading | null {
  const isDiverged = s.trainingStatus === 'diverged';
  if (!s.runSetup || (!s.evaluation && !isDiverged)) return null;
  const inputs = [s.runSetup, s.evaluation, isDiverged, s.batches, s.epochs];
  if (inputs.every((input, i) => input === lastInputs[i])) return lastReading;
  const { settings, layers, presetId } = s.runSetup;
  const preset = getPreset(presetId);
  const dropoutCount = countDropout(layers);
  const referenceAccuracy = preset?.referenceAccuracy ?? null;
  lastInputs = inputs;
  lastReading = {
    diagnosis: diagnoseRun({
      diverged: isDiverged,
      batches: s.batches,
      epochs: s.epochs,
      testAccuracy: s.evaluation?.accuracy ?? null,
      referenceAccuracy,
      recipeEpochs: preset?.epochs ?? null,
      settings,
      hasDropout: dropoutCount > 0,
    }),
    settings,
    dropoutCount,
    referenceAccuracy,
  };
  return lastReading;
}

/** The headline's classes: large and green only for a result worth it. */
export const selectHeadlineClass = (s: AppState): string => {
  const reading = s.evaluation ? selectRunReading(s) : null;
  return reading ? `result tone-${reading.diagnosis.tone}` : 'result';
};

/** Whether the page's settings (and layers) already hold what the suggestion changes. */
export function isSuggestionApplied(s: Pick<AppState, 'settings' | 'layers'>, suggestion: Suggestion, reading: RunReading): boolean {
  const change = suggestionChange(suggestion);
  if ('addLayer' in change) return countDropout(s.layers) > reading.dropoutCount;
  return Object.entries(change.settings).every(([key, value]) => s.settings[key as keyof AppState['settings']] === value);
}

/** Applies a suggestion to the settings or the layers (the link follows them). */
export function applySuggestion(s: AppState, suggestion: Suggestion): void {
  const change = suggestionChange(suggestion);
  if ('addLayer' in change) s.addLayer(change.addLayer);
  else for (const [key, value] of Object.entries(change.settings)) s.setSetting(key as keyof AppState['settings'], value);
}

/** A suggestion the page cannot apply: what it changes is fixed by an instructor's link. */
export function isSuggestionFixed(s: Pick<AppState, 'hidden'>, suggestion: Suggestion): boolean {
  const change = suggestionChange(suggestion);
  const hidden = s.hidden as readonly string[];
  if ('addLayer' in change) return hidden.includes('layers');
  return Object.keys(change.settings).some((key) => hidden.includes(key));
}
