import { useEffect, useRef, useState, type RefObject } from 'react';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/appStore';
import { InputChooser } from './InputChooser';
import { LayerActivations } from './LayerActivations';
import { MemoryGauge } from './MemoryGauge';
import { TfvisSurface } from './TfvisSurface';
import './inspect.css';

/** While the active model trains, the image is read again at most this often (and at every epoch's end). */
const TRAINING_REFRESH_MS = 2000;

/** The open card: the model and the memory gauge, the image chooser, the layers, and the tfjs-vis inspector. */
export default function InspectBody() {
  const i18n = useI18n();
  const words = i18n.t.inspect;
  const model = useAppStore((s) => s.activeModel);
  const [isVisOpen, setVisOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const isOnScreen = useIsOnScreen(rootRef);

  return (
    <div className="inspect" ref={rootRef}>
      <p className="muted">{words.intro}</p>
      <div className="inspect-top">
        <p className="inspect-model">{model ? words.model(i18n.modelName(model.name), model.isTraining) : words.noModel}</p>
        <MemoryGauge isActive={isOnScreen} />
      </div>
      <InputChooser />
      <LayerActivations />
      <ActivationsRefresh isOnScreen={isOnScreen} />
      <div className="inspect-vis">
        <h3>{words.vis.title}</h3>
        <button type="button" aria-expanded={isVisOpen} aria-controls="inspect-vis-body" onClick={() => setVisOpen((open) => !open)}>
          {isVisOpen ? words.vis.close : words.vis.open}
        </button>
        <div id="inspect-vis-body" hidden={!isVisOpen}>{isVisOpen && <TfvisSurface />}</div>
      </div>
    </div>
  );
}

/** Whether the element is (partly) in the viewport: what it shows is refreshed only while someone can see it. */
function useIsOnScreen(ref: RefObject<HTMLElement | null>): boolean {
  const [isOnScreen, setOnScreen] = useState(true);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(([entry]) => setOnScreen(entry.isIntersecting));
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return isOnScreen;
}

/**
 * Reads the chosen image again when the model changes, when the drawing changes (if it is the
 * image read), and while the card is on screen, at every epoch's end and every
 * TRAINING_REFRESH_MS while the model trains. An empty component of its own: the batch count it
 * watches changes ten times a second.
 */
function ActivationsRefresh({ isOnScreen }: { isOnScreen: boolean }) {
  const model = useAppStore((s) => s.activeModel);
  const field = useAppStore((s) => (s.inspectInput.kind === 'drawing' ? s.field : null));
  const epochCount = useAppStore((s) => s.epochs.length);
  const batchCount = useAppStore((s) => (s.activeModel?.isTraining ? s.batches.length : 0));
  const lastRefresh = useRef(0);

  // A new model or a new drawing: read at once (a reading on its way for the old one is withdrawn).
  useEffect(() => {
    lastRefresh.current = performance.now();
    const { inspectInput, setInspectInput } = useAppStore.getState();
    setInspectInput(inspectInput);
  }, [model, field]);
  // Back on screen, or an epoch ended: catch up at once.
  useEffect(() => {
    if (!isOnScreen || epochCount === 0) return;
    lastRefresh.current = performance.now();
    useAppStore.getState().refreshActivations();
  }, [epochCount, isOnScreen]);
  useEffect(() => {
    if (!isOnScreen || batchCount === 0 || performance.now() - lastRefresh.current < TRAINING_REFRESH_MS) return;
    lastRefresh.current = performance.now();
    useAppStore.getState().refreshActivations();
  }, [batchCount, isOnScreen]);
  return null;
}
