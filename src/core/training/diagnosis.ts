/**
 * Reads a finished run for a student: how good its test accuracy is against the published figure,
 * what its curves say (diverged, barely learned, underfitting, overfitting, or well fitted), and
 * two or three changes that fit, each a single setting or layer edit the page can apply in one
 * click. Pure: numbers in, codes out; the page words them.
 */
import { CONVENTIONAL_LEARNING_RATES } from '../config/learningRates';
import type { Settings } from '../config/fields';

/** What the curves say. */
export type Fit = 'diverged' | 'barelyLearned' | 'underfitting' | 'overfitting' | 'wellFitted';

/** How the test accuracy stands against the published figure (or 98% where none is published). */
export type Standing = 'matches' | 'close' | 'short' | 'poor' | 'diverged';

/** The headline's colour: green only for a result worth being green. */
export type Tone = 'good' | 'fair' | 'poor';

/** A change to try next, with the value it sets. */
export type Suggestion =
  | { code: 'moreEpochs'; epochs: number }
  | { code: 'higherLearningRate'; learningRate: number }
  | { code: 'lowerLearningRate'; learningRate: number }
  | { code: 'switchToAdam'; learningRate: number }
  | { code: 'moreImages'; trainSize: number }
  | { code: 'addL2'; l2: number }
  | { code: 'augment' }
  | { code: 'addDropout' };

export interface RunToRead {
  /** The trainer stopped the run because its loss blew up (no test accuracy then). */
  diverged: boolean;
  /** Every batch's training loss and accuracy, oldest first. */
  batches: readonly { loss: number; accuracy: number }[];
  /** Each finished epoch: its running training figures and, with a validation split, the held-out ones. */
  epochs: readonly { trainLoss: number; trainAccuracy: number; validationLoss: number | null; validationAccuracy: number | null }[];
  /** On the 10,000 test images; null when the run was not evaluated. */
  testAccuracy: number | null;
  /** The preset's published test accuracy, when it has one. */
  referenceAccuracy: number | null;
  /** The preset's own number of epochs (a 1-epoch try of a 10-epoch recipe should go back to 10). */
  recipeEpochs: number | null;
  /** The settings the run trained with. */
  settings: Settings;
  /** Whether the run's model already has a Dropout layer. */
  hasDropout: boolean;
}

export interface Diagnosis {
  fit: Fit;
  standing: Standing;
  tone: Tone;
  /** The last epoch's running training accuracy, when an epoch finished. */
  trainAccuracy: number | null;
  /** Accuracy on images the model never trained on: the test set's, or else the last validation figure. */
  heldOutAccuracy: number | null;
  /** The training loss at the start and at the end of the run, each averaged over a few batches. */
  lossFrom: number | null;
  lossTo: number | null;
  /** At most three, the likeliest first. */
  suggestions: Suggestion[];
}

/** Where none is published: what a small CNN reaches on MNIST in a few epochs. */
const DEFAULT_TARGET = 0.98;
/** RECIPES.md: in-browser training must land within 0.3 points of the published figure. */
const MATCH_MARGIN = 0.003;
/** Within a point of the target is still a good result. */
const CLOSE_MARGIN = 0.01;
/** Below this, whatever the target, the result is not good (one digit in ten wrong). */
const FAIR_FLOOR = 0.9;
/** Training accuracy this far above held-out accuracy is overfitting. */
const OVERFIT_GAP = 0.03;
/** Held-out accuracy under this: the model has barely started (guessing gets 10%). */
const BARELY_LEARNED = 0.5;
/** The training images the field offers, smallest first. */
const TRAIN_SIZES = [5000, 20_000, 60_000];
const MAX_EPOCHS = 100;
/** Fewer training images than this, and an overfitting model is told to use more of them first. */
const FEW_IMAGES = 20_000;
const MAX_SUGGESTIONS = 3;
/** A gentle weight penalty, the one the L2 field's help suggests. */
const SUGGESTED_L2 = 0.0005;

const isFiniteNumber = (n: number | null | undefined): n is number => typeof n === 'number' && Number.isFinite(n);
const twoDigits = (n: number) => Number(n.toPrecision(2));

