/**
 * The offline copy as the page shows it: how much the app keeps on this device, deleting it, and
 * a new version of the app that the service worker has downloaded and holds until the page takes it.
 */
import { clearOfflineCopy, measureOfflineCopy, type OfflineCopyReport } from './persistence/offlineCopy';
import type { AppState } from './store';
import type { StateCreator } from 'zustand';

export type { OfflineCopyReport };

export interface StorageSlice {
  offlineCopy: OfflineCopyReport | null;
  offlineCopyStatus: 'idle' | 'clearing' | 'cleared' | 'failed';
  /** The browser's own words when measuring or deleting failed. */
  offlineCopyError: string | null;
  /** Set when a new version of the app waits to take over; apply() switches to it (the page reloads). */
  appUpdate: { apply(): void } | null;
  /** Measures the caches again; `dataUrl` is where the MNIST files come from. */
  measureOfflineCopy(dataUrl: string): Promise<void>;
  clearOfflineCopy(dataUrl: string): Promise<void>;
  offerAppUpdate(apply: () => void): void;
}

export const createStorageSlice: StateCreator<AppState, [], [], StorageSlice> = (set, get) => ({
  offlineCopy: null,
  offlineCopyStatus: 'idle',
  offlineCopyError: null,
  appUpdate: null,
  async measureOfflineCopy(dataUrl) {
    if (get().offlineCopyStatus === 'clearing') return;
    try {
      const report = await measureOfflineCopy(dataUrl);
      // A deletion that started meanwhile reports for itself.
      if (get().offlineCopyStatus !== 'clearing') set({ offlineCopy: report, offlineCopyError: null });
    } catch (error) {
      set({ offlineCopyStatus: 'failed', offlineCopyError: error instanceof Error ? error.message : String(error) });
    }
  },
  async clearOfflineCopy(dataUrl) {
    set({ offlineCopyStatus: 'clearing', offlineCopyError: null });
    try {
      await clearOfflineCopy(dataUrl);
      set({ offlineCopyStatus: 'cleared', offlineCopy: await measureOfflineCopy(dataUrl) });
    } catch (error) {
      set({ offlineCopyStatus: 'failed', offlineCopyError: error instanceof Error ? error.message : String(error) });
    }
  },
  offerAppUpdate(apply) {
    set({ appUpdate: { apply } });
  },
});
