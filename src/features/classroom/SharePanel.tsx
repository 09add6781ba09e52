import { useRef, useState } from 'react';
import { FIELD_GROUPS, FIELDS, type FieldGroup, type FieldKey } from '../../core/config/fields';
import { HIDEABLE, type Hideable } from '../../core/config/hash';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/appStore';
import { linkHashOf } from '../../store/linkHash';
import { FoldButton } from '../../ui/Fold';
import { settingValueText } from './fixedValues';

type CopyState = 'idle' | 'copied' | 'refused';

/** The tick list's boxes: the model's two controls, then the settings in the panel's groups, then the backend. */
const GROUPS: readonly { id: 'model' | FieldGroup; names: readonly Hideable[] }[] = [
  { id: 'model', names: ['preset', 'layers'] },
  ...[...FIELD_GROUPS, { id: 'backend' as const }].map((group) => ({ id: group.id, names: FIELDS.filter((f) => f.group === group.id).map((f) => f.key) })),
];

/**
 * "Share this set-up": builds the link an instructor hands to a class. Tick what to hide (its value
 * is then fixed by the link), choose the presenter view, copy the address, or open it in a new tab
 * to see what the class will see. Folded at first; its content exists only while open.
 */
export function SharePanel() {
  const [isOpen, setOpen] = useState(false);
  const { t } = useI18n();
  const fold = { isOpen, bodyId: 'share-body', toggle: () => setOpen((open) => !open) };
  return (
    <section className="card" aria-labelledby="share-title">
      <h2 id="share-title"><FoldButton fold={fold}>{t.classroom.shareTitle}</FoldButton></h2>
      <div id={fold.bodyId} hidden={!isOpen}>{isOpen && <ShareBody />}</div>
    </section>
  );
}

function ShareBody() {
  const i18n = useI18n();
  const words = i18n.t.classroom;
  // Starts from what this page's own link hides and shows, so reopening a shared link and sharing it again changes nothing.
  const [hidden, setHidden] = useState<Hideable[]>(() => useAppStore.getState().hidden);
  const [isPresent, setPresent] = useState(() => useAppStore.getState().view === 'present');
  const [copy, setCopy] = useState<CopyState>('idle');
  const settings = useAppStore((s) => s.settings);
  const hash = useAppStore((s) => linkHashOf(s, { hidden, view: isPresent ? 'present' : 'standard' }));
  const url = `${location.origin}${location.pathname}${location.search}#${hash}`;
  const linkRef = useRef<HTMLInputElement>(null);

  const toggle = (name: Hideable, isHidden: boolean) => {
    setCopy('idle');
    setHidden((names) => HIDEABLE.filter((n) => (n === name ? isHidden : names.includes(n))));
  };

  async function copyLink() {
    try {
      await navigator.clipboard.writeText(url);
      setCopy('copied');
    } catch {
      // No clipboard API (a page served over plain http on a school's network) or a refusal: the old way, from the selected text.
      const input = linkRef.current!;
      input.focus();
      input.select();
      let isCopied: boolean;
      try {
        isCopied = document.execCommand('copy');
      } catch {
        isCopied = false;
      }
      setCopy(isCopied ? 'copied' : 'refused');
    }
  }

  return (
    <div className="share-panel">
      <p className="muted">{words.shareIntro}</p>
      <fieldset className="share-hide">
        <legend>{words.hideLegend}</legend>
        {GROUPS.map((group) => (
          <fieldset key={group.id} className="share-group">
            <legend>{group.id === 'model' ? words.modelGroup : i18n.t.fieldGroups[group.id]}</legend>
            {group.names.map((name) => (
              <label key={name} className="share-option">
                <input type="checkbox" checked={hidden.includes(name)} onChange={(e) => toggle(name, e.target.checked)} />
                <span>
                  {name === 'preset' ? words.presetControl : name === 'layers' ? words.layersControl : i18n.t.fields[name].label}
                  {name !== 'preset' && name !== 'layers' && (
                    <span className="muted"> {words.current(settingValueText(i18n, name as FieldKey, settings[name as FieldKey]))}</span>
                  )}
                </span>
              </label>
            ))}
          </fieldset>
        ))}
      </fieldset>
      <label className="share-option share-present">
        <input type="checkbox" checked={isPresent} onChange={(e) => { setCopy('idle'); setPresent(e.target.checked); }} />
        <span>{words.presentOption}</span>
      </label>
      <div className="share-link">
        <label htmlFor="share-link-text">{words.linkLabel}</label>
        <input id="share-link-text" ref={linkRef} type="text" readOnly value={url} onFocus={(e) => e.target.select()} />
      </div>
      <div className="buttons share-actions">
        <button type="button" className="primary" onClick={() => void copyLink()}>{words.copy}</button>
        <a href={url} target="_blank" rel="noopener noreferrer">{words.preview}</a>
        <span className="muted">{words.previewNote}</span>
      </div>
      <p className="share-here">
        {/* The presenter view on this page, as it is (the link's hidden controls are not applied here). */}
        <button type="button" onClick={() => useAppStore.getState().setView('present')}>{words.enterPresenter}</button>
      </p>
      <p className={copy === 'refused' ? 'notice warn' : 'share-copied'} role="status">
        {copy === 'copied' ? words.copied : copy === 'refused' ? words.copyRefused : ''}
      </p>
    </div>
  );
}
