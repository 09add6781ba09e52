/**
 * The playground's settings, declared once. Defaults, validation, the controls and the URL hash
 * are all derived from this table; adding a knob means adding one row here (and its label and
 * help, keyed by the field's key, in the page's catalogues under src/i18n).
 */
import type { OptimizerName } from '../training/types';
import { SCHEDULE_NAMES, type ScheduleName } from '../training/schedule';

export type BackendChoice = 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** The boxes the settings panel sorts its controls into ('backend' has a panel of its own). */
export type FieldGroup = 'optimizer' | 'data' | 'regularisation' | 'run' | 'backend';

/** The settings panel's boxes, in order (their titles are in the catalogues). */
export const FIELD_GROUPS: readonly { id: Exclude<FieldGroup, 'backend'> }[] = [
  { id: 'optimizer' },
  { id: 'data' },
  { id: 'regularisation' },
  { id: 'run' },
];

interface FieldBase<K extends string> {
  key: K;
  group: FieldGroup;
  /** Shown (and used) only while another field has this value, e.g. patience only with early stopping. */
  shownWhen?: { key: string; equals: string | boolean };
}

export interface NumberField<K extends string = string> extends FieldBase<K> {
  type: 'number';
  defaultValue: number;
  min: number;
  max: number;
  step: number;
  integer: boolean;
  /** Shown as a drop-down of these values when present. */
  choices?: readonly number[];
}

export interface ChoiceField<K extends string = string, V extends string = string> extends FieldBase<K> {
  type: 'choice';
  defaultValue: V;
  /** The values in the order the drop-down lists them (their labels are in the catalogues). */
  options: readonly V[];
}

export interface BooleanField<K extends string = string> extends FieldBase<K> {
  type: 'boolean';
  defaultValue: boolean;
}

export type Field = NumberField | ChoiceField | BooleanField;

export const OPTIMIZER_OPTIONS: readonly OptimizerName[] = ['sgd', 'momentum', 'adam', 'rmsprop', 'adagrad', 'adadelta'];

export const BACKEND_OPTIONS: readonly BackendChoice[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];

export const FIELDS = [
  { key: 'optimizer', type: 'choice', group: 'optimizer', defaultValue: 'adam' as OptimizerName, options: OPTIMIZER_OPTIONS },
  { key: 'learningRate', type: 'number', group: 'optimizer', defaultValue: 0.001, min: 1e-6, max: 10, step: 0.0001, integer: false },
  {
    key: 'momentum', type: 'number', group: 'optimizer', defaultValue: 0.9, min: 0, max: 0.999, step: 0.01, integer: false,
    shownWhen: { key: 'optimizer', equals: 'momentum' },
  },
  // Learning-rate schedules (core/training/schedule.ts); the learning rate above is their peak or start.
  { key: 'schedule', type: 'choice', group: 'optimizer', defaultValue: 'constant' as ScheduleName, options: SCHEDULE_NAMES },
  {
    key: 'warmup', type: 'number', group: 'optimizer', defaultValue: 0.3, min: 0.05, max: 0.95, step: 0.05, integer: false,
    shownWhen: { key: 'schedule', equals: 'oneCycle' },
  },
  {
    key: 'plateauFactor', type: 'number', group: 'optimizer', defaultValue: 0.5, min: 0.01, max: 0.99, step: 0.05, integer: false,
    shownWhen: { key: 'schedule', equals: 'plateau' },
  },
  {
    key: 'plateauPatience', type: 'number', group: 'optimizer', defaultValue: 2, min: 1, max: 20, step: 1, integer: true,
    shownWhen: { key: 'schedule', equals: 'plateau' },
  },
  { key: 'batchSize', type: 'number', group: 'run', defaultValue: 64, min: 1, max: 1024, step: 1, integer: true, choices: [16, 32, 64, 128, 256, 512] },
  { key: 'epochs', type: 'number', group: 'run', defaultValue: 3, min: 1, max: 100, step: 1, integer: true },
  { key: 'trainSize', type: 'number', group: 'data', defaultValue: 60_000, min: 1000, max: 60_000, step: 1000, integer: true, choices: [5000, 20_000, 60_000] },
  { key: 'validationSplit', type: 'number', group: 'data', defaultValue: 0.1, min: 0, max: 0.5, step: 0.05, integer: false },
  { key: 'standardize', type: 'boolean', group: 'data', defaultValue: false },
  { key: 'augment', type: 'boolean', group: 'data', defaultValue: false },
  {
    key: 'augmentRotation', type: 'number', group: 'data', defaultValue: 10, min: 0, max: 45, step: 1, integer: false,
    shownWhen: { key: 'augment', equals: true },
  },
  {
    key: 'augmentShift', type: 'number', group: 'data', defaultValue: 2, min: 0, max: 8, step: 0.5, integer: false,
    shownWhen: { key: 'augment', equals: true },
  },
  {
    key: 'augmentScale', type: 'number', group: 'data', defaultValue: 10, min: 0, max: 30, step: 1, integer: false,
    shownWhen: { key: 'augment', equals: true },
  },
  { key: 'l1', type: 'number', group: 'regularisation', defaultValue: 0, min: 0, max: 1, step: 0.0001, integer: false },
  { key: 'l2', type: 'number', group: 'regularisation', defaultValue: 0, min: 0, max: 1, step: 0.0001, integer: false },
  { key: 'earlyStopping', type: 'boolean', group: 'regularisation', defaultValue: false },
  {
    key: 'patience', type: 'number', group: 'regularisation', defaultValue: 3, min: 1, max: 20, step: 1, integer: true,
    shownWhen: { key: 'earlyStopping', equals: true },
  },
  { key: 'seed', type: 'number', group: 'run', defaultValue: 42, min: 0, max: 2 ** 31 - 1, step: 1, integer: true },
  { key: 'backend', type: 'choice', group: 'backend', defaultValue: 'auto' as BackendChoice, options: BACKEND_OPTIONS },
] as const satisfies readonly Field[];

