/**
 * Where the loader keeps the files it has verified, so that a later visit reads them from the
 * device instead of the network (the page gives it one backed by Cache Storage; tests, a map).
 * Keys are URLs; a data file's key carries its SHA-256, so a new data version has new keys.
 */

export interface FileStore {
  /** The bytes stored under key, or undefined when there are none. */
  read(key: string): Promise<Uint8Array | undefined>;
  write(key: string, bytes: Uint8Array): Promise<void>;
  /** Deletes every entry whose key is not in keep. */
  retainOnly(keep: readonly string[]): Promise<void>;
}

/** The key of a file: its URL, with the SHA-256 the manifest lists for it when there is one. */
export function storeKey(url: string, sha256?: string): string {
  return sha256 ? `${url}?sha256=${sha256}` : url;
}

/**
 * Runs a store operation and turns its failure into `fallback`: a store that cannot read or write
 * (a full disk, a private window, a browser without Cache Storage) only means downloading again.
 */
export async function quietly<T>(operation: (() => Promise<T>) | undefined, fallback: T): Promise<T> {
  if (!operation) return fallback;
  try {
    return await operation();
  } catch {
    return fallback;
  }
}

/** A FileStore in memory, for tests and for code that wants the loader's interface without persistence. */
export class MemoryFileStore implements FileStore {
  readonly entries = new Map<string, Uint8Array>();

  async read(key: string): Promise<Uint8Array | undefined> {
    const bytes = this.entries.get(key);
    return bytes && bytes.slice();
  }

  async write(key: string, bytes: Uint8Array): Promise<void> {
    this.entries.set(key, bytes.slice());
  }

  async retainOnly(keep: readonly string[]): Promise<void> {
    const wanted = new Set(keep);
    for (const key of [...this.entries.keys()]) if (!wanted.has(key)) this.entries.delete(key);
  }
}
