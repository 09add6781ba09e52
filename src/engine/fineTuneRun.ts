/**
 * Fine-tunes a copy of the active model on the student's digits mixed with MNIST replay, and
 * scores the model before and after on both: the gain on their handwriting and any forgetting.
 */
import * as tf from '../core/tf';
import type { MnistDataset } from '../core/data/dataset';
import { captureLayersModel } from '../core/export/layersModel';
import { READY_MODEL_METADATA_KEY } from '../core/model/readyModel';
import { evaluate } from '../core/training/evaluate';
import { digitBatches, FineTuneData, setConvTrainable, type DigitImages } from '../core/training/fineTune';
import { Trainer } from '../core/training/trainer';
import { mixSeeds, mulberry32, randomInt } from '../core/random';
import { EngineFailure } from './messages';
import type { ModelShelf } from './modelShelf';
import type { FineTuneOptions, FineTuneResult, FineTuneScore, LabelledDigits } from './protocol';

const EVAL_BATCH = 500;
const FINE_TUNE_BATCH = 32;
/** Each kept digit is seen this often per epoch, each time warped anew. */
const SAMPLE_REPEATS = 4;
export const MAX_KEPT_SAMPLES = 500;

export async function runFineTune(
  shelf: ModelShelf,
  dataset: MnistDataset,
  samples: LabelledDigits,
  options: FineTuneOptions,
  progress: (epoch: number, epochs: number, loss: number) => void,
): Promise<FineTuneResult> {
  if (samples.count < 1) throw new EngineFailure({ code: 'noKeptSamples' });
  if (samples.count > MAX_KEPT_SAMPLES) throw new EngineFailure({ code: 'tooManyKeptSamples', max: MAX_KEPT_SAMPLES });
  if (!dataset.isComplete) throw new EngineFailure({ code: 'dataIncomplete' });
  const started = performance.now();
  const { model: original, info } = await shelf.activeModel();
  const standardize = info.standardize;
  const before = await score(original, samples, dataset, standardize);

  const artifacts = await captureLayersModel(original);
  const copy = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  const replay = replayImages(dataset, samples.count * options.replayPerSample, options.seed);
  const optimizer = tf.train.adam(options.learningRate);
  try {
    setConvTrainable(copy, !options.freezeConv);
    const data = new FineTuneData(samples, replay, { standardize, seed: options.seed, sampleRepeats: SAMPLE_REPEATS });
    const trainer = new Trainer(copy, optimizer, data, { epochs: options.epochs, batchSize: FINE_TUNE_BATCH, learningRate: options.learningRate, seed: options.seed }, {
      epochEnded: (m) => progress(m.epoch + 1, options.epochs, m.trainLoss),
    });
    const outcome = await trainer.run();
    if (outcome.reason === 'diverged') throw new EngineFailure({ code: 'fineTuneDiverged', note: outcome.note ?? null });
    setConvTrainable(copy, true);
    const after = await score(copy, samples, dataset, standardize);
    const name = { kind: 'fineTuned' as const, base: info.name, sampleCount: samples.count };
    const model = await shelf.adopt({ ...(await captureLayersModel(copy)), userDefinedMetadata: { [READY_MODEL_METADATA_KEY]: { standardize } } }, 'fineTuned', name);
    return { before, after, sampleCount: samples.count, replayCount: replay.count, epochs: options.epochs, seconds: (performance.now() - started) / 1000, model };
  } finally {
    optimizer.dispose();
    copy.dispose();
  }
}

async function score(model: tf.LayersModel, samples: DigitImages, dataset: MnistDataset, standardize: boolean): Promise<FineTuneScore> {
  const own = await evaluate(model, digitBatches(samples, EVAL_BATCH, standardize));
  const test = await evaluate(model, dataset.view({ trainSize: dataset.count('train'), validationSplit: 0, standardize, seed: 0 }).testBatches(EVAL_BATCH));
  return { samplesAccuracy: own.accuracy, testAccuracy: test.accuracy };
}

/** `count` distinct random training images (seeded), the replay that keeps the model from forgetting. */
function replayImages(dataset: MnistDataset, count: number, seed: number): DigitImages {
  const total = dataset.count('train');
  const n = Math.min(count, total);
  const random = mulberry32(mixSeeds(seed, 0x5eed));
  const chosen = new Set<number>();
  while (chosen.size < n) chosen.add(randomInt(random, total));
  const { pixels, labels } = dataset.sampleImages('train', [...chosen]);
  return { pixels, labels, count: n };
}
