/**
 * MaxPoolGrad and AvgPoolGrad for the 'wasm' backend as tight JS loops straight on the WASM
 * heap (NHWC, channels innermost, so every inner loop is a contiguous channel vector).
 * Semantics follow tfjs-backend-cpu exactly:
 *  - MaxPoolGrad: each output cell sends its gradient to the FIRST maximum of its window in
 *    row-major window order (strict `>`), scanning only in-bounds input pixels; a window with
 *    no value > -Infinity (all -Infinity or NaN) sends nothing.
 *  - AvgPoolGrad: every in-bounds pixel of a window gets dy / (filterHeight * filterWidth)
 *    (tfjs divides by the full window size, also for 'same' windows cut by the border).
 */
import * as tf from '../tf';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapAddress, simdLoops } from './simdLoops';
import { heapF32, type WasmKernelArgs } from './wasmKernelUtils';

type PoolInfo = ReturnType<typeof tf.backend_util.computePool2DInfo>;

function poolInfo(args: WasmKernelArgs, xShape: number[]): PoolInfo {
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as tf.MaxPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(
    xShape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
  if (info.dataFormat !== 'channelsLast') throw new Error('pool gradients on wasm support NHWC only');
  return info;
}

/**
 * What both gradients start with: the pool geometry, and dx allocated and zeroed. Heap views are
 * taken after the allocation, which may grow (and so detach) the WASM heap.
 */
function startPoolGrad(args: WasmKernelArgs) {
  const { dy, input } = args.inputs as unknown as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const backend: BackendWasm = args.backend;
  const info = poolInfo(args, input.shape);
  const out = backend.makeOutput(input.shape, 'float32');
  const dx = heapF32(backend, out);
  dx.fill(0);
  return { backend, input, info, out, dx, g: heapF32(backend, dy) };
}

export function maxPoolGrad(args: WasmKernelArgs): tf.TensorInfo {
  const { backend, input, info, out, dx, g } = startPoolGrad(args);
  const { batchSize, inHeight, inWidth, inChannels: C, outHeight, outWidth } = info;
  // 2x2 windows at stride 2, all wholly inside the input (pool 2 'valid', the common case): one
  // WASM SIMD call per output row (simdLoops.ts), same first-maximum rule.
  const loops = C % 4 === 0 ? simdLoops(backend) : null;
  if (loops !== null && info.filterHeight === 2 && info.filterWidth === 2 && info.strideHeight === 2 && info.strideWidth === 2 &&
      info.padInfo.top === 0 && info.padInfo.left === 0 && 2 * outHeight <= inHeight && 2 * outWidth <= inWidth) {
    const { dy } = args.inputs as unknown as { dy: tf.TensorInfo };
    const [xAt, dyAt, dxAt] = [heapAddress(backend, input.dataId), heapAddress(backend, dy.dataId), heapAddress(backend, out.dataId)];
    const rowBytes = inWidth * C * 4;
    for (let b = 0; b < batchSize; b++) {
      for (let oh = 0; oh < outHeight; oh++) {
        const windowRow = (b * inHeight + 2 * oh) * rowBytes;
        loops.maxPool2Row(xAt + windowRow, dyAt + ((b * outHeight + oh) * outWidth) * C * 4, dxAt + windowRow, outWidth, C, rowBytes);
      }
    }
    return out;
  }
  const x = heapF32(backend, input);
  const rowStride = inWidth * C;
  for (let b = 0; b < batchSize; b++) {
    const xBatch = b * inHeight * rowStride;
    for (let oh = 0; oh < outHeight; oh++) {
      const top = oh * info.strideHeight - info.padInfo.top;
      const r0 = Math.max(0, top);
      const r1 = Math.min(inHeight, top + info.filterHeight);
      for (let ow = 0; ow < outWidth; ow++) {
        const left = ow * info.strideWidth - info.padInfo.left;
        const c0 = Math.max(0, left);
        const c1 = Math.min(inWidth, left + info.filterWidth);
        const corner = xBatch + r0 * rowStride + c0 * C;
        const dyBase = ((b * outHeight + oh) * outWidth + ow) * C;
        if (r1 - r0 === 2 && c1 - c0 === 2) {
          // 2x2 window (pool 2, the common case) unrolled; same first-maximum rule.
          for (let ch = 0, p = corner; ch < C; ch++, p++) {
            const a = x[p];
            const b2 = x[p + C];
            const c2 = x[p + rowStride];
            let bestAt = a > -Infinity ? p : -1;
            let bestValue = a > -Infinity ? a : -Infinity;
            if (b2 > bestValue) {
              bestValue = b2;
              bestAt = p + C;
            }
            if (c2 > bestValue) {
              bestValue = c2;
              bestAt = p + rowStride;
            }
            if (x[p + rowStride + C] > bestValue) bestAt = p + rowStride + C;
            if (bestAt >= 0) dx[bestAt] += g[dyBase + ch];
          }
          continue;
        }
        for (let ch = 0; ch < C; ch++) {
          let bestValue = -Infinity;
          let bestAt = -1;
          for (let r = r0, row = corner + ch; r < r1; r++, row += rowStride) {
            for (let c = c0, at = row; c < c1; c++, at += C) {
              const v = x[at];
              if (v > bestValue) {
                bestValue = v;
                bestAt = at;
              }
            }
          }
          if (bestAt >= 0) dx[bestAt] += g[dyBase + ch];
        }
      }
    }
  }
  return out;
}

export function avgPoolGrad(args: WasmKernelArgs): tf.TensorInfo {
  const { info, out, dx, g } = startPoolGrad(args);
  const { batchSize, inHeight, inWidth, inChannels: C, outHeight, outWidth } = info;
  const scale = 1 / (info.filterHeight * info.filterWidth);
  const rowStride = inWidth * C;
  for (let b = 0; b < batchSize; b++) {
    const xBatch = b * inHeight * rowStride;
    for (let oh = 0; oh < outHeight; oh++) {
      const top = oh * info.strideHeight - info.padInfo.top;
      const r0 = Math.max(0, top);
      const r1 = Math.min(inHeight, top + info.filterHeight);
      for (let ow = 0; ow < outWidth; ow++) {
        const left = ow * info.strideWidth - info.padInfo.left;
        const c0 = Math.max(0, left);
        const c1 = Math.min(inWidth, left + info.filterWidth);
        const dyBase = ((b * outHeight + oh) * outWidth + ow) * C;
        for (let r = r0; r < r1; r++) {
          for (let c = c0; c < c1; c++) {
            const base = xBatch + r * rowStride + c * C;
            for (let ch = 0; ch < C; ch++) dx[base + ch] += g[dyBase + ch];
          }
        }
      }
    }
  }
  for (let i = 0; i < dx.length; i++) dx[i] *= scale;
  return out;
}
