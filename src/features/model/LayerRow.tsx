import { useState } from 'react';
import { formatCount, formatShape, type LayerDescription } from '../../core/model/describe';
import type { LayerPatch } from '../../core/model/edit';
import { LAYER_LIMITS, type LayerKind, type LayerSpec, type OutputActivation } from '../../core/model/spec';

export const KIND_OPTIONS: readonly { value: LayerKind; label: string }[] = [
  { value: 'conv2d', label: 'Conv2D' },
  { value: 'maxPool', label: 'MaxPool' },
  { value: 'avgPool', label: 'AvgPool' },
  { value: 'batchNorm', label: 'BatchNorm' },
  { value: 'flatten', label: 'Flatten' },
  { value: 'dense', label: 'Dense' },
  { value: 'dropout', label: 'Dropout' },
];

const ACTIVATION_OPTIONS: readonly { value: OutputActivation; label: string }[] = [
  { value: 'relu', label: 'relu' },
  { value: 'leakyRelu', label: 'leaky relu' },
  { value: 'elu', label: 'elu' },
  { value: 'sigmoid', label: 'sigmoid' },
  { value: 'tanh', label: 'tanh' },
  { value: 'linear', label: 'linear' },
];
const SOFTMAX = { value: 'softmax', label: 'softmax' } as const;

/** What a layer without settings does, in a line. */
const NO_SETTINGS_HINT: Partial<Record<LayerKind, string>> = {
  flatten: 'Unrolls the image into one long vector for the Dense layers.',
  batchNorm: 'Rescales each channel to mean 0, std 1 over the batch, then learns a scale and shift.',
};

export interface LayerRowProps {
  spec: LayerSpec;
  description: LayerDescription;
  /** 0-based place in the stack; controls are named by place + 1 ("Layer 3 filters"). */
  index: number;
  count: number;
  onChange(patch: LayerPatch): void;
  onMove(delta: -1 | 1): void;
  onRemove(): void;
}

