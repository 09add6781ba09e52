/**
 * The student's own handwriting: drawings they labelled and kept (in IndexedDB, so a reload loses
 * none), and fine-tuning the active model on them with before-and-after scores.
 */
import type { FineTuneResult } from '../engine/protocol';
import { addSample, deleteSample, PIXELS_PER_DIGIT, readSamples, type KeptSample } from './persistence/samplesDb';
import { messageOf, type AppMessage } from './messages';
import type { SliceWithEngine } from './store';

export type { KeptSample };

export interface FineTuneChoices {
  epochs: number;
  freezeConv: boolean;
}

export interface SamplesSlice {
  keptSamples: KeptSample[];
  samplesStatus: 'loading' | 'ready' | 'failed';
  samplesMessage: AppMessage | null;
  fineTuneChoices: FineTuneChoices;
  fineTuneStatus: 'idle' | 'running' | 'done' | 'failed';
  fineTuneProgress: { epoch: number; epochs: number; loss: number } | null;
  fineTuneResult: FineTuneResult | null;
  fineTuneError: AppMessage | null;
  loadKeptSamples(): Promise<void>;
  /** Keeps the current drawing (the 28x28 field the model saw) with the right digit. */
  keepDrawing(label: number): Promise<void>;
  deleteKeptSample(id: number): Promise<void>;
  setFineTuneChoices(choices: Partial<FineTuneChoices>): void;
  fineTune(): Promise<void>;
}

/** The browser's own words for a storage failure (IndexedDB's), passed on as a detail. */
function detailOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** MNIST images replayed per kept drawing, and the fine-tuning step size (small: the model already reads digits). */
const REPLAY_PER_SAMPLE = 16;
const FINE_TUNE_LEARNING_RATE = 5e-4;

export const createSamplesSlice: SliceWithEngine<SamplesSlice> = (engine) => (set, get) => ({
  keptSamples: [],
  samplesStatus: 'loading',
  samplesMessage: null,
  fineTuneChoices: { epochs: 4, freezeConv: true },
  fineTuneStatus: 'idle',
  fineTuneProgress: null,
  fineTuneResult: null,
  fineTuneError: null,
  async loadKeptSamples() {
    try {
      const { samples, skipped } = await readSamples();
      set({
        keptSamples: samples,
        samplesStatus: 'ready',
        samplesMessage: skipped > 0 ? { code: 'storedUnreadable', count: skipped } : null,
      });
    } catch (error) {
      set({ samplesStatus: 'failed', samplesMessage: { code: 'storageReadFailed', detail: detailOf(error) } });
    }
  },
  async keepDrawing(label) {
    const { field } = get();
    if (!field) return;
    const pixels = Uint8Array.from(field, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255));
    try {
      const sample = await addSample(label, pixels);
      set({ keptSamples: [...get().keptSamples, sample], samplesMessage: null });
    } catch (error) {
      set({ samplesMessage: { code: 'keepFailed', detail: detailOf(error) } });
    }
  },
  async deleteKeptSample(id) {
    try {
      await deleteSample(id);
      set({ keptSamples: get().keptSamples.filter((s) => s.id !== id), samplesMessage: null });
    } catch (error) {
      set({ samplesMessage: { code: 'deleteFailed', detail: detailOf(error) } });
    }
  },
  setFineTuneChoices(choices) {
    set({ fineTuneChoices: { ...get().fineTuneChoices, ...choices } });
  },
  async fineTune() {
    const { keptSamples, fineTuneChoices, settings } = get();
    if (keptSamples.length === 0 || get().fineTuneStatus === 'running') return;
    const count = keptSamples.length;
    const pixels = new Uint8Array(count * PIXELS_PER_DIGIT);
    keptSamples.forEach((s, i) => pixels.set(s.pixels, i * PIXELS_PER_DIGIT));
    const labels = Uint8Array.from(keptSamples, (s) => s.label);
    set({ fineTuneStatus: 'running', fineTuneProgress: null, fineTuneError: null });
    try {
      const result = await engine.request({
        kind: 'fineTune',
        samples: { pixels, labels, count },
        options: { ...fineTuneChoices, learningRate: FINE_TUNE_LEARNING_RATE, replayPerSample: REPLAY_PER_SAMPLE, seed: settings.seed },
      });
      set({ fineTuneStatus: 'done', fineTuneResult: result });
    } catch (error) {
      set({ fineTuneStatus: 'failed', fineTuneError: messageOf(error) });
    }
  },
});
