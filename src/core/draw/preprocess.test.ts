/** A drawing becomes an MNIST-like digit: cropped, scaled to a 20-px box, centred by mass. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '../tf';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SOURCE_DIR, parseIdx, SOURCE_FILES } from '../../../scripts/build-sprites.mjs';
import { MnistDataset } from '../data/dataset';
import { IMAGE_SIZE, PIXELS_PER_IMAGE } from '../data/sprites';
import { MNIST_MEAN, MNIST_STD } from '../data/types';
import { capStrokeWidths, FIELD_CENTRE, MAX_STROKE_SHARE, preprocessStrokes, rasterizeStrokes, standardizeInput, toMnistField, type Stroke } from './preprocess';

const CANVAS = 280;

/** Centre of mass (pixel-index terms) and the bounding box of the visible ink of a 28x28 image. */
function measure(pixels: Float32Array) {
  let mass = 0;
  let mx = 0;
  let my = 0;
  let [x0, x1, y0, y1] = [IMAGE_SIZE, -1, IMAGE_SIZE, -1];
  for (let y = 0; y < IMAGE_SIZE; y++) {
    for (let x = 0; x < IMAGE_SIZE; x++) {
      const v = pixels[y * IMAGE_SIZE + x];
      mass += v;
      mx += v * x;
      my += v * y;
      // Half an 8-bit grey level: what would show in an MNIST image.
      if (v > 0.5 / 255) [x0, x1, y0, y1] = [Math.min(x0, x), Math.max(x1, x), Math.min(y0, y), Math.max(y1, y)];
    }
  }
  return { comX: mx / mass, comY: my / mass, width: x1 - x0 + 1, height: y1 - y0 + 1, mass };
}

const meanAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
};

/** A small "1" with a flag, in the bottom-right corner of the canvas. */
const cornerOne: Stroke[] = [
  { points: [{ x: 240, y: 200 }, { x: 241, y: 230 }, { x: 240, y: 262 }], width: 9 },
  { points: [{ x: 228, y: 212 }, { x: 240, y: 200 }], width: 9 },
];

/** The same drawing moved by (dx, dy) and scaled by `k` about the origin, pen width included. */
function transform(strokes: Stroke[], k: number, dx: number, dy: number): Stroke[] {
  return strokes.map(({ points, width }) => ({ points: points.map(({ x, y }) => ({ x: x * k + dx, y: y * k + dy })), width: width * k }));
}

describe('rasterizeStrokes', () => {
  it('draws an anti-aliased capsule whose ink equals its area', () => {
    const ink = rasterizeStrokes([{ points: [{ x: 10, y: 14 }, { x: 40, y: 20 }], width: 6 }], 56);
    const length = Math.hypot(30, 6);
    const sum = ink.reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(length * 6 + Math.PI * 9, 0);
    expect(ink[17 * 56 + 25]).toBe(1);
    // Soft edges: some pixels are partly covered.
    expect(ink.some((v) => v > 0.1 && v < 0.9)).toBe(true);
  });

  it('draws a single point as a round dot', () => {
    const ink = rasterizeStrokes([{ points: [{ x: 14, y: 14 }], width: 8 }], 28);
    expect(ink.reduce((a, b) => a + b, 0)).toBeCloseTo(Math.PI * 16, 0);
    expect(ink[14 * 28 + 14]).toBe(1);
    expect(ink[14 * 28 + 10]).toBeCloseTo(ink[10 * 28 + 14], 6);
  });

  it('scales coordinates and widths by rasterSize / canvasSize', () => {
    const strokes: Stroke[] = [{ points: [{ x: 50, y: 60 }, { x: 200, y: 220 }], width: 20 }];
    const small = rasterizeStrokes(strokes, 280, 56);
    const direct = rasterizeStrokes(transform(strokes, 0.2, 0, 0), 56);
    expect(small).toHaveLength(56 * 56);
    expect(Array.from(small)).toEqual(Array.from(direct));
  });

  it('keeps every value in [0, 1] where strokes overlap, and skips empty strokes', () => {
    const scribble: Stroke[] = Array.from({ length: 6 }, (_, k) => ({
      points: Array.from({ length: 20 }, (_, i) => ({ x: 140 + 60 * Math.cos(i + k), y: 140 + 60 * Math.sin(2 * i) })),
      width: 18,
    }));
    const ink = rasterizeStrokes([...scribble, { points: [], width: 10 }, { points: [{ x: 5, y: 5 }], width: 0 }], CANVAS);
    expect(Math.min(...ink)).toBe(0);
    expect(Math.max(...ink)).toBe(1);
    const field = preprocessStrokes(scribble, CANVAS).pixels;
    expect(Math.min(...field)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...field)).toBeLessThanOrEqual(1);
  });
});

