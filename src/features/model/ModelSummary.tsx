import { PRESETS } from '../../core/config/presets';
import { useI18n } from '../../i18n/useI18n';
import { selectIsBusy, selectIsModified, selectModel } from '../../store/selectors';
import { useAppStore } from '../../store/appStore';
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
  const { t, f } = useI18n();
  const words = preset ? t.presets[preset.id] : null;

  return (
    <section className="card" aria-labelledby="model-title">
      <h2 id="model-title">{t.model.title}</h2>
      {!hidesPreset && <div className="field preset-field" style={{ marginTop: '0.6rem' }}>
        <label htmlFor="preset-select">{t.model.preset}</label>
        <select id="preset-select" value={presetId} disabled={isBusy} onChange={(e) => applyPreset(e.target.value)}>
          {PRESETS.map((p) => (
            // The readable title first, the id (as links write it) second.
            <option key={p.id} value={p.id}>{p.id === presetId && isModified ? t.model.modified(t.presets[p.id].title, p.id) : t.model.presetName(t.presets[p.id].title, p.id)}</option>
          ))}
        </select>
        {preset && words && (
          <span className="help">
            {t.model.presetHelp(words.title, words.description)}
            {preset.referenceAccuracy !== null && t.model.published(isModified, words.reference)}
            {isModified && (
              <>
                {' '}
                <button type="button" className="link-button" disabled={isBusy} onClick={resetLayers}>{t.model.resetLayers}</button>
              </>
            )}
          </span>
        )}
      </div>}
      <LayerEditor isFixed={hidesLayers} />
      <div className="model-totals">
        <strong data-testid="param-count">{t.model.parameters(f.int(model.totalParams))}</strong>
        {model.nonTrainableParams > 0 && <span className="muted">{t.model.notTrained(f.int(model.nonTrainableParams))}</span>}
        <dl>
          <div><dt>{t.model.forwardPass}</dt><dd>{t.model.perImage(f.fixed(model.flops / 1e6, 1))}</dd></div>
          <div><dt>{t.model.weights}</dt><dd>{f.bytes(model.weightBytes)}</dd></div>
        </dl>
      </div>
    </section>
  );
}
