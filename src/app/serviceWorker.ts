/// <reference types="vite-plugin-pwa/vanillajs" />
/**
 * Registers the service worker Workbox generates for production builds (vite.config.ts); under the
 * dev server virtual:pwa-register does nothing.
 */
import { registerSW } from 'virtual:pwa-register';
import { useAppStore } from '../store/appStore';
import { selectIsBusy } from '../store/selectors';
import type { AppState } from '../store/store';

/** The data is in (or has failed) and no model is training. */
const isIdle = (s: AppState) => s.dataStatus !== 'loading' && !selectIsBusy(s);

/**
 * Registers once the MNIST data is in and no model trains: the service worker's install downloads
 * the app a second time to keep it, which must not compete with the shards a first run waits for
 * on a slow classroom network, nor with training for a 2-core laptop's CPU. Returns a cleanup for
 * an effect.
 */
export function registerServiceWorkerWhenIdle(): () => void {
  let isRegistered = false;
  const register = () => {
    if (isRegistered) return;
    isRegistered = true;
    const switchToUpdate = registerSW({
      // A new build is installed and waits: the page offers to switch (it reloads), never mid-run on its own.
      onNeedRefresh() {
        useAppStore.getState().offerAppUpdate(() => void switchToUpdate(true));
      },
    });
  };
  if (isIdle(useAppStore.getState())) register();
  const unsubscribe = useAppStore.subscribe((s) => {
    if (isIdle(s)) register();
  });
  return unsubscribe;
}
