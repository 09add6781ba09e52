import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/appStore';
import { TEST_IMAGE_COUNT } from '../../store/inspectSlice';
import { paintField } from '../../vis/drawingSurface';

/** Picks the image the model reads (a test image by number, or the drawing) and shows it with the model's answer. */
export function InputChooser() {
  const i18n = useI18n();
  const { f } = i18n;
  const words = i18n.t.inspect;
  const input = useAppStore((s) => s.inspectInput);
  const hasDrawing = useAppStore((s) => s.field !== null);
  const activations = useAppStore((s) => s.activations);
  const error = useAppStore((s) => s.activationsError);
  const { setInspectInput } = useAppStore.getState();
  const imageRef = useRef<HTMLCanvasElement>(null);
  const index = input.kind === 'test' ? input.index : null;
  // What the student is typing; the store keeps the last whole number in range.
  const [draft, setDraft] = useState<string | null>(null);

  useEffect(() => {
    if (imageRef.current) paintField(imageRef.current, activations?.pixels ?? null);
  }, [activations]);

  const output = activations?.layers.at(-1);
  const probabilities = output && output.kind === 'units' && output.count === 10 ? output.values : null;
  const top = probabilities ? probabilities.indexOf(Math.max(...probabilities)) : -1;
  const isStale = activations !== null && (input.kind === 'drawing' ? activations.label !== null : activations.label === null);

  const commit = (text: string) => {
    const n = Number(text);
    if (text.trim() !== '' && Number.isInteger(n) && n >= 0 && n < TEST_IMAGE_COUNT) setInspectInput({ kind: 'test', index: n });
  };

  return (
    <div className="inspect-input">
      <fieldset className="inspect-source">
        <legend>{words.inputLegend}</legend>
        <label className="inline-field">
          <input type="radio" name="inspect-source" checked={input.kind === 'test'} onChange={() => setInspectInput({ kind: 'test', index: index ?? 0 })} />
          {words.testImage}
        </label>
        <label className="inline-field">
          <input type="radio" name="inspect-source" checked={input.kind === 'drawing'} onChange={() => setInspectInput({ kind: 'drawing' })} />
          {words.drawing}
        </label>
        {input.kind === 'test' ? (
          <div className="inspect-test-picker">
            <label className="inline-field">
              {words.testIndex}
              <input
                type="number"
                inputMode="numeric"
                min={0}
                max={TEST_IMAGE_COUNT - 1}
                step={1}
                value={draft ?? String(input.index)}
                aria-describedby="inspect-index-help"
                onChange={(e) => {
                  setDraft(e.target.value);
                  commit(e.target.value);
                }}
                onBlur={() => setDraft(null)}
              />
            </label>
            <span className="muted" id="inspect-index-help">{words.testIndexHelp(f.int(TEST_IMAGE_COUNT - 1))}</span>
            <div className="buttons">
              <button type="button" onClick={() => (setDraft(null), setInspectInput({ kind: 'test', index: input.index - 1 }))}>{words.previous}</button>
              <button type="button" onClick={() => (setDraft(null), setInspectInput({ kind: 'test', index: input.index + 1 }))}>{words.next}</button>
              <button type="button" onClick={() => (setDraft(null), setInspectInput({ kind: 'test', index: Math.floor(Math.random() * TEST_IMAGE_COUNT) }))}>{words.random}</button>
            </div>
          </div>
        ) : (
          !hasDrawing && <p className="muted">{words.noDrawing}</p>
        )}
      </fieldset>
      <figure className="inspect-image">
        <canvas ref={imageRef} className="digits inspect-image-canvas" width={28} height={28} role="img" aria-label={words.inputImage} />
        <figcaption data-testid="inspect-reading" aria-live="polite">
          {activations && !isStale && activations.label !== null && <span>{words.trueDigit(activations.label)}</span>}
          {activations && !isStale && top >= 0 && <span>{words.reads(top, f.percent(probabilities![top], 0))}</span>}
          {(!activations || isStale) && !error && (input.kind === 'test' || hasDrawing) && <span className="muted">{words.reading}</span>}
        </figcaption>
      </figure>
      {error && <div className="notice error" role="alert">{words.readFailed(i18n.say(error))}</div>}
    </div>
  );
}
