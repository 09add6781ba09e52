/**
 * Small WASM SIMD loops that run straight on tfjs-backend-wasm's heap, for the per-channel
 * elementwise work of the fused training layers (fusedTraining.ts): the ReLU-mask gradient with
 * its bias sum, and batch norm's statistics, output and gradient. The same loops in JS take
 * 5-20x longer (a 692k-float pass: ~3-5 ms in JS, ~0.2-0.4 ms here).
 *
 * The module is assembled here, byte by byte, from the few instructions it needs (no compiler,
 * no build step, no binary in the tree), and imports the backend's own WebAssembly.Memory (shared
 * in the threaded build), so it reads and writes tensors where they lie.
 *
 * Every loop walks n floats laid out as positions x C channels (channels innermost, C a multiple
 * of 4) and keeps per-channel vectors (sums, scales) at a scratch address. simdLoops(backend)
 * answers null where this cannot work (no SIMD build, C not a multiple of 4, memory not found):
 * the callers then run their JS loops.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

// ---- a tiny assembler --------------------------------------------------------------------------

const I32 = 0x7f;
const V128 = 0x7b;

/** Unsigned LEB128. */
function uleb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 for i32.const. */
function sleb(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => vec([...s].map((ch) => [ch.charCodeAt(0)]));

const op = {
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  tee: (i: number) => [0x22, ...uleb(i)],
  i32: (v: number) => [0x41, ...sleb(v)],
  add: [0x6a],
  mul: [0x6c],
  geU: [0x4f],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  br: (d: number) => [0x0c, ...uleb(d)],
  brIf: (d: number) => [0x0d, ...uleb(d)],
  end: [0x0b],
  // SIMD (prefix 0xfd); memarg: alignment hint 0 (any address), offset 0.
  load: [0xfd, ...uleb(0x00), 0, 0],
  store: [0xfd, ...uleb(0x0b), 0, 0],
  const4: (x: number) => [0xfd, ...uleb(0x0c), ...Array.from({ length: 4 }, () => [...new Uint8Array(new Float32Array([x]).buffer)]).flat()],
  gt: [0xfd, ...uleb(0x44)],
  and: [0xfd, ...uleb(0x4e)],
  fadd: [0xfd, ...uleb(0xe4)],
  fsub: [0xfd, ...uleb(0xe5)],
  fmul: [0xfd, ...uleb(0xe6)],
  andnot: [0xfd, ...uleb(0x4f)],
  or: [0xfd, ...uleb(0x50)],
  bitselect: [0xfd, ...uleb(0x52)],
};

/**
 * A loop function over n floats as positions x C channels. Parameters: the `pointers` (byte
 * addresses), then n, then C. `body` is emitted once per 4 channels of a position, with two
 * helpers: at(p) pushes pointer p + the element's byte offset, ch(p) pointer p + the channel's.
 */
function loopFunction(pointers: number, vectors: number, body: (at: (p: number) => number[], ch: (p: number) => number[], v: (k: number) => number) => number[]) {
  const n = pointers;
  const C = pointers + 1;
  const [i, end, c, cb, e] = [C + 1, C + 2, C + 3, C + 4, C + 5];
  const v0 = C + 6;
  const at = (p: number) => [...op.get(p), ...op.get(e), ...op.add];
  const ch = (p: number) => [...op.get(p), ...op.get(c), ...op.add];
  const code = [
    ...op.get(n), ...op.i32(4), ...op.mul, ...op.set(end),
    ...op.get(C), ...op.i32(4), ...op.mul, ...op.set(cb),
    ...op.i32(0), ...op.set(i),
    ...op.block, ...op.loop,
    ...op.get(i), ...op.get(end), ...op.geU, ...op.brIf(1),
    ...op.i32(0), ...op.set(c),
    ...op.block, ...op.loop,
    ...op.get(c), ...op.get(cb), ...op.geU, ...op.brIf(1),
    ...op.get(i), ...op.get(c), ...op.add, ...op.set(e),
    ...body(at, ch, (k) => v0 + k),
    ...op.get(c), ...op.i32(16), ...op.add, ...op.set(c),
    ...op.br(0), ...op.end, ...op.end,
    ...op.get(i), ...op.get(cb), ...op.add, ...op.set(i),
    ...op.br(0), ...op.end, ...op.end,
    ...op.end,
  ];
  const locals = vec([[...uleb(5), I32], ...(vectors > 0 ? [[...uleb(vectors), V128]] : [])]);
  return { params: pointers + 2, code: [...locals, ...code] };
}

/** acc[c] += x for a load from pointer p and the vector on the stack: helper for sums. */
const accumulate = (ch: (p: number) => number[], acc: number, value: number[]) => [
  ...ch(acc), ...ch(acc), ...op.load, ...value, ...op.fadd, ...op.store,
];

/**
 * (x, dy, dx, OW, C, rowBytes): the max-pool gradient of one output row for 2x2 windows at stride
 * 2 that lie wholly inside the input (so no two windows share a pixel and every store is the
 * pixel's whole gradient). dy goes to the FIRST maximum of each window in row-major order (strict
 * >, as tfjs's cpu backend), nothing for a window without a value above -Infinity; every other
 * pixel of the window gets 0. x and dx point at the window row's first pixel, dy at the row.
 */
function maxPool2Row() {
  const [x, g, dx, OW, C, rs] = [0, 1, 2, 3, 4, 5];
  const [xo, go, gEnd, c, cb, pa, qa] = [6, 7, 8, 9, 10, 11, 12];
  const [va, vb, vc, vd, vg, best, mA, mB, mC, mD, later] = [13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23];
  const plus = (...parts: number[][]) => parts.reduce((acc, part, i) => [...acc, ...part, ...(i > 0 ? op.add : [])], [] as number[]);
  const NEG_INF = op.const4(-Infinity);
  const code = [
    ...op.get(OW), ...op.get(C), ...op.mul, ...op.i32(4), ...op.mul, ...op.set(gEnd),
    ...op.get(C), ...op.i32(4), ...op.mul, ...op.set(cb),
    ...op.i32(0), ...op.set(xo), ...op.i32(0), ...op.set(go),
    ...op.block, ...op.loop,
    ...op.get(go), ...op.get(gEnd), ...op.geU, ...op.brIf(1),
    ...op.i32(0), ...op.set(c),
    ...op.block, ...op.loop,
    ...op.get(c), ...op.get(cb), ...op.geU, ...op.brIf(1),
    ...plus(op.get(x), op.get(xo), op.get(c)), ...op.set(pa),
    ...plus(op.get(dx), op.get(xo), op.get(c)), ...op.set(qa),
    ...op.get(pa), ...op.load, ...op.set(va),
    ...plus(op.get(pa), op.get(cb)), ...op.load, ...op.set(vb),
    ...plus(op.get(pa), op.get(rs)), ...op.load, ...op.set(vc),
    ...plus(op.get(pa), op.get(rs), op.get(cb)), ...op.load, ...op.set(vd),
    ...plus(op.get(g), op.get(go), op.get(c)), ...op.load, ...op.set(vg),
    ...op.get(va), ...NEG_INF, ...op.gt, ...op.set(mA),
    ...op.get(va), ...NEG_INF, ...op.get(mA), ...op.bitselect, ...op.set(best),
    ...op.get(vb), ...op.get(best), ...op.gt, ...op.set(mB),
    ...op.get(vb), ...op.get(best), ...op.get(mB), ...op.bitselect, ...op.set(best),
    ...op.get(vc), ...op.get(best), ...op.gt, ...op.set(mC),
    ...op.get(vc), ...op.get(best), ...op.get(mC), ...op.bitselect, ...op.set(best),
    ...op.get(vd), ...op.get(best), ...op.gt, ...op.set(mD),
    ...plus(op.get(qa), op.get(rs), op.get(cb)), ...op.get(vg), ...op.get(mD), ...op.and, ...op.store,
    ...plus(op.get(qa), op.get(rs)), ...op.get(vg), ...op.get(mC), ...op.get(mD), ...op.andnot, ...op.and, ...op.store,
    ...op.get(mC), ...op.get(mD), ...op.or, ...op.set(later),
    ...plus(op.get(qa), op.get(cb)), ...op.get(vg), ...op.get(mB), ...op.get(later), ...op.andnot, ...op.and, ...op.store,
    ...op.get(mB), ...op.get(later), ...op.or, ...op.set(later),
    ...op.get(qa), ...op.get(vg), ...op.get(mA), ...op.get(later), ...op.andnot, ...op.and, ...op.store,
    ...op.get(c), ...op.i32(16), ...op.add, ...op.set(c),
    ...op.br(0), ...op.end, ...op.end,
    ...op.get(xo), ...op.get(cb), ...op.get(cb), ...op.add, ...op.add, ...op.set(xo),
    ...op.get(go), ...op.get(cb), ...op.add, ...op.set(go),
    ...op.br(0), ...op.end, ...op.end,
    ...op.end,
  ];
  const locals = vec([[...uleb(7), I32], [...uleb(11), V128]]);
  return { params: 6, code: [...locals, ...code] };
}
const FUNCTIONS = {
  /** (dy, y, dz, acc, n, C): dz = dy * (y > 0); acc[c] += dz. */
  reluGrad: loopFunction(4, 1, (at, ch, v) => [
    ...at(2),
    ...at(0), ...op.load, ...at(1), ...op.load, ...op.const4(0), ...op.gt, ...op.const4(1), ...op.and, ...op.fmul,
    ...op.tee(v(0)), ...op.store,
    ...accumulate(ch, 3, op.get(v(0))),
  ]),
  /** (x, s, q, n, C): s[c] += x; q[c] += x * x. */
  stats: loopFunction(3, 1, (at, ch, v) => [
    ...at(0), ...op.load, ...op.set(v(0)),
    ...accumulate(ch, 1, op.get(v(0))),
    ...accumulate(ch, 2, [...op.get(v(0)), ...op.get(v(0)), ...op.fmul]),
  ]),
  /** (x, y, a, b, n, C): y = x * a[c] + b[c]. */
  scaleShift: loopFunction(4, 0, (at, ch) => [
    ...at(1), ...at(0), ...op.load, ...ch(2), ...op.load, ...op.fmul, ...ch(3), ...op.load, ...op.fadd, ...op.store,
  ]),
  /** (dy, x, mean, sdy, sdyx, n, C): sdy[c] += dy; sdyx[c] += dy * (x - mean[c]). */
  normGradSums: loopFunction(5, 1, (at, ch, v) => [
    ...at(0), ...op.load, ...op.set(v(0)),
    ...accumulate(ch, 3, op.get(v(0))),
    ...accumulate(ch, 4, [...op.get(v(0)), ...at(1), ...op.load, ...ch(2), ...op.load, ...op.fsub, ...op.fmul]),
  ]),
  /** (dy, x, dx, a, b, k, n, C): dx = a[c] * dy + b[c] * x + k[c]. */
  normGradDx: loopFunction(6, 0, (at, ch) => [
    ...at(2),
    ...at(0), ...op.load, ...ch(3), ...op.load, ...op.fmul,
    ...at(1), ...op.load, ...ch(4), ...op.load, ...op.fmul, ...op.fadd,
    ...ch(5), ...op.load, ...op.fadd,
    ...op.store,
  ]),
  maxPool2Row: maxPool2Row(),
};
type LoopName = keyof typeof FUNCTIONS;
const NAMES = Object.keys(FUNCTIONS) as LoopName[];

/** The module's bytes; its memory import is shared (threaded build) or not. */
export function assembleSimdLoops(sharedMemory: boolean): Uint8Array<ArrayBuffer> {
  const fns = NAMES.map((n) => FUNCTIONS[n]);
  const arities = [...new Set(fns.map((f) => f.params))];
  const types = section(1, vec(arities.map((a) => [0x60, ...vec(Array.from({ length: a }, () => [I32])), 0])));
  const limits = sharedMemory ? [0x03, ...uleb(1), ...uleb(65536)] : [0x00, ...uleb(1)];
  const imports = section(2, vec([[...name('env'), ...name('memory'), 0x02, ...limits]]));
  const funcs = section(3, vec(fns.map((f) => uleb(arities.indexOf(f.params)))));
  const exports = section(7, vec(NAMES.map((n, i) => [...name(n), 0x00, ...uleb(i)])));
  const code = section(10, vec(fns.map((f) => [...uleb(f.code.length), ...f.code])));
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...imports, ...funcs, ...exports, ...code]);
}