/** The mean training loss over the first and the last few batches (a tenth of the run, 1 to 20 batches). */
function lossEnds(batches: RunToRead['batches']): { from: number; to: number } | null {
  if (batches.length === 0) return null;
  const k = Math.max(1, Math.min(20, Math.floor(batches.length / 10)));
  const mean = (part: RunToRead['batches']) => part.reduce((sum, b) => sum + b.loss, 0) / part.length;
  return { from: mean(batches.slice(0, k)), to: mean(batches.slice(-k)) };
}

/** How the held-out accuracy stands against the target. */
function standingOf(accuracy: number | null, referenceAccuracy: number | null): Standing {
  if (accuracy === null) return 'poor';
  const target = referenceAccuracy ?? DEFAULT_TARGET;
  if (referenceAccuracy !== null && accuracy >= referenceAccuracy - MATCH_MARGIN) return 'matches';
  if (accuracy >= target - CLOSE_MARGIN) return 'close';
  return accuracy >= FAIR_FLOOR ? 'short' : 'poor';
}

const TONES: Record<Standing, Tone> = { matches: 'good', close: 'good', short: 'fair', poor: 'poor', diverged: 'poor' };

/** True when the model does clearly better on its training images than on new ones. */
function isOverfitting(run: RunToRead, trainAccuracy: number | null, heldOut: number | null): boolean {
  if (trainAccuracy !== null && heldOut !== null && trainAccuracy - heldOut >= OVERFIT_GAP) return true;
  // The validation loss has turned: its best epoch is behind, the last is clearly worse, and training went on improving.
  const validation = run.epochs.map((e) => e.validationLoss);
  if (validation.length < 3 || !validation.every(isFiniteNumber)) return false;
  const best = validation.indexOf(Math.min(...validation));
  const last = validation.length - 1;
  return best < last && validation[last] > validation[best] * 1.15 && run.epochs[last].trainLoss < run.epochs[best].trainLoss;
}

/** The next bigger training set the field offers, at least twice the current one (60,000 at most). */
function moreImages(trainSize: number): Suggestion | null {
  if (trainSize >= 60_000) return null;
  return { code: 'moreImages', trainSize: TRAIN_SIZES.find((size) => size >= trainSize * 2) ?? 60_000 };
}

/** The recipe's epochs when the run trained fewer, else twice as many (5 at least, 100 at most). */
function moreEpochs(run: RunToRead): Suggestion | null {
  const { epochs } = run.settings;
  // A run that stopped early (early stopping, or the Stop button) would not use more epochs.
  if (run.epochs.length < epochs || epochs >= MAX_EPOCHS) return null;
  const target = run.recipeEpochs !== null && run.recipeEpochs > epochs ? run.recipeEpochs : Math.min(MAX_EPOCHS, Math.max(5, epochs * 2));
  return { code: 'moreEpochs', epochs: target };
}

/**
 * A higher rate where it is safe to suggest one: back up to the optimizer's conventional rate when
 * the student lowered it, or five times higher for plain SGD, momentum and Adagrad, whose
 * conventional rates are cautious. Adam, RMSprop and Adadelta at their own rates are left alone.
 */
function higherLearningRate(settings: Settings): Suggestion | null {
  const conventional = CONVENTIONAL_LEARNING_RATES[settings.optimizer];
  if (settings.learningRate < conventional) return { code: 'higherLearningRate', learningRate: conventional };
  const isCautious = settings.optimizer === 'sgd' || settings.optimizer === 'momentum' || settings.optimizer === 'adagrad';
  if (!isCautious || settings.learningRate >= conventional * 10) return null;
  return { code: 'higherLearningRate', learningRate: twoDigits(Math.min(settings.learningRate * 5, conventional * 10)) };
}

