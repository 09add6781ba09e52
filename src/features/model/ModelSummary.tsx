import { PRESETS } from '../../core/config/presets';
import { formatCount } from '../../core/model/describe';
import { selectIsBusy, selectIsModified, selectModel } from '../../store/selectors';
import { useAppStore } from '../../store/appStore';
import { formatBytes } from '../../ui/format';
import { LayerEditor } from './LayerEditor';

/** The preset picker, the layer editor and the model's totals. */
export function ModelSummary() {
  const presetId = useAppStore((s) => s.presetId);
  const isModified = useAppStore(selectIsModified);
  const model = useAppStore(selectModel);
  const isBusy = useAppStore(selectIsBusy);
  const hidesPreset = useAppStore((s) => s.hidden.includes('preset'));
  const hidesLayers = useAppStore((s) => s.hidden.includes('layers'));
  const { applyPreset, resetLayers } = useAppStore.getState();
  const preset = PRESETS.find((p) => p.id === presetId);

  return (
    <section className="card" aria-labelledby="model-title">
      <h2 id="model-title">Model</h2>
      {!hidesPreset && <div className="field preset-field" style={{ marginTop: '0.6rem' }}>
        <label htmlFor="preset-select">Preset</label>
        <select id="preset-select" value={presetId} disabled={isBusy} onChange={(e) => applyPreset(e.target.value)}>
          {PRESETS.map((p) => (
            <option key={p.id} value={p.id}>{p.id === presetId && isModified ? `${p.id} (modified)` : p.id}</option>
          ))}
        </select>
        {preset && (
          <span className="help">
            {preset.title}. {preset.description}
            {preset.referenceAccuracy !== null && <> Published result{isModified ? ' for the unmodified recipe' : ''}: {preset.referenceSource}</>}
            {isModified && (
              <>
                {' '}
                <button type="button" className="link-button" disabled={isBusy} onClick={resetLayers}>Reset the layers to the preset's</button>
              </>
            )}
          </span>
        )}
      </div>}
      <LayerEditor isFixed={hidesLayers} />
      <div className="model-totals">
        <strong data-testid="param-count">Parameters: {formatCount(model.totalParams)}</strong>
        {model.nonTrainableParams > 0 && <span className="muted"> ({formatCount(model.nonTrainableParams)} not trained)</span>}
        <dl>
          <div><dt>Forward pass</dt><dd>{(model.flops / 1e6).toFixed(1)} MFLOP per image</dd></div>
          <div><dt>Weights</dt><dd>{formatBytes(model.weightBytes)}</dd></div>
        </dl>
      </div>
    </section>
  );
}
