import { useAppStore } from '../../store/appStore';
import { BackendComparison } from './BackendComparison';
import { ThreadsNote } from './ThreadsNote';
import { BACKEND_OPTIONS } from '../../core/config/fields';
import { word } from '../../i18n/words';
import { useI18n } from '../../i18n/useI18n';
import { FixedByLink } from '../classroom/FixedByLink';

/** Which backend trains, on which thread, why the faster ones were skipped, and a switch. */
export function BackendPanel() {
  const status = useAppStore((s) => s.backendStatus);
  const report = useAppStore((s) => s.backend);
  const error = useAppStore((s) => s.backendError);
  const choice = useAppStore((s) => s.settings.backend);
  const chooseBackend = useAppStore((s) => s.chooseBackend);
  // hide=backend: the link fixed the choice; the panel still says what runs and why.
  const isHidden = useAppStore((s) => s.hidden.includes('backend'));
  const isTraining = useAppStore((s) => s.trainingStatus === 'training' || s.trainingStatus === 'paused');
  // A software GPU or plain JavaScript runs, correct but slow: the badge is amber, not green.
  const isSlow = report !== null && (report.active === 'cpu' || report.probes.some((p) => p.name === report.active && p.isSoftware));
  const i18n = useI18n();
  const { t } = i18n;
  const words = t.backend;
  const name = i18n.backendName;

  return (
    <section className="card" aria-labelledby="backend-title">
      <div className="card-row">
        <h2 id="backend-title">{words.title}</h2>
        <span className={`badge ${status === 'ready' ? (isSlow ? 'warn' : 'good') : status === 'failed' ? 'bad' : ''}`} data-testid="backend-badge">
          {status === 'ready' && report ? words.badge(name(report.active), report.thread === 'worker') : status === 'failed' ? words.none : words.starting}
        </span>
      </div>
      {isHidden ? <FixedByLink only="backend" /> : <div className="field" style={{ marginTop: '0.6rem' }}>
        <label htmlFor="backend-select">{t.fields.backend.label}</label>
        <select
          id="backend-select"
          value={choice}
          disabled={isTraining || status === 'starting'}
          onChange={(e) => chooseBackend(e.target.value as typeof choice)}
        >
          {BACKEND_OPTIONS.map((value) => {
            const probe = report?.probes.find((p) => p.name === value);
            // WASM or CPU named in the link started without the GPU probes (engine/backends.ts).
            const isPending = !probe && report?.probesPending === true && (value === 'webgpu' || value === 'webgl');
            const suffix = isPending ? words.notProbedYet : probe && !probe.isAvailable ? words.unavailable : probe?.isSoftware ? words.softwareSlow : '';
            return <option key={value} value={value}>{t.backendChoices[value]}{suffix}</option>;
          })}
        </select>
      </div>}
      <div className="muted" aria-live="polite">
      {/* While a backend starts, the last one's report no longer holds: say what is starting instead. */}
      {status === 'starting' && (
        <p data-testid="backend-starting">{choice === 'auto' ? t.during.startingAuto : t.during.startingBackend(name(choice))}</p>
      )}
      {report && status !== 'starting' && (
        <div>
          {words.runsOn(
            <strong>{name(report.active)}</strong>,
            report.notes.length > 0 ? report.notes.map((note) => word(t.problems.backendNotes, note, i18n)).join(words.notesSeparator) : null,
            report.thread === 'main',
          )}
          {status === 'ready' && <BackendComparison report={report} />}
          {report.skipped.length > 0 && (
            <ul className="backend-list" aria-label={words.skippedList}>
              {report.skipped.map((s) => <li key={s.name}>{words.skipped(<strong>{name(s.name)}</strong>, word(t.problems.skipReasons, s.reason, i18n))}</li>)}
            </ul>
          )}
          {status === 'ready' && choice !== 'auto' && choice !== report.active && (
            <div className="notice warn" role="alert">{words.fellBack(name(choice), name(report.active))}</div>
          )}
        </div>
      )}
      </div>
      {status !== 'starting' && <ThreadsNote limit={report?.threadLimit} />}
      {error && <div className="notice error" role="alert">{i18n.say(error)}</div>}
    </section>
  );
}
