import { describe, expect, it } from 'vitest';
import { assembleSimdLoops } from './simdLoops';

type Loops = Record<string, (...args: number[]) => void>;

/** The module on a fresh memory, shared (as in the threaded browser build, max 32768 pages there) or not. */
function instantiate(shared: boolean): { loops: Loops; heap: Float32Array } {
  const memory = shared
    ? new WebAssembly.Memory({ initial: 4, maximum: 32768, shared: true })
    : new WebAssembly.Memory({ initial: 4 });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(assembleSimdLoops(shared)), { env: { memory } });
  return { loops: instance.exports as unknown as Loops, heap: new Float32Array(memory.buffer) };
}

describe('the WASM SIMD loops', () => {
  it.each([false, true])('import the memory (shared %s) and compute per channel (reluGrad, stats, scaleShift)', (shared) => {
    const { loops, heap } = instantiate(shared);
    const C = 8;
    const n = 3 * C; // 3 positions
    const [dy, y, dz, acc, q] = [0, 1024, 2048, 3072, 3200]; // float indices; bytes = 4x
    for (let i = 0; i < n; i++) {
      heap[dy + i] = i + 1;
      heap[y + i] = i % 3 === 0 ? -1 : i % 3 === 1 ? 0 : 2;
    }
    loops.reluGrad(4 * dy, 4 * y, 4 * dz, 4 * acc, n, C);
    const want = Array.from({ length: n }, (_, i) => (i % 3 === 2 ? i + 1 : 0));
    expect(Array.from(heap.subarray(dz, dz + n))).toEqual(want);
    const sums = Array.from({ length: C }, (_, c) => want[c] + want[c + C] + want[c + 2 * C]);
    expect(Array.from(heap.subarray(acc, acc + C))).toEqual(sums);

    heap.fill(0, acc, acc + C);
    loops.stats(4 * dy, 4 * acc, 4 * q, n, C);
    for (let c = 0; c < C; c++) {
      const v = [c + 1, c + 1 + C, c + 1 + 2 * C];
      expect(heap[acc + c]).toBe(v[0] + v[1] + v[2]);
      expect(heap[q + c]).toBe(v[0] ** 2 + v[1] ** 2 + v[2] ** 2);
    }

    for (let c = 0; c < C; c++) {
      heap[acc + c] = c; // scale
      heap[q + c] = -1; // shift
    }
    loops.scaleShift(4 * dy, 4 * dz, 4 * acc, 4 * q, n, C);
    expect(Array.from(heap.subarray(dz, dz + n))).toEqual(Array.from({ length: n }, (_, i) => (i + 1) * (i % C) - 1));
  });

  it('maxPool2Row sends each 2x2 window\'s gradient to its first maximum', () => {
    const { loops, heap } = instantiate(false);
    const C = 4;
    const W = 4; // two windows per row
    const [x, g, dx] = [0, 512, 1024];
    // Window 0 holds a tie (channel 0: 5 at its first and last pixel); channel 1 all -Infinity.
    const rows = [
      [5, -Infinity, 0, 1, /* */ 1, -Infinity, 0, 2, /* */ 0, 0, 0, 0, /* */ 9, 9, 9, 9],
      [2, -Infinity, 7, 3, /* */ 5, -Infinity, 0, 0, /* */ 1, 1, 1, 1, /* */ 0, 0, 0, 0],
    ];
    heap.set(rows.flat(), x);
    heap.set([10, 20, 30, 40, 50, 60, 70, 80], g);
    heap.fill(0, dx, dx + 2 * W * C);
    loops.maxPool2Row(4 * x, 4 * g, 4 * dx, 2, C, 4 * W * C);
    expect(Array.from(heap.subarray(dx, dx + 2 * W * C))).toEqual([
      10, 0, 0, 0, /* */ 0, 0, 0, 0, /* */ 0, 0, 0, 0, /* */ 50, 60, 70, 80,
      0, 0, 30, 40, /* */ 0, 0, 0, 0, /* */ 0, 0, 0, 0, /* */ 0, 0, 0, 0,
    ]);
  });
});
