import { FIELDS, type Field } from '../../core/config/fields';
import { selectIsBusy } from '../../store/selectors';
import { useAppStore } from '../../store/store';
import { FieldControl } from './FieldControl';

/** The training knobs, one control per row of the field table (the backend has its own panel). */
export function SettingsPanel() {
  const isBusy = useAppStore(selectIsBusy);
  const optimizer = useAppStore((s) => s.settings.optimizer);
  const fields = (FIELDS as readonly Field[]).filter((f) => f.key !== 'backend' && (f.key !== 'momentum' || optimizer === 'momentum'));
  return (
    <section className="card" aria-labelledby="settings-title">
      <h2 id="settings-title">Training</h2>
      <div style={{ marginTop: '0.6rem' }}>
        {fields.map((field) => <FieldControl key={field.key} field={field} disabled={isBusy} />)}
      </div>
    </section>
  );
}
