/** A run's name as the page shows it: the student's own, else "Run 3 · Small conv (fair pair)" in the page's language. */
import { getPreset, type PresetId } from '../../core/config/presets';
import { sameLayers } from '../../core/model/edit';
import type { I18n } from '../../i18n/i18n';
import type { RunRecord } from '../../store/runRecord';

export function runName(run: RunRecord, i18n: I18n): string {
  if (run.name) return run.name;
  const { t } = i18n;
  const preset = run.presetId ? getPreset(run.presetId) : undefined;
  if (!preset) return t.runs.defaultName(run.id, t.runs.changedRecipe('–'));
  const title = t.presets[preset.id as PresetId].title;
  return t.runs.defaultName(run.id, sameLayers(run.layers, preset.layers) ? title : t.runs.changedRecipe(title));
}
