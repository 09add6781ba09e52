/**
 * Fused training layers for the 'wasm' backend.
 *
 * While a gradient is recorded, tfjs does not fuse: a Conv2D or Dense layer with a bias and ReLU
 * runs Conv2D/MatMul, Add, Relu forward and Step, Mul, a transposing Sum backward, and
 * BatchNormalization in training mode runs moments, a batch norm and ~20 small kernels for its
 * gradient. Here each such layer is one kernel with one registered gradient:
 *  - TrainingConv2D / TrainingDense: forward is the backend's own FusedConv2D / _FusedMatMul
 *    (XNNPACK applies bias and ReLU in its output pass); backward is TrainingBiasActGrad (the
 *    ReLU mask times dy and the per-channel bias sum in one pass over the heap), then the usual
 *    dx and dW kernels, dx only when the input needs a gradient.
 *  - TrainingBatchNorm: batch mean and (biased) variance in one pass, the normalised output in a
 *    second; its gradient TrainingBatchNormGrad is two passes too (sums of dy and dy*x̂, then dx).
 *
 * trainingLayerApply(layer, x) is how a model reaches them: it runs a tf.layers layer through its
 * fused kernel when the backend is 'wasm', the kernels are registered and the layer is a shape
 * they cover, and answers null otherwise (the caller then uses layer.apply). The layer's own
 * variables are read and written, so saving, exporting and inference are untouched.
 */
import * as tf from '../tf';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapAddress, simdLoops, type SimdLoops } from './simdLoops';
import { heapF32, view, wasmKernel, type WasmKernelArgs, type WasmKernelFunc } from './wasmKernelUtils';

export const TRAINING_CONV2D = 'TrainingConv2D';
export const TRAINING_DENSE = 'TrainingDense';
export const TRAINING_BIAS_ACT_GRAD = 'TrainingBiasActGrad';
export const TRAINING_BATCH_NORM = 'TrainingBatchNorm';
export const TRAINING_BATCH_NORM_GRAD = 'TrainingBatchNormGrad';

type FusedActivation = 'relu' | 'linear';

interface ConvAttrs {
  strides: [number, number];
  pad: 'valid' | 'same';
  activation: FusedActivation;
}
interface DenseAttrs {
  activation: FusedActivation;
}
interface BatchNormAttrs {
  epsilon: number;
}

// ---- wasm kernels -------------------------------------------------------------------------

/** Byte address of element `index` of a float32 tensor on the heap. */
function at(backend: BackendWasm, info: tf.TensorInfo, index: number): number {
  return heapAddress(backend, info.dataId) + 4 * index;
}

/** Positions per SIMD call: its float32 sums stay short, and each block's is added in float64. */
const SUM_BLOCK = 256;

/**
 * Runs `run(p0, np, sumAt)` over blocks of positions; it adds into `count` per-channel float32
 * vectors at sumAt, sumAt + 4C, ... (zeroed before each block), which are summed here in float64.
 */
function blockedSums(loops: SimdLoops, C: number, P: number, count: number, run: (p0: number, np: number, sumAt: number) => void, sumAt: number): Float64Array[] {
  const totals = Array.from({ length: count }, () => new Float64Array(C));
  const partial = loops.f32(sumAt, count * C);
  for (let p0 = 0; p0 < P; p0 += SUM_BLOCK) {
    partial.fill(0);
    run(p0, Math.min(SUM_BLOCK, P - p0), sumAt);
    for (let k = 0; k < count; k++) {
      const total = totals[k];
      for (let c = 0; c < C; c++) total[c] += partial[k * C + c];
    }
  }
  return totals;
}

function trainingConv2D(args: WasmKernelArgs): tf.TensorInfo {
  const { x, filter, bias } = args.inputs as unknown as { x: tf.TensorInfo; filter: tf.TensorInfo; bias: tf.TensorInfo };
  const { strides, pad, activation } = args.attrs as unknown as ConvAttrs;
  const attrs = { strides, pad, dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined, activation };
  return wasmKernel(tf.FusedConv2D)({ inputs: { x, filter, bias }, backend: args.backend, attrs: attrs as unknown as tf.NamedAttrMap });
}

