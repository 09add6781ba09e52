import type { BackendReport } from '../../engine/protocol';
import { useI18n } from '../../i18n/useI18n';

/**
 * How the running backend compares, in one sentence that stays while it runs: a software GPU is
 * 30-100x slower than WebAssembly, WebAssembly uses so many threads on so many cores, and so on.
 * (The skipped list says the same of a software GPU only while another backend runs.)
 */
export function BackendComparison({ report }: { report: BackendReport }) {
  const { t, backendName } = useI18n();
  const words = t.during;
  const active = report.active;
  const probe = report.probes.find((p) => p.name === active);
  let text: string;
  if (active === 'webgl' || active === 'webgpu') {
    const renderer = probe?.renderer ?? backendName(active);
    text = probe?.isSoftware ? words.softwareGpu(backendName(active), renderer) : words.hardwareGpu(backendName(active), renderer);
  } else if (active === 'wasm') {
    const threads = report.notes.find((note) => note.code === 'wasmThreads');
    text = words.wasmCores(threads?.code === 'wasmThreads' ? threads.count : 1, Math.max(1, navigator.hardwareConcurrency || 1));
  } else {
    text = words.cpuSlow;
  }
  const isSlow = active === 'cpu' || probe?.isSoftware === true;
  return <p className={isSlow ? 'notice warn' : 'backend-comparison'} data-testid="backend-comparison">{text}</p>;
}
