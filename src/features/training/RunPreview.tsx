import { useMemo } from 'react';
import { getPreset } from '../../core/config/presets';
import { recipeDifferences } from '../../core/config/recipe';
import { roundEstimate } from '../../core/training/estimate';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/appStore';
import { selectRunEstimate } from '../../store/speedSlice';

/**
 * Beside Train, before it is pressed: the data arriving, how long the run will take on this
 * computer (from this model's measured speed on this backend) and what test accuracy to expect.
 */
export function RunPreview() {
  const { t } = useI18n();
  return (
    <dl className="run-preview" aria-label={t.beforeTrain.preview}>
      <DataLine />
      <LengthLine />
      <ExpectLine />
    </dl>
  );
}

function DataLine() {
  const progress = useAppStore((s) => s.progress);
  const status = useAppStore((s) => s.dataStatus);
  const { t, f } = useI18n();
  const words = t.beforeTrain;
  const images = progress ? progress.trainImagesLoaded + progress.testImagesLoaded : 0;
  const total = progress ? progress.trainImagesTotal + progress.testImagesTotal : 0;
  const text = status === 'failed' ? words.dataFailed
    : !progress || progress.bytesTotal === 0 ? words.dataReadingManifest
      : status === 'ready' ? words.dataLoaded(f.int(total))
        : words.dataArriving(f.int(images), f.int(total), f.bytes(progress.bytesLoaded), f.bytes(progress.bytesTotal));
  const fraction = total > 0 ? Math.min(1, images / total) : 0;
  return (
    <div>
      <dt>{words.data}</dt>
      <dd>
        {status === 'loading' && (
          <span
            className="mini-progress"
            role="progressbar"
            aria-label={words.data}
            aria-valuemin={0}
            aria-valuemax={total}
            aria-valuenow={images}
            aria-valuetext={text}
          >
            <span style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
          </span>
        )}
        <span data-testid="data-line">{text}</span>
      </dd>
    </div>
  );
}

function LengthLine() {
  const view = useAppStore(selectRunEstimate);
  const timing = useAppStore((s) => s.runTiming);
  const isRunning = useAppStore((s) => s.runTiming !== null && s.runTiming.endedAt === null);
  const active = useAppStore((s) => s.backend?.active ?? null);
  const i18n = useI18n();
  const { t, f } = i18n;
  const words = t.beforeTrain;
  // An estimate reads as one: whole minutes as "16 min", never "16 min 0 sec" (roundEstimate rounds to the minute beyond ten).
  const about = (seconds: number | null) => {
    const rounded = seconds === null ? NaN : roundEstimate(seconds);
    return rounded >= 60 && rounded % 60 === 0 ? words.wholeMinutes(f.int(rounded / 60)) : f.duration(rounded);
  };

  let main: string;
  let detail: string | null = null;
  if (isRunning && timing) {
    main = words.lengthDuringRun(about(timing.estimatedSeconds));
  } else {
    switch (view.kind) {
      case 'noModel': main = words.lengthNoModel; break;
      case 'waitingForBackend': main = words.lengthWaitingForBackend; break;
      case 'measuring': main = words.lengthMeasuring(active ? i18n.backendName(active) : ''); break;
      case 'estimated': {
        const { estimate, plan, speed, backend } = view;
        main = words.lengthAbout(about(estimate.totalSeconds));
        detail = words.lengthDetail(f.int(plan.trainCount), plan.epochs, f.int(speed.trainPerSecond), i18n.backendName(backend), speed.source === 'run' ? words.measuredByRun : words.measuredByProbe);
        break;
      }
    }
  }
  const took = !isRunning && timing?.endedAt != null && timing.outcome === 'done'
    ? words.lengthTook(f.duration((timing.endedAt - timing.startedAt) / 1000), about(timing.estimatedSeconds))
    : null;
  return (
    <div>
      <dt>{words.length}</dt>
      <dd>
        <span data-testid="run-estimate">{main}</span>
        {detail && <span className="muted"> · {detail}</span>}
        {took && <span className="run-took" data-testid="run-took">{took}</span>}
      </dd>
    </div>
  );
}

function ExpectLine() {
  const presetId = useAppStore((s) => s.presetId);
  const settings = useAppStore((s) => s.settings);
  const layers = useAppStore((s) => s.layers);
  const i18n = useI18n();
  const { t, f } = i18n;
  const words = t.beforeTrain;
  const text = useMemo(() => {
    const preset = getPreset(presetId);
    const reference = preset?.referenceAccuracy ?? null;
    if (!preset || reference === null) return words.expectNoReference;
    const percent = f.percent(reference, Number.isInteger(reference * 100) ? 0 : 2);
    // Holding a tenth back for validation leaves the recipe's result within reach: not worth a caveat.
    const changes = recipeDifferences(preset, settings, layers).filter((change) => change !== 'validationSplit');
    if (changes.includes('layers')) return words.expectChangedLayers;
    if (changes.length > 0) return words.expectChangedSettings(percent, i18n.list(changes.map((c) => i18n.recipeChange(c))));
    return words.expectPublished(percent);
  }, [presetId, settings, layers, words, f, i18n]);
  return (
    <div>
      <dt>{words.expect}</dt>
      <dd data-testid="run-expect">{text}</dd>
    </div>
  );
}