export type FieldKey = (typeof FIELDS)[number]['key'];

/** The settings as one plain object, typed from the table. */
export type Settings = {
  [F in (typeof FIELDS)[number] as F['key']]: F['type'] extends 'number' ? number : F['type'] extends 'boolean' ? boolean : F['defaultValue'];
};

/** Every field at its default. */
export function defaultSettings(): Settings {
  return Object.fromEntries(FIELDS.map((f) => [f.key, f.defaultValue])) as Settings;
}

export function fieldByKey(key: FieldKey): Field {
  return FIELDS.find((f) => f.key === key)! as Field;
}

/** Whether a field's control is shown (and its value used) under these settings. */
export function isFieldShown(field: Field, settings: Settings): boolean {
  return !field.shownWhen || settings[field.shownWhen.key as FieldKey] === field.shownWhen.equals;
}

/** Why a value cannot be used for a field: a code with its parameters, worded by the page. */
export type FieldProblem =
  | { code: 'fieldEmpty'; field: FieldKey }
  | { code: 'fieldNotNumber'; field: FieldKey }
  | { code: 'fieldOutOfRange'; field: FieldKey; min: number; max: number }
  | { code: 'fieldNotChoice'; field: FieldKey; value: string; options: string[] }
  | { code: 'fieldNotBoolean'; field: FieldKey };

/**
 * Checks one value against its field. Returns the value to use (numbers rounded for integer fields)
 * or the problem.
 */
export function validateField(field: Field, value: unknown): { ok: true; value: number | string | boolean } | { ok: false; error: FieldProblem } {
  const key = field.key as FieldKey;
  switch (field.type) {
    case 'number': {
      const n = typeof value === 'number' ? value : Number(value);
      if (typeof value === 'string' && value.trim() === '') return { ok: false, error: { code: 'fieldEmpty', field: key } };
      if (!Number.isFinite(n)) return { ok: false, error: { code: 'fieldNotNumber', field: key } };
      const v = field.integer ? Math.round(n) : n;
      if (v < field.min || v > field.max) return { ok: false, error: { code: 'fieldOutOfRange', field: key, min: field.min, max: field.max } };
      return { ok: true, value: v };
    }
    case 'choice': {
      const option = field.options.find((o) => o === value);
      return option !== undefined
        ? { ok: true, value: option }
        : { ok: false, error: { code: 'fieldNotChoice', field: key, value: String(value), options: [...field.options] } };
    }
    case 'boolean':
      if (typeof value === 'boolean') return { ok: true, value };
      if (value === 'true' || value === '1') return { ok: true, value: true };
      if (value === 'false' || value === '0') return { ok: true, value: false };
      return { ok: false, error: { code: 'fieldNotBoolean', field: key } };
  }
}
