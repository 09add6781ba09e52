/**
 * The MNIST files this device keeps: the loader's FileStore on Cache Storage, which a page can
 * use with or without a service worker, in the training worker as on the main thread. Only bytes
 * that matched the manifest's SHA-256 are written, under keys that carry that hash.
 */
import type { FileStore } from '../core/data/fileStore';

/**
 * The cache of one deployment's data: named after its URL, so two copies of the app under
 * different paths of one host (say /2024/ and /2025/) neither share nor delete each other's files.
 */
export function dataCacheName(dataUrl: string): string {
  return `mnist-data ${dataUrl}`;
}

export class CacheStorageFileStore implements FileStore {
  constructor(private readonly cacheName: string) {}

  async read(key: string): Promise<Uint8Array | undefined> {
    const response = await (await caches.open(this.cacheName)).match(key);
    return response ? new Uint8Array(await response.arrayBuffer()) : undefined;
  }

  async write(key: string, bytes: Uint8Array): Promise<void> {
    const body = new Response(bytes as Uint8Array<ArrayBuffer>, {
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(bytes.length) },
    });
    await (await caches.open(this.cacheName)).put(key, body);
  }

  async retainOnly(keep: readonly string[]): Promise<void> {
    const wanted = new Set(keep.map((key) => new URL(key, self.location.href).href));
    const cache = await caches.open(this.cacheName);
    for (const request of await cache.keys()) if (!wanted.has(request.url)) await cache.delete(request);
  }
}

/** The store for data loaded from dataUrl, or undefined where there is no Cache Storage (plain http, old browsers). */
export function createDataStore(dataUrl: string): FileStore | undefined {
  return typeof caches === 'undefined' ? undefined : new CacheStorageFileStore(dataCacheName(dataUrl));
}
