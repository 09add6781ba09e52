import { useState } from 'react';
import type { Field, FieldKey } from '../../core/config/fields';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/appStore';
import { optionLabel } from './optionLabel';

/** One control derived from its row in the field table: a number box, a drop-down or a checkbox. */
/** Disabled with the fieldset around it (see SettingsPanel). */
export function FieldControl({ field }: { field: Field }) {
  const key = field.key as FieldKey;
  const value = useAppStore((s) => s.settings[key]);
  const error = useAppStore((s) => s.fieldErrors[key]);
  const setSetting = useAppStore((s) => s.setSetting);
  const isHidden = useAppStore((s) => s.hidden.includes(key));
  const i18n = useI18n();
  const words = i18n.t.fields[key];
  // The text being typed, kept apart from the store so "0." or "" can be on the way to a valid value.
  const [draft, setDraft] = useState<string | null>(null);
  const id = `field-${field.key}`;
  const helpId = `${id}-help`;

  let control;
  if (field.type === 'boolean') {
    control = <input id={id} type="checkbox" checked={Boolean(value)} aria-describedby={helpId} onChange={(e) => setSetting(key, e.target.checked)} />;
  } else if (field.type === 'choice' || (field.type === 'number' && field.choices)) {
    const options = field.type === 'choice'
      ? field.options.map((value) => ({ value, label: optionLabel(i18n, key, value) }))
      : field.choices!.map((c) => ({ value: String(c), label: i18n.f.int(c) }));
    const current = String(value);
    const hasCurrent = options.some((o) => o.value === current);
    control = (
      <select id={id} value={current} aria-describedby={helpId} onChange={(e) => setSetting(key, field.type === 'number' ? Number(e.target.value) : e.target.value)}>
        {!hasCurrent && <option value={current}>{field.type === 'number' ? i18n.f.number(Number(current)) : current}</option>}
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    );
  } else {
    control = (
      <input
        id={id}
        type="number"
        inputMode="decimal"
        min={field.min}
        max={field.max}
        step={field.step}
        value={draft ?? String(value)}
       
        aria-invalid={error ? true : undefined}
        aria-describedby={helpId}
        onChange={(e) => {
          setDraft(e.target.value);
          setSetting(key, e.target.value);
        }}
        onBlur={() => setDraft(null)}
      />
    );
  }

  // An instructor's link hid this control; its value still applies.
  if (isHidden) return null;

  return (
    <div className="field">
      <label htmlFor={id}>{words.label}</label>
      {control}
      {error ? <span className="error" role="alert">{i18n.fieldProblem(error)}</span> : <span className="help" id={helpId}>{words.help}</span>}
    </div>
  );
}
