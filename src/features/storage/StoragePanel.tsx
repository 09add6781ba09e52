import { useEffect, useState } from 'react';
import { useAppStore } from '../../store/appStore';
import { selectIsBusy } from '../../store/selectors';
import type { OfflineCopyReport } from '../../store/storageSlice';
import { formatBytes, formatInt } from '../../ui/format';

// The words, kept together for the i18n layer.
const TEXT = {
  title: 'Offline copy',
  badgeReady: 'ready offline',
  badgePartial: 'partly stored',
  badgeNone: 'nothing stored',
  badgeUnavailable: 'unavailable',
  kept: (total: string, data: string, dataFiles: string, app: string, appFiles: string) =>
    `This device keeps ${total} for this app: the MNIST data ${data} (${dataFiles} files) and the app itself ${app} (${appFiles} files).`,
  estimate: (usage: string, quota: string) => `The browser counts ${usage} for this site in all and allows it up to ${quota}.`,
  ready: 'A next visit starts and trains without the network, whatever the school network or the host does.',
  noServiceWorker:
    'The MNIST data is kept as it arrives; the app itself is kept once its service worker is installed (production builds install one a moment after the page loads).',
  dataPending: 'The MNIST data is kept as it arrives and checked against its SHA-256 first.',
  readFromDevice: (bytes: string) => `This visit read ${bytes} of MNIST data from this device instead of the network.`,
  unavailable: 'This browser keeps nothing for offline use here: Cache Storage needs an https page (or localhost).',
  clear: 'Delete offline copy…',
  confirmLabel: 'Confirm deletion',
  confirm: (total: string) =>
    `Delete the ${total} this app keeps on this device? The next visit downloads the app and the MNIST data again, so it needs the network. Your kept drawings and saved models stay.`,
  confirmYes: 'Delete',
  confirmNo: 'Keep it',
  clearing: 'Deleting…',
  cleared: 'Deleted. The next visit downloads the app and the MNIST data again.',
  failed: (detail: string) => `The offline copy could not be read or deleted: ${detail}`,
  update: 'A new version of the app has been downloaded.',
  updateNow: 'Switch to it now',
  updateAfterTraining: 'It can take over once training has finished or been stopped.',
} as const;

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
            {TEXT.kept(formatBytes(stored.total), formatBytes(stored.data.bytes), formatInt(stored.data.files), formatBytes(stored.app.bytes), formatInt(stored.app.files))}
            {report.usage !== null && report.quota !== null && <> {TEXT.estimate(formatBytes(report.usage), formatBytes(report.quota))}</>}
          </p>
          <p>{isReady ? TEXT.ready : !report.hasServiceWorker ? TEXT.noServiceWorker : TEXT.dataPending}</p>
          {bytesFromStore > 0 && <p>{TEXT.readFromDevice(formatBytes(bytesFromStore))}</p>}
        </div>
      )}
      {report?.isAvailable && !isConfirming && (
        <button type="button" onClick={() => setConfirming(true)} disabled={status === 'clearing' || dataStatus === 'loading' || !stored || stored.total === 0}>
          {TEXT.clear}
        </button>
      )}
      {isConfirming && stored && (
        <div className="notice warn" role="group" aria-label={TEXT.confirmLabel}>
          <div>{TEXT.confirm(formatBytes(stored.total))}</div>
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
