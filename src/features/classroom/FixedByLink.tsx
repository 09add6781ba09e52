import { useShallow } from 'zustand/react/shallow';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/appStore';
import { fixedItemText } from './fixedValues';

/**
 * One calm line naming what the instructor's link fixed, with the values it fixed them to
 * ("Fixed by your instructor: Epochs 1, Backend WebAssembly."): the hidden controls' values,
 * read-only, so a student knows why there is no knob for them. Nothing when the link hid nothing.
 */
export function FixedByLink({ only }: { only?: 'backend' }) {
  const { hidden, settings, presetId } = useAppStore(useShallow((s) => ({ hidden: s.hidden, settings: s.settings, presetId: s.presetId })));
  const i18n = useI18n();
  const names = only ? hidden.filter((name) => name === only) : hidden;
  if (names.length === 0) return null;
  const items = names.map((name) => fixedItemText(i18n, name, settings, presetId));
  return <p className="fixed-by-link" data-testid={only ? `fixed-${only}` : 'fixed-by-link'}>{i18n.t.classroom.fixedByInstructor(items.join(i18n.t.classroom.fixedSeparator))}</p>;
}
