import { useEffect, useState } from 'react';
import { useAppStore } from '../../store/appStore';

const PIXELS_PER_IMAGE = 784;
/** Test images never change: their pixels, once asked for, are kept for the page's life (784 bytes each). */
const cache = new Map<number, Uint8Array>();

/**
 * The pixels of the test images `indices` (28x28 bytes, white ink on black), asked of the engine
 * for those not yet here; an image still on its way is absent from the map.
 */
export function useTestImages(indices: readonly number[]): ReadonlyMap<number, Uint8Array> {
  const [, setLoaded] = useState(0);
  const key = indices.join(',');
  useEffect(() => {
    const missing = key === '' ? [] : key.split(',').map(Number).filter((index) => !cache.has(index));
    if (missing.length === 0) return;
    const controller = new AbortController();
    useAppStore.getState().loadTestImages(Int32Array.from(missing), controller.signal)
      .then(({ pixels }) => {
        if (pixels.length < missing.length * PIXELS_PER_IMAGE) return;
        missing.forEach((index, k) => cache.set(index, pixels.slice(k * PIXELS_PER_IMAGE, (k + 1) * PIXELS_PER_IMAGE)));
        setLoaded((n) => n + 1);
      })
      // Withdrawn (the list changed) or the engine restarted: the next render asks again.
      .catch(() => {});
    return () => controller.abort();
  }, [key]);
  return cache;
}
