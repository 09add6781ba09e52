/**
 * The playground's settings, declared once. Defaults, validation, the controls and the URL hash
 * are all derived from this table; adding a knob means adding one row here.
 */
import type { OptimizerName } from '../training/types';

export type BackendChoice = 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** The boxes the settings panel sorts its controls into ('backend' has a panel of its own). */
export type FieldGroup = 'optimizer' | 'data' | 'regularisation' | 'run' | 'backend';

export const FIELD_GROUPS: readonly { id: Exclude<FieldGroup, 'backend'>; title: string }[] = [
  { id: 'optimizer', title: 'Optimizer' },
  { id: 'data', title: 'Data' },
  { id: 'regularisation', title: 'Regularisation' },
  { id: 'run', title: 'Run' },
];

interface FieldBase<K extends string> {
  key: K;
  label: string;
  /** One sentence a student reads beside the control. */
  help: string;
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
  options: readonly { value: V; label: string }[];
}

export interface BooleanField<K extends string = string> extends FieldBase<K> {
  type: 'boolean';
  defaultValue: boolean;
}

export type Field = NumberField | ChoiceField | BooleanField;

export const OPTIMIZER_OPTIONS: readonly { value: OptimizerName; label: string }[] = [
  { value: 'sgd', label: 'SGD' },
  { value: 'momentum', label: 'SGD with momentum' },
  { value: 'adam', label: 'Adam' },
  { value: 'rmsprop', label: 'RMSprop' },
  { value: 'adagrad', label: 'Adagrad' },
  { value: 'adadelta', label: 'Adadelta' },
];

