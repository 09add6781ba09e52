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

/** Draw a digit, see what the model sees and what it reads. */
export function DrawPanel() {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const fieldRef = useRef<HTMLCanvasElement>(null);
  const surfaceRef = useRef<DrawingSurface | null>(null);
  const strokes = useAppStore((s) => s.strokes);
  const field = useAppStore((s) => s.field);
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
    const observer = new ResizeObserver(() => surface.resize());
    observer.observe(canvas);
    return () => {
      if (trailing) clearTimeout(trailing);
      observer.disconnect();
      surface.dispose();
      surfaceRef.current = null;
    };
  }, [drawStrokes]);

  useEffect(() => surfaceRef.current?.setStrokes(strokes), [strokes]);
  useEffect(() => {
    if (surfaceRef.current) surfaceRef.current.penWidth = penWidth;
  }, [penWidth]);
  useEffect(() => {
    if (fieldRef.current) paintField(fieldRef.current, field);
  }, [field]);
  // A new model, or one that learnt more, reads the same drawing again.
  useEffect(() => refreshPrediction(), [activeModel, refreshPrediction]);

  return (
    <Card title={words.title} id="draw">
      <div className="draw-layout">
        <div className="draw-canvas-column">
          <canvas ref={canvasRef} className="draw-canvas" role="img" aria-label={words.canvas} aria-describedby="draw-help" />
          <div className="buttons draw-buttons">
            <button type="button" onClick={undoStroke} disabled={strokes.length === 0}>{words.undo}</button>
            <button type="button" onClick={clearDrawing} disabled={strokes.length === 0}>{words.clear}</button>
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
            <canvas ref={fieldRef} className="digits draw-field-canvas" width={28} height={28} role="img" aria-label={words.fieldLabel} />
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