// ---- instantiation on a backend ----------------------------------------------------------------

type Loop = (...args: number[]) => void;
export type SimdLoops = Record<LoopName, Loop> & {
  /** A scratch area of `floats` floats on the heap (reused; may move when it grows). Take it before heap views. */
  scratch(floats: number): number;
  /** A view of `floats` floats at byte address `at` (take it after the last allocation). */
  f32(at: number, floats: number): Float32Array;
};

type EmscriptenModule = {
  asm?: { memory?: WebAssembly.Memory };
  wasmMemory?: WebAssembly.Memory;
  _malloc(bytes: number): number;
  _free(at: number): void;
};

const cache = new WeakMap<object, SimdLoops | null>();
/** Switch for tests and A/B measurements: off makes simdLoops answer null. */
export const simdLoopsSwitch = { isEnabled: true };

function instantiate(backend: BackendWasm): SimdLoops | null {
  const wasm = (backend as unknown as { wasm: EmscriptenModule }).wasm;
  const memory = wasm.wasmMemory ?? wasm.asm?.memory;
  if (!(memory instanceof WebAssembly.Memory)) return null;
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const bytes = assembleSimdLoops(shared);
  if (!WebAssembly.validate(bytes)) return null;
  let exports: WebAssembly.Exports;
  try {
    exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
  } catch {
    return null;
  }
  let scratchAt = 0;
  let scratchFloats = 0;
  const loops = Object.fromEntries(NAMES.map((n) => [n, exports[n] as Loop])) as Record<LoopName, Loop>;
  return {
    ...loops,
    scratch(floats) {
      if (floats > scratchFloats) {
        if (scratchAt !== 0) wasm._free(scratchAt);
        scratchFloats = Math.max(floats, 256);
        scratchAt = wasm._malloc(scratchFloats * 4) >>> 0;
      }
      return scratchAt;
    },
    f32: (at, floats) => new Float32Array(memory.buffer, at, floats),
  };
}

/**
 * The SIMD loops for this backend, or null (no WASM SIMD here, the module failed, or switched
 * off). Built once per backend.
 */
export function simdLoops(backend: BackendWasm): SimdLoops | null {
  if (!simdLoopsSwitch.isEnabled) return null;
  if (!cache.has(backend)) cache.set(backend, instantiate(backend));
  return cache.get(backend)!;
}

/** The byte address of a tensor's data on the heap. */
export function heapAddress(backend: BackendWasm, dataId: object): number {
  return (backend as unknown as { dataIdMap: { get(id: object): { memoryOffset: number } } }).dataIdMap.get(dataId).memoryOffset;
}
