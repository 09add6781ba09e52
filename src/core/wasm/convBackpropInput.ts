/**
 * Conv2DBackpropInput for the 'wasm' backend (the stock one is a scalar C++ loop), NHWC,
 * dilation 1. Two formulations on the backend's XNNPACK kernels, picked per shape:
 *  - GEMM + col2im (any stride/padding): cols[N, KH*KW*Ci] = dy[N, Co] x W^T[Co, KH*KW*Ci],
 *    then the backend's ScatterNd (which sums duplicate indices) adds every Ci-slice of cols
 *    into its input pixel. The int32 index map depends only on the geometry and is cached.
 *  - flipped-filter convolution (stride 1): conv2d(dy, W'[kh,kw,co,ci] = W[KH-1-kh,KW-1-kw,ci,co],
 *    pad = (KH-1-top, KH-1-bottom, KW-1-left, KW-1-right)). It multiplies the zero border too,
 *    so it wins only when the input is not much larger than dy ('same').
 * NCHW (which the wasm backend's forward Conv2D rejects anyway) goes to the original kernel.
 */
import * as tf from '../tf';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  conv2d, convInfo, heapF32, release, transpose, view, wasmKernel, type WasmKernelArgs, type WasmKernelFunc,
} from './wasmKernelUtils';

type Info = tf.backend_util.Conv2DInfo;

/** Size limits of the scratch buffers (floats); mutable so tests can force the chunked path. */
export const col2imLimits = {
  /** The GEMM path runs in batch chunks whose cols buffer holds at most this many floats (64 MiB). */
  maxCols: 1 << 24,
};
const MAX_CACHED_MAPS = 16;
const indexMaps = new WeakMap<BackendWasm, Map<string, tf.TensorInfo>>();

/**
 * For every (b,oh,ow,kh,kw) the flat input pixel (b*H + r)*W + c it lands on, or B*H*W (a
 * scratch row past the end) when the tap falls into the padding. Lives on the backend, not in
 * the engine, so tf.memory() does not see it.
 */
function indexMap(backend: BackendWasm, info: Info): { indices: tf.TensorInfo; scratchRow: boolean } {
  const { batchSize: B, inHeight: H, inWidth: W, outHeight: OH, outWidth: OW } = info;
  const { filterHeight: KH, filterWidth: KW, strideHeight: sH, strideWidth: sW } = info;
  const { top, left } = info.padInfo;
  const scratchRow = top > 0 || left > 0 || (OH - 1) * sH + KH - top > H || (OW - 1) * sW + KW - left > W;
  const key = [B, H, W, OH, OW, KH, KW, sH, sW, top, left].join(',');
  let maps = indexMaps.get(backend);
  if (maps == null) indexMaps.set(backend, (maps = new Map()));
  let indices = maps.get(key);
  if (indices == null) {
    if (maps.size >= MAX_CACHED_MAPS) {
      const [oldest, old] = maps.entries().next().value as [string, tf.TensorInfo];
      maps.delete(oldest);
      release(backend, old);
    }
    indices = backend.makeOutput([B * OH * OW * KH * KW, 1], 'int32');
    const I = backend.typedArrayFromHeap(indices) as Int32Array;
    const scratch = B * H * W;
    let k = 0;
    for (let b = 0; b < B; b++) {
      for (let oh = 0; oh < OH; oh++) {
        for (let ow = 0; ow < OW; ow++) {
          for (let kh = 0; kh < KH; kh++) {
            const r = oh * sH + kh - top;
            for (let kw = 0; kw < KW; kw++) {
              const c = ow * sW + kw - left;
              I[k++] = r >= 0 && r < H && c >= 0 && c < W ? (b * H + r) * W + c : scratch;
            }
          }
        }
      }
    }
    maps.set(key, indices);
  }
  return { indices, scratchRow };
}

/** col2im for one batch chunk; `wT` is the filter as [Co, KH*KW*Ci]. */
function col2imChunk(
  backend: BackendWasm, matMul: WasmKernelFunc, dy: tf.TensorInfo, wT: tf.TensorInfo, info: Info,
): tf.TensorInfo {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: Ci, outHeight: OH, outWidth: OW, outChannels: Co } = info;
  const taps = info.filterHeight * info.filterWidth;
  const N = B * OH * OW;
  const { indices, scratchRow } = indexMap(backend, info);
  const cols = matMul({
    inputs: { a: view(dy, [1, N, Co]), b: view(wT, [1, Co, taps * Ci]) }, backend, attrs: { transposeA: false, transposeB: false },
  });
  const pixels = B * H * W;
  const summed = wasmKernel(tf.ScatterNd)({
    inputs: { indices, updates: view(cols, [N * taps, Ci]) },
    backend,
    attrs: { shape: [pixels + (scratchRow ? 1 : 0), Ci] },
  });
  release(backend, cols);
  if (!scratchRow) return { dataId: summed.dataId, shape: [B, H, W, Ci], dtype: 'float32' };
  const dx = backend.makeOutput([B, H, W, Ci], 'float32');
  heapF32(backend, dx).set(heapF32(backend, summed).subarray(0, pixels * Ci));
  release(backend, summed);
  return dx;
}

