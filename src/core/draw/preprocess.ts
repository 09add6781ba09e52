/**
 * Turns a user's drawing into the 28x28 image a model sees, prepared as MNIST's digits were:
 * cropped to the ink, scaled (anti-aliased) so the longer side fills a 20x20 box with the aspect
 * ratio kept, then placed in the 28x28 field with its centre of mass at the field's centre.
 * Pure: no DOM, so it runs in a worker and under Vitest alike.
 */
import { IMAGE_SIZE, PIXELS_PER_IMAGE } from '../data/sprites';
import { MNIST_MEAN, MNIST_STD } from '../data/types';

/** A point in canvas CSS pixels. */
export interface Point {
  x: number;
  y: number;
}

/** One pen stroke: a polyline drawn with round caps and joins, `width` in the same units as its points. */
export interface Stroke {
  points: Point[];
  width: number;
}

/** The model's input image: 784 values in [0, 1], 1 = ink (white ink on black, as MNIST). */
export interface MnistField {
  pixels: Float32Array;
  /** True when there was no ink at all; `pixels` is then all zeros. */
  isEmpty: boolean;
}

/** The box MNIST scaled each digit's longer side to. */
export const DIGIT_BOX_SIZE = 20;
/**
 * Where MNIST put the centre of mass, in pixel-index terms (pixel i's centre is i). Measured on
 * the 10,000 test digits: mean 14.0 on both axes, spread uniformly within +-0.5 (sd 0.29), the
 * mark of a whole-pixel shift to put the centre of mass on pixel 14.
 */
export const FIELD_CENTRE = 14;
/** Below half an 8-bit grey level, a pixel would read 0 in an MNIST image: not ink. */
export const INK_THRESHOLD = 0.5 / 255;
/** The largest raster preprocessStrokes draws at: 14x the 20-px box, plenty of anti-aliasing. */
export const MAX_RASTER_SIZE = 280;

/**
 * Rasterizes strokes drawn on a square canvas of side `canvasSize` into a `rasterSize` square (rounded),
 * coordinates and widths scaled by rasterSize / canvasSize. Returns rasterSize^2 ink coverages in
 * [0, 1], row-major: each segment is a capsule with a one-pixel soft edge, a single point a dot.
 */
export function rasterizeStrokes(strokes: readonly Stroke[], canvasSize: number, rasterSize: number = canvasSize): Float32Array {
  const size = Math.round(rasterSize);
  if (!(size >= 1) || !(canvasSize > 0)) throw new RangeError(`rasterizeStrokes: canvas ${canvasSize}, raster ${rasterSize}`);
  const ink = new Float32Array(size * size);
  const scale = size / canvasSize;
  for (const { points, width } of strokes) {
    const halfWidth = (width * scale) / 2;
    if (!(halfWidth > 0) || points.length === 0) continue;
    // A line thinner than a pixel is drawn one pixel wide and fainter, so its total ink (and
    // so its weight after downscaling) still matches its width.
    const radius = Math.max(halfWidth, 0.5);
    const peak = Math.min(1, 2 * halfWidth);
    const at = (p: Point) => [p.x * scale, p.y * scale] as const;
    let [ax, ay] = at(points[0]);
    if (points.length === 1) drawCapsule(ink, size, ax, ay, ax, ay, radius, peak);
    for (let i = 1; i < points.length; i++) {
      const [bx, by] = at(points[i]);
      drawCapsule(ink, size, ax, ay, bx, by, radius, peak);
      [ax, ay] = [bx, by];
    }
  }
  return ink;
}

/**
 * Max-blends one capsule (segment a-b, radius `radius`) into `ink`, visiting only the pixels of
 * its bounding box. Coverage falls from `peak` to 0 over the pixel straddling the edge.
 */
