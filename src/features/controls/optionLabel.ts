import type { BackendChoice, FieldKey } from '../../core/config/fields';
import type { OptimizerName } from '../../core/training/types';
import type { ScheduleName } from '../../core/training/schedule';
import type { I18n } from '../../i18n/i18n';

/** A choice field's option in the active language (the field control's drop-down, the share panel, the fixed values). */
export function optionLabel(i18n: I18n, key: FieldKey, value: string): string {
  if (key === 'optimizer') return i18n.t.optimizers[value as OptimizerName];
  if (key === 'backend') return i18n.t.backendChoices[value as BackendChoice];
  if (key === 'schedule') return i18n.t.schedules[value as ScheduleName];
  return value;
}
