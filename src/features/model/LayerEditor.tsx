import { memo, useEffect, useRef, useState } from 'react';
import { formatShape } from '../../core/model/describe';
import { defaultInsertIndex, type LayerPatch } from '../../core/model/edit';
import { MAX_LAYERS, type LayerKind } from '../../core/model/spec';
import { useI18n } from '../../i18n/useI18n';
import { selectIsBusy, selectModel } from '../../store/selectors';
import { FoldButton, useFold } from '../../ui/Fold';
import { useAppStore } from '../../store/appStore';
import { LAYER_KINDS, LayerRow } from './LayerRow';

/**
 * The layer stack as an editable list: change, add, remove and reorder layers, each with its
 * live output shape and cost. Locked while a model trains.
 */
/** isFixed: the instructor's link fixes the layers, so they are shown but cannot be edited. */
export function LayerEditor({ isFixed = false }: { isFixed?: boolean }) {
  // Folded at first on a phone (see App); the legend's button still works while the fieldset is disabled.
  const fold = useFold('layer-stack');
  const isBusy = useAppStore(selectIsBusy);
  const { t } = useI18n();
  // The disabled fieldset locks every row: starting or ending a run re-renders only this shell.
  return (
    <fieldset className="layer-editor" disabled={isBusy || isFixed}>
      <legend className="layer-legend"><FoldButton fold={fold}>{t.layers.legend}</FoldButton></legend>
      {isFixed && <p className="muted layer-locked">{t.layers.fixedByLink}</p>}
      {isBusy && !isFixed && <p className="muted layer-locked">{t.layers.lockedWhileTraining}</p>}
      <div id={fold.bodyId} hidden={!fold.isOpen}><LayerStack /></div>
    </fieldset>
  );
}

const LayerStack = memo(function LayerStack() {
  const layers = useAppStore((s) => s.layers);
  const model = useAppStore(selectModel);
  const i18n = useI18n();
  const { t } = i18n;
  const [newKind, setNewKind] = useState<LayerKind>('conv2d');
  const [announcement, setAnnouncement] = useState('');
  // Rows are keyed by place, so after a move or removal focus is put back on purpose.
  const focusAfterRender = useRef<string | null>(null);

  useEffect(() => {
    if (focusAfterRender.current === null) return;
    document.getElementById(focusAfterRender.current)?.focus();
    focusAfterRender.current = null;
  }, [layers]);

  const { addLayer, removeLayer, moveLayer, updateLayer } = useAppStore.getState();
  const count = layers.length;

  const move = (index: number, delta: -1 | 1) => {
    const to = index + delta;
    const label = i18n.layerName(layers[index]);
    moveLayer(index, delta);
    // Keep focus on the same arrow, unless the layer reached the end where that arrow is disabled.
    const arrow = to === 0 ? 'down' : to === count - 1 ? 'up' : delta < 0 ? 'up' : 'down';
    focusAfterRender.current = `layer-${to}-${arrow}`;
    setAnnouncement(t.layers.moved(label, to + 1, count));
  };
  const remove = (index: number) => {
    const label = i18n.layerName(layers[index]);
    removeLayer(index);
    focusAfterRender.current = count > 1 ? `layer-${Math.min(index, count - 2)}-kind` : 'new-layer-kind';
    setAnnouncement(t.layers.removed(index + 1, label));
  };
  const add = () => {
    const index = defaultInsertIndex(layers, newKind);
    addLayer(newKind, index);
    focusAfterRender.current = `layer-${index}-kind`;
    setAnnouncement(t.layers.added(t.layers.kinds[newKind], index + 1));
  };
  const stackError = model.errors.find((e) => e.layerIndex === null);

  return (
    <>
      <div className="layer-input">
        <span>{t.layers.input}</span>
        <span className="layer-input-shape">{formatShape(model.inputShape)}</span>
      </div>
      <ol className="layer-list" aria-label={t.layers.legend}>
        {layers.map((spec, index) => (
          <LayerRow
            // Keyed by place: a layer has no identity beyond its place in the stack.
            key={index}
            spec={spec}
            description={model.layers[index]}
            index={index}
            count={count}
            onChange={(patch: LayerPatch) => updateLayer(index, patch)}
            onMove={(delta) => move(index, delta)}
            onRemove={() => remove(index)}
          />
        ))}
      </ol>
      {stackError && <p className="layer-error" role="alert">{i18n.layerProblem(stackError.problem)}</p>}
      <div className="layer-add">
        <select id="new-layer-kind" aria-label={t.layers.newLayerType} value={newKind} onChange={(e) => setNewKind(e.target.value as LayerKind)}>
          {LAYER_KINDS.map((kind) => <option key={kind} value={kind}>{t.layers.kinds[kind]}</option>)}
        </select>
        <button type="button" onClick={add} disabled={count >= MAX_LAYERS}>{t.layers.addLayer}</button>
        {count >= MAX_LAYERS && <span className="muted">{t.layers.atMost(MAX_LAYERS)}</span>}
      </div>
      <p className="sr-only" aria-live="polite">{announcement}</p>
    </>
  );
});