function trainingDense(args: WasmKernelArgs): tf.TensorInfo {
  const { x, kernel, bias } = args.inputs as unknown as { x: tf.TensorInfo; kernel: tf.TensorInfo; bias: tf.TensorInfo };
  const { activation } = args.attrs as unknown as DenseAttrs;
  const [M, K] = x.shape;
  const N = kernel.shape[1];
  const out = wasmKernel(tf._FusedMatMul)({
    inputs: { a: view(x, [1, M, K]), b: view(kernel, [1, K, N]), bias },
    backend: args.backend,
    attrs: { transposeA: false, transposeB: false, activation } as unknown as tf.NamedAttrMap,
  });
  return view(out, [M, N]);
}

/**
 * dz = dy * (y > 0) for ReLU (dz = dy for linear, then only the sum is written) and
 * db[c] = sum of dz over every position of channel c (the last axis).
 */
function trainingBiasActGrad(args: WasmKernelArgs): tf.TensorInfo[] {
  const { dy, y } = args.inputs as unknown as { dy: tf.TensorInfo; y: tf.TensorInfo };
  const { activation } = args.attrs as unknown as DenseAttrs;
  const backend = args.backend;
  const C = dy.shape[dy.shape.length - 1];
  const P = tf.util.sizeFromShape(dy.shape) / C;
  const dz = activation === 'relu' ? backend.makeOutput(dy.shape, 'float32') : null;
  const db = backend.makeOutput([C], 'float32');
  const loops = C % 4 === 0 ? simdLoops(backend) : null;
  if (dz !== null && loops !== null) {
    const accAt = loops.scratch(C);
    const sums = blockedSums(loops, C, P, 1, (p0, np, sumAt) =>
      loops.reluGrad(at(backend, dy, p0 * C), at(backend, y, p0 * C), at(backend, dz, p0 * C), sumAt, np * C, C), accAt);
    heapF32(backend, db).set(sums[0]);
    return [dz, db];
  }
  const DY = heapF32(backend, dy);
  const DB = heapF32(backend, db);
  const acc = new Float64Array(C);
  if (dz !== null) {
    const Y = heapF32(backend, y);
    const DZ = heapF32(backend, dz);
    for (let p = 0, i = 0; p < P; p++) {
      for (let c = 0; c < C; c++, i++) {
        // A multiply, not a branch: the sign of y is a coin toss, and a mispredicted branch per
        // element made this loop 3x slower. Also tfjs's own mul(dy, step(y)) for NaN and ±Inf dy.
        const v = DY[i] * +(Y[i] > 0);
        DZ[i] = v;
        acc[c] += v;
      }
    }
  } else {
    for (let p = 0, i = 0; p < P; p++) for (let c = 0; c < C; c++, i++) acc[c] += DY[i];
  }
  DB.set(acc);
  return dz !== null ? [dz, db] : [db];
}

/** y = (x - mean) / sqrt(var + eps) * gamma + beta over the last axis; also returns mean and var. */
function trainingBatchNorm(args: WasmKernelArgs): tf.TensorInfo[] {
  const { x, gamma, beta } = args.inputs as unknown as { x: tf.TensorInfo; gamma: tf.TensorInfo; beta: tf.TensorInfo };
  const { epsilon } = args.attrs as unknown as BatchNormAttrs;
  const backend = args.backend;
  const C = x.shape[x.shape.length - 1];
  const P = tf.util.sizeFromShape(x.shape) / C;
  const y = backend.makeOutput(x.shape, 'float32');
  const mean = backend.makeOutput([C], 'float32');
  const variance = backend.makeOutput([C], 'float32');
  const loops = C % 4 === 0 ? simdLoops(backend) : null;
  const scratchAt = loops?.scratch(4 * C) ?? 0;
  let s: Float64Array;
  let q: Float64Array;
  if (loops !== null) {
    [s, q] = blockedSums(loops, C, P, 2, (p0, np, sumAt) => loops.stats(at(backend, x, p0 * C), sumAt, sumAt + 4 * C, np * C, C), scratchAt);
  } else {
    const X = heapF32(backend, x);
    s = new Float64Array(C);
    q = new Float64Array(C);
    for (let p = 0, i = 0; p < P; p++) {
      for (let c = 0; c < C; c++, i++) {
        const v = X[i];
        s[c] += v;
        q[c] += v * v;
      }
    }
  }
  const G = heapF32(backend, gamma);
  const B = heapF32(backend, beta);
  const scale = loops?.f32(scratchAt + 8 * C, C) ?? new Float32Array(C);
  const shift = loops?.f32(scratchAt + 12 * C, C) ?? new Float32Array(C);
  const M = heapF32(backend, mean);
  const V = heapF32(backend, variance);
  for (let c = 0; c < C; c++) {
    const m = s[c] / P;
    const v = Math.max(0, q[c] / P - m * m);
    M[c] = m;
    V[c] = v;
    scale[c] = G[c] / Math.sqrt(v + epsilon);
    shift[c] = B[c] - m * scale[c];
  }
  if (loops !== null) {
    loops.scaleShift(at(backend, x, 0), at(backend, y, 0), scratchAt + 8 * C, scratchAt + 12 * C, P * C, C);
  } else {
    const X = heapF32(backend, x);
    const Y = heapF32(backend, y);
    for (let p = 0, i = 0; p < P; p++) for (let c = 0; c < C; c++, i++) Y[i] = X[i] * scale[c] + shift[c];
  }
  return [y, mean, variance];
}

