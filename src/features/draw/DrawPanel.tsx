import { useEffect, useRef } from 'react';
import type { Stroke } from '../../core/draw/preprocess';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/appStore';
import { Card } from '../../ui/Card';
import { DrawingSurface, paintField, PEN_WIDTHS, type PenWidth } from '../../vis/drawingSurface';
import { KeepDrawing } from './KeepDrawing';
import { ProbabilityBars } from './ProbabilityBars';

/** Mid-stroke predictions at most this often: the ink on screen never waits for the model. */
const PREVIEW_INTERVAL_MS = 80;
/** While a model trains, the drawing is read again this often, so the bars follow its learning. */
const TRAINING_REFRESH_MS = 500;

/**
 * Draw a digit, see what the model sees and what it reads. The card re-renders only when ink comes
 * or goes, not at each stroke: the end of a stroke is when the answer is awaited, and every
 * millisecond the page's thread spends then (rendering, restyling) delays the bars (see the bench).
 */
export function DrawPanel() {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const surfaceRef = useRef<DrawingSurface | null>(null);
  // Undo and Clear wake with the first ink, mid-stroke, rather than when the first stroke ends.
  const hasInk = useAppStore((s) => s.strokes.length > 0 || s.field !== null);
  const activeModel = useAppStore((s) => s.activeModel);
  const penWidth = useAppStore((s) => s.penWidth);
  const { drawStrokes, undoStroke, clearDrawing, refreshPrediction, setPenWidth } = useAppStore.getState();
  const { t } = useI18n();
  const words = t.draw;

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    let lastPreview = 0;
    let trailing: ReturnType<typeof setTimeout> | null = null;
    const surface = new DrawingSurface(canvas, {
      strokesChanged(next: Stroke[], size: number, isFinal: boolean) {
        if (trailing) clearTimeout(trailing);
        trailing = null;
        const now = performance.now();
        if (isFinal || now - lastPreview >= PREVIEW_INTERVAL_MS) {
          lastPreview = now;
          drawStrokes(next, size, isFinal);
        } else {
          trailing = setTimeout(() => drawStrokes(next, size, false), PREVIEW_INTERVAL_MS);
        }
      },
    });
    surfaceRef.current = surface;
    surface.setStrokes(useAppStore.getState().strokes);
    surface.penWidth = useAppStore.getState().penWidth;
    // Undo and Clear change the store's strokes; a finished stroke hands the surface its own array back.
    const unsubscribe = useAppStore.subscribe((s) => surface.setStrokes(s.strokes));
    const observer = new ResizeObserver(() => surface.resize());
    observer.observe(canvas);
    return () => {
      if (trailing) clearTimeout(trailing);
      unsubscribe();
      observer.disconnect();
      surface.dispose();
      surfaceRef.current = null;
    };
  }, [drawStrokes]);

  useEffect(() => {
    if (surfaceRef.current) surfaceRef.current.penWidth = penWidth;
  }, [penWidth]);
  // A new model, or one that learnt more, reads the same drawing again.
  useEffect(() => refreshPrediction(), [activeModel, refreshPrediction]);

  return (
    <Card title={words.title} id="draw">
      <div className="draw-layout">
        <div className="draw-canvas-column">
          <canvas ref={canvasRef} className="draw-canvas" role="img" aria-label={words.canvas} aria-describedby="draw-help" />
          <div className="buttons draw-buttons">
            <button type="button" onClick={undoStroke} disabled={!hasInk}>{words.undo}</button>
            <button type="button" onClick={clearDrawing} disabled={!hasInk}>{words.clear}</button>
            <label className="inline-field pen-field">
              {words.pen}
              <select value={penWidth} onChange={(e) => setPenWidth(e.target.value as PenWidth)}>
                {(Object.keys(PEN_WIDTHS) as PenWidth[]).map((w) => <option key={w} value={w}>{words.penWidths[w]}</option>)}
              </select>
            </label>
          </div>
          <p className="muted" id="draw-help">{words.help}</p>
        </div>
        <div className="draw-result-column">
          <figure className="draw-field">
            <FieldPreview label={words.fieldLabel} />
            <figcaption className="muted">{words.fieldCaption}</figcaption>
          </figure>
          <ProbabilityBars />
        </div>
      </div>
      <KeepDrawing />
      <TrainingRefresh />
    </Card>
  );
}

/** The 28x28 image the model sees, repainted whenever it changes (a component of its own, so that only it re-renders then). */
function FieldPreview({ label }: { label: string }) {
  const fieldRef = useRef<HTMLCanvasElement>(null);
  const field = useAppStore((s) => s.field);
  useEffect(() => {
    if (fieldRef.current) paintField(fieldRef.current, field);
  }, [field]);
  return <canvas ref={fieldRef} className="digits draw-field-canvas" width={28} height={28} role="img" aria-label={label} />;
}

/**
 * While the active model trains, reads the drawing again every TRAINING_REFRESH_MS, so the bars
 * follow its learning. A component of its own: the batch count it watches changes ten times a
 * second, and only this empty component re-renders for it, not the drawing card.
 */
function TrainingRefresh() {
  const batchCount = useAppStore((s) => (s.activeModel?.isTraining ? s.batches.length : 0));
  const lastRefresh = useRef(0);
  useEffect(() => {
    if (batchCount === 0 || performance.now() - lastRefresh.current < TRAINING_REFRESH_MS) return;
    lastRefresh.current = performance.now();
    useAppStore.getState().refreshPrediction();
  }, [batchCount]);
  return null;
}
