import { memo, useEffect, useRef, useState } from 'react';
import { formatShape } from '../../core/model/describe';
import { defaultInsertIndex, type LayerPatch } from '../../core/model/edit';
import { MAX_LAYERS, type LayerKind } from '../../core/model/spec';
import { selectIsBusy, selectModel } from '../../store/selectors';
import { useAppStore } from '../../store/appStore';
import { KIND_OPTIONS, LayerRow } from './LayerRow';

/**
 * The layer stack as an editable list: change, add, remove and reorder layers, each with its
 * live output shape and cost. Locked while a model trains.
 */
/** isFixed: the instructor's link fixes the layers, so they are shown but cannot be edited. */
export function LayerEditor({ isFixed = false }: { isFixed?: boolean }) {
  const isBusy = useAppStore(selectIsBusy);
  // The disabled fieldset locks every row: starting or ending a run re-renders only this shell.
  return (
    <fieldset className="layer-editor" disabled={isBusy || isFixed}>
      <legend className="sr-only">Layers</legend>
      {isFixed && <p className="muted layer-locked">The layers are fixed by the link you opened.</p>}
      {isBusy && !isFixed && <p className="muted layer-locked">Layers are locked while the model trains.</p>}
      <LayerStack />
    </fieldset>
  );
}

const LayerStack = memo(function LayerStack() {
  const layers = useAppStore((s) => s.layers);
  const model = useAppStore(selectModel);
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
    const label = model.layers[index].label;
    moveLayer(index, delta);
    // Keep focus on the same arrow, unless the layer reached the end where that arrow is disabled.
    const arrow = to === 0 ? 'down' : to === count - 1 ? 'up' : delta < 0 ? 'up' : 'down';
    focusAfterRender.current = `layer-${to}-${arrow}`;
    setAnnouncement(`${label} moved to position ${to + 1} of ${count}.`);
  };
  const remove = (index: number) => {
    const label = model.layers[index].label;
    removeLayer(index);
    focusAfterRender.current = count > 1 ? `layer-${Math.min(index, count - 2)}-kind` : 'new-layer-kind';
    setAnnouncement(`Removed layer ${index + 1}, ${label}.`);
  };
  const add = () => {
    const index = defaultInsertIndex(layers, newKind);
    addLayer(newKind, index);
    focusAfterRender.current = `layer-${index}-kind`;
    const kindLabel = KIND_OPTIONS.find((o) => o.value === newKind)?.label ?? newKind;
    setAnnouncement(`Added ${kindLabel} as layer ${index + 1}.`);
  };
  const stackError = model.errors.find((e) => e.layerIndex === null);

  return (
    <>
      <div className="layer-input">
        <span>Input</span>
        <span className="layer-input-shape">{formatShape(model.inputShape)}</span>
      </div>
      <ol className="layer-list" aria-label="Layers">
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
      {stackError && <p className="layer-error" role="alert">{stackError.message}</p>}
      <div className="layer-add">
        <select id="new-layer-kind" aria-label="New layer type" value={newKind} onChange={(e) => setNewKind(e.target.value as LayerKind)}>
          {KIND_OPTIONS.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </select>
        <button type="button" onClick={add} disabled={count >= MAX_LAYERS}>Add layer</button>
        {count >= MAX_LAYERS && <span className="muted">At most {MAX_LAYERS} layers.</span>}
      </div>
      <p className="sr-only" aria-live="polite">{announcement}</p>
    </>
  );
});
