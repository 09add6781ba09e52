/**
 * What this thread can run, found without starting tfjs: a WebGPU adapter, a WebGL 2 context,
 * WebAssembly. Used by the engine to rank backends, and by the page to decide whether a backend
 * the worker could not start would run on the main thread instead.
 */
import { errorText } from './messages';
import type { BackendProbe } from './protocol';

export { errorText };

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;

export async function probeWebGpu(): Promise<BackendProbe> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return { name: 'webgpu', isAvailable: false, isSoftware: false, renderer: null, problem: { code: 'noWebGpu' } };
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter();
  } catch (error) {
    return { name: 'webgpu', isAvailable: false, isSoftware: false, renderer: null, problem: { code: 'requestAdapterFailed', detail: errorText(error) } };
  }
  if (!adapter) {
    return { name: 'webgpu', isAvailable: false, isSoftware: false, renderer: null, problem: { code: 'noGpuAdapter' } };
  }
  const info = (adapter as GPUAdapter & { info?: GPUAdapterInfo & { isFallbackAdapter?: boolean } }).info;
  const name = [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'unnamed adapter';
  const isFallback = Boolean(info?.isFallbackAdapter ?? (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter);
  return { name: 'webgpu', isAvailable: true, isSoftware: isFallback || SOFTWARE_RENDERER.test(name), renderer: name, problem: null };
}

export function probeWebGl(): BackendProbe {
  try {
    const canvas = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(1, 1) : null;
    const gl = canvas?.getContext('webgl2') as WebGL2RenderingContext | null | undefined;
    if (!gl) return { name: 'webgl', isAvailable: false, isSoftware: false, renderer: null, problem: { code: 'noWebGl2' } };
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(debug ? gl.getParameter(debug.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { name: 'webgl', isAvailable: true, isSoftware: SOFTWARE_RENDERER.test(renderer), renderer, problem: null };
  } catch (error) {
    return { name: 'webgl', isAvailable: false, isSoftware: false, renderer: null, problem: { code: 'webGlFailed', detail: errorText(error) } };
  }
}

export function probeWasm(): BackendProbe {
  if (typeof WebAssembly !== 'object') return { name: 'wasm', isAvailable: false, isSoftware: false, renderer: null, problem: { code: 'noWebAssembly' } };
  // Threads or not (cross-origin isolation) is reported with the active backend's notes.
  return { name: 'wasm', isAvailable: true, isSoftware: false, renderer: 'XNNPACK', problem: null };
}

export function probeCpu(): BackendProbe {
  return { name: 'cpu', isAvailable: true, isSoftware: false, renderer: null, problem: null };
}

/**
 * Probes every backend. Order of the result: webgpu, webgl, wasm, cpu. The WebGL context is made
 * while the WebGPU adapter request is out (both take a round trip to the GPU process, tens to
 * hundreds of milliseconds on a busy machine), so the two waits overlap.
 */
export async function probeBackends(): Promise<BackendProbe[]> {
  const webGpu = probeWebGpu();
  const webGl = probeWebGl();
  return [
    await webGpu,
    webGl,
    probeWasm(),
    probeCpu(),
  ];
}

