/**
 * The student's kept drawings in IndexedDB, through idb: one object store of records checked when
 * read back, so a damaged record (or one from another version) is skipped, never trusted.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

export const PIXELS_PER_DIGIT = 28 * 28;

export interface KeptSample {
  id: number;
  label: number;
  /** The 28x28 field the model saw, as bytes (0 background, 255 full ink). */
  pixels: Uint8Array;
  createdAt: number;
}

interface SamplesSchema extends DBSchema {
  samples: { key: number; value: Omit<KeptSample, 'id'> & { id?: number } };
}

const DB_NAME = 'mnist-playground';
const DB_VERSION = 1;

let opening: Promise<IDBPDatabase<SamplesSchema>> | null = null;

function db(): Promise<IDBPDatabase<SamplesSchema>> {
  opening ??= openDB<SamplesSchema>(DB_NAME, DB_VERSION, {
    upgrade(database) {
      database.createObjectStore('samples', { keyPath: 'id', autoIncrement: true });
    },
  });
  return opening;
}

/** A record as read back, or null when it is not a kept sample. */
export function checkSample(value: unknown): KeptSample | null {
  if (!value || typeof value !== 'object') return null;
  const { id, label, pixels, createdAt } = value as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isInteger(label) || (label as number) < 0 || (label as number) > 9) return null;
  if (!(pixels instanceof Uint8Array) || pixels.length !== PIXELS_PER_DIGIT) return null;
  return { id, label: label as number, pixels, createdAt: typeof createdAt === 'number' ? createdAt : 0 };
}

/** Every readable kept sample, oldest first, and how many records were skipped as unreadable. */
export async function readSamples(): Promise<{ samples: KeptSample[]; skipped: number }> {
  const records = await (await db()).getAll('samples');
  const samples = records.map(checkSample).filter((s): s is KeptSample => s !== null);
  return { samples, skipped: records.length - samples.length };
}

/** Stores a sample; returns it with its new id. */
export async function addSample(label: number, pixels: Uint8Array): Promise<KeptSample> {
  const record = { label, pixels, createdAt: Date.now() };
  const id = await (await db()).add('samples', record);
  return { ...record, id };
}

export async function deleteSample(id: number): Promise<void> {
  await (await db()).delete('samples', id);
}
