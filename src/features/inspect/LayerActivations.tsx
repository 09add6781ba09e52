import { memo, useEffect, useRef } from 'react';
import type { LayerActivation } from '../../core/model/inspect';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/appStore';
import { gridColumns, paintMapGrid, paintUnitBars, type MapGrid } from '../../vis/featureMaps';

const DIGIT_LABELS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
/** A map drawn at least this many CSS pixels wide, so a 5x5 map is still a visible square. */
const MIN_MAP_PX = 36;
/** And at most this wide, so a 26x26 map does not take the whole card. */
const MAX_MAP_PX = 64;

/** The first conv layer's filters, then each conv and pool layer's maps and each dense layer's units, as the model read the chosen image. */
export function LayerActivations() {
  const activations = useAppStore((s) => s.activations);
  const { t, f } = useI18n();
  const words = t.inspect;
  if (!activations) return null;
  const { filters, layers } = activations;
  return (
    <>
      <section className="inspect-section" aria-labelledby="inspect-filters-title">
        <h3 id="inspect-filters-title">{words.filtersTitle}</h3>
        {filters ? (
          <figure className="inspect-layer">
            <MapCanvas grid={{ values: filters.values, count: filters.count, height: filters.kernelSize, width: filters.kernelSize }} label={`${filters.name}: ${words.filtersCaption(f.int(filters.count), f.int(filters.total), filters.kernelSize)}`} testId="inspect-filters" />
            <figcaption className="muted">
              {words.filtersCaption(f.int(filters.count), f.int(filters.total), filters.kernelSize)} {words.filtersKey}
            </figcaption>
          </figure>
        ) : (
          <p className="muted">{words.noFilters}</p>
        )}
      </section>
      <section className="inspect-section" aria-labelledby="inspect-layers-title">
        <h3 id="inspect-layers-title">{words.layersTitle}</h3>
        <p className="muted">{words.mapsKey}</p>
        <ol className="inspect-layers">
          {layers.map((layer, i) => (
            <li key={`${i}-${layer.name}`}>
              <LayerView layer={layer} isOutput={i === layers.length - 1} />
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

const LayerView = memo(function LayerView({ layer, isOutput }: { layer: LayerActivation; isOutput: boolean }) {
  const { t, f } = useI18n();
  const words = t.inspect;
  const name = `${layer.className} ${layer.name}`;
  if (layer.kind === 'maps') {
    const title = words.layerMaps(name, f.int(layer.count), f.int(layer.total), layer.height, layer.width);
    return (
      <figure className="inspect-layer">
        <figcaption>{title}</figcaption>
        <MapCanvas grid={layer} label={title} testId="inspect-maps" />
      </figure>
    );
  }
  const values = layer.values;
  const isProbabilities = isOutput && layer.count === 10;
  const top = values.indexOf(Math.max(...values));
  let active = 0;
  for (const v of values) if (v > 0) active++;
  const label = isProbabilities
    ? words.outputLabel(top, f.percent(values[top], 0))
    : words.unitsLabel(f.int(layer.count), f.int(active), f.fixed(values[top], 2));
  return (
    <figure className="inspect-layer">
      <figcaption>{words.layerUnits(name, f.int(layer.count))}</figcaption>
      <BarsCanvas values={values} label={label} labels={isProbabilities ? DIGIT_LABELS : undefined} highlight={isProbabilities ? top : undefined} />
    </figure>
  );
});

/** A grid of maps on one canvas; each map is shown MIN_MAP_PX to MAX_MAP_PX wide, pixels kept square. */
function MapCanvas({ grid, label, testId }: { grid: MapGrid; label: string; testId: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const columns = gridColumns(grid.count);
  useEffect(() => {
    if (ref.current) paintMapGrid(ref.current, grid, columns);
  }, [grid, columns]);
  const mapPx = Math.max(MIN_MAP_PX, Math.min(MAX_MAP_PX, grid.width * 2));
  const pixel = mapPx / grid.width;
  const width = Math.round((columns * (grid.width + 1) - 1) * pixel);
  return <canvas ref={ref} className="inspect-maps" style={{ width: `${width}px` }} role="img" aria-label={label} data-testid={testId} data-count={grid.count} />;
}

/** One bar per unit, redrawn when the values change or the canvas is resized. */
function BarsCanvas({ values, label, labels, highlight }: { values: Float32Array; label: string; labels?: readonly string[]; highlight?: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const paint = () => paintUnitBars(canvas, values, { labels, highlight, height: labels ? 56 : 48 });
    paint();
    const observer = new ResizeObserver(paint);
    observer.observe(canvas);
    return () => observer.disconnect();
  }, [values, labels, highlight]);
  return <canvas ref={ref} className="inspect-bars" role="img" aria-label={label} data-testid="inspect-units" data-count={values.length} />;
}
