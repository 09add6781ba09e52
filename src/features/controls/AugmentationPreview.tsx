import { useEffect, useRef, useState } from 'react';
import { AUGMENTED_SAMPLE_COUNT } from '../../store/store';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/appStore';
import { paintDigits } from '../../vis/digitStrip';

/**
 * The first training digits as augmentation warps them, redrawn whenever a range or the seed
 * changes; "Draw again" shows other random warps within the same ranges.
 */
export function AugmentationPreview() {
  const rotation = useAppStore((s) => s.settings.augmentRotation);
  const shift = useAppStore((s) => s.settings.augmentShift);
  const scale = useAppStore((s) => s.settings.augmentScale);
  const seed = useAppStore((s) => s.settings.seed);
  const hasData = useAppStore((s) => (s.progress?.trainImagesLoaded ?? 0) > 0);
  const samples = useAppStore((s) => s.augmentedSamples);
  const previewAugmentation = useAppStore((s) => s.previewAugmentation);
  const [draw, setDraw] = useState(0);
  const canvas = useRef<HTMLCanvasElement>(null);
  const { t } = useI18n();

  useEffect(() => {
    if (hasData) previewAugmentation(draw);
  }, [hasData, rotation, shift, scale, seed, draw, previewAugmentation]);

  useEffect(() => {
    if (canvas.current && samples) paintDigits(canvas.current, samples.pixels, samples.labels.length);
  }, [samples]);

  return (
    <figure className="augment-preview" aria-labelledby="augment-preview-title">
      <div className="card-row">
        <figcaption id="augment-preview-title">{t.settings.augmentPreview}</figcaption>
        <button type="button" className="small" onClick={() => setDraw((d) => d + 1)} disabled={!hasData}>{t.settings.drawAgain}</button>
      </div>
      {samples && hasData ? (
        <>
          <canvas
            ref={canvas}
            className="digits"
            role="img"
            aria-label={t.settings.augmentCanvas(AUGMENTED_SAMPLE_COUNT)}
          />
          <div className="digit-labels" style={{ gridTemplateColumns: `repeat(${samples.labels.length}, 1fr)` }} aria-hidden="true">
            {Array.from(samples.labels, (label, i) => <span key={i}>{label}</span>)}
          </div>
        </>
      ) : (
        <p className="muted">{t.settings.augmentWaiting}</p>
      )}
    </figure>
  );
}
