import { useState } from 'react';
import { formatShape, type LayerDescription } from '../../core/model/describe';
import type { LayerPatch } from '../../core/model/edit';
import { LAYER_LIMITS, type Activation, type LayerKind, type LayerSpec, type OutputActivation, type Padding } from '../../core/model/spec';
import { NO_VALUE } from '../../i18n/format';
import { useI18n } from '../../i18n/useI18n';

/** The layer kinds in the order the drop-downs list them. */
export const LAYER_KINDS: readonly LayerKind[] = ['conv2d', 'maxPool', 'avgPool', 'batchNorm', 'flatten', 'dense', 'dropout'];

const HIDDEN_ACTIVATIONS: readonly Activation[] = ['relu', 'leakyRelu', 'elu', 'sigmoid', 'tanh', 'linear'];
const OUTPUT_ACTIVATIONS: readonly OutputActivation[] = [...HIDDEN_ACTIVATIONS, 'softmax'];
const PADDINGS: readonly Padding[] = ['valid', 'same'];

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
  const i18n = useI18n();
  const { t, f } = i18n;
  const words = t.layers.settings;
  const activations = (values: readonly OutputActivation[]) => values.map((value) => ({ value, label: t.layers.activations[value] }));
  const n = index + 1;
  const id = `layer-${index}`;
  const errorId = description.error ? `${id}-error` : undefined;
  const common = { layer: n, describedBy: errorId };

  let settings;
  switch (spec.kind) {
    case 'conv2d':
      settings = (
        <>
          <NumberSetting {...common} {...words.filters} value={spec.filters} max={LAYER_LIMITS.filters} onCommit={(filters) => onChange({ filters })} />
          <NumberSetting {...common} {...words.kernelSize} value={spec.kernelSize} max={LAYER_LIMITS.kernelSize} onCommit={(kernelSize) => onChange({ kernelSize })} />
          <NumberSetting {...common} {...words.strides} value={spec.strides} max={LAYER_LIMITS.strides} onCommit={(strides) => onChange({ strides })} />
          <ChoiceSetting {...common} {...words.padding} value={spec.padding} options={PADDINGS.map((value) => ({ value, label: t.layers.paddings[value] }))} onPick={(padding) => onChange({ padding })} />
          <ChoiceSetting {...common} {...words.activation} value={spec.activation} options={activations(HIDDEN_ACTIVATIONS) as { value: Activation; label: string }[]} onPick={(activation) => onChange({ activation })} />
        </>
      );
      break;
    case 'maxPool':
    case 'avgPool':
      settings = (
        <>
          <NumberSetting {...common} {...words.poolSize} value={spec.poolSize} max={LAYER_LIMITS.poolSize} onCommit={(poolSize) => onChange({ poolSize })} />
          <NumberSetting {...common} {...words.strides} value={spec.strides} max={LAYER_LIMITS.strides} onCommit={(strides) => onChange({ strides })} />
        </>
      );
      break;
    case 'dense':
      settings = (
        <>
          <NumberSetting {...common} {...words.units} value={spec.units} max={LAYER_LIMITS.units} onCommit={(units) => onChange({ units })} />
          <ChoiceSetting {...common} {...words.activation} value={spec.activation} options={activations(OUTPUT_ACTIVATIONS)} onPick={(activation) => onChange({ activation })} />
        </>
      );
      break;
    case 'dropout':
      settings = <NumberSetting {...common} {...words.rate} value={spec.rate} min={0} max={0.95} step={0.05} onCommit={(rate) => onChange({ rate })} />;
      break;
    default:
      settings = <p className="layer-hint">{spec.kind === 'flatten' || spec.kind === 'batchNorm' ? t.layers.hints[spec.kind] : null}</p>;
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
          aria-label={t.layers.type(n)}
          aria-describedby={errorId}
          value={spec.kind}
          onChange={(e) => onChange({ kind: e.target.value as LayerKind })}
        >
          {LAYER_KINDS.map((kind) => <option key={kind} value={kind}>{t.layers.kinds[kind]}</option>)}
        </select>
        <span className="layer-actions">
          <button type="button" id={`${id}-up`} className="icon-button" aria-label={t.layers.moveUp(n)} title={t.layers.moveUpTitle} disabled={index === 0} onClick={() => onMove(-1)}>↑</button>
          <button type="button" id={`${id}-down`} className="icon-button" aria-label={t.layers.moveDown(n)} title={t.layers.moveDownTitle} disabled={index === count - 1} onClick={() => onMove(1)}>↓</button>
          <button type="button" id={`${id}-remove`} className="icon-button remove" aria-label={t.layers.remove(n)} title={t.layers.removeTitle} onClick={onRemove}>×</button>
        </span>
      </div>
      <div className={`layer-settings ${spec.kind}`}>{settings}</div>
      <dl className="layer-stats">
        <div><dt>{t.layers.output}</dt><dd data-testid="layer-output">{output}</dd></div>
        <div><dt>{t.layers.params}</dt><dd data-testid="layer-params">{isKnown ? f.int(description.params) : NO_VALUE}</dd></div>
        <div>
          <dt>{t.layers.multAdds}</dt>
          <dd title={isKnown ? t.layers.multAddsTitle(f.int(description.macs)) : undefined}>{isKnown ? f.compact(description.macs) : NO_VALUE}</dd>
        </div>
      </dl>
      {description.error && <p className="layer-error" id={errorId} role="alert">{i18n.layerProblem(description.error)}</p>}
    </li>
  );
}

interface SettingProps {
  layer: number;
  /** Short visible label, e.g. "Kernel". */
  label: string;
  /** Name for the accessible label, e.g. "kernel size" -> "Layer 3 kernel size". */
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
  const { t } = useI18n();
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
        aria-label={t.layers.settingName(layer, name)}
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
  const { t } = useI18n();
  return (
    <label className="layer-field">
      <span>{label}</span>
      <select value={value} aria-label={t.layers.settingName(layer, name)} aria-describedby={describedBy} onChange={(e) => onPick(e.target.value as V)}>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </label>
  );
}
