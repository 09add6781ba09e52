import { useEffect, useRef } from 'react';
import { useAppStore } from '../../store/appStore';
import { ProgressBar } from '../../ui/ProgressBar';
import { formatBytes, formatInt } from '../../ui/format';
import { paintDigits } from '../../vis/digitStrip';

/** The MNIST stream: bytes and images loaded, a failure with Retry, and a strip of real digits. */
export function DataPanel() {
  const progress = useAppStore((s) => s.progress);
  const status = useAppStore((s) => s.dataStatus);
  const error = useAppStore((s) => s.dataError);
  const retry = useAppStore((s) => s.retryData);
  const samples = useAppStore((s) => s.samples);
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    if (canvas.current && samples) paintDigits(canvas.current, samples.pixels, samples.labels.length);
  }, [samples]);

  const images = progress ? progress.trainImagesLoaded + progress.testImagesLoaded : 0;
  const imagesTotal = progress ? progress.trainImagesTotal + progress.testImagesTotal : 70_000;
  return (
    <section className="card" aria-labelledby="data-title">
      <div className="card-row">
        <h2 id="data-title">MNIST data</h2>
        <span className={`badge ${status === 'ready' ? 'good' : status === 'failed' ? 'bad' : ''}`}>
          {status === 'ready' ? 'all loaded' : status === 'failed' ? 'failed' : 'streaming…'}
        </span>
      </div>
      <div style={{ marginTop: '0.5rem' }}>
        <ProgressBar
          label="Downloaded"
          value={progress?.bytesLoaded ?? 0}
          max={progress?.bytesTotal ?? 0}
          text={progress ? `${formatBytes(progress.bytesLoaded)} of ${formatBytes(progress.bytesTotal)}` : 'reading the manifest…'}
        />
        <ProgressBar
          label="Images decoded"
          value={images}
          max={imagesTotal}
          text={`${formatInt(progress?.trainImagesLoaded ?? 0)} train + ${formatInt(progress?.testImagesLoaded ?? 0)} test of ${formatInt(imagesTotal)}`}
        />
      </div>
      {error && (
        <div className="notice error" role="alert">
          <div>{error}</div>
          <button type="button" onClick={retry}>Retry</button>
        </div>
      )}
      {samples && (
        <figure style={{ margin: '0.7rem 0 0' }}>
          <canvas ref={canvas} className="digits" aria-label={`The first ${samples.labels.length} training digits`} role="img" />
          <div className="digit-labels" style={{ gridTemplateColumns: `repeat(${samples.labels.length}, 1fr)` }} aria-hidden="true">
            {Array.from(samples.labels, (label, i) => <span key={i}>{label}</span>)}
          </div>
          <figcaption className="muted">The first training images, exactly as the model sees them, with their labels.</figcaption>
        </figure>
      )}
    </section>
  );
}