/**
 * The full batch-norm gradient (through the batch mean and variance), per channel c over its P
 * positions, with x̂ = (x - mean) * r, r = 1 / sqrt(var + eps):
 *   dbeta = Σ dy, dgamma = Σ dy·x̂, dx = gamma·r·(dy - dbeta/P - x̂·dgamma/P).
 */
function trainingBatchNormGrad(args: WasmKernelArgs): tf.TensorInfo[] {
  const { dy, x, gamma, mean, variance } = args.inputs as unknown as Record<string, tf.TensorInfo>;
  const { epsilon } = args.attrs as unknown as BatchNormAttrs;
  const backend = args.backend;
  const C = x.shape[x.shape.length - 1];
  const P = tf.util.sizeFromShape(x.shape) / C;
  const dx = backend.makeOutput(x.shape, 'float32');
  const dgamma = backend.makeOutput([C], 'float32');
  const dbeta = backend.makeOutput([C], 'float32');
  const loops = C % 4 === 0 ? simdLoops(backend) : null;
  const scratchAt = loops?.scratch(5 * C) ?? 0;
  // Σ dy and Σ dy·(x - mean); the second times r is Σ dy·x̂.
  let sdy: Float64Array;
  let sdyx: Float64Array;
  if (loops !== null) {
    const meanAt = heapAddress(backend, mean.dataId);
    [sdy, sdyx] = blockedSums(loops, C, P, 2, (p0, np, sumAt) =>
      loops.normGradSums(at(backend, dy, p0 * C), at(backend, x, p0 * C), meanAt, sumAt, sumAt + 4 * C, np * C, C), scratchAt);
  } else {
    const DY = heapF32(backend, dy);
    const X = heapF32(backend, x);
    const M = heapF32(backend, mean);
    sdy = new Float64Array(C);
    sdyx = new Float64Array(C);
    for (let p = 0, i = 0; p < P; p++) {
      for (let c = 0; c < C; c++, i++) {
        const d = DY[i];
        sdy[c] += d;
        sdyx[c] += d * (X[i] - M[c]);
      }
    }
  }
  const G = heapF32(backend, gamma);
  const M = heapF32(backend, mean);
  const V = heapF32(backend, variance);
  const r = new Float32Array(C);
  for (let c = 0; c < C; c++) r[c] = 1 / Math.sqrt(V[c] + epsilon);
  // dx = a·dy + b·x + k per channel, expanded from the formula above.
  const a = loops?.f32(scratchAt + 8 * C, C) ?? new Float32Array(C);
  const b = loops?.f32(scratchAt + 12 * C, C) ?? new Float32Array(C);
  const k = loops?.f32(scratchAt + 16 * C, C) ?? new Float32Array(C);
  const DG = heapF32(backend, dgamma);
  const DB = heapF32(backend, dbeta);
  for (let c = 0; c < C; c++) {
    const dg = sdyx[c] * r[c];
    DG[c] = dg;
    DB[c] = sdy[c];
    a[c] = G[c] * r[c];
    b[c] = -a[c] * r[c] * dg / P;
    k[c] = -a[c] * sdy[c] / P - b[c] * M[c];
  }
  if (loops !== null) {
    loops.normGradDx(at(backend, dy, 0), at(backend, x, 0), at(backend, dx, 0), scratchAt + 8 * C, scratchAt + 12 * C, scratchAt + 16 * C, P * C, C);
  } else {
    const DY = heapF32(backend, dy);
    const X = heapF32(backend, x);
    const DX = heapF32(backend, dx);
    for (let p = 0, i = 0; p < P; p++) for (let c = 0; c < C; c++, i++) DX[i] = a[c] * DY[i] + b[c] * X[i] + k[c];
  }
  return [dx, dgamma, dbeta];
}

