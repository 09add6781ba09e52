/**
 * What the Keras and PyTorch exporters share: the request, the optimizers' hyper-parameters as the
 * playground uses them, TF 'same' padding arithmetic, and the script header. Pure: no tfjs.
 */
import type { Augmentation } from '../data/augment';
import { MNIST_MEAN, MNIST_STD } from '../data/types';
import { describeModel, formatCount, formatShape, layerLabel, problemSummary, type ModelDescription, type Shape } from '../model/describe';
import type { LayerSpec } from '../model/spec';
import { ONE_CYCLE_DIV_FACTOR, ONE_CYCLE_FINAL_DIV_FACTOR, PLATEAU_MIN_DELTA, type LearningRateSchedule } from '../training/schedule';
import type { OptimizerName, OptimizerSpec, TrainingSpec } from '../training/types';

export interface ExportRequest {
  layers: readonly LayerSpec[];
  training: TrainingSpec;
  /**
   * The page's whole settings object, for knobs added after this exporter was written. Keys the
   * exporter does not know are ignored, so passing more than it needs is always safe.
   */
  settings?: Readonly<Record<string, unknown>>;
  /** Names the model in the header, e.g. "lenet-5x5" or "lenet-5x5 (edited)". */
  modelName?: string;
}

export const APP_NAME = 'MNIST Training Playground';

export { MNIST_MEAN, MNIST_STD };

export { OPTIMIZER_DEFAULTS } from '../training/types';

/** Keras's default slope, as the app builds it; PyTorch's default is 0.01, so its script says 0.3. */
export { LEAKY_RELU_ALPHA as LEAKY_RELU_SLOPE } from '../model/spec';

/** Keras's (and tfjs's) BatchNormalization defaults; PyTorch's momentum is 1 minus Keras's. */
export const BATCH_NORM_MOMENTUM = 0.99;
export const BATCH_NORM_EPSILON = 1e-3;

/** The weight penalties when either is on (both written out, one may be 0), else null. */
export function penaltiesOf({ l1 = 0, l2 = 0 }: TrainingSpec): { l1: number; l2: number } | null {
  if (!(l1 >= 0 && l2 >= 0)) throw new Error(`Cannot export weight penalties l1 ${l1}, l2 ${l2}: they must be 0 or more.`);
  return l1 > 0 || l2 > 0 ? { l1, l2 } : null;
}

/** The augmentation when it is on and warps something, else null. */
export function augmentationOf({ augmentation }: TrainingSpec): Augmentation | null {
  // As isIdentityAugmentation says, written out so this module does not pull in the image decoder.
  if (!augmentation) return null;
  const { maxRotationDegrees, maxShiftPixels, maxScalePercent } = augmentation;
  return maxRotationDegrees > 0 || maxShiftPixels > 0 || maxScalePercent > 0 ? augmentation : null;
}

/** Early stopping's patience when it is on (whether or not there is a validation set to watch), else null. */
export function earlyStoppingOf({ earlyStopping }: TrainingSpec): { patience: number } | null {
  return earlyStopping ?? null;
}

export { ONE_CYCLE_DIV_FACTOR, ONE_CYCLE_FINAL_DIV_FACTOR, PLATEAU_MIN_DELTA };

/**
 * The run's learning-rate schedule as the scripts must follow it: reduce-on-plateau watches the
 * validation loss, so without validation images it is constant there, as in the playground.
 */
export function scheduleOfTraining({ schedule, validationSplit }: TrainingSpec): LearningRateSchedule {
  if (!schedule || (schedule.kind === 'plateau' && !(validationSplit > 0))) return { kind: 'constant' };
  return schedule;
}

/** The schedule's own constants, written after the recipe's (none for a constant rate). */
export function scheduleConstants(schedule: LearningRateSchedule): string[] {
  switch (schedule.kind) {
    case 'constant':
    case 'cosine':
      return [];
    case 'oneCycle':
      return [`WARMUP = ${pyFloat(schedule.warmupFraction)}  # one cycle: the share of the batches spent warming up`];
    case 'plateau':
      return [`PLATEAU_FACTOR, PLATEAU_PATIENCE = ${pyFloat(schedule.factor)}, ${schedule.patience}  # cut the rate by this after this many epochs without a better val_loss`];
  }
}

/** The recipe as the Python constants both scripts start with. */
export function recipeConstants(training: TrainingSpec): string[] {
  return [
    `SEED = ${training.seed}`,
    `TRAIN_SIZE = ${training.trainSize}`,
    `VALIDATION_SPLIT = ${pyFloat(training.validationSplit)}`,
    `BATCH_SIZE = ${training.batchSize}`,
    `EPOCHS = ${training.epochs}`,
    `STANDARDIZE = ${training.standardize ? 'True' : 'False'}`,
    `MEAN, STD = ${MNIST_MEAN}, ${MNIST_STD}`,
  ];
}

/** A Python float literal: 1 -> "1.0", 0.001 -> "0.001", 1e-7 -> "1e-07". */
export function pyFloat(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`Cannot write ${value} as a Python number.`);
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return `${value}.0`;
  const text = String(value);
  // Python prints exponents with at least two digits; JS's "1e-7" is valid Python too, but match repr().
  return text.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** A Python string literal in double quotes. */
export function pyString(value: string): string {
  return JSON.stringify(value);
}

/** Describes the stack, throwing the same kind of error buildModel would when it is impossible. */
export function describeForExport(layers: readonly LayerSpec[]): ModelDescription {
  const description = describeModel(layers);
  if (!description.isValid) {
    const lines = description.errors.map(({ layerIndex, problem }) =>
      layerIndex === null ? `- ${problemSummary(problem)}` : `- layer ${layerIndex + 1} (${layerLabel(layers[layerIndex])}): ${problemSummary(problem)}`,
    );
    throw new Error(`Cannot export this model:\n${lines.join('\n')}`);
  }
  return description;
}