/** GEMM + col2im, in batch chunks so that the cols buffer stays under col2imLimits.maxCols floats. */
function viaCol2im(
  backend: BackendWasm, matMul: WasmKernelFunc, dy: tf.TensorInfo, filter: tf.TensorInfo, info: Info,
): tf.TensorInfo {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: Ci, outHeight: OH, outWidth: OW, outChannels: Co } = info;
  const patch = info.filterHeight * info.filterWidth * Ci;
  const wT = transpose(backend, view(filter, [patch, Co]), [1, 0]);
  const chunk = Math.max(1, Math.floor(col2imLimits.maxCols / (OH * OW * patch)));
  if (chunk >= B) {
    const dx = col2imChunk(backend, matMul, dy, wT, info);
    release(backend, wT);
    return dx;
  }
  const dx = backend.makeOutput([B, H, W, Ci], 'float32');
  const dyStride = OH * OW * Co;
  const dxStride = H * W * Ci;
  for (let b0 = 0; b0 < B; b0 += chunk) {
    const nb = Math.min(chunk, B - b0);
    const dyPart = backend.makeOutput([nb, OH, OW, Co], 'float32');
    heapF32(backend, dyPart).set(heapF32(backend, dy).subarray(b0 * dyStride, (b0 + nb) * dyStride));
    const part = col2imChunk(backend, matMul, dyPart, wT, { ...info, batchSize: nb });
    heapF32(backend, dx).set(heapF32(backend, part), b0 * dxStride);
    release(backend, dyPart, part);
  }
  release(backend, wT);
  return dx;
}

function viaFlippedConv(backend: BackendWasm, dy: tf.TensorInfo, filter: tf.TensorInfo, info: Info): tf.TensorInfo {
  const { filterHeight: KH, filterWidth: KW, inChannels: Ci, outChannels: Co, padInfo: p } = info;
  const flipped = backend.makeOutput([KH, KW, Co, Ci], 'float32');
  const w = heapF32(backend, filter);
  const wf = heapF32(backend, flipped);
  for (let kh = 0; kh < KH; kh++) {
    for (let kw = 0; kw < KW; kw++) {
      const srcTap = ((KH - 1 - kh) * KW + (KW - 1 - kw)) * Ci * Co;
      const dstTap = (kh * KW + kw) * Co * Ci;
      for (let ci = 0; ci < Ci; ci++) {
        for (let co = 0; co < Co; co++) wf[dstTap + co * Ci + ci] = w[srcTap + ci * Co + co];
      }
    }
  }
  const dx = conv2d(backend, dy, flipped, [[KH - 1 - p.top, KH - 1 - p.bottom], [KW - 1 - p.left, KW - 1 - p.right]], [1, 1]);
  release(backend, flipped);
  return dx;
}

/** Whether conv2d(dy, flipped W) with padding (K-1-pad) reproduces exactly the input extent. */
function flippedConvFits(info: Info): boolean {
  const { filterHeight: KH, filterWidth: KW, padInfo: p } = info;
  return info.strideHeight === 1 && info.strideWidth === 1 &&
    Math.max(p.top, p.bottom) <= KH - 1 && Math.max(p.left, p.right) <= KW - 1 &&
    info.outHeight + KH - 1 - p.top - p.bottom === info.inHeight &&
    info.outWidth + KW - 1 - p.left - p.right === info.inWidth;
}

/** `original` is the backend's own kernel, `matMul` its untransposed XNNPACK BatchMatMul. */
export function makeConv2DBackpropInput(original: WasmKernelFunc, matMul: WasmKernelFunc): WasmKernelFunc {
  return (args: WasmKernelArgs) => {
    const { dy, filter } = args.inputs as unknown as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
    if (tf.backend_util.convertConv2DDataFormat(attrs.dataFormat) !== 'channelsLast') return original(args);
    const info = convInfo(attrs.inputShape, filter.shape, attrs);
    // The flipped conv does H*W/(OH*OW) times the useful multiply-adds; col2im pays a cols
    // buffer and a scatter. Lenet's 12x12 <- 8x8 layer: col2im 25 ms, flipped conv 42 ms.
    if (flippedConvFits(info) && info.inHeight * info.inWidth <= 1.5 * info.outHeight * info.outWidth) {
      return viaFlippedConv(args.backend, dy, filter, info);
    }
    return viaCol2im(args.backend, matMul, dy, filter, info);
  };
}
