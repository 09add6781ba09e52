import { PRESETS } from '../../core/config/presets';
import { formatCount, formatShape } from '../../core/model/describe';
import { selectIsBusy, selectModel } from '../../store/selectors';
import { useAppStore } from '../../store/store';
import { formatBytes } from '../../ui/format';

/** The preset picker and the layer stack with each layer's output shape and parameters. */
export function ModelSummary() {
  const presetId = useAppStore((s) => s.presetId);
  const applyPreset = useAppStore((s) => s.applyPreset);
  const model = useAppStore(selectModel);
  const isBusy = useAppStore(selectIsBusy);
  const preset = PRESETS.find((p) => p.id === presetId);

  return (
    <section className="card" aria-labelledby="model-title">
      <h2 id="model-title">Model</h2>
      <div className="field" style={{ marginTop: '0.6rem' }}>
        <label htmlFor="preset-select">Preset</label>
        <select id="preset-select" value={presetId} disabled={isBusy} onChange={(e) => applyPreset(e.target.value)}>
          {PRESETS.map((p) => <option key={p.id} value={p.id}>{p.id}</option>)}
        </select>
        {preset && <span className="help">{preset.title}. {preset.description}</span>}
      </div>
      <table className="layers">
        <caption className="sr-only">Layers of the model</caption>
        <thead>
          <tr><th scope="col">Layer</th><th scope="col">Output</th><th scope="col" className="num">Params</th></tr>
        </thead>
        <tbody>
          <tr><td>Input</td><td>{formatShape(model.inputShape)}</td><td className="num">0</td></tr>
          {model.layers.map((layer) => (
            <tr key={layer.index} aria-invalid={layer.error ? true : undefined}>
              <td>{layer.label}{layer.error && <div className="error" style={{ color: 'var(--bad)' }}>{layer.error}</div>}</td>
              <td>{layer.outputShape ? formatShape(layer.outputShape) : '?'}</td>
              <td className="num">{formatCount(layer.params)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="card-row" style={{ marginBottom: 0 }}>
        <strong data-testid="param-count">Parameters: {formatCount(model.totalParams)}</strong>
        <span className="muted">{(model.flops / 1e6).toFixed(1)} MFLOP per image · {formatBytes(model.weightBytes)} of weights</span>
      </p>
    </section>
  );
}
