/**
 * English words for every coded message core, engine and store return: one entry per code, so a
 * code without words fails the type check (Wording). zhCNProblems.ts is checked against this.
 */
import type { FieldProblem } from '../core/config/fields';
import type { HashProblem } from '../core/config/hash';
import type { LayerItemProblem, LayerValueName } from '../core/config/layersCodec';
import type { DataProblem } from '../core/data/loader';
import type { LayerProblem, LayerSetting } from '../core/model/describe';
import { ALLOWED_LAYER_CLASSES, type ModelFileProblem } from '../core/model/modelFile';
import { INPUT_SHAPE, NUM_CLASSES } from '../core/model/spec';
import type { BackendNote, ProbeProblem, SkipReason } from '../engine/messages';
import type { AppMessage, DownloadBlocked, ModelTask } from '../store/messages';
import type { Words, Wording } from './words';

const retryHint = 'Press Retry to fetch it again.';
const DIGIT_SHAPE = INPUT_SHAPE.join('x');
/** The classes a student's layers become; InputLayer is not one they choose. */
const BUILT_CLASSES = ALLOWED_LAYER_CLASSES.filter((name) => name !== 'InputLayer').join(', ');

/** A layer's settings as problems name them. */
const layerSettings: Record<LayerSetting, string> = {
  filters: 'Filters',
  kernelSize: 'Kernel size',
  strides: 'Stride',
  poolSize: 'Pool size',
  units: 'Units',
};

/** The values of a layer item in a link, as its grammar names them. */
const linkValueNames: Record<LayerValueName, string> = {
  filters: 'filters', kernel: 'kernel', stride: 'stride', padding: 'padding', activation: 'activation', size: 'size', units: 'units', rate: 'rate',
};

/** A size in bytes for a sentence: "1,024 bytes", or "5.2 MB" from a megabyte (2^20 bytes) up. */
const bytesText = (bytes: number, w: Words) => (bytes >= 2 ** 20 ? `${w.f.fixed(bytes / 2 ** 20, 1).replace(/\.0$/, '')} MB` : `${w.f.int(bytes)} bytes`);

/** An input shape without its batch dimension: "32x32x3 images" for rank 3, "inputs of shape [784]" otherwise. */
function shapeText(shape: (number | null)[]): string {
  const sizes = shape.slice(1).map((size) => (size === null ? '?' : String(size)));
  return sizes.length === 3 ? `${sizes.join('x')} images` : `inputs of shape [${sizes.join(', ')}]`;
}

const advice = (p: { learningRate: number; suggestedLearningRate: number }, w: Words) =>
  `The learning rate (${w.f.number(p.learningRate)}) is probably too high, so the weights overshot and blew up. ` +
  `Lower it (try ${w.f.number(p.suggestedLearningRate)}) and train again.`;

