/**
 * The run history in IndexedDB, through idb: one object store of run records keyed by run id.
 * Every record is checked against a valibot schema when read back, so a record from another
 * version of the page, or a damaged one, is left out with the reason, never trusted. A write the
 * browser refuses for lack of room fails as QuotaFull, and nothing stored is touched.
 * (The runs' weights are kept apart, by the engine, in tfjs's own IndexedDB store.)
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import * as v from 'valibot';
import { defaultSettings, type Settings } from '../../core/config/fields';
import type { LayerSpec } from '../../core/model/spec';
import { RUN_RECORD_VERSION, type RunRecord } from '../runRecord';

const DB_NAME = 'mnist-playground-runs';
const DB_VERSION = 1;
const STORE = 'runs';

interface RunsSchema extends DBSchema {
  runs: { key: number; value: unknown };
}

const finite = v.pipe(v.number(), v.finite());
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const fraction = v.pipe(v.number(), v.minValue(0), v.maxValue(1));
const numbers = v.array(finite);

const EpochSchema = v.object({
  epoch: count,
  trainLoss: v.number(),
  trainAccuracy: v.number(),
  validationLoss: v.nullable(v.number()),
  validationAccuracy: v.nullable(v.number()),
  seconds: finite,
  numTensors: count,
});

/** Layers are checked for their kind here; the page's model code checks the rest before it builds one. */
const LayerSchema = v.looseObject({
  kind: v.picklist(['conv2d', 'maxPool', 'avgPool', 'batchNorm', 'flatten', 'dense', 'dropout']),
});

export const RunRecordSchema = v.object({
  version: v.literal(RUN_RECORD_VERSION),
  id: v.pipe(count, v.minValue(1)),
  name: v.nullable(v.pipe(v.string(), v.maxLength(200))),
  presetId: v.nullable(v.string()),
  startedAt: v.pipe(v.string(), v.isoTimestamp()),
  status: v.picklist(['training', 'done', 'stopped', 'diverged', 'failed']),
  // Settings grow new fields over time: a stored run gets the defaults for those it lacks.
  settings: v.record(v.string(), v.union([v.number(), v.string(), v.boolean()])),
  layers: v.pipe(v.array(LayerSchema), v.minLength(1)),
  params: count,
  macsPerImage: count,
  trainCount: count,
  validationCount: count,
  epochsPlanned: count,
  batches: v.pipe(
    v.object({ x: numbers, loss: numbers, accuracy: numbers }),
    v.check((c) => c.x.length === c.loss.length && c.x.length === c.accuracy.length, 'the curve columns differ in length'),
  ),
  epochs: v.array(EpochSchema),
  test: v.nullable(v.object({ accuracy: fraction, loss: v.number(), count, confusion: v.pipe(v.array(count), v.length(100)) })),
  seconds: v.pipe(finite, v.minValue(0)),
  examplesPerSecond: v.pipe(finite, v.minValue(0)),
  backend: v.nullable(v.picklist(['webgpu', 'webgl', 'wasm', 'cpu'])),
  threads: v.nullable(count),
  weightsBytes: v.nullable(count),
});

/** A stored value as a run record, or the field where it stops being one. */
export function checkRunRecord(value: unknown): { ok: true; record: RunRecord } | { ok: false; issue: string } {
  const result = v.safeParse(RunRecordSchema, value);
  if (!result.success) {
    // The path of the first field that failed, e.g. "test.accuracy" ("" for the record as a whole): the
    // same in every language, where valibot's own message is English.
    return { ok: false, issue: v.getDotPath(result.issues[0]) ?? '' };
  }
  const output = result.output;
  return {
    ok: true,
    record: { ...output, settings: { ...defaultSettings(), ...output.settings } as Settings, layers: output.layers as unknown as LayerSpec[] },
  };
}

/** The browser refused the write for lack of room (QuotaExceededError); what was stored stays. */
export class QuotaFull extends Error {
  override readonly name = 'QuotaFull';
}

function isQuotaError(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}

let opening: Promise<IDBPDatabase<RunsSchema>> | null = null;

function db(): Promise<IDBPDatabase<RunsSchema>> {
  opening ??= openDB<RunsSchema>(DB_NAME, DB_VERSION, {
    upgrade(database) {
      database.createObjectStore(STORE);
    },
  }).catch((error: unknown) => {
    opening = null;
    throw error;
  });
  return opening;
}

export interface SkippedRun {
  key: IDBValidKey;
  /** The field that failed its check ("" for the whole record, "id" for a record stored under another id). */
  issue: string;
}

/** Every readable stored run, oldest first, and each record left out with its reason. */
export async function readRuns(): Promise<{ runs: RunRecord[]; skipped: SkippedRun[] }> {
  const database = await db();
  const [keys, values] = await Promise.all([database.getAllKeys(STORE), database.getAll(STORE)]);
  const runs: RunRecord[] = [];
  const skipped: SkippedRun[] = [];
  values.forEach((value, i) => {
    const checked = checkRunRecord(value);
    if (checked.ok && checked.record.id === keys[i]) runs.push(checked.record);
    else skipped.push({ key: keys[i], issue: checked.ok ? 'id' : checked.issue });
  });
  return { runs: runs.sort((a, b) => a.id - b.id), skipped };
}

/** Stores (or replaces) a run; throws QuotaFull when the browser has no room for it. */
export async function putRun(record: RunRecord): Promise<void> {
  try {
    await (await db()).put(STORE, record, record.id);
  } catch (error) {
    if (isQuotaError(error)) throw new QuotaFull('The browser refused to store more', { cause: error });
    throw error;
  }
}

export async function deleteRun(id: number): Promise<void> {
  await (await db()).delete(STORE, id);
}

/** Writes a raw value under `key`, as an older version or a damaged disk might have left it (for tests). */
export async function putRawForTest(key: number, value: unknown): Promise<void> {
  await (await db()).put(STORE, value, key);
}

/** How much this site stores and may store, as the browser estimates it; null where it does not say. */
export async function estimateStorage(): Promise<{ usage: number; quota: number } | null> {
  if (typeof navigator === 'undefined' || !navigator.storage?.estimate) return null;
  try {
    const { usage, quota } = await navigator.storage.estimate();
    return usage === undefined || quota === undefined ? null : { usage, quota };
  } catch {
    return null;
  }
}

/** Roughly how many bytes a record takes in storage: its JSON length, which IndexedDB's structured clone is close to. */
export function recordBytes(record: RunRecord): number {
  return JSON.stringify(record).length;
}
