/**
 * Paints what a layer holds as pictures on one canvas each: a grid of 2-D maps (a conv layer's
 * activations, its filters) or a row of unit bars (a dense layer). The canvas is drawn at the
 * maps' own resolution and scaled up by CSS (image-rendering: pixelated), so a repaint during
 * training costs a few thousand pixel writes, not a layout.
 */

/** The grid's gap between two maps, in map pixels. */
const GAP = 1;

export interface MapGrid {
  /** count maps of height x width, map-major: values[m * height * width + y * width + x]. */
  values: Float32Array;
  count: number;
  height: number;
  width: number;
}

export interface MapScale {
  /** The largest |value| over every map of the grid: one scale for the layer, so a weak map looks weak. */
  maxAbs: number;
  /** Some value is negative: 0 is drawn mid-grey (dark below, light above) instead of black. */
  isSigned: boolean;
}

/** How a grid's values map to grey levels. */
export function mapScale(values: Float32Array): MapScale {
  let maxAbs = 0;
  let isSigned = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < 0) isSigned = true;
    const a = Math.abs(v);
    if (a > maxAbs) maxAbs = a;
  }
  return { maxAbs, isSigned };
}

/** A value's grey level, 0 to 255. */
export function greyLevel(value: number, { maxAbs, isSigned }: MapScale): number {
  if (!(maxAbs > 0) || !Number.isFinite(value)) return isSigned ? 128 : 0;
  const t = value / maxAbs;
  return Math.round(isSigned ? 127.5 + 127.5 * Math.max(-1, Math.min(1, t)) : 255 * Math.max(0, Math.min(1, t)));
}

/** How many maps a grid row holds: about square, at most `maxColumns`. */
export function gridColumns(count: number, maxColumns = 16): number {
  return Math.max(1, Math.min(maxColumns, count, Math.ceil(Math.sqrt(count * 2))));
}

/**
 * Paints the maps in rows of `columns` onto `canvas` (resized to fit) and returns the scale used.
 * The canvas's CSS width is left to the caller's stylesheet.
 */
export function paintMapGrid(canvas: HTMLCanvasElement, grid: MapGrid, columns = gridColumns(grid.count)): MapScale {
  const { values, count, height, width } = grid;
  const rows = Math.ceil(count / columns);
  canvas.width = Math.max(1, columns * (width + GAP) - GAP);
  canvas.height = Math.max(1, rows * (height + GAP) - GAP);
  const scale = mapScale(values);
  const context = canvas.getContext('2d');
  if (!context) return scale;
  const image = context.createImageData(canvas.width, canvas.height);
  // The gaps stay the page's surface colour (white), so each map stands apart.
  image.data.fill(255);
  for (let m = 0; m < count; m++) {
    const left = (m % columns) * (width + GAP);
    const top = Math.floor(m / columns) * (height + GAP);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const grey = greyLevel(values[m * height * width + y * width + x], scale);
        const offset = ((top + y) * canvas.width + left + x) * 4;
        image.data[offset] = grey;
        image.data[offset + 1] = grey;
        image.data[offset + 2] = grey;
        image.data[offset + 3] = 255;
      }
    }
  }
  context.putImageData(image, 0, 0);
  return scale;
}

export interface BarStyle {
  /** CSS pixels per bar slot when there are few units; many units share the width. */
  height: number;
  positive: string;
  negative: string;
  axis: string;
  /** Labels under the bars (e.g. the digits 0-9); drawn only when there are as many as bars. */
  labels?: readonly string[];
  /** A bar to call out (the top class). */
  highlight?: number;
  highlightColour?: string;
}

const DEFAULT_BARS: BarStyle = { height: 64, positive: '#1f6feb', negative: '#b45309', axis: '#94a3b8', highlightColour: '#15803d' };

/**
 * Paints one bar per unit, up from a zero line for positive values and down for negative ones,
 * scaled to the largest |value|. Sized for its CSS box at the device's pixel ratio.
 */
export function paintUnitBars(canvas: HTMLCanvasElement, values: Float32Array, style: Partial<BarStyle> = {}): void {
  const s = { ...DEFAULT_BARS, ...style };
  const ratio = typeof devicePixelRatio === 'number' ? devicePixelRatio : 1;
  const cssWidth = canvas.clientWidth || 320;
  const labelHeight = s.labels && s.labels.length === values.length ? 14 : 0;
  const cssHeight = s.height + labelHeight;
  canvas.width = Math.round(cssWidth * ratio);
  canvas.height = Math.round(cssHeight * ratio);
  canvas.style.height = `${cssHeight}px`;
  const context = canvas.getContext('2d');
  if (!context) return;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, cssWidth, cssHeight);
  const { maxAbs, isSigned } = mapScale(values);
  const zeroY = isSigned ? s.height / 2 : s.height - 1;
  const span = isSigned ? s.height / 2 - 1 : s.height - 2;
  const slot = cssWidth / Math.max(1, values.length);
  const barWidth = Math.max(1, slot > 4 ? slot * 0.75 : slot);
  for (let i = 0; i < values.length; i++) {
    const v = maxAbs > 0 ? values[i] / maxAbs : 0;
    const h = Math.abs(v) * span;
    context.fillStyle = i === s.highlight ? s.highlightColour! : v < 0 ? s.negative : s.positive;
    const x = i * slot + (slot - barWidth) / 2;
    context.fillRect(x, v < 0 ? zeroY : zeroY - h, barWidth, Math.max(h, v !== 0 ? 1 : 0));
  }
  context.fillStyle = s.axis;
  context.fillRect(0, zeroY, cssWidth, 1);
  if (labelHeight) {
    context.fillStyle = '#475569';
    context.font = '11px system-ui, sans-serif';
    context.textAlign = 'center';
    context.textBaseline = 'top';
    s.labels!.forEach((label, i) => context.fillText(label, i * slot + slot / 2, s.height + 2));
  }
}
