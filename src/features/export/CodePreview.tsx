import { memo, useEffect, useState } from 'react';

type CopyState = 'idle' | 'copied' | 'failed';

/** A script folded into a <details>, with a button that copies it. Memoised: a script runs to a few hundred lines. */
export const CodePreview = memo(function CodePreview({ language, fileName, code }: { language: string; fileName: string; code: string }) {
  const [copy, setCopy] = useState<CopyState>('idle');

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
      <summary>{language} code <span className="muted">({fileName}, {code.split('\n').length - 1} lines)</span></summary>
      <div className="card-row">
        <button type="button" aria-label={`Copy the ${language} script`} onClick={() => void copyCode()}>Copy</button>
        <span className="muted" role="status">
          {copy === 'copied' ? 'Copied to the clipboard.' : copy === 'failed' ? 'The browser refused; select the code and copy it.' : ''}
        </span>
      </div>
      <pre tabIndex={0} role="region" aria-label={`${language} script`}><code>{code}</code></pre>
    </details>
  );
});
