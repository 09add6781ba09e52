/**
 * The playground's settings, declared once. Defaults, validation, the controls and the URL hash
 * are all derived from this table; adding a knob means adding one row here.
 */
import type { OptimizerName } from '../training/types';

export type BackendChoice = 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';

interface FieldBase<K extends string> {
  key: K;
  label: string;
  /** One sentence a student reads beside the control. */
  help: string;
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
    key: 'optimizer', type: 'choice', label: 'Optimizer', defaultValue: 'adam' as OptimizerName,
    options: OPTIMIZER_OPTIONS, help: 'How the weights move downhill on the loss.',
  },
  {
    key: 'learningRate', type: 'number', label: 'Learning rate', defaultValue: 0.001, min: 1e-6, max: 10, step: 0.0001, integer: false,
    help: 'Step size of each update. Too high and the loss explodes; too low and nothing happens.',
  },
  {
    key: 'momentum', type: 'number', label: 'Momentum', defaultValue: 0.9, min: 0, max: 0.999, step: 0.01, integer: false,
    help: 'For SGD with momentum: how much of the previous step carries into the next.',
  },
  {
    key: 'batchSize', type: 'number', label: 'Batch size', defaultValue: 64, min: 1, max: 1024, step: 1, integer: true,
    choices: [16, 32, 64, 128, 256, 512], help: 'Images per weight update.',
  },
  {
    key: 'epochs', type: 'number', label: 'Epochs', defaultValue: 3, min: 1, max: 100, step: 1, integer: true,
    help: 'Passes over the training images.',
  },
  {
    key: 'trainSize', type: 'number', label: 'Training images', defaultValue: 60_000, min: 1000, max: 60_000, step: 1000, integer: true,
    choices: [5000, 20_000, 60_000], help: 'Use fewer for a quick demo; the test set is always the official 10,000.',
  },
  {
    key: 'validationSplit', type: 'number', label: 'Validation split', defaultValue: 0.1, min: 0, max: 0.5, step: 0.05, integer: false,
    help: 'Fraction of the training images held out to check for overfitting after each epoch.',
  },
  {
    key: 'standardize', type: 'boolean', label: 'Standardise inputs', defaultValue: false,
    help: 'Shift and scale pixels to mean 0, std 1 (MNIST mean 0.1307, std 0.3081).',
  },
  {
    key: 'seed', type: 'number', label: 'Random seed', defaultValue: 42, min: 0, max: 2 ** 31 - 1, step: 1, integer: true,
    help: 'Same seed, same initial weights and shuffle: a run can be repeated exactly.',
  },
  {
    key: 'backend', type: 'choice', label: 'Backend', defaultValue: 'auto' as BackendChoice,
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
