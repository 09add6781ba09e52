import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Settings } from '../../core/config/fields';
import { suggestionChange, type Suggestion } from '../../core/training/diagnosis';
import type { I18n } from '../../i18n/i18n';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/appStore';
import { selectCanTrain, selectIsBusy } from '../../store/selectors';
import { applySuggestion, isSuggestionApplied, isSuggestionFixed, selectRunReading } from './runReading';
import './result.css';

/** What the suggestion's button says: the setting, its value in the run and the value it sets. */
function suggestionLabel(i18n: I18n, suggestion: Suggestion, run: Settings): string {
  const { t, f } = i18n;
  const { change } = t.reading;
  switch (suggestion.code) {
    case 'moreEpochs':
      return change(t.fields.epochs.label, f.int(run.epochs), f.int(suggestion.epochs));
    case 'higherLearningRate':
    case 'lowerLearningRate':
      return change(t.fields.learningRate.label, f.number(run.learningRate), f.number(suggestion.learningRate));
    case 'switchToAdam':
      return t.reading.switchToAdam(t.optimizers[run.optimizer], f.number(suggestion.learningRate));
    case 'moreImages':
      return change(t.fields.trainSize.label, f.int(run.trainSize), f.int(suggestion.trainSize));
    case 'addL2':
      return change(t.fields.l2.label, f.number(run.l2), f.number(suggestion.l2));
    case 'augment':
      return change(t.fields.augment.label, t.reading.off, t.reading.on);
    case 'addDropout':
      return t.reading.addDropout;
  }
}

/** The setting as the link writes it, e.g. "epochs=10" (a layer change has no short form). */
function linkText(suggestion: Suggestion): string | null {
  const change = suggestionChange(suggestion);
  if ('addLayer' in change) return null;
  return Object.entries(change.settings).map(([key, value]) => `${key}=${String(value)}`).join('&');
}

/**
 * Two or three changes that fit what the run's curves showed, each applied to the settings (and so
 * to the link) with one click, then "Train again". What an instructor's link fixed is left out.
 */
export function ResultSuggestions() {
  const reading = useAppStore(selectRunReading);
  // Only what marks a suggestion applied or fixed: the run's ten updates a second pass it by.
  const state = useAppStore(useShallow((s) => ({ settings: s.settings, layers: s.layers, hidden: s.hidden })));
  const isBusy = useAppStore(selectIsBusy);
  const canTrain = useAppStore(selectCanTrain);
  const i18n = useI18n();
  const [appliedOnce, setAppliedOnce] = useState<object | null>(null);
  if (!reading) return null;
  const suggestions = reading.diagnosis.suggestions.filter((s) => !isSuggestionFixed(state, s));
  if (suggestions.length === 0) return null;
  const words = i18n.t.reading;
  const hasApplied = appliedOnce === reading && suggestions.some((s) => isSuggestionApplied(state, s, reading));
  return (
    <section className="result-next" aria-labelledby="result-next-title">
      <h3 id="result-next-title">{words.nextTitle}</h3>
      <ul>
        {suggestions.map((suggestion) => {
          const isApplied = isSuggestionApplied(state, suggestion, reading);
          const link = linkText(suggestion);
          return (
            <li key={suggestion.code}>
              <button
                type="button"
                className="suggestion"
                disabled={isBusy}
                aria-describedby={`why-${suggestion.code}`}
                onClick={() => {
                  applySuggestion(useAppStore.getState(), suggestion);
                  setAppliedOnce(reading);
                }}
              >
                {suggestionLabel(i18n, suggestion, reading.settings)}
              </button>
              {isApplied && <span className="suggestion-applied">✓ {words.applied}</span>}
              <span className="muted" id={`why-${suggestion.code}`}>{words.why[suggestion.code]}</span>
              {/* The link's own spelling, for whoever shares it: the button's name already says the same. */}
              {link && <code className="suggestion-link" aria-hidden="true">#{link}</code>}
            </li>
          );
        })}
      </ul>
      <p className="result-next-applied" role="status">
        {hasApplied && (
          <>
            {words.appliedNote}{' '}
            <button type="button" disabled={!canTrain} onClick={() => useAppStore.getState().train()}>{words.trainAgain}</button>
          </>
        )}
      </p>
    </section>
  );
}