function drawCapsule(ink: Float32Array, size: number, ax: number, ay: number, bx: number, by: number, radius: number, peak: number): void {
  if (![ax, ay, bx, by].every(Number.isFinite)) return;
  const reach = radius + 0.5;
  const x0 = Math.max(0, Math.floor(Math.min(ax, bx) - reach));
  const x1 = Math.min(size - 1, Math.ceil(Math.max(ax, bx) + reach));
  const y0 = Math.max(0, Math.floor(Math.min(ay, by) - reach));
  const y1 = Math.min(size - 1, Math.ceil(Math.max(ay, by) + reach));
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSquared = dx * dx + dy * dy;
  const inverseLength = lengthSquared === 0 ? 0 : 1 / lengthSquared;
  const reachSquared = reach * reach;
  for (let y = y0; y <= y1; y++) {
    const py = y + 0.5 - ay;
    const rowStart = y * size;
    for (let x = x0; x <= x1; x++) {
      const px = x + 0.5 - ax;
      let t = (px * dx + py * dy) * inverseLength;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const ex = px - t * dx;
      const ey = py - t * dy;
      const distanceSquared = ex * ex + ey * ey;
      // Most of the box's corners lie beyond the soft edge: skip the square root there.
      if (distanceSquared >= reachSquared) continue;
      const coverage = Math.min(1, reach - Math.sqrt(distanceSquared)) * peak;
      // Max, not sum: where segments of a polyline overlap at a joint the ink must not double.
      if (coverage > ink[rowStart + x]) ink[rowStart + x] = coverage;
    }
  }
}

/**
 * Prepares an ink image (width x height coverages in [0, 1], row-major) as MNIST did. Returns 784
 * pixels in [0, 1]: the ink's bounding box area-averaged so its longer side is 20 px and its
 * shorter side centred in a 20x20 box, that box then moved by whole pixels so the centre of
 * mass lands on pixel (14, 14), clamped so no ink leaves the field. Empty ink gives isEmpty.
 *
 * The shift is rounded, not fractional with bilinear: MNIST's own centres of mass sit anywhere
 * within +-0.5 px of 14 (see FIELD_CENTRE), and a whole-pixel shift adds no blur.
 */
export function toMnistField(ink: Float32Array, width: number, height: number): MnistField {
  if (ink.length !== width * height) throw new RangeError(`toMnistField: ${ink.length} values for ${width}x${height}`);
  const bounds = inkBounds(ink, width, height);
  const pixels = new Float32Array(PIXELS_PER_IMAGE);
  if (!bounds) return { pixels, isEmpty: true };

  const box = scaleIntoBox(ink, width, bounds);
  const left = fieldOffset(box, 1, DIGIT_BOX_SIZE);
  const top = fieldOffset(box, DIGIT_BOX_SIZE, 1);
  for (let y = Math.max(0, -top); y < Math.min(DIGIT_BOX_SIZE, IMAGE_SIZE - top); y++) {
    for (let x = Math.max(0, -left); x < Math.min(DIGIT_BOX_SIZE, IMAGE_SIZE - left); x++) {
      pixels[(y + top) * IMAGE_SIZE + x + left] = box[y * DIGIT_BOX_SIZE + x];
    }
  }
  return { pixels, isEmpty: false };
}

/**
 * The widest a stroke may be, as a share of the drawing's larger extent (its points' bounding box).
 * MNIST's pen strokes are about a tenth to a sixth of the digit's height; a thick pen on a small
 * digit would otherwise fill its loops once scaled to 20 px (an 8 becomes a blob).
 */
export const MAX_STROKE_SHARE = 0.2;

/** The strokes with every width capped at MAX_STROKE_SHARE of the drawing's extent; the same array when none is wider. */
export function capStrokeWidths(strokes: readonly Stroke[]): readonly Stroke[] {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const { points } of strokes) {
    for (const { x, y } of points) {
      minX = Math.min(minX, x); maxX = Math.max(maxX, x);
      minY = Math.min(minY, y); maxY = Math.max(maxY, y);
    }
  }
  const cap = MAX_STROKE_SHARE * Math.max(maxX - minX, maxY - minY);
  if (!(cap > 0) || strokes.every((s) => s.width <= cap)) return strokes;
  return strokes.map((s) => (s.width > cap ? { ...s, width: cap } : s));
}

/**
 * The model's input for a drawing on a square canvas of side `canvasSize` (CSS pixels): the
 * strokes, their widths capped (capStrokeWidths), rasterized at the canvas size (capped at
 * MAX_RASTER_SIZE), then toMnistField.
 */
export function preprocessStrokes(strokes: readonly Stroke[], canvasSize: number): MnistField {
  // Rasterizing well above 20 px lets the area averaging, not the rasterizer, set the grey edges.
  const rasterSize = Math.max(IMAGE_SIZE, Math.min(MAX_RASTER_SIZE, Math.round(canvasSize)));
  return toMnistField(rasterizeStrokes(capStrokeWidths(strokes), canvasSize, rasterSize), rasterSize, rasterSize);
}

/**
 * Returns a new array of the pixels as a model trained with `standardize` expects them:
 * (p - MNIST_MEAN) / MNIST_STD, as the dataset scales training images, or an unchanged copy.
 */