/** Plain words for the optimizer, e.g. "SGD with momentum 0.9, learning rate 0.01". */
export function optimizerSummary({ name, learningRate, momentum }: OptimizerSpec): string {
  const words: Record<OptimizerName, string> = {
    sgd: 'SGD',
    momentum: `SGD with momentum ${momentum}`,
    adam: 'Adam',
    rmsprop: 'RMSprop',
    adagrad: 'Adagrad',
    adadelta: 'Adadelta',
  };
  return `${words[name]}, learning rate ${learningRate}`;
}

/**
 * TF's 'same' padding along one axis: the output is ceil(length / stride) long and the padding
 * is split with the odd pixel after (bottom/right), which PyTorch's symmetric padding cannot say.
 */
export function samePadding(length: number, kernel: number, stride: number): { before: number; after: number } {
  const output = Math.ceil(length / stride);
  const total = Math.max((output - 1) * stride + kernel - length, 0);
  const before = Math.floor(total / 2);
  return { before, after: total - before };
}

/** "24x24x32" for Keras's [h, w, c]; PyTorch's channels-first order is "32x24x24". */
export function shapeText(shape: Shape | null, channelsFirst: boolean): string {
  if (shape === null) return '?';
  if (!channelsFirst || shape.length !== 3) return formatShape(shape);
  const [height, width, channels] = shape;
  return formatShape([channels, height, width]);
}

/** The comment block every script starts with: app, model, parameter count, recipe, how to run. */
export function headerLines(
  request: ExportRequest,
  framework: { name: string; install: string; fileName: string; paramsLines: readonly string[] },
): string[] {
  const { training, layers, modelName } = request;
  const used = training.trainSize >= 60_000 ? 'all 60,000' : `the first ${formatCount(training.trainSize)} of the 60,000 (set TRAIN_SIZE = 60000 to use them all)`;
  return [
    `# ${APP_NAME}: model exported as a ${framework.name} script.`,
    `#`,
    ...(modelName ? [`# Model: ${modelName}`] : []),
    ...wrapComment('Layers:', layers.map(layerLabel), ' -> '),
    ...framework.paramsLines.map((line) => `# ${line}`),
    `# Optimizer: ${optimizerSummary(training.optimizer)}; batch ${training.batchSize}; ${training.epochs} epoch${training.epochs === 1 ? '' : 's'}; ` +
      `validation split ${training.validationSplit}; seed ${training.seed}.`,
    ...knobLines(training),
    ...scheduleLines(training),
    `# Inputs: pixels scaled to [0, 1]${training.standardize ? `, then standardised with mean ${MNIST_MEAN} and std ${MNIST_STD}` : ''}.`,
    `# Training images: ${used}.`,
    `#`,
    `# Run it:  ${framework.install}  &&  python ${framework.fileName}`,
    `# It downloads MNIST on the first run, trains, and prints the accuracy on the 10,000 test images.`,
    `# The seed makes a run repeatable here, but it does not give the browser's starting weights:`,
    `# each framework has its own random number generator.`,
  ];
}

/** One header line for the regularisation knobs that are on (none when all are off). */
function knobLines(training: TrainingSpec): string[] {
  const penalties = penaltiesOf(training);
  const augmentation = augmentationOf(training);
  const earlyStopping = earlyStoppingOf(training);
  const parts = [
    ...(penalties ? [`weight penalties L1 ${penalties.l1}, L2 ${penalties.l2}`] : []),
    ...(earlyStopping ? [`early stopping with patience ${earlyStopping.patience}${training.validationSplit > 0 ? '' : ' (off: no validation split)'}`] : []),
    ...(augmentation
      ? [`augmentation (up to ${augmentation.maxRotationDegrees} degrees, ${augmentation.maxShiftPixels} pixels, ${augmentation.maxScalePercent}% zoom)`]
      : []),
  ];
  return parts.length > 0 ? [`# Regularisation: ${parts.join('; ')}.`] : [];
}

/** One header line for the learning-rate schedule, when it is not constant. */
function scheduleLines(training: TrainingSpec): string[] {
  const lr = training.optimizer.learningRate;
  const requested = training.schedule ?? { kind: 'constant' };
  switch (requested.kind) {
    case 'constant':
      return [];
    case 'oneCycle':
      return [`# Learning rate: one cycle, set every batch: up from ${lr / ONE_CYCLE_DIV_FACTOR} to ${lr} over the first ${requested.warmupFraction * 100}% of the batches, then down to about 0.`];
    case 'cosine':
      return [`# Learning rate: cosine decay from ${lr} to 0 over the run, set every batch.`];
    case 'plateau':
      return [
        `# Learning rate: ${lr}, multiplied by ${requested.factor} after ${requested.patience} epoch${requested.patience === 1 ? '' : 's'} without a better validation loss` +
          `${training.validationSplit > 0 ? '' : ' (off: no validation split)'}.`,
      ];
  }
}

/** `label` and `items` joined by `separator` as comment lines of about 100 characters, breaking between items. */
function wrapComment(label: string, items: readonly string[], separator: string, width = 98): string[] {
  const lines: string[] = [];
  let line = label;
  items.forEach((item, i) => {
    const piece = i < items.length - 1 ? item + separator.trimEnd() : item;
    if (line.trim() && line.length + 1 + piece.length > width) {
      lines.push(`# ${line}`);
      line = `  ${piece}`;
    } else {
      line = `${line} ${piece}`;
    }
  });
  lines.push(`# ${line}`);
  return lines;
}
