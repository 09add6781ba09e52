import { useEffect } from 'react';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/appStore';

/** How often the gauge asks the engine for tf.memory() while it is shown. */
const MEMORY_POLL_MS = 1000;

/** Live tensors and the bytes they hold in the engine (tf.memory() in the worker), asked for every second while on screen. */
export function MemoryGauge({ isActive }: { isActive: boolean }) {
  const memory = useAppStore((s) => s.engineMemory);
  const i18n = useI18n();
  const { f } = i18n;
  const words = i18n.t.inspect;

  useEffect(() => {
    if (!isActive) return;
    const { refreshMemory } = useAppStore.getState();
    void refreshMemory();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void refreshMemory();
    }, MEMORY_POLL_MS);
    return () => clearInterval(timer);
  }, [isActive]);

  if (!memory) return null;
  const details = [memory.numBytesInGpu !== null ? words.memoryGpu(f.bytes(memory.numBytesInGpu)) : null, memory.isUnreliable ? words.memoryUnreliable : null].filter(Boolean);
  return (
    <div className="inspect-memory" role="group" aria-labelledby="inspect-memory-title">
      <span id="inspect-memory-title" className="inspect-memory-title">{words.memoryTitle}</span>{' '}
      <span data-testid="inspect-memory" data-tensors={memory.numTensors}>
        {words.memory(f.int(memory.numTensors), f.bytes(memory.numBytes), memory.backend)}
        {details.length > 0 && ` · ${details.join(' · ')}`}
      </span>
      <span className="muted inspect-memory-help">{words.memoryHelp}</span>
    </div>
  );
}