describe('toMnistField', () => {
  it('centres a small digit from the corner by mass, its longer side 20 px', () => {
    const { pixels, isEmpty } = preprocessStrokes(cornerOne, CANVAS);
    expect(isEmpty).toBe(false);
    const m = measure(pixels);
    expect(Math.abs(Math.max(m.width, m.height) - 20)).toBeLessThanOrEqual(1);
    expect(m.height).toBeGreaterThan(m.width);
    expect(Math.abs(m.comX - FIELD_CENTRE)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(m.comY - FIELD_CENTRE)).toBeLessThanOrEqual(0.5);
  });

  it('makes a wide shape 20 px wide and keeps it flat', () => {
    const dash: Stroke[] = [{ points: [{ x: 30, y: 60 }, { x: 150, y: 66 }], width: 24 }];
    const m = measure(preprocessStrokes(dash, CANVAS).pixels);
    expect(Math.abs(m.width - 20)).toBeLessThanOrEqual(1);
    expect(m.height).toBeLessThan(8);
    expect(Math.abs(m.comY - FIELD_CENTRE)).toBeLessThanOrEqual(0.5);
  });

  it('gives nearly the same image for a big and a small copy of a drawing', () => {
    const big = preprocessStrokes(transform(cornerOne, 3, -560, -560), CANVAS).pixels;
    const small = preprocessStrokes(transform(cornerOne, 0.7, -100, -120), CANVAS).pixels;
    const original = preprocessStrokes(cornerOne, CANVAS).pixels;
    expect(meanAbsDiff(big, small)).toBeLessThan(0.02);
    expect(meanAbsDiff(big, original)).toBeLessThan(0.02);
  });

  it('reports an empty drawing as empty, all zeros', () => {
    for (const strokes of [[], [{ points: [], width: 12 }]]) {
      const { pixels, isEmpty } = preprocessStrokes(strokes, CANVAS);
      expect(isEmpty).toBe(true);
      expect(pixels).toHaveLength(PIXELS_PER_IMAGE);
      expect(pixels.every((v) => v === 0)).toBe(true);
    }
  });

  it('keeps ink that sits far from its centre of mass inside the field', () => {
    // A long bar with a heavy blob at one end: centring by mass alone would push the bar out.
    const ink = new Float32Array(100 * 100);
    for (let x = 0; x < 100; x++) ink[50 * 100 + x] = 1;
    for (let y = 40; y < 60; y++) for (let x = 0; x < 10; x++) ink[y * 100 + x] = 1;
    const { pixels } = toMnistField(ink, 100, 100);
    const m = measure(pixels);
    expect(m.width).toBe(20);
    expect(m.mass).toBeCloseTo((100 + 190) * 0.04, 1);
  });
});

describe('the pipeline against real MNIST digits', () => {
  let digits: Uint8Array;
  beforeAll(async () => {
    const bytes = new Uint8Array(await readFile(join(DEFAULT_SOURCE_DIR, SOURCE_FILES.test.images)));
    digits = parseIdx(bytes, SOURCE_FILES.test.images).data;
  });

  it('brings a test digit, scaled up 10x and moved, back to the original', () => {
    const count = 200;
    const [width, height, dx, dy] = [330, 300, 37, 11];
    const diffs: number[] = [];
    for (let n = 0; n < count; n++) {
      const original = Float32Array.from(digits.subarray(n * PIXELS_PER_IMAGE, (n + 1) * PIXELS_PER_IMAGE), (v) => v / 255);
      // Each MNIST pixel becomes a 10x10 block of ink, somewhere off-centre on a bigger canvas.
      const ink = new Float32Array(width * height);
      for (let y = 0; y < 10 * IMAGE_SIZE; y++) {
        for (let x = 0; x < 10 * IMAGE_SIZE; x++) ink[(y + dy) * width + x + dx] = original[Math.floor(y / 10) * IMAGE_SIZE + Math.floor(x / 10)];
      }
      diffs.push(meanAbsDiff(toMnistField(ink, width, height).pixels, original));
    }
    diffs.sort((a, b) => a - b);
    const mean = diffs.reduce((a, b) => a + b, 0) / count;
    // Most digits come back exactly; the few whose box was not filled to 20 px are rescaled.
    expect(diffs[count / 2]).toBeLessThan(0.001);
    expect(mean).toBeLessThan(0.01);
  });
});

describe('standardizeInput', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('scales pixels exactly as the dataset scales a standardised training image', async () => {
    const bytes = Uint8Array.from({ length: PIXELS_PER_IMAGE }, (_, i) => (i * 7) % 256);
    const layout = { count: 1, shards: [{ start: 0, count: 1 }] };
    const dataset = new MnistDataset({ train: layout, test: layout });
    dataset.setLabels('test', new Uint8Array([3]));
    dataset.addShard('test', 0, bytes);
    const view = dataset.view({ trainSize: 1, validationSplit: 0, standardize: true, seed: 1 });
    const batch = (await view.testBatches(1).next()).value!;
    const expected = await batch.xs.data();
    tf.dispose([batch.xs, batch.ys]);

    const pixels = Float32Array.from(bytes, (v) => v / 255);
    const standardized = standardizeInput(pixels, true);
    for (let i = 0; i < PIXELS_PER_IMAGE; i++) expect(standardized[i]).toBeCloseTo(expected[i], 5);
    expect(standardized[0]).toBeCloseTo((0 - MNIST_MEAN) / MNIST_STD, 6);
    expect(Array.from(standardizeInput(pixels, false))).toEqual(Array.from(pixels));
    expect(standardizeInput(pixels, false)).not.toBe(pixels);
  });
});

describe('capStrokeWidths', () => {
  const eight = (width: number): Stroke[] => [{ points: [{ x: 100, y: 100 }, { x: 130, y: 115 }, { x: 100, y: 130 }, { x: 130, y: 145 }, { x: 100, y: 160 }], width }];

  it('narrows a pen wider than a fifth of the drawing to a fifth, and leaves narrower pens alone', () => {
    const [capped] = capStrokeWidths(eight(35));
    expect(capped.width).toBeCloseTo(MAX_STROKE_SHARE * 60);
    const thin = eight(8);
    expect(capStrokeWidths(thin)).toBe(thin);
  });

  it('keeps a thick pen on a small digit from filling its loops', () => {
    const inkOf = (strokes: Stroke[]) => preprocessStrokes(strokes, 280).pixels.reduce((a, b) => a + b, 0);
    // Once capped, a 35 px pen reads like a 12 px one: the same ink after scaling to 20 px.
    expect(inkOf(eight(35))).toBeCloseTo(inkOf(eight(12)), 0);
  });
});
