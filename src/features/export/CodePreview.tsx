import { memo, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/useI18n';

type CopyState = 'idle' | 'copied' | 'failed';

/** A script folded into a <details>, with a button that copies it. Memoised: a script runs to a few hundred lines. */
export const CodePreview = memo(function CodePreview({ language, fileName, code }: { language: string; fileName: string; code: string }) {
  const [copy, setCopy] = useState<CopyState>('idle');
  const words = useI18n().t.export;

  useEffect(() => {
    if (copy === 'idle') return;
    const timer = setTimeout(() => setCopy('idle'), 2500);
    return () => clearTimeout(timer);
  }, [copy]);

  async function copyCode() {
    try {
      await navigator.clipboard.writeText(code);
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
  }

  return (
    <details className="code-preview">
      <summary>{words.code(language)} <span className="muted">{words.codeFile(fileName, code.split('\n').length - 1)}</span></summary>
      <div className="card-row">
        <button type="button" aria-label={words.copyScript(language)} onClick={() => void copyCode()}>{words.copy}</button>
        <span className="muted" role="status">
          {copy === 'copied' ? words.copied : copy === 'failed' ? words.copyRefused : ''}
        </span>
      </div>
      <pre tabIndex={0} role="region" aria-label={words.script(language)}><code>{code}</code></pre>
    </details>
  );
});