// ---- gradients (backend-agnostic, built from runKernel and ops) ----------------------------

function biasActGrad(dy: tf.Tensor, y: tf.Tensor, activation: FusedActivation): { dz: tf.Tensor; db: tf.Tensor } {
  const outs = tf.engine().runKernel(TRAINING_BIAS_ACT_GRAD, { dy, y }, { activation } as unknown as tf.NamedAttrMap) as tf.Tensor[];
  return activation === 'relu' ? { dz: outs[0], db: outs[1] } : { dz: dy, db: outs[0] };
}

const gradients: tf.GradConfig[] = [
  {
    kernelName: TRAINING_CONV2D,
    inputsToSave: ['x', 'filter'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, filter, y] = saved;
      const { strides, pad, activation } = attrs as unknown as ConvAttrs;
      const { dz, db } = biasActGrad(dy as tf.Tensor, y, activation);
      const conv = { strides, pad, dataFormat: 'NHWC', dimRoundingMode: undefined } as const;
      return {
        x: () => tf.engine().runKernel(tf.Conv2DBackpropInput, { dy: dz, filter }, { ...conv, inputShape: x.shape } as unknown as tf.NamedAttrMap) as tf.Tensor,
        filter: () => tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy: dz }, { ...conv, filterShape: filter.shape } as unknown as tf.NamedAttrMap) as tf.Tensor,
        bias: () => db,
      };
    },
  },
  {
    kernelName: TRAINING_DENSE,
    inputsToSave: ['x', 'kernel'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, kernel, y] = saved;
      const { dz, db } = biasActGrad(dy as tf.Tensor, y, (attrs as unknown as DenseAttrs).activation);
      return {
        x: () => tf.matMul(dz, kernel, false, true),
        kernel: () => tf.matMul(x, dz, true, false),
        bias: () => db,
      };
    },
  },
  {
    kernelName: TRAINING_BATCH_NORM,
    inputsToSave: ['x', 'gamma'],
    outputsToSave: [false, true, true],
    gradFunc: (dys, saved, attrs) => {
      const [x, gamma, mean, variance] = saved;
      const dy = Array.isArray(dys) ? dys[0] : dys;
      const [dx, dgamma, dbeta] = tf.engine().runKernel(
        TRAINING_BATCH_NORM_GRAD, { dy, x, gamma, mean, variance }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
      return { x: () => dx, gamma: () => dgamma, beta: () => dbeta };
    },
  },
];

const kernels: [string, WasmKernelFunc | ((args: WasmKernelArgs) => tf.TensorInfo[])][] = [
  [TRAINING_CONV2D, trainingConv2D],
  [TRAINING_DENSE, trainingDense],
  [TRAINING_BIAS_ACT_GRAD, trainingBiasActGrad],
  [TRAINING_BATCH_NORM, trainingBatchNorm],
  [TRAINING_BATCH_NORM_GRAD, trainingBatchNormGrad],
];

/** Registers the fused training kernels on 'wasm' and their gradients. Idempotent. */
export function registerFusedTrainingKernels(): void {
  for (const [kernelName, func] of kernels) {
    if (tf.getKernel(kernelName, 'wasm') != null) continue;
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: func as unknown as tf.KernelFunc });
  }
  for (const config of gradients) {
    if (tf.getGradient(config.kernelName) == null) tf.registerGradient(config);
  }
}

// ---- how a model reaches them ---------------------------------------------------------------

/** Whether trainingLayerApply may use the fused kernels (off: always null; for A/B benchmarks). */
export const fusedTraining = { isEnabled: true };

