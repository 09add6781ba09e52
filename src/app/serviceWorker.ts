/// <reference types="vite-plugin-pwa/vanillajs" />
/**
 * Registers the service worker Workbox generates for production builds (vite.config.ts); under the
 * dev server virtual:pwa-register does nothing.
 */
import { registerSW } from 'virtual:pwa-register';
import { useAppStore } from '../store/appStore';

/**
 * Registers once the MNIST data is in (or has failed): the service worker's install downloads the
 * app a second time to keep it, which on a slow classroom network must not compete with the
 * shards a first run waits for. Returns a cleanup for an effect.
 */
export function registerServiceWorkerAfterData(): () => void {
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
  if (useAppStore.getState().dataStatus !== 'loading') register();
  const unsubscribe = useAppStore.subscribe((s) => {
    if (s.dataStatus !== 'loading') register();
  });
  return unsubscribe;
}