function suggestionsFor(fit: Fit, standing: Standing, run: RunToRead): Suggestion[] {
  const { settings } = run;
  const candidates: (Suggestion | null)[] = [];
  switch (fit) {
    case 'diverged':
      // A tenth, as the divergence message says; and Adam, which rarely blows up at its own rate.
      candidates.push(
        { code: 'lowerLearningRate', learningRate: Math.max(1e-6, twoDigits(settings.learningRate / 10)) },
        settings.optimizer === 'adam' ? null : { code: 'switchToAdam', learningRate: CONVENTIONAL_LEARNING_RATES.adam },
      );
      break;
    case 'barelyLearned':
      candidates.push(higherLearningRate(settings), moreEpochs(run), moreImages(settings.trainSize));
      break;
    case 'underfitting':
      candidates.push(moreEpochs(run), higherLearningRate(settings), moreImages(settings.trainSize));
      break;
    case 'overfitting': {
      // Memorising a few thousand images is first of all too little data; with plenty, regularise.
      const isFewImages = settings.trainSize < FEW_IMAGES;
      candidates.push(
        isFewImages ? moreImages(settings.trainSize) : null,
        settings.augment ? null : { code: 'augment' },
        settings.l2 > 0 ? null : { code: 'addL2', l2: SUGGESTED_L2 },
        run.hasDropout ? null : { code: 'addDropout' },
        isFewImages ? null : moreImages(settings.trainSize),
      );
      break;
    }
    case 'wellFitted':
      // Already as good as published: nothing to fix. Otherwise the recipe's length and all the data.
      if (standing !== 'matches') candidates.push(moreEpochs(run), moreImages(settings.trainSize));
      break;
  }
  return candidates.filter((s): s is Suggestion => s !== null).slice(0, MAX_SUGGESTIONS);
}

/** Reads a run: what its curves say, how good its result is, and what to try next. */
export function diagnoseRun(run: RunToRead): Diagnosis {
  const last = run.epochs.length > 0 ? run.epochs[run.epochs.length - 1] : null;
  const trainAccuracy = last && isFiniteNumber(last.trainAccuracy) ? last.trainAccuracy : null;
  const heldOutAccuracy = isFiniteNumber(run.testAccuracy) ? run.testAccuracy : isFiniteNumber(last?.validationAccuracy) ? last.validationAccuracy : null;
  const ends = lossEnds(run.batches);
  const isDiverged = run.diverged || run.batches.some((b) => !Number.isFinite(b.loss)) || run.epochs.some((e) => !Number.isFinite(e.trainLoss));

  let fit: Fit;
  if (isDiverged) fit = 'diverged';
  else if (isOverfitting(run, trainAccuracy, heldOutAccuracy)) fit = 'overfitting';
  else if (heldOutAccuracy === null || heldOutAccuracy < BARELY_LEARNED || (ends !== null && ends.to > ends.from * 0.9 && heldOutAccuracy < FAIR_FLOOR)) {
    fit = 'barelyLearned';
  } else if (heldOutAccuracy < (run.referenceAccuracy ?? DEFAULT_TARGET) - CLOSE_MARGIN) fit = 'underfitting';
  else fit = 'wellFitted';

  const standing = isDiverged ? 'diverged' : standingOf(heldOutAccuracy, run.referenceAccuracy);
  return {
    fit,
    standing,
    tone: TONES[standing],
    trainAccuracy,
    heldOutAccuracy: isDiverged ? null : heldOutAccuracy,
    lossFrom: ends && Number.isFinite(ends.from) ? ends.from : null,
    lossTo: ends && Number.isFinite(ends.to) ? ends.to : null,
    suggestions: suggestionsFor(fit, standing, run),
  };
}

/** What applying a suggestion changes: some settings, or a layer added. */
export type SuggestionChange = { settings: Partial<Settings> } | { addLayer: 'dropout' };

export function suggestionChange(suggestion: Suggestion): SuggestionChange {
  switch (suggestion.code) {
    case 'moreEpochs':
      return { settings: { epochs: suggestion.epochs } };
    case 'higherLearningRate':
    case 'lowerLearningRate':
      return { settings: { learningRate: suggestion.learningRate } };
    case 'switchToAdam':
      return { settings: { optimizer: 'adam', learningRate: suggestion.learningRate } };
    case 'moreImages':
      return { settings: { trainSize: suggestion.trainSize } };
    case 'addL2':
      return { settings: { l2: suggestion.l2 } };
    case 'augment':
      return { settings: { augment: true } };
    case 'addDropout':
      return { addLayer: 'dropout' };
  }
}
