import { useEffect, useRef } from 'react';
import type { Stroke } from '../../core/draw/preprocess';
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
  const batchCount = useAppStore((s) => (s.activeModel?.isTraining ? s.batches.length : 0));
  const { drawStrokes, undoStroke, clearDrawing, refreshPrediction, setPenWidth } = useAppStore.getState();
  const lastRefresh = useRef(0);

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
  useEffect(() => {
    if (batchCount === 0 || performance.now() - lastRefresh.current < TRAINING_REFRESH_MS) return;
    lastRefresh.current = performance.now();
    refreshPrediction();
  }, [batchCount, refreshPrediction]);

  return (
    <Card title="Draw a digit" id="draw">
      <div className="draw-layout">
        <div className="draw-canvas-column">
          <canvas ref={canvasRef} className="draw-canvas" role="img" aria-label="Drawing canvas" aria-describedby="draw-help" />
          <div className="buttons draw-buttons">
            <button type="button" onClick={undoStroke} disabled={strokes.length === 0}>Undo</button>
            <button type="button" onClick={clearDrawing} disabled={strokes.length === 0}>Clear</button>
            <label className="inline-field pen-field">
              Pen
              <select value={penWidth} onChange={(e) => setPenWidth(e.target.value as PenWidth)}>
                {(Object.keys(PEN_WIDTHS) as PenWidth[]).map((w) => <option key={w} value={w}>{w}</option>)}
              </select>
            </label>
          </div>
          <p className="muted" id="draw-help">Draw one digit, 0 to 9, with a mouse, a finger or a pen, as large or small as you like.</p>
        </div>
        <div className="draw-result-column">
          <figure className="draw-field">
            <canvas ref={fieldRef} className="digits draw-field-canvas" width={28} height={28} role="img" aria-label="What the model sees: your drawing as a 28 by 28 MNIST image" />
            <figcaption className="muted">What the model sees: 28×28, the digit scaled to 20 px and centred by its centre of mass, as MNIST was prepared.</figcaption>
          </figure>
          <ProbabilityBars />
        </div>
      </div>
      <KeepDrawing />
    </Card>
  );
}