export function standardizeInput(pixels: Float32Array, standardize: boolean): Float32Array {
  const out = Float32Array.from(pixels);
  if (standardize) for (let i = 0; i < out.length; i++) out[i] = (out[i] - MNIST_MEAN) / MNIST_STD;
  return out;
}

/**
 * Where the box's first column (stride 1) or row (stride 20) goes in the field: the whole-pixel
 * offset that puts the centre of mass on FIELD_CENTRE, clamped so that no ink leaves the field.
 */
function fieldOffset(box: Float32Array, along: number, across: number): number {
  let mass = 0;
  let moment = 0;
  let first = DIGIT_BOX_SIZE;
  let last = -1;
  for (let i = 0; i < DIGIT_BOX_SIZE; i++) {
    let line = 0;
    for (let k = 0; k < DIGIT_BOX_SIZE; k++) line += box[i * along + k * across];
    mass += line;
    moment += line * i;
    if (line > 0) {
      first = Math.min(first, i);
      last = i;
    }
  }
  const centred = (IMAGE_SIZE - DIGIT_BOX_SIZE) / 2;
  if (!(mass > 0)) return centred;
  return Math.min(IMAGE_SIZE - 1 - last, Math.max(-first, Math.round(FIELD_CENTRE - moment / mass)));
}

/** A crop of the ink: columns [x, x + width), rows [y, y + height). */
interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The bounding box of the pixels above INK_THRESHOLD, or null when there are none. */
function inkBounds(ink: Float32Array, width: number, height: number): Bounds | null {
  let x0 = width;
  let x1 = -1;
  let y0 = height;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x] > INK_THRESHOLD) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        y1 = y;
      }
    }
  }
  return x1 < 0 ? null : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/**
 * Area-averages the crop into a 20x20 box: the longer side spans it exactly, the shorter side is
 * centred (at a fractional offset, as MNIST's even bounding-box widths show). Each box pixel is
 * the mean ink over the source area it covers, partial source pixels weighted by their overlap.
 */
function scaleIntoBox(ink: Float32Array, width: number, bounds: Bounds): Float32Array {
  const scale = DIGIT_BOX_SIZE / Math.max(bounds.width, bounds.height);
  const columns = boxWeights(bounds.x, bounds.width, scale);
  const rows = boxWeights(bounds.y, bounds.height, scale);
  // Separable: average along x for each source row of the crop, then along y.
  const across = new Float32Array(bounds.height * DIGIT_BOX_SIZE);
  for (let r = 0; r < bounds.height; r++) {
    const rowStart = (bounds.y + r) * width;
    for (let i = 0; i < DIGIT_BOX_SIZE; i++) {
      let sum = 0;
      for (const [source, weight] of columns[i]) sum += weight * ink[rowStart + source];
      across[r * DIGIT_BOX_SIZE + i] = sum;
    }
  }
  const box = new Float32Array(DIGIT_BOX_SIZE * DIGIT_BOX_SIZE);
  for (let j = 0; j < DIGIT_BOX_SIZE; j++) {
    for (let i = 0; i < DIGIT_BOX_SIZE; i++) {
      let sum = 0;
      for (const [source, weight] of rows[j]) sum += weight * across[(source - bounds.y) * DIGIT_BOX_SIZE + i];
      box[j * DIGIT_BOX_SIZE + i] = Math.min(1, Math.max(0, sum));
    }
  }
  return box;
}

/**
 * For each of the 20 box pixels along one axis, the source pixels (absolute indices) it covers and
 * their weights: overlap length times `scale`, so a fully covered box pixel's weights sum to 1.
 */
function boxWeights(start: number, length: number, scale: number): [number, number][][] {
  const offset = (DIGIT_BOX_SIZE - length * scale) / 2;
  const weights: [number, number][][] = [];
  for (let i = 0; i < DIGIT_BOX_SIZE; i++) {
    // Box pixel i covers [i, i + 1); in crop coordinates that is [from, to).
    const from = Math.max(0, (i - offset) / scale);
    const to = Math.min(length, (i + 1 - offset) / scale);
    const taps: [number, number][] = [];
    for (let s = Math.floor(from); s < to; s++) {
      const overlap = Math.min(to, s + 1) - Math.max(from, s);
      if (overlap > 0) taps.push([start + s, overlap * scale]);
    }
    weights.push(taps);
  }
  return weights;
}
