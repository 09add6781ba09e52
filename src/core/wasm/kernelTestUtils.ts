/** Helpers shared by the WASM kernels' tests: seeded inputs and a tolerance check against the cpu backend. */
import { expect } from 'vitest';
import { mulberry32 } from '../random';

/** Deterministic uniform numbers in [-1, 1), or with `quantize` > 0 in [0, 1] on a grid of 1/quantize (exact ties). */
export function random(n: number, seed: number, quantize = 0): Float32Array {
  const next = mulberry32(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = next();
    out[i] = quantize > 0 ? Math.round(u * quantize) / quantize : u * 2 - 1;
  }
  return out;
}

/** |actual - expected| <= 1e-4 relative to the largest |expected| value (plus 1e-6). */
export function expectClose(actual: Float32Array, expected: Float32Array, label: string): void {
  expect(actual.length, label).toBe(expected.length);
  let scale = 0;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]));
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  }
  expect(worst, `${label}: max |diff| ${worst} vs scale ${scale}`).toBeLessThanOrEqual(1e-4 * scale + 1e-6);
}
