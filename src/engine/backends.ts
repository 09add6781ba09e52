/**
 * Chooses the tfjs backend: probes what this browser offers, ranks it, and initialises the best one
 * that really starts. Runs in the training worker (or the page, on the main-thread fallback).
 */
import * as tf from '../core/tf';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { registerWasmTrainingKernels } from '../core/wasm/trainingKernels';
import { EngineFailure, errorText, type BackendNote, type ProbeProblem, type SkipReason } from './messages';
import { probeBackends, probeCpu, probeWasm } from './probes';
import { BACKEND_NAMES, type BackendName, type BackendProbe, type BackendReport, type WasmThreadLimit } from './protocol';

export { errorText };

let isWasmConfigured = false;

/** Points tfjs at the WASM binaries Vite serves and sizes the XNNPACK thread pool. */
function configureWasm(thread: 'worker' | 'main'): void {
  if (isWasmConfigured) return;
  isWasmConfigured = true;
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlainUrl,
    'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
  });
  const cores = Math.max(1, Math.min(8, navigator.hardwareConcurrency || 1));
  if (thread === 'worker') {
    // tfjs caps the pool at hardwareConcurrency / 2 (it assumes hyper-threads, and a page that
    // shares the cores). This worker does nothing but train, so it may use every core: measured
    // 480-565 examples/s with one thread and 609-785 with two on a 2-core machine (lenet-5x5).
    try {
      Object.defineProperty(navigator, 'hardwareConcurrency', { value: cores * 2, configurable: true });
    } catch {
      // Read-only here: keep tfjs's default pool.
    }
  }
  setThreadsCount(cores);
  registerWasmTrainingKernels();
}

/**
 * Ranks the probes: a hardware GPU first (WebGPU, then WebGL), then WASM, then the software
 * GPUs (30-100x slower than WASM, so they must never win by default), then CPU.
 */
export function rankBackends(probes: BackendProbe[]): BackendProbe[] {
  const score = (p: BackendProbe): number => {
    if (!p.isAvailable) return 100;
    switch (p.name) {
      case 'webgpu': return p.isSoftware ? 3 : 0;
      case 'webgl': return p.isSoftware ? 4 : 1;
      case 'wasm': return 2;
      case 'cpu': return 5;
    }
  };
  return [...probes].sort((a, b) => score(a) - score(b));
}

function skipReason(p: BackendProbe): SkipReason {
  const problem = p.problem ?? { code: 'initFailed', backend: p.name, detail: null };
  if (!p.isAvailable) return { code: 'unavailable', problem };
  if (p.isSoftware) return { code: 'softwareGpu', renderer: p.renderer ?? p.name };
  return { code: 'didNotStart', problem };
}

/** Calls tf.setBackend and checks the result: setBackend resolves false rather than throwing. */
async function trySetBackend(name: BackendName, thread: 'worker' | 'main'): Promise<ProbeProblem | null> {
  if (name === 'wasm') configureWasm(thread);
  try {
    // The GPU backends load only when tried (core/tf.ts): WASM and CPU never need their code.
    if (name === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
    if (name === 'webgl') await import('@tensorflow/tfjs-backend-webgl');
    const ok = await tf.setBackend(name);
    await tf.ready();
    if (!ok || tf.getBackend() !== name) return { code: 'initFailed', backend: name, detail: null };
    return null;
  } catch (error) {
    return { code: 'initFailed', backend: name, detail: errorText(error) };
  }
}

/**
 * Initialises the requested backend, or the best available one for 'auto', falling back down the
 * ranking when a backend refuses to start. The report says, for every backend that would normally
 * come before the active one (webgpu, webgl, wasm, cpu), why it is not running.
 *
 * WASM or CPU asked for by name starts without the GPU probes: they take the thread for hundreds
 * of milliseconds where a GPU (even a software one) answers (a WebGL context, an adapter request),
 * time the first batch would wait. That report lists only WASM and CPU, with `probesPending` set;
 * the caller probes the GPUs later (probeAllBackends) when the thread is free.
 */
export async function chooseBackend(requested: BackendName | 'auto', thread: 'worker' | 'main'): Promise<BackendReport> {
  let earlyFailure: ProbeProblem | null = null;
  if (requested === 'wasm' || requested === 'cpu') {
    earlyFailure = await trySetBackend(requested, thread);
    if (!earlyFailure) {
      const probes = [probeWasm(), probeCpu()];
      return { active: requested, probes, skipped: [], chosenBy: 'user', thread, notes: backendNotes(requested), threadLimit: wasmThreadLimit(requested), probesPending: true };
    }
  }
  const probes = await probeBackends();
  const ranked = rankBackends(probes);
  const candidates = requested === 'auto' ? ranked : [...ranked].sort((a, b) => Number(b.name === requested) - Number(a.name === requested));

  for (const probe of candidates) {
    if (!probe.isAvailable) continue;
    // The backend named by the user already failed above: record why and go down the ranking.
    const failure = earlyFailure && probe.name === requested ? earlyFailure : await trySetBackend(probe.name, thread);
    if (failure) {
      probe.isAvailable = false;
      probe.problem = failure;
      continue;
    }
    const before = BACKEND_NAMES.slice(0, BACKEND_NAMES.indexOf(probe.name));
    const skipped = requested === 'auto' || requested !== probe.name
      ? probes.filter((p) => before.includes(p.name)).map((p) => ({ name: p.name, reason: skipReason(p) }))
      : [];
    return { active: probe.name, probes, skipped, chosenBy: requested === probe.name ? 'user' : 'auto', thread, notes: backendNotes(probe.name), threadLimit: wasmThreadLimit(probe.name) };
  }
  throw new EngineFailure({ code: 'noBackend', probes: probes.map((p) => ({ name: p.name, problem: p.problem })) });
}

/** Every backend probed and ranked, for a report that started with `probesPending`; the active backend keeps running. */
export async function probeAllBackends(): Promise<BackendProbe[]> {
  return rankBackends(await probeBackends());
}

/** Why the WASM backend got one thread where the machine has more cores, or null. */
function wasmThreadLimit(name: BackendName): WasmThreadLimit | null {
  if (name !== 'wasm' || getThreadsCount() > 1 || (navigator.hardwareConcurrency || 1) < 2) return null;
  if (!globalThis.crossOriginIsolated) return 'notIsolated';
  return typeof SharedArrayBuffer === 'undefined' ? 'noSharedArrayBuffer' : null;
}

function backendNotes(name: BackendName): BackendNote[] {
  if (name !== 'wasm') return [];
  return [{ code: 'wasmSimd', isOn: Boolean(tf.env().getBool('WASM_HAS_SIMD_SUPPORT')) }, { code: 'wasmThreads', count: getThreadsCount() }];
}

