import { useEffect, useState } from 'react';
import { useAppStore } from '../../store/appStore';
import { selectIsBusy } from '../../store/selectors';
import type { OfflineCopyReport } from '../../store/storageSlice';
import { useI18n } from '../../i18n/useI18n';

function sizes(report: OfflineCopyReport) {
  const of = (kind: 'data' | 'app') => report.caches.filter((c) => c.kind === kind).reduce((sum, c) => ({ bytes: sum.bytes + c.bytes, files: sum.files + c.files }), { bytes: 0, files: 0 });
  const data = of('data');
  const app = of('app');
  return { data, app, total: data.bytes + app.bytes };
}

/** How much the app keeps on this device for offline use, deleting it (after a confirmation), and app updates. */
export function StoragePanel({ dataUrl }: { dataUrl: string }) {
  const report = useAppStore((s) => s.offlineCopy);
  const status = useAppStore((s) => s.offlineCopyStatus);
  const error = useAppStore((s) => s.offlineCopyError);
  const update = useAppStore((s) => s.appUpdate);
  const dataStatus = useAppStore((s) => s.dataStatus);
  const bytesTotal = useAppStore((s) => s.progress?.bytesTotal ?? 0);
  const bytesFromStore = useAppStore((s) => s.progress?.bytesFromStore ?? 0);
  const isBusy = useAppStore(selectIsBusy);
  const measure = useAppStore((s) => s.measureOfflineCopy);
  const clear = useAppStore((s) => s.clearOfflineCopy);
  const [isConfirming, setConfirming] = useState(false);
  const { t, f } = useI18n();
  const TEXT = t.storage;

  // Measure at start, once the data is complete, and whenever a service worker takes over.
  useEffect(() => {
    void measure(dataUrl);
  }, [measure, dataUrl, dataStatus]);
  useEffect(() => {
    if (!('serviceWorker' in navigator)) return;
    const remeasure = () => void measure(dataUrl);
    void navigator.serviceWorker.ready.then(remeasure);
    navigator.serviceWorker.addEventListener('controllerchange', remeasure);
    return () => navigator.serviceWorker.removeEventListener('controllerchange', remeasure);
  }, [measure, dataUrl]);

  const stored = report && sizes(report);
  const isDataStored = Boolean(stored && bytesTotal > 0 && stored.data.bytes >= bytesTotal);
  const isReady = Boolean(report?.hasServiceWorker && isDataStored && stored!.app.files > 0);
  const badge = !report ? null : !report.isAvailable ? TEXT.badgeUnavailable : isReady ? TEXT.badgeReady : stored!.total > 0 ? TEXT.badgePartial : TEXT.badgeNone;

  return (
    <section className="card" aria-labelledby="storage-title">
      <div className="card-row">
        <h2 id="storage-title">{TEXT.title}</h2>
        {badge && <span className={`badge ${isReady ? 'good' : ''}`} data-testid="offline-badge">{badge}</span>}
      </div>
      {report && !report.isAvailable && <p className="muted">{TEXT.unavailable}</p>}
      {report?.isAvailable && stored && (
        <div className="muted" style={{ marginTop: '0.5rem' }}>
          <p data-testid="offline-sizes">
            {TEXT.kept(f.bytes(stored.total), f.bytes(stored.data.bytes), f.int(stored.data.files), f.bytes(stored.app.bytes), f.int(stored.app.files))}
            {report.usage !== null && report.quota !== null && <> {TEXT.estimate(f.bytes(report.usage), f.bytes(report.quota))}</>}
          </p>
          <p>{isReady ? TEXT.ready : !report.hasServiceWorker ? TEXT.noServiceWorker : TEXT.dataPending}</p>
          {bytesFromStore > 0 && <p>{TEXT.readFromDevice(f.bytes(bytesFromStore))}</p>}
        </div>
      )}
      {report?.isAvailable && !isConfirming && (
        <button type="button" onClick={() => setConfirming(true)} disabled={status === 'clearing' || dataStatus === 'loading' || !stored || stored.total === 0}>
          {TEXT.clear}
        </button>
      )}
      {isConfirming && stored && (
        <div className="notice warn" role="group" aria-label={TEXT.confirmLabel}>
          <div>{TEXT.confirm(f.bytes(stored.total))}</div>
          <button type="button" onClick={() => { setConfirming(false); void clear(dataUrl); }}>{TEXT.confirmYes}</button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>{TEXT.confirmNo}</button>
        </div>
      )}
      {status === 'clearing' && <p className="muted" role="status">{TEXT.clearing}</p>}
      {status === 'cleared' && <div className="notice info" role="status">{TEXT.cleared}</div>}
      {status === 'failed' && error && <div className="notice error" role="alert">{TEXT.failed(error)}</div>}
      {update && (
        <div className="notice info" role="status">
          <div>{TEXT.update}</div>
          {isBusy ? <div>{TEXT.updateAfterTraining}</div> : <button type="button" onClick={update.apply}>{TEXT.updateNow}</button>}
        </div>
      )}
    </section>
  );
}
