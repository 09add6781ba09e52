/**
 * What this app keeps on the device for offline use, and deleting it: the MNIST files the loader
 * stored (engine/dataCache.ts) and the app itself, precached by the service worker that Workbox
 * generates for production builds (vite.config.ts). Kept drawings and saved models (IndexedDB)
 * are the student's own work and are neither counted here as the app's nor deleted.
 */
import { dataCacheName } from '../../engine/dataCache';

export interface StoredCache {
  name: string;
  /** 'data': the verified MNIST files; 'app': the service worker's copy of the app and the ready model. */
  kind: 'data' | 'app';
  bytes: number;
  files: number;
}

export interface OfflineCopyReport {
  /** Cache Storage exists here: browsers offer it only to https pages and localhost. */
  isAvailable: boolean;
  /** What the browser counts for this site (all storage, IndexedDB included) and allows it; null where unknown. */
  usage: number | null;
  quota: number | null;
  caches: StoredCache[];
  /** A service worker is installed and active: the app itself starts without the network next time. */
  hasServiceWorker: boolean;
  /** The browser promised not to evict this site's storage under pressure (null where it cannot say). */
  isPersisted: boolean | null;
}

/** The service worker's caches belong to this app when they are named after its scope (Workbox appends it). */
function isAppCache(name: string, scope: string): boolean {
  return name.startsWith('workbox-') && name.endsWith(scope);
}

async function cacheSize(name: string): Promise<{ bytes: number; files: number }> {
  const cache = await caches.open(name);
  let bytes = 0;
  const requests = await cache.keys();
  for (const request of requests) {
    const response = await cache.match(request);
    if (response) bytes += (await response.blob()).size;
  }
  return { bytes, files: requests.length };
}

/** The scope this app's service worker has (or would have): the directory of the page. */
async function appScope(): Promise<{ scope: string; registration: ServiceWorkerRegistration | undefined }> {
  const registration = 'serviceWorker' in navigator ? await navigator.serviceWorker.getRegistration() : undefined;
  return { scope: registration?.scope ?? new URL('./', location.href).href, registration };
}

/** Measures the app's caches and the browser's estimate for the site. `dataUrl` is where the MNIST files come from. */
export async function measureOfflineCopy(dataUrl: string): Promise<OfflineCopyReport> {
  const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
  const isPersisted = navigator.storage?.persisted ? await navigator.storage.persisted().catch(() => null) : null;
  const { scope, registration } = await appScope();
  const report: OfflineCopyReport = {
    isAvailable: typeof caches !== 'undefined',
    usage: estimate?.usage ?? null,
    quota: estimate?.quota ?? null,
    caches: [],
    hasServiceWorker: Boolean(registration?.active),
    isPersisted,
  };
  if (!report.isAvailable) return report;
  const dataCache = dataCacheName(dataUrl);
  for (const name of await caches.keys()) {
    const kind = name === dataCache ? 'data' : isAppCache(name, scope) ? 'app' : null;
    if (kind) report.caches.push({ name, kind, ...(await cacheSize(name)) });
  }
  return report;
}

/**
 * Deletes the app's caches and unregisters its service worker, so the next visit downloads
 * everything again, as a first one does. The page that is open keeps working: it has loaded.
 */
export async function clearOfflineCopy(dataUrl: string): Promise<void> {
  const { scope, registration } = await appScope();
  if (typeof caches !== 'undefined') {
    const dataCache = dataCacheName(dataUrl);
    for (const name of await caches.keys()) {
      if (name === dataCache || isAppCache(name, scope)) await caches.delete(name);
    }
  }
  await registration?.unregister();
}
