import { useEffect, useRef } from 'react';
import { useI18n } from '../../i18n/useI18n';
import { type AppState } from '../../store/store';
import { useAppStore } from '../../store/appStore';
import { LineChart, type ChartPoint } from '../../vis/lineChart';
import { LOSS_SMOOTHING } from '../../core/training/pace';
import { CurvesTable } from './CurvesTable';

/** The accuracy's moving average, as the trainer smooths the loss (LOSS_SMOOTHING), so both curves read alike. */
const SMOOTHING = LOSS_SMOOTHING;
/** At most about this many points per series: vega redraws every point on each append. */
const MAX_POINTS = 1500;
/** Charts take new points at most this often (the store takes new batches ten times a second). */
const APPEND_INTERVAL_MS = 400;

/**
 * Live loss and accuracy: every batch (faint), its moving average, and the validation score after
 * each epoch. The charts are created once and only ever appended to, outside React's render.
 */
export function TrainingCharts() {
  const lossRef = useRef<HTMLDivElement>(null);
  const accuracyRef = useRef<HTMLDivElement>(null);
  const { t } = useI18n();
  const words = t.charts;

  // A new language embeds the charts again with its titles; they redraw every batch from the store.
  useEffect(() => {
    const series = [
      { name: 'batch', label: words.series.batch, color: '#8190a5', faint: true },
      { name: 'smoothed', label: words.series.smoothed, color: '#1f6feb' },
      { name: 'validation', label: words.series.validation, color: '#e8590c', points: true },
    ];
    const loss = new LineChart(lossRef.current!, { title: words.loss, xLabel: words.epochAxis, yLabel: words.lossAxis, series });
    const accuracy = new LineChart(accuracyRef.current!, { title: words.accuracy, xLabel: words.epochAxis, yLabel: words.accuracyAxis, yDomain: [0, 1], series });

    let batchesDrawn = 0;
    let epochsDrawn = 0;
    let smoothAccuracy = NaN;
    let lastAppend = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;

    const draw = (state: AppState) => {
      timer = null;
      lastAppend = performance.now();
      const { batches, epochs, run } = state;
      if (batches.length < batchesDrawn) {
        // A new run started: begin again from empty charts.
        loss.clear();
        accuracy.clear();
        batchesDrawn = 0;
        epochsDrawn = 0;
        smoothAccuracy = NaN;
      }
      const perEpoch = run?.batchesPerEpoch ?? 1;
      // Long runs plot every k-th batch; the moving average still takes in every batch.
      const stride = Math.max(1, Math.ceil((perEpoch * (run?.epochs ?? 1)) / MAX_POINTS));
      const lossPoints: ChartPoint[] = [];
      const accuracyPoints: ChartPoint[] = [];
      for (; batchesDrawn < batches.length; batchesDrawn++) {
        const b = batches[batchesDrawn];
        const x = b.epoch + (b.batch + 1) / perEpoch;
        // The trainer's own moving average: the one its divergence note quotes.
        smoothAccuracy = Number.isNaN(smoothAccuracy) ? b.accuracy : SMOOTHING * smoothAccuracy + (1 - SMOOTHING) * b.accuracy;
        if (batchesDrawn % stride !== 0 && batchesDrawn !== batches.length - 1) continue;
        // The smoothed loss is the trainer's own moving average: the one its divergence note quotes.
        lossPoints.push({ x, y: b.loss, series: 'batch' }, { x, y: b.smoothedLoss, series: 'smoothed' });
        accuracyPoints.push({ x, y: b.accuracy, series: 'batch' }, { x, y: smoothAccuracy, series: 'smoothed' });
      }
      for (; epochsDrawn < epochs.length; epochsDrawn++) {
        const e = epochs[epochsDrawn];
        if (e.validationLoss !== null) lossPoints.push({ x: e.epoch + 1, y: e.validationLoss, series: 'validation' });
        if (e.validationAccuracy !== null) accuracyPoints.push({ x: e.epoch + 1, y: e.validationAccuracy, series: 'validation' });
      }
      loss.append(lossPoints);
      accuracy.append(accuracyPoints);
    };

    // Each run's x axis spans its planned epochs (an early stop ends the line short of the end).
    const fitRun = (run: AppState['run']) => {
      loss.setXMax(run?.epochs ?? 1);
      accuracy.setXMax(run?.epochs ?? 1);
    };
    fitRun(useAppStore.getState().run);

    const unsubscribe = useAppStore.subscribe((state, previous) => {
      if (state.run !== previous.run && state.run) fitRun(state.run);
      if (state.batches === previous.batches && state.epochs === previous.epochs) return;
      if (timer !== null) return;
      const wait = Math.max(0, APPEND_INTERVAL_MS - (performance.now() - lastAppend));
      timer = setTimeout(() => draw(useAppStore.getState()), wait);
    });
    draw(useAppStore.getState());

    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
      loss.dispose();
      accuracy.dispose();
    };
  }, [words]);

  return (
    <section className="card" aria-labelledby="charts-title">
      <div className="card-row">
        <h2 id="charts-title">{words.title}</h2>
        <PlottedCount />
      </div>
      <div className="charts" style={{ marginTop: '0.6rem' }}>
        <figure className="chart" style={{ margin: 0 }}>
          <h3>{words.loss}</h3>
          <div role="img" aria-label={words.lossLabel}><div ref={lossRef} className="chart-area" /></div>
        </figure>
        <figure className="chart" style={{ margin: 0 }}>
          <h3>{words.accuracy}</h3>
          <div role="img" aria-label={words.accuracyLabel}><div ref={accuracyRef} className="chart-area" /></div>
        </figure>
      </div>
      <CurvesTable />
    </section>
  );
}

/** Its own component: it changes with every store update while training, the charts' markup never does. */
function PlottedCount() {
  const count = useAppStore((s) => s.batches.length);
  const { t, f } = useI18n();
  return <span className="muted" data-testid="chart-points">{t.charts.plotted(f.int(count))}</span>;
}
