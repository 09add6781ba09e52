/**
 * The drawing: its finished strokes, the 28x28 field the model sees, and the active model's
 * prediction. Every change asks the engine again; a newer drawing withdraws the older question,
 * so a stale prediction never overwrites a fresh one.
 */
import { preprocessStrokes, type Stroke } from '../core/draw/preprocess';
import type { ModelName } from '../engine/protocol';
import { messageOf, type AppMessage } from './messages';
import type { AppState, SliceWithEngine } from './store';

export interface Prediction {
  probabilities: number[];
  /** The model that answered. */
  modelName: ModelName;
  /** Milliseconds from the drawing's change to the answer reaching the store. */
  millis: number;
  /** It answers a finished stroke (not a preview mid-stroke). */
  isFinal: boolean;
}

export interface DrawSlice {
  /** Finished strokes, oldest first. */
  strokes: Stroke[];
  /** The side of the square canvas the strokes were drawn on, in CSS pixels. */
  canvasSize: number;
  /** What the model sees: 28x28 in [0, 1], white ink on black; null while nothing is drawn. */
  field: Float32Array | null;
  prediction: Prediction | null;
  predictionError: AppMessage | null;
  penWidth: 'thin' | 'medium' | 'thick';
  setPenWidth(width: 'thin' | 'medium' | 'thick'): void;
  /** Shows a drawing and asks for its prediction; `commit` keeps the strokes (a stroke ended), otherwise it is a preview mid-stroke. */
  drawStrokes(strokes: Stroke[], canvasSize: number, commit: boolean): void;
  undoStroke(): void;
  clearDrawing(): void;
  /** Asks again for the current drawing, e.g. when the model changed or learnt more. */
  refreshPrediction(): void;
}

export const createDrawSlice: SliceWithEngine<DrawSlice> = (engine) => (set, get) => {
  let inFlight: AbortController | null = null;
  /** The field shown is of finished strokes only (not a preview mid-stroke). */
  let isFieldFinal = true;

  const predict = (field: Float32Array, isFinal: boolean) => {
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    const started = performance.now();
    engine.request({ kind: 'predict', pixels: field }, { signal: controller.signal }).then(
      ({ probabilities, model }) => {
        if (inFlight === controller) inFlight = null;
        set({ prediction: { probabilities: Array.from(probabilities), modelName: model.name, millis: performance.now() - started, isFinal }, predictionError: null });
      },
      (error: unknown) => {
        if (inFlight === controller) inFlight = null;
        if (error instanceof DOMException && error.name === 'AbortError') return;
        set({ predictionError: messageOf(error) });
      },
    );
  };

  const show = (strokes: Stroke[], canvasSize: number, patch: Partial<AppState>, isFinal = true) => {
    const { pixels, isEmpty } = preprocessStrokes(strokes, canvasSize);
    if (isEmpty) {
      inFlight?.abort();
      inFlight = null;
      set({ ...patch, field: null, prediction: null, predictionError: null });
      return;
    }
    isFieldFinal = isFinal;
    set({ ...patch, field: pixels });
    predict(pixels, isFinal);
  };

  return {
    strokes: [],
    canvasSize: 280,
    field: null,
    prediction: null,
    predictionError: null,
    penWidth: 'medium',
    setPenWidth(penWidth) {
      set({ penWidth });
    },
    drawStrokes(strokes, canvasSize, commit) {
      show(strokes, canvasSize, commit ? { strokes, canvasSize } : { canvasSize }, commit);
    },
    undoStroke() {
      const strokes = get().strokes.slice(0, -1);
      show(strokes, get().canvasSize, { strokes });
    },
    clearDrawing() {
      show([], get().canvasSize, { strokes: [] });
    },
    refreshPrediction() {
      const { field } = get();
      // A prediction already on its way will reflect the model as it is now.
      if (field && !inFlight) predict(field, isFieldFinal);
    },
  };
};
