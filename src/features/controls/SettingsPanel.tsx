import { memo } from 'react';
import { FIELD_GROUPS, FIELDS, isFieldShown, type Field } from '../../core/config/fields';
import { useI18n } from '../../i18n/useI18n';
import { selectIsBusy } from '../../store/selectors';
import { useAppStore } from '../../store/appStore';
import { AugmentationPreview } from './AugmentationPreview';
import { FieldControl } from './FieldControl';
import { LearningRateNote } from './LearningRateNote';
import { FoldButton, useFold } from '../../ui/Fold';
import { FixedByLink } from '../classroom/FixedByLink';

/**
 * The training knobs, one control per row of the field table, in the table's groups (the backend
 * has its own panel). A field that depends on another (patience on early stopping) shows only while
 * it applies, indented under its switch.
 */
export function SettingsPanel() {
  // Folded at first on a phone, below the run and the curves (see App).
  const fold = useFold('settings-body');
  const isBusy = useAppStore(selectIsBusy);
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="settings-title">
      <h2 id="settings-title"><FoldButton fold={fold}>{t.settings.title}</FoldButton></h2>
      {/* What an instructor's link fixed, read-only, shown even while the settings are folded. */}
      <FixedByLink />
      {/* One disabled fieldset locks every control while a model trains: starting or ending a run
          then changes one attribute instead of re-rendering each control. */}
      <fieldset className="settings-lock" id={fold.bodyId} hidden={!fold.isOpen} disabled={isBusy}>
        <legend className="sr-only">{t.settings.legend}</legend>
        <SettingsGroups />
      </fieldset>
    </section>
  );
}

const SettingsGroups = memo(function SettingsGroups() {
  const settings = useAppStore((s) => s.settings);
  const hidden = useAppStore((s) => s.hidden as readonly string[]);
  const { t } = useI18n();
  const fields = (FIELDS as readonly Field[]).filter((f) => isFieldShown(f, settings) && !hidden.includes(f.key));
  return (
    <>
      {/* A group whose every control an instructor's link hid is left out, legend and all. */}
      {FIELD_GROUPS.filter((group) => fields.some((f) => f.group === group.id)).map((group) => (
        <fieldset key={group.id} className="field-group">
          <legend>{t.fieldGroups[group.id]}</legend>
          {fields.filter((f) => f.group === group.id).map((field) => (
            <div key={field.key} className={field.shownWhen ? 'dependent-field' : undefined}>
              <FieldControl field={field} />
              {field.key === 'learningRate' && <LearningRateNote />}
            </div>
          ))}
          {group.id === 'data' && settings.augment && <AugmentationPreview />}
          {group.id === 'regularisation' && settings.earlyStopping && settings.validationSplit === 0 && (
            <p className="notice warn">{t.settings.earlyStoppingNeedsValidation}</p>
          )}
          {group.id === 'optimizer' && settings.schedule === 'plateau' && settings.validationSplit === 0 && (
            <p className="notice warn">{t.settings.plateauNeedsValidation}</p>
          )}
        </fieldset>
      ))}
    </>
  );
});
