/**
 * Training kernels for tfjs-backend-wasm 4.22.
 *
 * Out of the box the wasm backend cannot train conv nets (no Conv2DBackpropFilter kernel)
 * and its gradient kernels are naive single-threaded C++ loops. This registers replacements
 * that run on the backend's XNNPACK convolution / fully-connected kernels instead:
 *  - Conv2DBackpropFilter: new; a dilated XNNPACK convolution of x^T with dy^T, or
 *    im2col + XNNPACK GEMM for small patches (see convBackpropFilter.ts).
 *  - Conv2DBackpropInput: XNNPACK GEMM + ScatterNd col2im, or for stride 1 'same'-like
 *    shapes an XNNPACK convolution with the flipped filter (see convBackpropInput.ts).
 *  - MaxPoolGrad / AvgPoolGrad: JS loops on the WASM heap (cpu-backend semantics).
 *  - BatchMatMul with transposeA/transposeB (dense-layer gradients): explicit transpose
 *    and the XNNPACK path; the original falls back to a scalar loop for any transpose.
 *  - Fused training layers (conv/dense + bias + ReLU, batch norm) with their gradients, which a
 *    model reaches through trainingLayerApply (see fusedTraining.ts).
 *
 * Call registerWasmTrainingKernels() once, before or after tf.setBackend('wasm').
 * Measurements, the thread-count cap (setThreadsCount is clamped to hardwareConcurrency/2)
 * and tfjs gotchas: README.md beside this file.
 */
import * as tf from '../tf';
import '@tensorflow/tfjs-backend-wasm';
import { avgPoolGrad, maxPoolGrad } from './poolGradKernels';
import { makeConv2DBackpropFilter } from './convBackpropFilter';
import { makeConv2DBackpropInput } from './convBackpropInput';
import { registerFusedTrainingKernels } from './fusedTraining';
import { release, transpose, wasmKernel, type WasmKernelFunc } from './wasmKernelUtils';

const BACKEND = 'wasm';

/**
 * BatchMatMul that turns transposeA/transposeB into explicit (C++) transposes, so that the
 * product takes the stock kernel's XNNPACK path, which it only does for batch 1 without
 * transposes. Batched products (batch > 1) still go to the original kernel as they are.
 */
function makeBatchMatMul(original: WasmKernelFunc): WasmKernelFunc {
  return (args) => {
    const { a, b } = args.inputs as unknown as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
    const backend = args.backend;
    const batchA = tf.util.sizeFromShape(a.shape.slice(0, -2));
    const batchB = tf.util.sizeFromShape(b.shape.slice(0, -2));
    if ((!transposeA && !transposeB) || batchA !== 1 || batchB !== 1) return original(args);
    const flip = (t: tf.TensorInfo, on: boolean): tf.TensorInfo => {
      const r = t.shape.length;
      if (!on) return t;
      const perm = [...Array(r - 2).keys(), r - 1, r - 2];
      return transpose(backend, t, perm);
    };
    const a2 = flip(a, transposeA);
    const b2 = flip(b, transposeB);
    const out = original({ inputs: { a: a2, b: b2 }, backend, attrs: { transposeA: false, transposeB: false } });
    if (a2 !== a) release(backend, a2);
    if (b2 !== b) release(backend, b2);
    return out;
  };
}

type Replacement = {
  name: string;
  /** Builds the new kernel from the currently registered one and the original BatchMatMul. */
  make: (current: tf.KernelConfig | undefined, matMul: WasmKernelFunc) => WasmKernelFunc;
};

const replacements: Replacement[] = [
  { name: tf.BatchMatMul, make: (_, matMul) => makeBatchMatMul(matMul) },
  { name: tf.Conv2DBackpropFilter, make: (_, matMul) => makeConv2DBackpropFilter(matMul) },
  { name: tf.Conv2DBackpropInput, make: (o, matMul) => makeConv2DBackpropInput(needed(o, tf.Conv2DBackpropInput), matMul) },
  { name: tf.MaxPoolGrad, make: () => maxPoolGrad },
  { name: tf.AvgPoolGrad, make: () => avgPoolGrad },
];

function needed(config: tf.KernelConfig | undefined, name: string): WasmKernelFunc {
  if (config == null) throw new Error(`wasm kernel '${name}' is missing: import '@tensorflow/tfjs-backend-wasm' first`);
  return config.kernelFunc as unknown as WasmKernelFunc;
}

/** Kernel functions installed by this module, so a second call can recognise them. */
const installed = new Set<tf.KernelFunc>();
/** The backend's own BatchMatMul, captured before it is wrapped. */
let originalMatMul: WasmKernelFunc | undefined;

/**
 * Registers the fast training kernels for the 'wasm' backend. Idempotent. The original
 * kernels it wraps keep their setupFunc, so this may run before the backend initialises.
 */
export function registerWasmTrainingKernels(): void {
  wasmKernel(tf.Conv2D); // fail early, with a clear message, if the wasm kernels are absent
  for (const { name, make } of replacements) {
    const current = tf.getKernel(name, BACKEND) as tf.KernelConfig | undefined;
    if (current != null && installed.has(current.kernelFunc)) continue;
    if (name === tf.BatchMatMul) originalMatMul = needed(current, name);
    const matMul = originalMatMul ?? wasmKernel(tf.BatchMatMul);
    const kernelFunc = make(current, matMul) as unknown as tf.KernelFunc;
    if (current != null) tf.unregisterKernel(name, BACKEND);
    installed.add(kernelFunc);
    tf.registerKernel({ kernelName: name, backendName: BACKEND, kernelFunc, setupFunc: current?.setupFunc });
  }
  registerFusedTrainingKernels();
}
