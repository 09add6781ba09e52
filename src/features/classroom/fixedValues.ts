/** How a value the instructor's link fixed reads: "Epochs 1", "Backend WebAssembly", "the layers". */
import { fieldByKey, type FieldKey, type Settings } from '../../core/config/fields';
import type { Hideable } from '../../core/config/hash';
import { getPreset } from '../../core/config/presets';
import type { I18n } from '../../i18n/i18n';
import { optionLabel } from '../controls/optionLabel';

/** A setting's value in the active language: a number, an option's label, on or off. */
export function settingValueText(i18n: I18n, key: FieldKey, value: Settings[FieldKey]): string {
  const field = fieldByKey(key);
  if (field.type === 'boolean') return value ? i18n.t.classroom.on : i18n.t.classroom.off;
  if (field.type === 'choice') return optionLabel(i18n, key, String(value));
  return i18n.f.number(Number(value));
}

/** One hidden control with its value, e.g. "Epochs 1"; the preset by its title; the layers as a phrase. */
export function fixedItemText(i18n: I18n, name: Hideable, settings: Settings, presetId: string): string {
  const words = i18n.t.classroom;
  if (name === 'layers') return words.layersFixed;
  if (name === 'preset') {
    const preset = getPreset(presetId);
    return words.fixedItem(i18n.t.model.preset, preset ? i18n.t.presets[preset.id].title : presetId);
  }
  return words.fixedItem(i18n.t.fields[name].label, settingValueText(i18n, name, settings[name]));
}