export const FIELDS = [
  {
    key: 'optimizer', type: 'choice', group: 'optimizer', label: 'Optimizer', defaultValue: 'adam' as OptimizerName,
    options: OPTIMIZER_OPTIONS, help: 'How the weights move downhill on the loss.',
  },
  {
    key: 'learningRate', type: 'number', group: 'optimizer', label: 'Learning rate', defaultValue: 0.001, min: 1e-6, max: 10, step: 0.0001, integer: false,
    help: 'Step size of each update. Too high and the loss explodes; too low and nothing happens.',
  },
  {
    key: 'momentum', type: 'number', group: 'optimizer', label: 'Momentum', defaultValue: 0.9, min: 0, max: 0.999, step: 0.01, integer: false,
    help: 'For SGD with momentum: how much of the previous step carries into the next.', shownWhen: { key: 'optimizer', equals: 'momentum' },
  },
  {
    key: 'batchSize', type: 'number', group: 'run', label: 'Batch size', defaultValue: 64, min: 1, max: 1024, step: 1, integer: true,
    choices: [16, 32, 64, 128, 256, 512], help: 'Images per weight update.',
  },
  {
    key: 'epochs', type: 'number', group: 'run', label: 'Epochs', defaultValue: 3, min: 1, max: 100, step: 1, integer: true,
    help: 'Passes over the training images.',
  },
  {
    key: 'trainSize', type: 'number', group: 'data', label: 'Training images', defaultValue: 60_000, min: 1000, max: 60_000, step: 1000, integer: true,
    choices: [5000, 20_000, 60_000], help: 'Use fewer for a quick demo; the test set is always the official 10,000.',
  },
  {
    key: 'validationSplit', type: 'number', group: 'data', label: 'Validation split', defaultValue: 0.1, min: 0, max: 0.5, step: 0.05, integer: false,
    help: 'Fraction of the training images held out to check for overfitting after each epoch.',
  },
  {
    key: 'standardize', type: 'boolean', group: 'data', label: 'Standardise inputs', defaultValue: false,
    help: 'Shift and scale pixels to mean 0, std 1 (MNIST mean 0.1307, std 0.3081).',
  },
  {
    key: 'augment', type: 'boolean', group: 'data', label: 'Augment', defaultValue: false,
    help: 'Warp every training image at random each time it is used (small turns, shifts and zooms). Validation and test images are never warped.',
  },
  {
    key: 'augmentRotation', type: 'number', group: 'data', label: 'Max rotation (degrees)', defaultValue: 10, min: 0, max: 45, step: 1, integer: false,
    help: 'Each image turns by a random angle up to this far either way.', shownWhen: { key: 'augment', equals: true },
  },
  {
    key: 'augmentShift', type: 'number', group: 'data', label: 'Max shift (pixels)', defaultValue: 2, min: 0, max: 8, step: 0.5, integer: false,
    help: 'Each image moves by up to this many pixels across and, separately, up or down.', shownWhen: { key: 'augment', equals: true },
  },
  {
    key: 'augmentScale', type: 'number', group: 'data', label: 'Max scale (%)', defaultValue: 10, min: 0, max: 30, step: 1, integer: false,
    help: 'Each image is zoomed in or out by up to this percentage.', shownWhen: { key: 'augment', equals: true },
  },
  {
    key: 'l1', type: 'number', group: 'regularisation', label: 'L1 penalty', defaultValue: 0, min: 0, max: 1, step: 0.0001, integer: false,
    help: 'Adds this times the sum of |w| over the conv and dense weights to the loss, pushing unneeded weights to 0. 0 is off.',
  },
  {
    key: 'l2', type: 'number', group: 'regularisation', label: 'L2 penalty', defaultValue: 0, min: 0, max: 1, step: 0.0001, integer: false,
    help: 'Adds this times the sum of w² over the conv and dense weights to the loss, keeping weights small (try 0.0005). 0 is off.',
  },
  {
    key: 'earlyStopping', type: 'boolean', group: 'regularisation', label: 'Early stopping', defaultValue: false,
    help: 'Stop when the validation loss stops improving, and keep the best epoch\'s weights. Needs a validation split above 0.',
  },
  {
    key: 'patience', type: 'number', group: 'regularisation', label: 'Patience (epochs)', defaultValue: 3, min: 1, max: 20, step: 1, integer: true,
    help: 'Epochs to wait for a new best validation loss before stopping.', shownWhen: { key: 'earlyStopping', equals: true },
  },
  {
    key: 'seed', type: 'number', group: 'run', label: 'Random seed', defaultValue: 42, min: 0, max: 2 ** 31 - 1, step: 1, integer: true,
    help: 'Same seed, same initial weights, shuffle, augmentation and dropout: on the same backend a run repeats exactly.',
  },
  {
    key: 'backend', type: 'choice', group: 'backend', label: 'Backend', defaultValue: 'auto' as BackendChoice,
    options: [
      { value: 'auto', label: 'Best available' },
      { value: 'webgpu', label: 'WebGPU' },
      { value: 'webgl', label: 'WebGL' },
      { value: 'wasm', label: 'WebAssembly' },
      { value: 'cpu', label: 'CPU (JavaScript)' },
    ],
    help: 'Where the maths runs.',
  },
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

/**
 * Checks one value against its field. Returns the value to use (numbers rounded for integer fields)
 * or an error sentence.
 */
export function validateField(field: Field, value: unknown): { ok: true; value: number | string | boolean } | { ok: false; error: string } {
  switch (field.type) {
    case 'number': {
      const n = typeof value === 'number' ? value : Number(value);
      if (typeof value === 'string' && value.trim() === '') return { ok: false, error: `${field.label} needs a number` };
      if (!Number.isFinite(n)) return { ok: false, error: `${field.label} must be a number` };
      const v = field.integer ? Math.round(n) : n;
      if (v < field.min || v > field.max) return { ok: false, error: `${field.label} must be between ${field.min} and ${field.max}` };
      return { ok: true, value: v };
    }
    case 'choice': {
      const option = field.options.find((o) => o.value === value);
      return option ? { ok: true, value: option.value } : { ok: false, error: `${field.label}: "${String(value)}" is not one of ${field.options.map((o) => o.value).join(', ')}` };
    }
    case 'boolean':
      if (typeof value === 'boolean') return { ok: true, value };
      if (value === 'true' || value === '1') return { ok: true, value: true };
      if (value === 'false' || value === '0') return { ok: true, value: false };
      return { ok: false, error: `${field.label} must be on or off` };
  }
}
