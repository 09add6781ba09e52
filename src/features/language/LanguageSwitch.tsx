import { LANGUAGES, type Language } from '../../core/config/language';
import { useAppStore } from '../../store/appStore';
import { useI18n } from '../../i18n/useI18n';

/** The page's language, switched in the header; the choice goes into the link (lang=...). */
export function LanguageSwitch() {
  const { t, language } = useI18n();
  const setLanguage = useAppStore((s) => s.setLanguage);
  return (
    <div className="language-switch">
      <label htmlFor="language-select">{t.app.language}</label>
      <select id="language-select" value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
        {/* Each language named in itself, so a student who cannot read the page still finds theirs. */}
        {LANGUAGES.map((l) => <option key={l} value={l} lang={l}>{t.languageNames[l]}</option>)}
      </select>
    </div>
  );
}
