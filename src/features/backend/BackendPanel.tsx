import { useAppStore } from '../../store/appStore';
import { ThreadsNote } from './ThreadsNote';
import { FIELDS } from '../../core/config/fields';

const backendField = FIELDS.find((f) => f.key === 'backend')!;
const LABELS: Record<string, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly', cpu: 'CPU' };

/** Which backend trains, on which thread, why the faster ones were skipped, and a switch. */
export function BackendPanel() {
  const status = useAppStore((s) => s.backendStatus);
  const report = useAppStore((s) => s.backend);
  const error = useAppStore((s) => s.backendError);
  const choice = useAppStore((s) => s.settings.backend);
  const chooseBackend = useAppStore((s) => s.chooseBackend);
  const isTraining = useAppStore((s) => s.trainingStatus === 'training' || s.trainingStatus === 'paused');

  return (
    <section className="card" aria-labelledby="backend-title">
      <div className="card-row">
        <h2 id="backend-title">Compute backend</h2>
        <span className={`badge ${status === 'ready' ? 'good' : status === 'failed' ? 'bad' : ''}`} data-testid="backend-badge">
          {status === 'ready' && report ? `${LABELS[report.active]} · ${report.thread === 'worker' ? 'in a worker' : 'main thread'}` : status === 'failed' ? 'none' : 'starting…'}
        </span>
      </div>
      <div className="field" style={{ marginTop: '0.6rem' }}>
        <label htmlFor="backend-select">{backendField.label}</label>
        <select
          id="backend-select"
          value={choice}
          disabled={isTraining || status === 'starting'}
          onChange={(e) => chooseBackend(e.target.value as typeof choice)}
        >
          {backendField.options.map((o) => {
            const probe = report?.probes.find((p) => p.name === o.value);
            const suffix = probe && !probe.isAvailable ? ' (unavailable)' : probe?.isSoftware ? ' (software, slow)' : '';
            return <option key={o.value} value={o.value}>{o.label}{suffix}</option>;
          })}
        </select>
      </div>
      {report && (
        <div className="muted" aria-live="polite">
          Training runs on <strong>{LABELS[report.active]}</strong>
          {report.notes.length > 0 && <> ({report.notes.join(', ')})</>}
          {report.thread === 'main' && <> on the page's main thread, yielding after every batch</>}.
          {report.skipped.length > 0 && (
            <ul className="backend-list" aria-label="Skipped backends">
              {report.skipped.map((s) => <li key={s.name}><strong>{LABELS[s.name]}</strong> skipped: {s.reason}</li>)}
            </ul>
          )}
          {choice !== 'auto' && choice !== report.active && (
            <div className="notice warn" role="alert">{LABELS[choice]} could not start here, so {LABELS[report.active]} runs instead.</div>
          )}
        </div>
      )}
      <ThreadsNote limit={report?.threadLimit} />
      {error && <div className="notice error" role="alert">{error}</div>}
    </section>
  );
}
