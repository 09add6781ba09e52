import { useEffect, useRef, useState } from 'react';
import type { WeightSummary } from '../../core/model/inspect';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/appStore';

type Inspector = typeof import('../../vis/tfvisInspector');

/** Loaded once, on the first open: the chunk with tfjs-vis and vega-lite is fetched only then. */
let loading: Promise<Inspector> | null = null;
function loadInspector(): Promise<Inspector> {
  loading ??= import('../../vis/tfvisInspector').catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

/**
 * The tfjs-vis inspector: the model summary table, a histogram of each layer's weights and the
 * accuracy per digit. Its weights are asked for when it opens, at every epoch's end while a model
 * trains, when the model changes, and on Refresh.
 */
export function TfvisSurface() {
  const i18n = useI18n();
  const { f } = i18n;
  const words = i18n.t.inspect.vis;
  const [inspector, setInspector] = useState<Inspector | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const modelLayers = useAppStore((s) => s.modelLayers);
  const layersError = useAppStore((s) => s.modelLayersError);
  const model = useAppStore((s) => s.activeModel);
  const epochCount = useAppStore((s) => s.epochs.length);
  // The final figures once a run is evaluated, otherwise the last epoch's while it trains.
  const evaluation = useAppStore((s) => s.evaluation ?? s.epochEvaluation?.result ?? null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const perClassChartRef = useRef<HTMLDivElement>(null);
  const perClassTableRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    loadInspector().then(setInspector, (error: unknown) => setLoadError(error instanceof Error ? error.message : String(error)));
  }, []);
  useEffect(() => {
    void useAppStore.getState().refreshModelLayers();
  }, [model, epochCount]);

  useEffect(() => {
    if (!inspector || !modelLayers || !summaryRef.current) return;
    inspector.renderSummary(summaryRef.current, modelLayers.layers, { headers: words.summaryHeaders, yes: words.yes, no: words.no, int: f.int });
  }, [inspector, modelLayers, words, f]);

  useEffect(() => {
    if (!inspector || !evaluation || !perClassChartRef.current || !perClassTableRef.current) return;
    void inspector.renderPerClassAccuracy(perClassChartRef.current, perClassTableRef.current, inspector.perClassAccuracy(evaluation.confusion), {
      headers: words.perClassHeaders,
      digitAxis: words.digitAxis,
      accuracyAxis: words.accuracyAxis,
      percent: (x) => f.percent(x, 1),
      int: f.int,
    });
  }, [inspector, evaluation, words, f]);

  if (loadError) return <div className="notice error" role="alert">{words.loadFailed(loadError)}</div>;
  const weights = modelLayers?.layers.flatMap((layer) => layer.weights.filter((w) => w.shape.length > 1)) ?? [];
  return (
    <div className="inspect-tfvis" data-testid="tfvis-surface" aria-busy={!inspector || !modelLayers}>
      {(!inspector || !modelLayers) && !layersError && <p className="muted">{words.loading}</p>}
      {layersError && <div className="notice error" role="alert">{i18n.say(layersError)}</div>}
      <div className="buttons">
        <button type="button" onClick={() => void useAppStore.getState().refreshModelLayers()}>{words.refresh}</button>
        <span className="muted">{words.refreshNote}</span>
      </div>
      <section aria-labelledby="tfvis-summary-title">
        <h4 id="tfvis-summary-title">{words.summaryTitle}</h4>
        {/* Focusable: on a narrow screen the table scrolls sideways, by keyboard too. */}
        <div ref={summaryRef} className="tfvis-table" data-testid="tfvis-summary" tabIndex={0} role="group" aria-labelledby="tfvis-summary-title" />
      </section>
      <section aria-labelledby="tfvis-weights-title">
        <h4 id="tfvis-weights-title">{words.histogramsTitle}</h4>
        <p className="muted">{words.histogramsHelp}</p>
        <div className="tfvis-histograms">
          {inspector && weights.map((weight) => <WeightHistogram key={weight.name} inspector={inspector} weight={weight} />)}
        </div>
      </section>
      <section aria-labelledby="tfvis-perclass-title">
        <h4 id="tfvis-perclass-title">{words.perClassTitle}</h4>
        {!evaluation && <p className="muted">{words.perClassEmpty}</p>}
        <div hidden={!evaluation} className="tfvis-perclass">
          <div role="img" aria-label={words.perClassTitle}><div ref={perClassChartRef} /></div>
          <div ref={perClassTableRef} className="tfvis-table" />
        </div>
      </section>
    </div>
  );
}

/** One kernel's histogram (tfjs-vis redraws a chart it has drawn by swapping its data). */
function WeightHistogram({ inspector, weight }: { inspector: Inspector; weight: WeightSummary }) {
  const ref = useRef<HTMLDivElement>(null);
  const i18n = useI18n();
  const { f } = i18n;
  const words = i18n.t.inspect.vis;
  const caption = words.histogramCaption(weight.name, f.int(weight.count), f.percent(weight.count ? weight.nearZero / weight.count : 0, 1), f.fixed(weight.meanAbs, 4));
  useEffect(() => {
    if (!ref.current) return;
    void inspector.renderWeightHistogram(ref.current, weight, { weightAxis: words.weightAxis, countAxis: words.countAxis });
  }, [inspector, weight, words]);
  return (
    <figure className="tfvis-histogram">
      {/* vega sets its own ARIA role on the element it draws into, so the label sits on a wrapper. */}
      <div role="img" aria-label={caption}><div ref={ref} /></div>
      <figcaption className="muted">{caption}</figcaption>
    </figure>
  );
}
