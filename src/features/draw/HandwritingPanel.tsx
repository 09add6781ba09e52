import { useEffect, useRef } from 'react';
import { useAppStore } from '../../store/appStore';
import { selectIsBusy } from '../../store/selectors';
import { Card } from '../../ui/Card';
import { formatPercent } from '../../ui/format';
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
  const blocked = samples.length === 0 ? 'Keep at least one drawing first.' : isTraining ? 'Wait for the training run to finish.' : !dataReady ? 'Wait for the MNIST data to arrive.' : null;

  return (
    <Card title="Your handwriting" id="handwriting">
      <p className="muted">
        Kept drawings stay in this browser. Fine-tuning teaches the active model your handwriting, mixed with real MNIST digits so it
        does not forget theirs, and shows what it gained and what it cost on the 10,000 test images.
      </p>
      {samples.length === 0
        ? <p className="muted">No kept drawings yet: draw a digit above and press its number to keep it.</p>
        : (
          <ul className="kept-strip" aria-label={`Kept drawings (${samples.length})`}>
            {samples.map((sample, index) => (
              <li key={sample.id}>
                <KeptDigit pixels={sample.pixels} label={sample.label} />
                <span className="kept-label">{sample.label}</span>
                <button type="button" className="icon-button small" onClick={() => void deleteKeptSample(sample.id)} aria-label={`Delete kept drawing ${index + 1} (a ${sample.label})`}>×</button>
              </li>
            ))}
          </ul>
        )}
      {message && <div className="notice warn" role="alert">{message}</div>}
      <div className="fine-tune-controls">
        <label className="inline-field">
          Fine-tuning epochs
          <input type="number" min={1} max={20} value={choices.epochs} disabled={isRunning}
            onChange={(e) => { const v = Math.round(Number(e.target.value)); if (v >= 1 && v <= 20) setFineTuneChoices({ epochs: v }); }} />
        </label>
        <label className="inline-field">
          <input type="checkbox" checked={choices.freezeConv} disabled={isRunning} onChange={(e) => setFineTuneChoices({ freezeConv: e.target.checked })} />
          Freeze the convolutional layers (only the dense layers learn)
        </label>
        <button type="button" className="primary" onClick={() => void fineTune()} disabled={isRunning || blocked !== null} aria-describedby={blocked ? 'fine-tune-blocked' : undefined}>
          {isRunning ? 'Fine-tuning…' : 'Fine-tune on my digits'}
        </button>
      </div>
      {blocked && !isRunning && <p className="muted" id="fine-tune-blocked">{blocked}</p>}
      {isRunning && <p className="muted" role="status">{progress ? `Epoch ${progress.epoch} of ${progress.epochs} done, loss ${progress.loss.toFixed(3)}; then scoring on the test set…` : 'Scoring the model before fine-tuning…'}</p>}
      {status === 'failed' && error && <div className="notice error" role="alert">Fine-tuning failed: {error}</div>}
      {status === 'done' && result && (
        <table className="layers fine-tune-result" aria-label="Fine-tuning: before and after">
          <caption className="muted">
            {result.sampleCount} of your digits + {result.replayCount} MNIST replays, {result.epochs} epochs, {result.seconds.toFixed(1)} s. Now active: {result.model.name}.
          </caption>
          <thead><tr><th scope="col">Accuracy</th><th scope="col" className="num">Before</th><th scope="col" className="num">After</th></tr></thead>
          <tbody>
            <tr><th scope="row">Your digits</th><td className="num">{formatPercent(result.before.samplesAccuracy)}</td><td className="num">{formatPercent(result.after.samplesAccuracy)}</td></tr>
            <tr><th scope="row">MNIST test set (10,000)</th><td className="num">{formatPercent(result.before.testAccuracy, 2)}</td><td className="num">{formatPercent(result.after.testAccuracy, 2)}</td></tr>
          </tbody>
        </table>
      )}
    </Card>
  );
}

function KeptDigit({ pixels, label }: { pixels: Uint8Array; label: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) paintDigits(ref.current, pixels, 1);
  }, [pixels]);
  return <canvas ref={ref} className="digits kept-digit" role="img" aria-label={`A kept ${label}`} />;
}
