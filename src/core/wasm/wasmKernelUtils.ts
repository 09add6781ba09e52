/**
 * Helpers for composing tfjs-backend-wasm kernels inside other kernels: calling a
 * registered kernel function directly, reinterpreting a tensor's shape without copying,
 * freeing intermediates and viewing a tensor's bytes on the WASM heap.
 */
import * as tf from '../tf';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export type WasmKernelArgs = {
  inputs: tf.NamedTensorInfoMap;
  backend: BackendWasm;
  attrs?: tf.NamedAttrMap;
};
export type WasmKernelFunc = (args: WasmKernelArgs) => tf.TensorInfo;
export type Shape4 = [number, number, number, number];

/** The kernel function registered for `name` on 'wasm' right now, typed for direct calls. */
export function wasmKernel(name: string): WasmKernelFunc {
  const config = tf.getKernel(name, 'wasm');
  if (config == null) {
    throw new Error(`wasm kernel '${name}' is not registered: import '@tensorflow/tfjs-backend-wasm' first`);
  }
  return config.kernelFunc as unknown as WasmKernelFunc;
}

/** The same data under another shape of equal size (kernels look data up by dataId only). */
export function view(info: tf.TensorInfo, shape: number[]): tf.TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

/** Frees intermediates produced by kernel calls (refcount-aware, as the engine does). */
export function release(backend: BackendWasm, ...infos: tf.TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

/**
 * A typed view of a tensor on the WASM heap. Views die when the heap grows, so take them
 * only after the kernel's last allocation (makeOutput or a kernel call).
 */
export function heapF32(backend: BackendWasm, info: tf.TensorInfo): Float32Array {
  if (info.dtype !== 'float32') throw new Error(`expected float32, got ${info.dtype}`);
  return backend.typedArrayFromHeap(info) as Float32Array;
}

/** Transposes with the backend's own (C++) Transpose kernel. */
export function transpose(backend: BackendWasm, x: tf.TensorInfo, perm: number[]): tf.TensorInfo {
  return wasmKernel(tf.Transpose)({ inputs: { x }, backend, attrs: { perm } });
}

/** Stride-1 NHWC convolution on the backend's XNNPACK Conv2D, explicit padding, any dilation. */
export function conv2d(
  backend: BackendWasm, x: tf.TensorInfo, filter: tf.TensorInfo, pad: [number[], number[]], dilations: [number, number],
): tf.TensorInfo {
  const attrs = { strides: [1, 1], pad: [[0, 0], pad[0], pad[1], [0, 0]], dataFormat: 'NHWC', dilations, dimRoundingMode: undefined };
  return wasmKernel(tf.Conv2D)({ inputs: { x, filter }, backend, attrs: attrs as unknown as tf.NamedAttrMap });
}

/** Conv2D geometry of a gradient kernel call, NHWC only (the wasm backend is NHWC-only too). */
export function convInfo(
  xShape: number[], filterShape: number[], attrs: tf.Conv2DBackpropFilterAttrs | tf.Conv2DBackpropInputAttrs,
): tf.backend_util.Conv2DInfo {
  const info = tf.backend_util.computeConv2DInfo(
    xShape as Shape4, filterShape as Shape4, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false,
    tf.backend_util.convertConv2DDataFormat(attrs.dataFormat));
  if (info.dataFormat !== 'channelsLast') throw new Error('wasm convolution gradients support NHWC only');
  return info;
}
