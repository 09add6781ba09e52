/**
 * A look inside the active model: its reading of one image (a test image or the drawing) layer by
 * layer, its layers and weights for the tfjs-vis view, and the engine's memory. Each is asked for
 * only while the inspection view is open; a refresh never stacks on one still on its way.
 */
import type { ActivationsResult, EngineMemory, QueryResult } from '../engine/protocol';
import { messageOf, type AppMessage } from './messages';
import type { SliceWithEngine } from './store';

/** What the activations are read from: test image `index` of the 10,000, or the drawing. */
export type InspectInput = { kind: 'test'; index: number } | { kind: 'drawing' };

export const TEST_IMAGE_COUNT = 10_000;

export interface InspectSlice {
  inspectInput: InspectInput;
  activations: ActivationsResult | null;
  activationsError: AppMessage | null;
  modelLayers: QueryResult<'modelLayers'> | null;
  modelLayersError: AppMessage | null;
  engineMemory: EngineMemory | null;
  /** Picks the image to read (a test index is wrapped into 0..9,999) and reads it. */
  setInspectInput(input: InspectInput): void;
  /** Reads the chosen image again with the active model, unless a reading is already on its way. */
  refreshActivations(): void;
  refreshModelLayers(): Promise<void>;
  refreshMemory(): Promise<void>;
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

export const createInspectSlice: SliceWithEngine<InspectSlice> = (engine) => (set, get) => {
  let inFlight: AbortController | null = null;
  let layersInFlight = false;
  let memoryInFlight = false;

  const read = () => {
    const { inspectInput, field } = get();
    if (inspectInput.kind === 'drawing' && !field) {
      inFlight?.abort();
      inFlight = null;
      set({ activations: null, activationsError: null });
      return;
    }
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    const input = inspectInput.kind === 'drawing' ? { kind: 'pixels' as const, pixels: field! } : inspectInput;
    engine.request({ kind: 'activations', input }, { signal: controller.signal }).then(
      (activations) => {
        if (inFlight === controller) inFlight = null;
        set({ activations, activationsError: null });
      },
      (error: unknown) => {
        if (inFlight === controller) inFlight = null;
        if (!isAbort(error)) set({ activationsError: messageOf(error) });
      },
    );
  };

  return {
    inspectInput: { kind: 'test', index: 0 },
    activations: null,
    activationsError: null,
    modelLayers: null,
    modelLayersError: null,
    engineMemory: null,
    setInspectInput(input) {
      const next = input.kind === 'test' ? { kind: 'test' as const, index: ((Math.trunc(input.index) % TEST_IMAGE_COUNT) + TEST_IMAGE_COUNT) % TEST_IMAGE_COUNT } : input;
      set({ inspectInput: next });
      read();
    },
    refreshActivations() {
      if (!inFlight) read();
    },
    async refreshModelLayers() {
      if (layersInFlight) return;
      layersInFlight = true;
      try {
        set({ modelLayers: await engine.request({ kind: 'modelLayers' }), modelLayersError: null });
      } catch (error) {
        if (!isAbort(error)) set({ modelLayersError: messageOf(error) });
      } finally {
        layersInFlight = false;
      }
    },
    async refreshMemory() {
      if (memoryInFlight) return;
      memoryInFlight = true;
      try {
        set({ engineMemory: await engine.request({ kind: 'memory' }) });
      } catch {
        // The gauge keeps its last figures; the next tick asks again.
      } finally {
        memoryInFlight = false;
      }
    },
  };
};
