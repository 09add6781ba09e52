/**
 * Shader compilation ahead of the first real step, in parallel where the GPU backend offers it.
 * WebGL and WebGPU compile a kernel's program the first time it runs, one after another. In their
 * compile-only mode (tfjs's ENGINE_COMPILE_ONLY and WEBGPU_ENGINE_COMPILE_ONLY) running kernels
 * only starts their compilation: WebGL with KHR_parallel_shader_compile, WebGPU through
 * createComputePipelineAsync. checkCompileCompletionAsync then waits for them all at once, and
 * WebGL's getUniformLocations finishes the programs. The results of such a pass are garbage.
 */
import * as tf from '../core/tf';

type CompilingBackend = { checkCompileCompletionAsync(): Promise<unknown>; getUniformLocations?: () => void };

const FLAGS: Record<string, string> = { webgl: 'ENGINE_COMPILE_ONLY', webgpu: 'WEBGPU_ENGINE_COMPILE_ONLY' };

/**
 * Runs `pass` in the backend's compile-only mode and waits until every program it needs is built.
 * Returns the milliseconds it took, or null off WebGL and WebGPU and when the pass failed (the
 * programs then compile as the first real step runs, as before). `pass` must dispose what it makes
 * and must not read values back.
 */
export async function compileInParallel(pass: () => void): Promise<number | null> {
  const flag = FLAGS[tf.getBackend()];
  const backend = tf.backend() as unknown as CompilingBackend;
  if (!flag || typeof backend.checkCompileCompletionAsync !== 'function') return null;
  const started = performance.now();
  let isPassed = false;
  try {
    tf.env().set(flag, true);
    pass();
    isPassed = true;
  } catch {
    // Some kernel would not run in this mode: the rest compile on first use, as without the pass.
  } finally {
    tf.env().set(flag, false);
  }
  try {
    // Always, even after a failed pass: programs begun in this mode are unusable until finished here.
    await backend.checkCompileCompletionAsync();
    backend.getUniformLocations?.();
  } catch {
    return null;
  }
  return isPassed ? performance.now() - started : null;
}
