import { useEffect, useRef } from 'react';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/appStore';
import { selectIsBusy } from '../../store/selectors';
import { Card } from '../../ui/Card';
import { focusAfterRemoval } from '../../ui/focus';
import { paintDigits } from '../../vis/digitStrip';

/** The kept drawings as a strip, and fine-tuning the active model on them with before-and-after scores. */
export function HandwritingPanel() {
  const samples = useAppStore((s) => s.keptSamples);
  const message = useAppStore((s) => s.samplesMessage);
  const status = useAppStore((s) => s.fineTuneStatus);
  const progress = useAppStore((s) => s.fineTuneProgress);
  const result = useAppStore((s) => s.fineTuneResult);
  const error = useAppStore((s) => s.fineTuneError);
  const choices = useAppStore((s) => s.fineTuneChoices);
  const isTraining = useAppStore(selectIsBusy);
  const dataReady = useAppStore((s) => s.dataStatus === 'ready');
  const { deleteKeptSample, fineTune, setFineTuneChoices } = useAppStore.getState();
  const isRunning = status === 'running';
  const i18n = useI18n();
  const { f } = i18n;
  const words = i18n.t.handwriting;
  const blocked = samples.length === 0 ? words.keepOneFirst : isTraining ? words.waitForTraining : !dataReady ? words.waitForData : null;

  return (
    <Card title={words.title} id="handwriting">
      <p className="muted">{words.intro}</p>
      {samples.length === 0
        ? <p className="muted">{words.noneKept}</p>
        : (
          <ul className="kept-strip" aria-label={words.kept(samples.length)}>
            {samples.map((sample, index) => (
              <li key={sample.id}>
                <KeptDigit pixels={sample.pixels} label={sample.label} />
                <span className="kept-label">{sample.label}</span>
                <button type="button" className="icon-button small" onClick={(e) => { const refocus = focusAfterRemoval(e.currentTarget, 'li', 'fine-tune-epochs'); void deleteKeptSample(sample.id).then(refocus); }} aria-label={words.deleteKept(index + 1, sample.label)}>×</button>
              </li>
            ))}
          </ul>
        )}
      {message && <div className="notice warn" role="alert">{i18n.say(message)}</div>}
      <div className="fine-tune-controls">
        <label className="inline-field">
          {words.epochs}
          <input id="fine-tune-epochs" type="number" min={1} max={20} value={choices.epochs} disabled={isRunning}
            onChange={(e) => { const v = Math.round(Number(e.target.value)); if (v >= 1 && v <= 20) setFineTuneChoices({ epochs: v }); }} />
        </label>
        <label className="inline-field">
          <input type="checkbox" checked={choices.freezeConv} disabled={isRunning} onChange={(e) => setFineTuneChoices({ freezeConv: e.target.checked })} />
          {words.freezeConv}
        </label>
        <button type="button" className="primary" onClick={() => void fineTune()} disabled={isRunning || blocked !== null} aria-describedby={blocked ? 'fine-tune-blocked' : undefined}>
          {isRunning ? words.fineTuning : words.fineTune}
        </button>
      </div>
      {blocked && !isRunning && <p className="muted" id="fine-tune-blocked">{blocked}</p>}
      {isRunning && <p className="muted" role="status">{progress ? words.progress(progress.epoch, progress.epochs, f.fixed(progress.loss, 3)) : words.scoringBefore}</p>}
      {status === 'failed' && error && <div className="notice error" role="alert">{words.failed(i18n.say(error))}</div>}
      {status === 'done' && result && (
        <table className="layers fine-tune-result" aria-label={words.resultTable}>
          <caption className="muted">
            {words.resultCaption(result.sampleCount, result.replayCount, result.epochs, f.fixed(result.seconds, 1), i18n.modelName(result.model.name))}
          </caption>
          <thead><tr><th scope="col">{words.accuracy}</th><th scope="col" className="num">{words.before}</th><th scope="col" className="num">{words.after}</th></tr></thead>
          <tbody>
            <tr><th scope="row">{words.yourDigits}</th><td className="num">{f.percent(result.before.samplesAccuracy)}</td><td className="num">{f.percent(result.after.samplesAccuracy)}</td></tr>
            <tr><th scope="row">{words.testSet(f.int(10_000))}</th><td className="num">{f.percent(result.before.testAccuracy, 2)}</td><td className="num">{f.percent(result.after.testAccuracy, 2)}</td></tr>
          </tbody>
        </table>
      )}
    </Card>
  );
}

function KeptDigit({ pixels, label }: { pixels: Uint8Array; label: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { t } = useI18n();
  useEffect(() => {
    if (ref.current) paintDigits(ref.current, pixels, 1);
  }, [pixels]);
  return <canvas ref={ref} className="digits kept-digit" role="img" aria-label={t.handwriting.keptDigit(label)} />;
}