type LayerInternals = {
  kernel?: { read(): tf.Tensor };
  bias?: { read(): tf.Tensor } | null;
  gamma?: { read(): tf.Tensor } | null;
  beta?: { read(): tf.Tensor } | null;
  movingMean?: { read(): tf.Tensor; write(t: tf.Tensor): void };
  movingVariance?: { read(): tf.Tensor; write(t: tf.Tensor): void };
  built: boolean;
};

type Plan =
  | { kind: 'conv'; attrs: ConvAttrs }
  | { kind: 'dense'; attrs: DenseAttrs }
  | { kind: 'batchNorm'; epsilon: number; momentum: number }
  | null;

/** What each layer can be fused into, read once from its config. */
const plans = new WeakMap<tf.layers.Layer, Plan>();

function planFor(layer: tf.layers.Layer): Plan {
  if (plans.has(layer)) return plans.get(layer)!;
  const config = layer.getConfig() as Record<string, unknown>;
  const activation = config.activation === 'relu' || config.activation === 'linear' ? config.activation : null;
  const pairs = (v: unknown) => (Array.isArray(v) ? v : [v, v]) as number[];
  let plan: Plan = null;
  switch (layer.getClassName()) {
    case 'Conv2D': {
      const dilations = pairs(config.dilationRate ?? 1);
      const padding = config.padding;
      if (activation && config.useBias && config.dataFormat === 'channelsLast' && dilations.every((d) => d === 1) &&
          (padding === 'valid' || padding === 'same')) {
        plan = { kind: 'conv', attrs: { strides: pairs(config.strides) as [number, number], pad: padding, activation } };
      }
      break;
    }
    case 'Dense':
      if (activation && config.useBias) plan = { kind: 'dense', attrs: { activation } };
      break;
    case 'BatchNormalization': {
      const axis = config.axis as number;
      if (config.center && config.scale && (axis === -1 || axis === 3)) {
        plan = { kind: 'batchNorm', epsilon: config.epsilon as number, momentum: config.momentum as number };
      }
      break;
    }
  }
  plans.set(layer, plan);
  return plan;
}

/**
 * The layer's training-mode output for `x` through a fused kernel, or null when this layer, input
 * or backend is not covered (then call layer.apply). Call inside the function whose gradient is
 * taken. A batch-norm layer's moving mean and variance are updated as tfjs-layers does.
 */
export function trainingLayerApply(layer: tf.layers.Layer, x: tf.Tensor): tf.Tensor | null {
  if (!fusedTraining.isEnabled || tf.getBackend() !== 'wasm' || x.dtype !== 'float32') return null;
  const l = layer as unknown as LayerInternals;
  if (!l.built) return null;
  const plan = planFor(layer);
  if (plan === null) return null;
  const engine = tf.engine();
  switch (plan.kind) {
    case 'conv':
      if (x.rank !== 4 || tf.getKernel(TRAINING_CONV2D, 'wasm') == null) return null;
      return engine.runKernel(TRAINING_CONV2D, { x, filter: l.kernel!.read(), bias: l.bias!.read() },
        plan.attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
    case 'dense':
      if (x.rank !== 2 || tf.getKernel(TRAINING_DENSE, 'wasm') == null) return null;
      return engine.runKernel(TRAINING_DENSE, { x, kernel: l.kernel!.read(), bias: l.bias!.read() },
        plan.attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
    case 'batchNorm': {
      if ((x.rank !== 4 && x.rank !== 2) || tf.getKernel(TRAINING_BATCH_NORM, 'wasm') == null) return null;
      const [y, mean, variance] = engine.runKernel(TRAINING_BATCH_NORM, { x, gamma: l.gamma!.read(), beta: l.beta!.read() },
        { epsilon: plan.epsilon } as unknown as tf.NamedAttrMap) as tf.Tensor[];
      // tfjs-layers: moving = moving - (moving - batch) * (1 - momentum).
      const decay = 1 - plan.momentum;
      for (const [variable, value] of [[l.movingMean!, mean], [l.movingVariance!, variance]] as const) {
        tf.tidy(() => {
          const current = variable.read();
          variable.write(tf.sub(current, tf.mul(tf.sub(current, value), decay)));
        });
      }
      tf.dispose([mean, variance]);
      return y;
    }
  }
}