export const enProblems = {
  /** Between the items of a list in a sentence. */
  listSeparator: ', ',

  /** Engine and store messages. */
  messages: {
    lossNotFinite: (p, w) =>
      `Training stopped: the loss became ${p.loss === 'nan' ? 'NaN (not a number)' : 'infinite'} in epoch ${p.epoch}, batch ${p.batch}. ${advice(p, w)}`,
    // Quotes the figures the page shows at that batch: the chart's smoothed line and its batch line's top, the card's epoch loss.
    lossExploded: (p, w) =>
      `Training stopped at epoch ${p.epoch}, batch ${p.batch}: the loss exploded. ` +
      `${p.peak !== undefined ? `One batch's loss reached ${w.f.fixed(p.peak, 3)} (the chart's batch line); ` : ''}` +
      `the smoothed loss rose from ${w.f.fixed(p.from, 3)} to ${w.f.fixed(p.to, 3)} (the chart's smoothed line)` +
      `${p.epochLoss !== undefined ? `; this epoch's loss so far is ${w.f.fixed(p.epochLoss, 3)}` : ''}` +
      `${p.last !== undefined ? `, the last batch's ${w.f.fixed(p.last, 3)}` : ''}. ${advice(p, w)}`,
    earlyStopped: (p, w) =>
      `Stopped early after epoch ${p.epoch}: validation loss had not improved for ${p.patience === 1 ? '1 epoch' : `${p.patience} epochs`} ` +
      `(best ${w.f.fixed(p.bestLoss, 4)} at epoch ${p.bestEpoch}).${p.isRestored ? ` The weights from epoch ${p.bestEpoch} were restored.` : ''}`,
    modelInvalid: () => 'The model cannot be built: fix the layers marked in red.',
    dataNotArrived: () => 'The MNIST data has not arrived yet: wait for the first shard.',
    trainingFailed: (p) => `Training failed: ${p.detail}`,
    nothingToEvaluate: () => 'Train a model first: there is nothing to evaluate yet.',
    unknownCommand: (p) => `Unknown command ${p.detail}`,
    noBackend: (p, w) =>
      `No TensorFlow.js backend could start: ${p.probes.map((probe) => `${probe.name}: ${probe.problem ? w.probeProblem(probe.problem) : 'available'}`).join('; ')}`,
    dataFailed: (p, w) => w.dataProblem(p.problem),
    readyModelUnavailable: (p) => `The ready model could not be loaded from ${p.url} (${p.detail}). Train a model to draw with it instead.`,
    noTrainedModel: () => 'There is no trained model yet: train one first.',
    noTrainedWeights: () => 'Train a model first: there are no trained weights to download yet.',
    notTenClasses: (p) => `The model's output has shape [${p.shape.join(', ')}], not ten classes.`,
    savedNameTaken: (p) => `A saved model is already called "${p.name}".`,
    noKeptSamples: () => 'Keep at least one labelled drawing first.',
    tooManyKeptSamples: (p) => `Fine-tuning takes at most ${p.max} drawings.`,
    dataIncomplete: () => 'Wait until all the MNIST data has arrived: the test set scores the fine-tuned model.',
    fineTuneDiverged: (p, w) => (p.note ? w.say(p.note) : 'Fine-tuning diverged.'),
    workerFailed: (p) => `The training worker failed: ${p.detail || 'unknown error'}`,
    engineStopped: () => 'The training engine was stopped.',
    engineNotStarted: () => 'The training engine has not been started.',
    exception: (p) => p.detail,
    nameEmpty: () => 'Give the model a name first.',
    nameTooLong: (p) => `Keep the name under ${p.max} characters.`,
    nameInUse: (p) => `A saved model is already called "${p.name}": pick another name or delete it first.`,
    savedAs: (p) => `Saved as "${p.name}" in this browser.`,
    deleted: (p) => `Deleted "${p.name}".`,
    loaded: (p) => `Loaded ${p.name}: it now reads your drawings.`,
    listFailed: (p, w) => `Saved models could not be listed: ${w.say(p.problem)}`,
    modelFileRefused: (p, w) => `This model cannot be used: ${w.modelFileProblem(p.problem)} Nothing was changed.`,
    modelLoadFailed: (p, w) => `This model could not be loaded: ${w.say(p.problem)} Nothing was changed.`,
    storedUnreadable: (p) => `${p.count} stored drawing${p.count === 1 ? ' was' : 's were'} unreadable and left out.`,
    storageReadFailed: (p) => `Your kept drawings could not be read from this browser's storage: ${p.detail}`,
    keepFailed: (p) => `The drawing could not be kept: ${p.detail}`,
    deleteFailed: (p) => `The drawing could not be deleted: ${p.detail}`,
    // The run history.
    runWeightsMissing: (p) => `Run ${p.runId}'s weights are not stored in this browser, so its model cannot be used.`,
    runsUnreadable: (p) =>
      `${p.count} stored run${p.count === 1 ? ' was' : 's were'} from an older version or damaged, and ${p.count === 1 ? 'was' : 'were'} left out (${p.detail}).`,
    historyReadFailed: (p) => `The run history could not be read from this browser's storage: ${p.detail}`,
    historyFull: () =>
      'This browser refused to store more: the runs already stored are kept, but new ones last only until the page closes. Delete old runs to make room.',
    historyWriteFailed: (p) => `A run could not be stored in this browser: ${p.detail}`,
  } satisfies Wording<AppMessage>,

  /** The MNIST files: what went wrong, and Retry. */
  data: {
    manifestDamaged: (p) => `The list of data files (manifest.json) is damaged: ${p.detail}. Press Retry to load it again.`,
    incomplete: (p, w) => `${p.file} is incomplete (${w.f.int(p.received)} of ${w.f.int(p.expected)} bytes arrived). ${retryHint}`,
    checksumMismatch: (p) => `${p.file} is corrupt (its checksum does not match the manifest). ${retryHint}`,
    undecodable: (p) => `${p.file} could not be read as an image of digits (${p.detail}). ${retryHint}`,
    pixelMismatch: (p) => `${p.file} decoded to different pixels than the manifest lists. ${retryHint}`,
    networkFailed: (p) => `Could not download ${p.file}: the network request failed. Check your connection and press Retry.`,
    httpStatus: (p) => `Could not download ${p.file} (the server answered HTTP ${p.status}). Press Retry to try again.`,
    interrupted: (p) => `The download of ${p.file} was interrupted. ${retryHint}`,
  } satisfies Wording<DataProblem>,

  /** Why a backend cannot run here. */
  probes: {
    noWebGpu: () => 'this browser has no WebGPU (navigator.gpu is missing)',
    requestAdapterFailed: (p) => `requestAdapter() failed: ${p.detail}`,
    noGpuAdapter: () => 'navigator.gpu exists but requestAdapter() found no GPU adapter',
    noWebGl2: () => 'no WebGL 2 context could be created here',
    webGlFailed: (p) => `WebGL failed: ${p.detail}`,
    noWebAssembly: () => 'no WebAssembly',
    initFailed: (p) => `tfjs could not initialise ${p.backend}${p.detail ? `: ${p.detail}` : ''}`,
  } satisfies Wording<ProbeProblem>,

  skipReasons: {
    unavailable: (p, w) => w.probeProblem(p.problem),
    softwareGpu: (p) => `software GPU (${p.renderer}): correct but 30-100x slower than WASM`,
    didNotStart: (p, w) => `did not start: ${w.probeProblem(p.problem)}`,
  } satisfies Wording<SkipReason>,

  backendNotes: {
    wasmSimd: (p) => `WASM SIMD ${p.isOn ? 'on' : 'off'}`,
    wasmThreads: (p) => (p.count > 1 ? `${p.count} threads` : 'one thread'),
  } satisfies Wording<BackendNote>,

  /** Why a layer is impossible (describeModel). */
  layers: {
    notWholeNumber: (p) => `${layerSettings[p.setting]} must be a whole number of at least 1 (got ${p.value}).`,
    tooLarge: (p, w) => `${layerSettings[p.setting]} must be at most ${w.f.int(p.max)} (got ${w.f.int(p.value)}).`,
    badPadding: (p) => `Padding must be 'valid' or 'same' (got '${p.value}').`,
    unknownActivation: (p) => `Unknown activation '${p.value}'; choose one of ${p.allowed.join(', ')}.`,
    badDropoutRate: (p) => `Dropout rate must be at least 0 and below 1 (got ${p.value}).`,
    unknownLayerKind: (p) => `Unknown layer kind '${p.kind}'.`,
    kernelTooLarge: (p) => `Kernel ${p.kernel}x${p.kernel} is larger than its ${p.input.join('x')} input.`,
    poolTooLarge: (p) => `Pool ${p.pool}x${p.pool} is larger than its ${p.input.join('x')} input, so it leaves no output.`,
    denseNeedsFlat: (p) => `Dense needs a flat input but gets ${p.input.join('x')}; add a Flatten before it.`,
    needsImage: (p, w) =>
      `${{ conv2d: 'Conv2D', maxPool: 'MaxPool', avgPool: 'AvgPool' }[p.layer]} needs an image input (height x width x channels) but gets a flat vector of ` +
      `${w.f.int(p.size)}; put convolutions and pooling before the Flatten.`,
    lastLayerNotClassifier: (p, w) => `The last layer must be Dense ${p.classes} softmax (one probability per digit); this one is ${w.layerName(p.layer)}.`,
    noLayers: (p) => `The model has no layers; it needs at least a Flatten and a Dense ${p.classes} softmax.`,
  } satisfies Wording<LayerProblem>,

  /** Why an item of a link's layers= cannot be read. */
  linkLayers: {
    listEmpty: () => 'the layer list is empty',
    listTooLong: (p) => `the layer list is longer than ${p.max} characters`,
    tooManyLayers: (p) => `a model may have at most ${p.max} layers (this one has ${p.count})`,
    emptyItem: () => 'empty item (two commas in a row?)',
    unknownKindToken: (p) => `unknown layer kind "${p.token}"; use one of ${p.known.join(', ')}`,
    takesNoValues: (p) => `${p.token} takes no values`,
    wrongValueCount: (p) => `${p.token} needs ${p.expected} value${p.expected > 1 ? 's' : ''} (${p.form}), got ${p.got}`,
    notANumber: (p) => `${linkValueNames[p.name]} "${p.value}" is not a number`,
    notOneOf: (p) => `${linkValueNames[p.name]} "${p.value}" is not one of ${p.options.join(', ')}`,
    layer: (p, w) => w.layerProblem(p.problem).replace(/\.$/, ''),
  } satisfies Wording<LayerItemProblem>,

  /** Why a parameter of a link was not used. */
  link: {
    linkUnreadable: () => 'the link could not be read',
    unknownVersion: (p) => `unknown version "${p.version}"`,
    newerVersion: () => 'made by a newer version of the playground',
    notASetting: () => 'not a setting',
    unknownPreset: (p) => `no preset called "${p.preset}"`,
    badLayers: (p, w) =>
      `${p.errors.map((e) => (e.item === 0 ? w.linkLayerProblem(e.reason) : `item ${e.item} "${e.text}": ${w.linkLayerProblem(e.reason)}`)).join('; ')}; ` +
      "the preset's layers are used instead",
    notHideable: (p) => `"${p.name}" is not a control that can be hidden`,
    unknownLanguage: (p) => `"${p.value}" is not a language the playground speaks (en, zh-CN)`,
    unknownView: (p) => `"${p.value}" is not a view of the page (present)`,
    badField: (p, w) => w.fieldProblem(p.problem),
  } satisfies Wording<HashProblem>,

  /** Why a typed value cannot be used for a setting. */
  fields: {
    fieldEmpty: (p, w) => `${w.fieldLabel(p.field)} needs a number`,
    fieldNotNumber: (p, w) => `${w.fieldLabel(p.field)} must be a number`,
    fieldOutOfRange: (p, w) => `${w.fieldLabel(p.field)} must be between ${w.f.number(p.min)} and ${w.f.number(p.max)}`,
    fieldNotChoice: (p, w) => `${w.fieldLabel(p.field)}: "${p.value}" is not one of ${p.options.join(', ')}`,
    fieldNotBoolean: (p, w) => `${w.fieldLabel(p.field)} must be on or off`,
  } satisfies Wording<FieldProblem>,

  /** Why a set of files is not a model the playground can use. */
  modelFiles: {
    noModelJson: () => 'No model.json among the files: choose the model.json and its .bin weights file together.',
    severalModelJson: (p) => `Several files could be the model.json (${p.files.join(', ')}): choose just one model with its weights.`,
    tooLarge: (p, w) => `${p.file} holds ${bytesText(p.bytes, w)}; the playground reads at most ${bytesText(p.limitBytes, w)}.`,
    tooLargeTotal: (p, w) => `The model's files hold ${bytesText(p.bytes, w)} together; the playground reads at most ${bytesText(p.limitBytes, w)}.`,
    unreadableFile: (p) => `${p.file} could not be read: ${p.detail}`,
    badJson: (p) => `model.json is not valid JSON: ${p.detail}`,
    notLayersModel: (p) =>
      p.format !== null && p.format !== 'layers-model'
        ? `This is a TensorFlow.js ${p.format}; the playground loads layers models only (as model.save writes them).`
        : 'model.json does not describe a TensorFlow.js layers model (a Sequential or functional model topology).',
    unknownLayerClass: (p) =>
      `Layer class '${p.className}'${p.layerName ? ` (layer ${p.layerName})` : ''} is not one the playground builds (it builds ${BUILT_CLASSES}).`,
    notSingleInputOutput: (p) => `This model has ${p.inputs} inputs and ${p.outputs} outputs; the playground's models have one of each.`,
    wrongInputShape: (p) =>
      p.shape === null
        ? `model.json does not say what input the model takes; the playground's digits are ${DIGIT_SHAPE}.`
        : `This model expects ${shapeText(p.shape)}; the playground's digits are ${DIGIT_SHAPE}.`,
    wrongOutputShape: (p, w) =>
      p.units === null
        ? `This model does not end in a Dense layer; the playground needs one with ${NUM_CLASSES} units, one per digit.`
        : `This model ends in ${w.f.int(p.units)} units; the playground needs ${NUM_CLASSES}, one per digit.`,
    badWeightsManifest: () => 'The weightsManifest in model.json is missing or malformed, so the weights cannot be found.',
    badWeightSpec: (p) => `Weight ${p.weight} in model.json has no valid name, shape or dtype.`,
    unsupportedDtype: (p) => `Weight ${p.weight} is stored as ${p.dtype}; the playground reads float32 and int32 weights only.`,
    quantizedWeights: (p) => `Weight ${p.weight} is quantized to ${p.dtype}; save the model without quantization.`,
    missingWeightsFile: (p) => `model.json needs the weights file ${p.file}, which is not among the chosen files.`,
    weightsSizeMismatch: (p, w) =>
      p.file === null
        ? `The weights files hold ${w.f.int(p.actualBytes)} bytes; model.json needs ${w.f.int(p.expectedBytes)}.`
        : `The weights file ${p.file} holds ${w.f.int(p.actualBytes)} bytes; model.json needs ${w.f.int(p.expectedBytes)}.`,
  } satisfies Wording<ModelFileProblem>,

  /** What the model panel is busy with. */
  modelTasks: {
    switching: 'Switching model…',
    saving: 'Saving…',
    opening: 'Opening…',
    renaming: 'Renaming…',
    deleting: 'Deleting…',
    preparingDownload: 'Preparing the download…',
    checkingFiles: 'Checking the model files…',
  } satisfies Record<ModelTask, string>,

  /** Why "Download trained model" cannot run now. */
  downloadBlocked: {
    evaluating: 'Wait for the evaluation on the test set to finish.',
    training: 'Training is running: the weights can be downloaded once it finishes or is stopped.',
    noTrainedModel: 'Train a model first: there are no trained weights to download yet.',
    exporting: 'Preparing the download…',
  } satisfies Record<DownloadBlocked, string>,
};
