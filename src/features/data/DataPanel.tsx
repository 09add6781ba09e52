import { useEffect, useRef } from 'react';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/appStore';
import { ProgressBar } from '../../ui/ProgressBar';
import { paintDigits } from '../../vis/digitStrip';

/** The MNIST stream: bytes and images loaded, a failure with Retry, and a strip of real digits. */
export function DataPanel() {
  const progress = useAppStore((s) => s.progress);
  const status = useAppStore((s) => s.dataStatus);
  const error = useAppStore((s) => s.dataError);
  const retry = useAppStore((s) => s.retryData);
  const samples = useAppStore((s) => s.samples);
  const canvas = useRef<HTMLCanvasElement>(null);
  const i18n = useI18n();
  const { t, f } = i18n;
  const words = t.data;

  useEffect(() => {
    if (canvas.current && samples) paintDigits(canvas.current, samples.pixels, samples.labels.length);
  }, [samples]);

  const images = progress ? progress.trainImagesLoaded + progress.testImagesLoaded : 0;
  const imagesTotal = progress ? progress.trainImagesTotal + progress.testImagesTotal : 70_000;
  return (
    <section className="card" aria-labelledby="data-title">
      <div className="card-row">
        <h2 id="data-title">{words.title}</h2>
        <span className={`badge ${status === 'ready' ? 'good' : status === 'failed' ? 'bad' : ''}`}>
          {status === 'ready' ? words.allLoaded : status === 'failed' ? words.failed : words.streaming}
        </span>
      </div>
      <div style={{ marginTop: '0.5rem' }}>
        <ProgressBar
          label={words.downloaded}
          value={progress?.bytesLoaded ?? 0}
          max={progress?.bytesTotal ?? 0}
          text={progress ? words.bytesOf(f.bytes(progress.bytesLoaded), f.bytes(progress.bytesTotal)) : words.readingManifest}
        />
        <ProgressBar
          label={words.imagesDecoded}
          value={images}
          max={imagesTotal}
          text={words.imagesOf(f.int(progress?.trainImagesLoaded ?? 0), f.int(progress?.testImagesLoaded ?? 0), f.int(imagesTotal))}
        />
      </div>
      {error && (
        <div className="notice error" role="alert">
          <div>{i18n.say(error)}</div>
          <button type="button" onClick={retry}>{words.retry}</button>
        </div>
      )}
      {samples && (
        <figure style={{ margin: '0.7rem 0 0' }}>
          <canvas ref={canvas} className="digits" aria-label={words.firstDigits(samples.labels.length)} role="img" />
          <div className="digit-labels" style={{ gridTemplateColumns: `repeat(${samples.labels.length}, 1fr)` }} aria-hidden="true">
            {Array.from(samples.labels, (label, i) => <span key={i}>{label}</span>)}
          </div>
          <figcaption className="muted">{words.caption}</figcaption>
        </figure>
      )}
    </section>
  );
}