/** One layer: its kind, its settings, what it outputs and costs, and why it is impossible if it is. */
export function LayerRow({ spec, description, index, count, onChange, onMove, onRemove }: LayerRowProps) {
  const n = index + 1;
  const id = `layer-${index}`;
  const errorId = description.error ? `${id}-error` : undefined;
  const common = { layer: n, describedBy: errorId };

  let settings;
  switch (spec.kind) {
    case 'conv2d':
      settings = (
        <>
          <NumberSetting {...common} label="Filters" name="filters" value={spec.filters} max={LAYER_LIMITS.filters} onCommit={(filters) => onChange({ filters })} />
          <NumberSetting {...common} label="Kernel" name="kernel size" value={spec.kernelSize} max={LAYER_LIMITS.kernelSize} onCommit={(kernelSize) => onChange({ kernelSize })} />
          <NumberSetting {...common} label="Stride" name="stride" value={spec.strides} max={LAYER_LIMITS.strides} onCommit={(strides) => onChange({ strides })} />
          <ChoiceSetting {...common} label="Padding" name="padding" value={spec.padding} options={[{ value: 'valid', label: 'valid' }, { value: 'same', label: 'same' }]} onPick={(padding) => onChange({ padding })} />
          <ChoiceSetting {...common} label="Activation" name="activation" value={spec.activation} options={ACTIVATION_OPTIONS} onPick={(activation) => onChange({ activation })} />
        </>
      );
      break;
    case 'maxPool':
    case 'avgPool':
      settings = (
        <>
          <NumberSetting {...common} label="Pool" name="pool size" value={spec.poolSize} max={LAYER_LIMITS.poolSize} onCommit={(poolSize) => onChange({ poolSize })} />
          <NumberSetting {...common} label="Stride" name="stride" value={spec.strides} max={LAYER_LIMITS.strides} onCommit={(strides) => onChange({ strides })} />
        </>
      );
      break;
    case 'dense':
      settings = (
        <>
          <NumberSetting {...common} label="Units" name="units" value={spec.units} max={LAYER_LIMITS.units} onCommit={(units) => onChange({ units })} />
          <ChoiceSetting {...common} label="Activation" name="activation" value={spec.activation} options={[...ACTIVATION_OPTIONS, SOFTMAX]} onPick={(activation) => onChange({ activation })} />
        </>
      );
      break;
    case 'dropout':
      settings = <NumberSetting {...common} label="Rate" name="dropout rate" value={spec.rate} min={0} max={0.95} step={0.05} onCommit={(rate) => onChange({ rate })} />;
      break;
    default:
      settings = <p className="layer-hint">{NO_SETTINGS_HINT[spec.kind]}</p>;
  }

  const output = description.outputShape ? formatShape(description.outputShape) : '?';
  const isKnown = description.outputShape !== null;
  return (
    <li className={`layer-row${description.error ? ' invalid' : ''}`} data-testid={`layer-${n}`}>
      <span className="layer-pos" aria-hidden="true">{n}</span>
      <div className="layer-head">
        <select
          id={`${id}-kind`}
          className="layer-kind"
          aria-label={`Layer ${n} type`}
          aria-describedby={errorId}
          value={spec.kind}
          onChange={(e) => onChange({ kind: e.target.value as LayerKind })}
        >
          {KIND_OPTIONS.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </select>
        <span className="layer-actions">
          <button type="button" id={`${id}-up`} className="icon-button" aria-label={`Move layer ${n} up`} title="Move up" disabled={index === 0} onClick={() => onMove(-1)}>↑</button>
          <button type="button" id={`${id}-down`} className="icon-button" aria-label={`Move layer ${n} down`} title="Move down" disabled={index === count - 1} onClick={() => onMove(1)}>↓</button>
          <button type="button" id={`${id}-remove`} className="icon-button remove" aria-label={`Remove layer ${n}`} title="Remove" onClick={onRemove}>×</button>
        </span>
      </div>
      <div className={`layer-settings ${spec.kind}`}>{settings}</div>
      <dl className="layer-stats">
        <div><dt>Output</dt><dd data-testid="layer-output">{output}</dd></div>
        <div><dt>Params</dt><dd data-testid="layer-params">{isKnown ? formatCount(description.params) : '–'}</dd></div>
        <div>
          <dt>Mult-adds</dt>
          <dd title={isKnown ? `${formatCount(description.macs)} multiply-adds per image` : undefined}>{isKnown ? formatCompact(description.macs) : '–'}</dd>
        </div>
      </dl>
      {description.error && <p className="layer-error" id={errorId} role="alert">{description.error}</p>}
    </li>
  );
}

interface SettingProps {
  layer: number;
  /** Short visible label, e.g. "Kernel". */
  label: string;
  /** Lower-case name for the accessible label, e.g. "kernel size" -> "Layer 3 kernel size". */
  name: string;
  describedBy?: string;
}

/**
 * A number box. The typed text is kept apart from the store, so "" or "0." can be on the way to
 * a value; every number typed goes to the store, where describeModel flags the impossible ones.
 */
function NumberSetting({ layer, label, name, describedBy, value, min = 1, max, step = 1, onCommit }: SettingProps & {
  value: number; min?: number; max: number; step?: number; onCommit(value: number): void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <label className="layer-field">
      <span>{label}</span>
      <input
        type="number"
        inputMode={step < 1 ? 'decimal' : 'numeric'}
        min={min}
        max={max}
        step={step}
        value={draft ?? String(value)}
        aria-label={`Layer ${layer} ${name}`}
        aria-describedby={describedBy}
        onChange={(e) => {
          setDraft(e.target.value);
          if (e.target.value.trim() !== '' && Number.isFinite(Number(e.target.value))) onCommit(Number(e.target.value));
        }}
        onBlur={() => setDraft(null)}
      />
    </label>
  );
}

function ChoiceSetting<V extends string>({ layer, label, name, describedBy, value, options, onPick }: SettingProps & {
  value: V; options: readonly { value: V; label: string }[]; onPick(value: V): void;
}) {
  return (
    <label className="layer-field">
      <span>{label}</span>
      <select value={value} aria-label={`Layer ${layer} ${name}`} aria-describedby={describedBy} onChange={(e) => onPick(e.target.value as V)}>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </label>
  );
}

/** 1,280 / 461k / 3.28M: short enough for a column, exact in the tooltip. */
function formatCompact(n: number): string {
  if (n < 10_000) return formatCount(n);
  if (n < 1e6) return `${(n / 1e3).toFixed(n < 1e5 ? 1 : 0)}k`;
  if (n < 1e9) return `${(n / 1e6).toFixed(n < 1e7 ? 2 : 1)}M`;
  return `${(n / 1e9).toFixed(2)}G`;
}
