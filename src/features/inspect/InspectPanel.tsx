import { lazy, Suspense, useState } from 'react';
import { useI18n } from '../../i18n/useI18n';
import { FoldButton } from '../../ui/Fold';

/** The view itself, its canvases and its styles: fetched the first time the card opens, so a page that never opens it pays nothing. */
const InspectBody = lazy(() => import('./InspectBody'));

/**
 * "Look inside the network": the active model's first filters and its reading of one image, layer
 * by layer, the engine's memory, and the tfjs-vis inspector. Folded at first; while folded nothing
 * is asked of the engine, drawn, or even downloaded.
 */
export function InspectPanel() {
  const [isOpen, setOpen] = useState(false);
  const { t } = useI18n();
  const fold = { isOpen, bodyId: 'inspect-body', toggle: () => setOpen((open) => !open) };
  return (
    <section className="card" aria-labelledby="inspect-title">
      <h2 id="inspect-title"><FoldButton fold={fold}>{t.inspect.title}</FoldButton></h2>
      <div id={fold.bodyId} hidden={!isOpen}>
        {isOpen && (
          <Suspense fallback={<p className="muted">{t.inspect.loading}</p>}>
            <InspectBody />
          </Suspense>
        )}
      </div>
    </section>
  );
}
