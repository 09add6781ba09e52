/**
 * The drawing canvas: owns one <canvas>, turns pointer input (mouse, touch, pen) into strokes and
 * paints them as white ink on black, as MNIST stores digits. The page does not scroll while a
 * finger draws (touch-action: none in CSS, and the pointer is captured).
 */
import type { Point, Stroke } from '../core/draw/preprocess';

/**
 * Ink width as a share of the canvas side. Medium gives a digit drawn across most of the box
 * MNIST's stroke-to-height ratio; thin and thick let a student see that the centring and scaling
 * make the model read either.
 */
export const PEN_WIDTHS = { thin: 1 / 24, medium: 1 / 14, thick: 1 / 8 } as const;
export type PenWidth = keyof typeof PEN_WIDTHS;

export interface DrawingCallbacks {
  /** The strokes so far, including the one being drawn; `isFinal` once it has ended. */
  strokesChanged(strokes: Stroke[], canvasSize: number, isFinal: boolean): void;
}

export class DrawingSurface {
  private strokes: Stroke[] = [];
  private current: Stroke | null = null;
  private pointerId: number | null = null;
  private readonly context: CanvasRenderingContext2D;
  private readonly abort = new AbortController();
  /** The pen for the next stroke. */
  penWidth: PenWidth = 'medium';

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly callbacks: DrawingCallbacks,
  ) {
    const context = canvas.getContext('2d');
    if (!context) throw new Error('This browser cannot draw on a canvas.');
    this.context = context;
    const options = { signal: this.abort.signal };
    canvas.addEventListener('pointerdown', (e) => this.down(e), options);
    canvas.addEventListener('pointermove', (e) => this.move(e), options);
    canvas.addEventListener('pointerup', (e) => this.up(e), options);
    canvas.addEventListener('pointercancel', (e) => this.up(e), options);
    // Belt and braces for browsers that start a scroll from a touch before pointer events decide.
    canvas.addEventListener('touchmove', (e) => e.preventDefault(), { ...options, passive: false });
    this.resize();
  }

  /** The canvas side in CSS pixels. */
  get size(): number {
    return this.canvas.clientWidth || this.canvas.width;
  }

  /** Shows `strokes` (after Undo or Clear, or when the store's strokes change); the strokes it already shows cost nothing. */
  setStrokes(strokes: Stroke[]): void {
    if (strokes === this.strokes) return;
    this.strokes = strokes;
    this.repaint();
  }

  /** Matches the backing store to the canvas's CSS size and the screen's pixel ratio. */
  resize(): void {
    const ratio = window.devicePixelRatio || 1;
    const side = Math.round(this.size * ratio);
    if (this.canvas.width !== side || this.canvas.height !== side) {
      this.canvas.width = side;
      this.canvas.height = side;
    }
    this.repaint();
  }

  dispose(): void {
    this.abort.abort();
  }

  private point(event: PointerEvent): Point {
    const rect = this.canvas.getBoundingClientRect();
    const scale = this.size / (rect.width || 1);
    return { x: (event.clientX - rect.left) * scale, y: (event.clientY - rect.top) * scale };
  }

  private down(event: PointerEvent): void {
    if (this.pointerId !== null || (event.pointerType === 'mouse' && event.button !== 0)) return;
    event.preventDefault();
    this.pointerId = event.pointerId;
    this.canvas.setPointerCapture?.(event.pointerId);
    this.current = { points: [this.point(event)], width: this.size * PEN_WIDTHS[this.penWidth] };
    this.repaint();
    this.callbacks.strokesChanged([...this.strokes, this.current], this.size, false);
  }

  private move(event: PointerEvent): void {
    if (event.pointerId !== this.pointerId || !this.current) return;
    event.preventDefault();
    // Coalesced events keep fast strokes smooth where the browser batches them per frame.
    const events = typeof event.getCoalescedEvents === 'function' ? event.getCoalescedEvents() : [];
    for (const e of events.length > 0 ? events : [event]) this.current.points.push(this.point(e));
    this.repaint();
    this.callbacks.strokesChanged([...this.strokes, this.current], this.size, false);
  }

  private up(event: PointerEvent): void {
    if (event.pointerId !== this.pointerId || !this.current) return;
    this.pointerId = null;
    this.strokes = [...this.strokes, this.current];
    this.current = null;
    this.repaint();
    this.callbacks.strokesChanged(this.strokes, this.size, true);
  }

  private repaint(): void {
    const { context, canvas } = this;
    const scale = canvas.width / (this.size || 1);
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.fillStyle = '#000';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.setTransform(scale, 0, 0, scale, 0, 0);
    context.strokeStyle = '#fff';
    context.fillStyle = '#fff';
    context.lineCap = 'round';
    context.lineJoin = 'round';
    for (const stroke of this.current ? [...this.strokes, this.current] : this.strokes) paintStroke(context, stroke);
  }
}

function paintStroke(context: CanvasRenderingContext2D, { points, width }: Stroke): void {
  if (points.length === 1) {
    context.beginPath();
    context.arc(points[0].x, points[0].y, width / 2, 0, Math.PI * 2);
    context.fill();
    return;
  }
  context.lineWidth = width;
  context.beginPath();
  context.moveTo(points[0].x, points[0].y);
  for (const p of points.slice(1)) context.lineTo(p.x, p.y);
  context.stroke();
}

/** Paints a 28x28 field in [0, 1] onto a 28x28 canvas (white ink on black). */
export function paintField(canvas: HTMLCanvasElement, field: Float32Array | null): void {
  // Setting a canvas's size, even to the same value, is an attribute change that restyles it.
  if (canvas.width !== 28) canvas.width = 28;
  if (canvas.height !== 28) canvas.height = 28;
  const context = canvas.getContext('2d');
  if (!context) return;
  const image = context.createImageData(28, 28);
  for (let i = 0; i < 784; i++) {
    const value = field ? Math.round(Math.min(1, Math.max(0, field[i])) * 255) : 0;
    image.data[i * 4] = value;
    image.data[i * 4 + 1] = value;
    image.data[i * 4 + 2] = value;
    image.data[i * 4 + 3] = 255;
  }
  context.putImageData(image, 0, 0);
}
