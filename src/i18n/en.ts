/**
 * The page's English words, panel by panel. This catalogue defines the shape every other language
 * must have: `Catalogue` is its type (strings widened), and zhCN.ts is declared as one, so a
 * missing key or a parameter of the wrong type fails `npm run typecheck`. Entries with markup
 * inside return React nodes through `rich`, so each language places the markup in its own order.
 */
import type { ReactNode } from 'react';
import type { FieldGroup, FieldKey, BackendChoice } from '../core/config/fields';
import type { Language } from '../core/config/language';
import type { PresetId } from '../core/config/presets';
import type { LayerKind } from '../core/model/spec';
import type { OptimizerName } from '../core/training/types';
import type { ScheduleName } from '../core/training/schedule';
import type { ModelSource, WasmThreadLimit } from '../engine/protocol';
import type { TrainingStatus } from '../store/store';
import type { PenWidth } from '../vis/drawingSurface';
import { enProblems } from './enProblems';
import { rich } from './rich';

/** A field's control: its label and one sentence a student reads beside it. */
interface FieldWords {
  label: string;
  help: string;
}

/** A preset's title, its one line for students, and where its published result comes from. */
interface PresetWords {
  title: string;
  description: string;
  reference: string;
}

const NO_REFERENCE = 'No published test accuracy for this exact recipe in our references.';

export const en = {
  app: {
    title: 'MNIST Training Playground',
    tagline: 'Train a convolutional network on the real handwritten digits, live in your browser.',
    /** Labels the language switch in the header. */
    language: 'Language',
    linkIgnored: (items: string) => `Some settings in the link could not be used and were left at their defaults: ${items}.`,
    ignoredItem: (key: string, reason: string) => `${key} (${reason})`,
    ignoredSeparator: '; ',
    dismiss: 'Dismiss',
  },

  /** Each language's name in its own language, for the switch. */
  languageNames: { en: 'English', 'zh-CN': '中文（简体）' } satisfies Record<Language, string>,

  problems: enProblems,

  // Look inside the network (features/inspect).
  inspect: {
    title: 'Look inside the network',
    loading: 'Opening…',
    intro: 'What the active model makes of one image, layer by layer: its first filters, the maps each conv and pool layer computes, and the dense layers’ units. It refreshes as the model trains.',
    model: (name: string, isTraining: boolean) => (isTraining ? `Model: ${name} (training, refreshed every few seconds)` : `Model: ${name}`),
    noModel: 'The ready model is loading.',
    inputLegend: 'Image to read',
    testImage: 'A test image',
    drawing: 'Your drawing',
    noDrawing: 'Draw a digit in the “Draw a digit” panel, and it is read here.',
    testIndex: 'Test image number',
    testIndexHelp: (last: string) => `0 to ${last}`,
    previous: 'Previous',
    next: 'Next',
    random: 'Random',
    inputImage: 'The image the model reads',
    trueDigit: (digit: number) => `True digit: ${digit}`,
    reads: (digit: number, percent: string) => `The model reads ${digit} (${percent})`,
    reading: 'Reading…',
    readFailed: (why: string) => `The image could not be read: ${why}`,
    filtersTitle: 'First conv layer’s filters',
    filtersCaption: (count: string, total: string, size: number) =>
      count === total ? `${total} filters of ${size}×${size} weights.` : `The first ${count} of ${total} filters of ${size}×${size} weights.`,
    filtersKey: 'Light: positive weight, dark: negative, mid-grey: zero. A filter lights up where the image has its pattern.',
    noFilters: 'This model has no conv layer, so it has no filters to show: it reads the pixels through dense layers only.',
    layersTitle: 'Activations, layer by layer',
    mapsKey: 'Each small square is one map: bright where the layer responds strongly (grey is zero when a layer has negative values). Every map of a layer shares one scale.',
    layerMaps: (name: string, count: string, total: string, height: number, width: number) =>
      count === total ? `${name}: ${total} maps of ${height}×${width}` : `${name}: ${total} maps of ${height}×${width}, the first ${count} shown`,
    layerUnits: (name: string, units: string) => `${name}: ${units} units`,
    unitsLabel: (units: string, active: string, largest: string) => `${units} units, ${active} above zero, the largest ${largest}`,
    outputLabel: (digit: number, percent: string) => `Output: the ten digits’ probabilities, highest ${digit} (${percent})`,
    memoryTitle: 'Engine memory',
    memory: (tensors: string, bytes: string, backend: string) => `${tensors} live tensors holding ${bytes} (${backend})`,
    memoryGpu: (bytes: string) => `${bytes} on the GPU`,
    memoryUnreliable: 'approximate on this backend',
    memoryHelp: 'From tf.memory() in the training engine. It grows while a model trains and comes back down after: if it keeps growing, tensors are leaking.',
    vis: {
      title: 'Model summary and weights (tfjs-vis)',
      open: 'Open the tfjs-vis inspector',
      close: 'Close the tfjs-vis inspector',
      loading: 'Loading tfjs-vis…',
      loadFailed: (why: string) => `The tfjs-vis inspector could not be loaded: ${why}`,
      refresh: 'Refresh the weights',
      refreshNote: 'The weights refresh at the end of each epoch while a model trains.',
      summaryTitle: 'Model summary',
      summaryHeaders: ['Layer', 'Type', 'Output shape', 'Parameters', 'Trainable'] as [string, string, string, string, string],
      yes: 'yes',
      no: 'no',
      histogramsTitle: 'Weights of each layer',
      histogramsHelp:
        'How the weights are spread. L1 pushes many weights to exactly zero (a tall bar at 0); L2 keeps them all small (a narrow hump). Train once with each and compare.',
      histogramCaption: (name: string, count: string, nearZero: string, meanAbs: string) => `${name}: ${count} weights, ${nearZero} near zero (|w| < 0.001), mean |w| ${meanAbs}`,
      weightAxis: 'Weight',
      countAxis: 'Count',
      perClassTitle: 'Accuracy per digit (test images)',
      perClassEmpty: 'Shown once the model has been evaluated on the test images.',
      perClassHeaders: ['Digit', 'Accuracy', 'Test images'] as [string, string, string],
      digitAxis: 'Digit',
      accuracyAxis: 'Accuracy',
    },
  },

  fieldGroups: { optimizer: 'Optimizer', data: 'Data', regularisation: 'Regularisation', run: 'Run', backend: 'Backend' } satisfies Record<FieldGroup, string>,

  fields: {
    optimizer: { label: 'Optimizer', help: 'How the weights move downhill on the loss.' },
    learningRate: { label: 'Learning rate', help: 'Step size of each update. Too high and the loss explodes; too low and nothing happens.' },
    momentum: { label: 'Momentum', help: 'For SGD with momentum: how much of the previous step carries into the next.' },
    // Learning-rate schedules (issue 9).
    schedule: {
      label: 'Learning-rate schedule',
      help: 'How the rate moves during the run: one cycle warms up then anneals; cosine decays to 0; cut on plateau lowers it when the validation loss stalls. The learning rate above is the peak or the start.',
    },
    warmup: {
      label: 'Warm-up (fraction of the run)',
      help: 'One cycle climbs from a 25th of the rate to the full rate over this share of the batches, then eases down to almost 0.',
    },
    plateauFactor: { label: 'Cut the rate by (factor)', help: 'When the validation loss stops improving, the rate is multiplied by this.' },
    plateauPatience: {
      label: 'Wait (epochs)',
      help: 'Epochs without a better validation loss before the rate is cut. Needs a validation split above 0.',
    },
    batchSize: { label: 'Batch size', help: 'Images per weight update.' },
    epochs: { label: 'Epochs', help: 'Passes over the training images.' },
    trainSize: { label: 'Training images', help: 'Use fewer for a quick demo; the test set is always the official 10,000.' },
    validationSplit: { label: 'Validation split', help: 'Fraction of the training images held out to check for overfitting after each epoch.' },
    standardize: { label: 'Standardise inputs', help: 'Shift and scale pixels to mean 0, std 1 (MNIST mean 0.1307, std 0.3081).' },
    augment: {
      label: 'Augment',
      help: 'Warp every training image at random each time it is used (small turns, shifts and zooms). Validation and test images are never warped.',
    },
    augmentRotation: { label: 'Max rotation (degrees)', help: 'Each image turns by a random angle up to this far either way.' },
    augmentShift: { label: 'Max shift (pixels)', help: 'Each image moves by up to this many pixels across and, separately, up or down.' },
    augmentScale: { label: 'Max scale (%)', help: 'Each image is zoomed in or out by up to this percentage.' },
    l1: { label: 'L1 penalty', help: 'Adds this times the sum of |w| over the conv and dense weights to the loss, pushing unneeded weights to 0. 0 is off.' },
    l2: {
      label: 'L2 penalty',
      help: 'Adds this times the sum of w² over the conv and dense weights to the loss, keeping weights small (try 0.0005). 0 is off.',
    },
    earlyStopping: {
      label: 'Early stopping',
      help: "Stop when the validation loss stops improving, and keep the best epoch's weights. Needs a validation split above 0.",
    },
    patience: { label: 'Patience (epochs)', help: 'Epochs to wait for a new best validation loss before stopping.' },
    seed: {
      label: 'Random seed',
      help: 'Same seed, same initial weights, shuffle, augmentation and dropout: on the same backend a run repeats exactly.',
    },
    backend: { label: 'Backend', help: 'Where the maths runs.' },
  } satisfies Record<FieldKey, FieldWords>,

  optimizers: {
    sgd: 'SGD', momentum: 'SGD with momentum', adam: 'Adam', rmsprop: 'RMSprop', adagrad: 'Adagrad', adadelta: 'Adadelta',
  } satisfies Record<OptimizerName, string>,

  // Learning-rate schedules (issue 9): the drop-down's options.
  schedules: {
    constant: 'Constant', oneCycle: 'One cycle', cosine: 'Cosine decay', plateau: 'Cut on plateau',
  } satisfies Record<ScheduleName, string>,

  backendChoices: {
    auto: 'Best available', webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly', cpu: 'CPU (JavaScript)',
  } satisfies Record<BackendChoice, string>,

  presets: {
    // issue 9: the page's default, made for speed.
    'fast-99': {
      title: 'Fast, about 99%',
      description: 'Two small 3x3 convolutions with batch norm, a dense layer of 256, Adam and a one-cycle rate: 212,618 weights, 99.1-99.2% in 2 epochs.',
      reference: 'Chosen by measurement for speed; no published figure.',
    },
    'lenet-5x5': {
      title: 'LeNet-style, 5x5 kernels',
      description: 'Two 5x5 convolutions with pooling, then a dense layer: the classic first CNN, trained with plain SGD.',
      reference: 'LeCun et al. 1998, LeNet-5 (conv-pool-conv-pool-dense): 99.05%.',
    },
    'single-conv': {
      title: 'One convolution',
      description: 'A single 3x3 convolution and pooling before a dense layer: most of its 694k weights sit in that dense layer.',
      reference: NO_REFERENCE,
    },
    'two-conv-adam': {
      title: 'Two convolutions, Adam',
      description: 'Two 3x3 convolutions with pooling straight into the classifier: only 35k weights, yet a strong model.',
      reference: 'LeCun et al. 1998, LeNet-5, the same conv-pool-conv-pool-dense shape (5x5 kernels, tanh-like units): 99.05%.',
    },
    'pytorch-classic': {
      title: 'PyTorch classic',
      description: 'The PyTorch example: two 3x3 convolutions, one pooling, dropout, a 9,216-wide flatten, standardised inputs.',
      reference: 'Keras example mnist_cnn, the same layers trained with Adadelta, batch 128, 12 epochs: 99.25%.',
    },
    'dense-baseline': {
      title: 'Dense baseline',
      description: 'No convolutions at all: flatten the pixels into one hidden layer of 128. The bar every CNN must clear.',
      reference: 'TensorFlow beginner quickstart, the same model, 5 epochs: about 98%.',
    },
    'small-dense': {
      title: 'Small dense (fair pair)',
      description: 'Flatten into 16 hidden units: 12,730 weights. Compare with "Small conv", which has 12,810.',
      reference: 'Our own comparison pair; no published figure.',
    },
    'small-conv': {
      title: 'Small conv (fair pair)',
      description: 'Convolutions of 16 and 32 filters with pooling: 12,810 weights. Compare with "Small dense", which has 12,730.',
      reference: 'Our own comparison pair; no published figure.',
    },
  } satisfies Record<PresetId, PresetWords>,

  model: {
    title: 'Model',
    preset: 'Preset',
    /** A preset as the picker, its help and the results name it: the readable title first, the id (as in links) second. */
    presetName: (title: string, id: string) => `${title} · ${id}`,
    modified: (title: string, id: string) => `${title} · ${id} (modified)`,
    presetHelp: (title: string, description: string) => `${title}. ${description}`,
    published: (isModified: boolean, source: string) => ` Published result${isModified ? ' for the unmodified recipe' : ''}: ${source}`,
    resetLayers: "Reset the layers to the preset's",
    parameters: (count: string) => `Parameters: ${count}`,
    notTrained: (count: string) => ` (${count} not trained)`,
    forwardPass: 'Forward pass',
    perImage: (mflop: string) => `${mflop} MFLOP per image`,
    weights: 'Weights',
  },

  layers: {
    legend: 'Layers',
    fixedByLink: 'The layers are fixed by the link you opened.',
    lockedWhileTraining: 'Layers are locked while the model trains.',
    input: 'Input',
    newLayerType: 'New layer type',
    addLayer: 'Add layer',
    atMost: (max: number) => `At most ${max} layers.`,
    moved: (layer: string, position: number, count: number) => `${layer} moved to position ${position} of ${count}.`,
    removed: (position: number, layer: string) => `Removed layer ${position}, ${layer}.`,
    added: (kind: string, position: number) => `Added ${kind} as layer ${position}.`,
    kinds: {
      conv2d: 'Conv2D', maxPool: 'MaxPool', avgPool: 'AvgPool', batchNorm: 'BatchNorm', flatten: 'Flatten', dense: 'Dense', dropout: 'Dropout',
    } satisfies Record<LayerKind, string>,
    activations: {
      relu: 'relu', leakyRelu: 'leaky relu', elu: 'elu', sigmoid: 'sigmoid', tanh: 'tanh', linear: 'linear', softmax: 'softmax',
    },
    paddings: { valid: 'valid', same: 'same' },
    /** Words inside a layer's short name, e.g. "Conv2D 16 3x3 stride 2 same tanh". */
    labelStride: 'stride',
    labelSame: 'same',
    /** Short visible labels of a layer's settings, and their names after "Layer N" for screen readers. */
    settings: {
      filters: { label: 'Filters', name: 'filters' },
      kernelSize: { label: 'Kernel', name: 'kernel size' },
      strides: { label: 'Stride', name: 'stride' },
      padding: { label: 'Padding', name: 'padding' },
      activation: { label: 'Activation', name: 'activation' },
      poolSize: { label: 'Pool', name: 'pool size' },
      units: { label: 'Units', name: 'units' },
      rate: { label: 'Rate', name: 'dropout rate' },
    },
    settingName: (position: number, name: string) => `Layer ${position} ${name}`,
    hints: {
      flatten: 'Unrolls the image into one long vector for the Dense layers.',
      batchNorm: 'Rescales each channel to mean 0, std 1 over the batch, then learns a scale and shift.',
    },
    type: (position: number) => `Layer ${position} type`,
    moveUp: (position: number) => `Move layer ${position} up`,
    moveDown: (position: number) => `Move layer ${position} down`,
    remove: (position: number) => `Remove layer ${position}`,
    moveUpTitle: 'Move up',
    moveDownTitle: 'Move down',
    removeTitle: 'Remove',
    output: 'Output',
    params: 'Params',
    multAdds: 'Mult-adds',
    multAddsTitle: (count: string) => `${count} multiply-adds per image`,
  },

  settings: {
    title: 'Training',
    legend: 'Training settings',
    earlyStoppingNeedsValidation: 'Early stopping watches the validation loss: set a validation split above 0, or every epoch runs.',
    // issue 9
    plateauNeedsValidation: 'Cutting the rate watches the validation loss: set a validation split above 0, or the rate stays where it is.',
    augmentPreview: 'Augmented training samples',
    drawAgain: 'Draw again',
    augmentCanvas: (count: number) => `Augmented training samples: the first ${count} training digits, each randomly warped`,
    augmentWaiting: 'The preview appears once the first training images have arrived.',
  },

  backend: {
    title: 'Compute backend',
    names: { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly', cpu: 'CPU' },
    badge: (backend: string, isWorker: boolean) => `${backend} · ${isWorker ? 'in a worker' : 'main thread'}`,
    none: 'none',
    starting: 'starting…',
    unavailable: ' (unavailable)',
    softwareSlow: ' (software, slow)',
    notProbedYet: ' (checked once the data is in)',
    runsOn: (backend: ReactNode, notes: string | null, isMainThread: boolean): ReactNode =>
      rich`Training runs on ${backend}${notes ? ` (${notes})` : ''}${isMainThread ? " on the page's main thread, yielding after every batch" : ''}.`,
    notesSeparator: ', ',
    skippedList: 'Skipped backends',
    skipped: (backend: ReactNode, reason: string): ReactNode => rich`${backend} skipped: ${reason}`,
    fellBack: (chosen: string, active: string) => `${chosen} could not start here, so ${active} runs instead.`,
  },

  // ---- Before Train (issue 11): the data arriving, the run's expected length and accuracy, and
  // why Train waits. Used by features/training/RunPreview.tsx, StatusLine and SkipToTrain.
  beforeTrain: {
    skipToTrain: 'Skip to Train',
    /** The status line while Train is disabled: why, never "Ready". */
    why: {
      blocked: 'Train is off until the problem below is fixed.',
      backendStarting: 'Starting the compute backend…',
      backendFailed: 'Train is off: no compute backend could start (see Compute backend).',
      waitingForData: 'Loading the first training images…',
      dataFailed: 'Train is off: the training images could not be loaded (see MNIST data).',
    },
    preview: 'Before you train',
    data: 'Data',
    dataArriving: (images: string, total: string, loaded: string, bytes: string) => `${images} of ${total} images in (${loaded} of ${bytes})`,
    dataReadingManifest: 'Reading the list of files…',
    dataLoaded: (total: string) => `All ${total} images in`,
    dataFailed: 'Could not be loaded: see MNIST data below',
    length: 'This run',
    lengthWaitingForBackend: 'Known once the compute backend has started',
    lengthMeasuring: (backend: string) => `Measuring this model on ${backend}…`,
    lengthNoModel: 'Unknown until the model and settings can train',
    lengthAbout: (duration: string) => `About ${duration} on this computer`,
    /** A long estimate, to the minute (as the duration format writes minutes). */
    wholeMinutes: (minutes: string) => `${minutes} min`,
    /** How the estimate was made; `measured` is measuredByProbe or measuredByRun. */
    lengthDetail: (images: string, epochs: number, rate: string, backend: string, measured: string) =>
      `${images} images × ${epochs} ${epochs === 1 ? 'epoch' : 'epochs'} at ${rate} images/s on ${backend}, ${measured}`,
    measuredByProbe: 'measured just now',
    measuredByRun: 'measured in your last run',
    lengthDuringRun: (estimate: string) => `Estimated at the start: ${estimate}`,
    lengthTook: (took: string, estimate: string) => `Your last run took ${took} (estimated ${estimate}).`,
    expect: 'Expect',
    expectPublished: (percent: string) => `${percent} test accuracy, the published result for this recipe`,
    expectChangedSettings: (percent: string, changes: string) => `Published for this recipe: ${percent}. This run changes ${changes}, so its result may differ`,
    expectChangedLayers: 'Unknown: you changed the model, so no published result applies',
    expectNoReference: 'Unknown: no published result for this recipe',
  },
  // ---- end of Before Train

  training: {
    title: 'Training run',
    waitingForData: 'Waiting for the first training shard…',
    status: {
      idle: 'Ready. Press Train to start.',
      starting: 'Building the model…',
      training: 'Training…',
      paused: 'Paused.',
      stopping: 'Stopping after this batch…',
      evaluating: 'Evaluating on the 10,000 test images…',
      done: 'Done.',
      stopped: 'Stopped.',
      diverged: 'Diverged.',
      failed: 'Failed.',
    } satisfies Record<TrainingStatus, string>,
    controls: 'Training controls',
    train: 'Train',
    pause: 'Pause',
    resume: 'Resume',
    stop: 'Stop',
    evaluate: 'Evaluate on test set',
    figures: 'Training figures',
    epoch: 'Epoch',
    batch: 'Batch',
    examplesPerSecond: 'Examples / s',
    gflops: 'GFLOP/s',
    timeLeft: 'Time left',
    ofTotal: (done: string, total: string) => `${done} / ${total}`,
    /** Why Train is disabled, and how many more problems wait behind the first. */
    fixLayer: (position: number, problem: string) => `Fix layer ${position}: ${problem}`,
    fixModel: (problem: string) => `Fix the model: ${problem}`,
    fixSettings: (problem: string) => `Fix the training settings: ${problem}`,
    andMore: (count: number) => ` (and ${count} more)`,
  },

  // Issue 11, during a run: the training card's running figures and warm-up, and what the backend panel says.
  during: {
    epochLoss: 'Loss, this epoch',
    epochAccuracy: 'Accuracy, this epoch',
    /** Under the epoch's loss: the batch that just ran, which can be a handful of images. */
    lastBatch: (loss: string, size: string) => `last batch: ${loss} (${size} images)`,
    warmup: 'Warm-up',
    /** The warm-up figure while the first batch runs, and once it is done. */
    warmupRunning: (seconds: string) => `${seconds} s…`,
    warmupDone: (seconds: string) => `${seconds} s`,
    warmupHint: 'the first batch: building the model, compiling kernels',
    /** Speed and time left before they mean anything. */
    afterWarmup: 'after warm-up',
    measuring: 'measuring…',
    /** The status line during the first batch. */
    warmingUp: 'Warming up: building the model and compiling its kernels for the first batch…',
    stoppingWarmup: 'Stopping: the run ends before its first batch (once the model is built)…',
    /** Backend panel. */
    startingBackend: (backend: string) => `Starting ${backend}…`,
    startingAuto: 'Finding the fastest backend that starts here…',
    softwareGpu: (backend: string, renderer: string) =>
      `${backend} runs here on a software GPU (${renderer}): it computes correctly but 30-100x slower than WebAssembly. For real runs, choose WebAssembly.`,
    hardwareGpu: (backend: string, renderer: string) => `${backend} runs on a hardware GPU (${renderer}): usually the fastest for larger models and batches.`,
    wasmCores: (threads: number, cores: number) =>
      `WebAssembly uses ${threads === 1 ? 'one thread' : `${threads} threads`} on this machine's ${cores === 1 ? 'one core' : `${cores} cores`}: the fastest choice here without a hardware GPU.`,
    cpuSlow: 'The CPU backend is plain JavaScript, without SIMD or threads: much slower than WebAssembly; it is here to compare.',
  },

  charts: {
    title: 'Learning curves',
    loss: 'Loss',
    accuracy: 'Accuracy',
    lossLabel: 'Loss per batch, smoothed, and validation loss per epoch',
    accuracyLabel: 'Accuracy per batch, smoothed, and validation accuracy per epoch',
    plotted: (count: string) => `${count} batches plotted`,
    epochAxis: 'epoch',
    lossAxis: 'cross-entropy loss',
    accuracyAxis: 'accuracy',
    series: { batch: 'batch', smoothed: 'smoothed', validation: 'validation' },
    /** The curves as a table: the charts' text alternative. */
    table: 'The learning curves as a table',
    tableCaption: 'Loss and accuracy per epoch, and the latest batch',
    trainingLoss: 'Training loss',
    trainingAccuracy: 'Training accuracy',
    validationLoss: 'Validation loss',
    validationAccuracy: 'Validation accuracy',
    noBatchYet: 'No batch has run yet.',
    latestBatch: (epoch: number, batch: string, batches: string) => `Latest batch (${epoch}: ${batch} / ${batches})`,
  },

  data: {
    title: 'MNIST data',
    allLoaded: 'all loaded',
    failed: 'failed',
    streaming: 'streaming…',
    downloaded: 'Downloaded',
    bytesOf: (loaded: string, total: string) => `${loaded} of ${total}`,
    readingManifest: 'reading the manifest…',
    imagesDecoded: 'Images decoded',
    imagesOf: (train: string, test: string, total: string) => `${train} train + ${test} test of ${total}`,
    retry: 'Retry',
    firstDigits: (count: number) => `The first ${count} training digits`,
    caption: 'The first training images, exactly as the model sees them, with their labels.',
  },

  draw: {
    title: 'Draw a digit',
    canvas: 'Drawing canvas',
    undo: 'Undo',
    clear: 'Clear',
    pen: 'Pen',
    penWidths: { thin: 'thin', medium: 'medium', thick: 'thick' } satisfies Record<PenWidth, string>,
    help: 'Draw one digit, 0 to 9, with a mouse, a finger or a pen, as large or small as you like.',
    fieldLabel: 'What the model sees: your drawing as a 28 by 28 MNIST image',
    fieldCaption: 'What the model sees: 28×28, the digit scaled to 20 px and centred by its centre of mass, as MNIST was prepared.',
    prediction: (digit: number, probability: string) => `Prediction: ${digit} (${probability})`,
    drawToSee: 'Draw a digit to see what the model reads.',
    noPrediction: 'No prediction',
    reading: 'Reading your digit…',
    readBy: (name: string, isTraining: boolean) => `Read by: ${name}${isTraining ? ' (still training: its answer changes as it learns)' : ''}`,
    noModelYet: 'No model yet: train one, or load one in Models below.',
    loadingReadyModel: 'Loading the ready model…',
    probabilities: 'Probability of each digit',
    probability: (digit: number, probability: string) => `${digit}: ${probability}`,
    readFailed: (reason: string) => `The model could not read the drawing: ${reason}`,
    keepLegend: 'Keep this drawing as the digit it really is',
    keepAs: (digit: number) => `Keep as ${digit}`,
  },

  handwriting: {
    title: 'Your handwriting',
    intro:
      'Kept drawings stay in this browser. Fine-tuning teaches the active model your handwriting, mixed with real MNIST digits so it ' +
      'does not forget theirs, and shows what it gained and what it cost on the 10,000 test images.',
    keepOneFirst: 'Keep at least one drawing first.',
    waitForTraining: 'Wait for the training run to finish.',
    waitForData: 'Wait for the MNIST data to arrive.',
    noneKept: 'No kept drawings yet: draw a digit above and press its number to keep it.',
    kept: (count: number) => `Kept drawings (${count})`,
    deleteKept: (position: number, digit: number) => `Delete kept drawing ${position} (a ${digit})`,
    keptDigit: (digit: number) => `A kept ${digit}`,
    epochs: 'Fine-tuning epochs',
    freezeConv: 'Freeze the convolutional layers (only the dense layers learn)',
    fineTuning: 'Fine-tuning…',
    fineTune: 'Fine-tune on my digits',
    progress: (epoch: number, epochs: number, loss: string) => `Epoch ${epoch} of ${epochs} done, loss ${loss}; then scoring on the test set…`,
    scoringBefore: 'Scoring the model before fine-tuning…',
    failed: (reason: string) => `Fine-tuning failed: ${reason}`,
    resultTable: 'Fine-tuning: before and after',
    resultCaption: (samples: number, replays: number, epochs: number, seconds: string, model: string) =>
      `${samples} of your digits + ${replays} MNIST replays, ${epochs} epochs, ${seconds} s. Now active: ${model}.`,
    accuracy: 'Accuracy',
    before: 'Before',
    after: 'After',
    yourDigits: 'Your digits',
    testSet: (count: string) => `MNIST test set (${count})`,
  },

  models: {
    title: 'Models',
    sources: {
      ready: 'shipped with the page', trained: 'trained in this page', fineTuned: 'fine-tuned on your digits', loaded: 'loaded from files', saved: 'saved in this browser',
    } satisfies Record<ModelSource, string>,
    readyModel: 'Ready model',
    run: (runId: number) => `Run ${runId}`,
    fineTunedName: (base: string, count: number) => `${base} + ${count} of your digits`,
    reading: (name: ReactNode, source: string, params: string, isStandardized: boolean): ReactNode =>
      rich`Reading drawings: ${name} (${source}, ${params} parameters${isStandardized ? ', standardised inputs' : ''})`,
    noneReads: 'No model reads drawings yet: train one, or load one from files.',
    loadingReady: 'Loading the ready model…',
    useReady: 'Use the ready model',
    useTrained: 'Use the model you trained',
    download: 'Download this model',
    saveAs: 'Save the active model in this browser as',
    namePlaceholder: 'e.g. my first CNN',
    save: 'Save',
    savedModels: 'Saved models',
    savedModel: 'Saved model',
    savedAt: 'Saved',
    size: 'Size',
    actions: 'Actions',
    newName: (name: string) => `New name for ${name}`,
    ok: 'OK',
    cancel: 'Cancel',
    open: 'Open',
    rename: 'Rename',
    delete: 'Delete',
    openNamed: (name: string) => `Open ${name}`,
    renameNamed: (name: string) => `Rename ${name}`,
    deleteNamed: (name: string) => `Delete ${name}`,
    loadFiles: 'Load a model from files (model.json and its weights .bin): choose them, or drop them here',
    dismiss: 'Dismiss',
    nothingDownloaded: (modelJson: ReactNode, weights: ReactNode): ReactNode => rich`Nothing downloaded? ${modelJson} and ${weights}.`,
  },

  // ---- Runs: the run history, the comparison and "Conv vs dense" (features/runs) ----
  runs: {
    title: 'Runs',
    intro: 'Every run is kept in this browser, with its curves, its test score and its weights. Tick two or more to compare them.',
    pairButton: 'Conv vs dense',
    pairHelp: (images: string, epochs: number, seed: number, dense: string, conv: string) =>
      `Trains Small dense (${dense} weights), then Small conv (${conv}), one after the other on the same ${images} training images, ` +
      `${epochs} epoch${epochs === 1 ? '' : 's'} and seed ${seed}, then compares them. Your own model and settings stay as they are.`,
    pairStatus: { dense: 'Conv vs dense: training Small dense (1 of 2)…', conv: 'Conv vs dense: training Small conv (2 of 2)…', done: 'Conv vs dense: both trained, compared below.', stopped: 'Conv vs dense stopped before both runs had finished.' },
    defaultName: (id: number, recipe: string) => `Run ${id} · ${recipe}`,
    changedRecipe: (title: string) => `${title}, changed`,
    loading: 'Reading the run history…',
    empty: 'No runs yet: press Train or "Conv vs dense".',
    table: 'Run history',
    compare: 'Compare',
    compareRun: (name: string) => `Compare ${name}`,
    run: 'Run',
    testAccuracy: 'Test accuracy',
    notTested: '–',
    when: 'Started',
    statuses: { training: 'training…', done: 'done', stopped: 'stopped', diverged: 'diverged', failed: 'failed' },
    inUse: 'reads drawings',
    notStored: 'not stored',
    actions: 'Actions',
    use: 'Use',
    useNamed: (name: string) => `Use the model of ${name} for drawings, fine-tuning and the look inside`,
    rename: 'Rename',
    renameNamed: (name: string) => `Rename ${name}`,
    newName: (name: string) => `New name for ${name}`,
    ok: 'OK',
    cancel: 'Cancel',
    delete: 'Delete',
    deleteNamed: (name: string) => `Delete ${name}`,
    exportJson: 'Download as JSON',
    exportCsv: 'Download as CSV',
    exportWhich: (count: number) => (count > 0 ? `the ${count} ticked` : 'all runs'),
    usage: (total: string, records: string, weights: string) => `The history takes ${total} in this browser (records ${records}, weights ${weights}).`,
    siteUsage: (usage: string, quota: string) => `This site stores ${usage} in all, of the ${quota} the browser allows it.`,
    dismiss: 'Dismiss',
  },

  compare: {
    title: 'Compare runs',
    pickTwo: 'Tick two or more runs in the history to compare their curves and figures.',
    loss: 'Training loss (smoothed), validation loss as dots',
    accuracy: 'Training accuracy (smoothed), validation accuracy as dots',
    lossLabel: (names: string) => `Loss curves of ${names} over the epochs`,
    accuracyLabel: (names: string) => `Accuracy curves of ${names} over the epochs`,
    epochAxis: 'epoch',
    lossAxis: 'loss',
    accuracyAxis: 'accuracy',
    table: 'Compared runs',
    run: 'Run',
    testAccuracy: 'Test accuracy',
    params: 'Parameters',
    macs: 'Multiply-adds per image',
    time: 'Training time',
    speed: 'Examples/s',
    backend: 'Backend',
    threads: (backend: string, threads: number) => `${backend}, ${threads} thread${threads === 1 ? '' : 's'}`,
    best: 'best',
  },

  results: {
    title: 'Test set',
    accuracy: (percent: string) => `Test accuracy: ${percent}`,
    evaluating: 'Evaluating on the 10,000 test images…',
    notEvaluated: 'Not evaluated yet',
    summary: (right: string, count: string, loss: string) => `${right} of ${count} test digits right · test loss ${loss}`,
    confusion: 'Confusion matrix: rows are the true digit, columns the prediction',
    confusionCaption: 'Green: right answers, by recall. Orange: mistakes, darker for more.',
    predictedAxis: 'predicted digit',
    trueAxis: 'true digit',
    /** The confusion matrix as a table: the heat map's text alternative. */
    confusionTable: 'The confusion matrix as a table',
    confusionTableCaption: 'Test images by true digit (rows) and predicted digit (columns)',
    trueByPredicted: 'True \\ predicted',
    perDigit: 'Per-digit precision, recall and F1',
    digit: 'Digit',
    precision: 'Precision',
    recall: 'Recall',
    f1: 'F1',
    recipeChanged: (title: string, id: string, reference: string, changes: string) =>
      `The published result for the “${title}” recipe (${id}) is ${reference}; this run changed: ${changes}.`,
    recipeFollowed: (title: string, id: string, accuracy: string, reference: string, points: string, source: string) =>
      `This run followed the “${title}” recipe (${id}): ${accuracy} against the published ${reference} (${points} points). ${source}`,
    /** What a run changed from its recipe: its layers, or a setting (named by its label). */
    layersChanged: 'layers',
  },

  // --- Evaluation during training: progress, per-digit figures with no value, mistakes, watched digits (issues 10, 11) ---
  evaluation: {
    progressAfterEpoch: (epoch: string) => `Evaluating the test set after epoch ${epoch}`,
    progressFinal: 'Evaluating the test set',
    progressText: (done: string, total: string) => `${done} / ${total} images`,
    stopHint: 'Stop ends the evaluation at once.',
    /** The headline while only an epoch's figures are in. */
    finalPending: 'Not evaluated on all 10,000 test images yet',
    afterEpoch: (epoch: string, percent: string, right: string, count: string) =>
      `After epoch ${epoch}: ${percent} (${right} of ${count} test digits right)`,
    subsetNote: (count: string) =>
      `Each epoch ends with a check on the first ${count} test images (all 10,000 would slow training by more than 10%); the final figures use all 10,000.`,
    fullNote: 'Each epoch ends with a check on all 10,000 test images; the final figures come once training ends.',
    stopped: 'The evaluation was stopped: these are the figures after the last epoch. Evaluate scores all 10,000 test images again.',
    /** Why a figure has no value, shown with its "–". */
    missing: {
      neverPredicted: 'never predicted',
      noExamples: 'no test images of this digit',
      neverSeen: 'neither in the test images nor predicted',
    },
    noValue: (reason: string) => `No value: ${reason}`,
    footnote: {
      neverPredicted: (digits: string) => `– Precision of ${digits}: never predicted by the model, so there is no precision to give (it would be 0 ÷ 0).`,
      noExamples: (digits: string) => `– Recall of ${digits}: none among the test images evaluated, so there is no recall to give.`,
      neverSeen: (digits: string) => `– F1 of ${digits}: neither among the test images nor ever predicted.`,
    },
    examplesTitle: 'Test digits, read by the model',
    watchedTitle: 'Watched digits',
    watchedNote: 'The same three of each digit, read again after every epoch. A red frame marks a wrong answer.',
    watchedWhen: (epoch: string) => `After epoch ${epoch}`,
    watchedFinal: 'After training',
    watchedPending: 'They appear after the first epoch.',
    watchedCell: (label: number, predicted: number, confidence: string) =>
      label === predicted ? `A ${label}, read right (${confidence} sure)` : `A ${label}, read as ${predicted} (${confidence} sure)`,
    galleryTitle: 'Mistakes',
    galleryCount: (count: string, total: string) => `${count} of ${total} test images misread`,
    galleryNone: 'No mistakes: every evaluated test image was read right.',
    galleryPending: 'The misread test images appear after the first epoch.',
    sortLabel: 'Order',
    mostConfident: 'Most confident first',
    leastConfident: 'Least confident first',
    showMore: (count: string) => `Show ${count} more`,
    shownOf: (shown: string, total: string) => `Showing ${shown} of ${total}`,
    mistakeButton: (index: string, label: number, predicted: number, confidence: string) =>
      `Test image ${index}: a ${label} read as ${predicted}, ${confidence} sure`,
    mistakeCaption: (label: number, predicted: number) => `${label} → ${predicted}`,
    detailTitle: (index: string) => `Test image ${index}`,
    detailSummary: (label: number, predicted: number, confidence: string) => `True digit ${label}; the model said ${predicted}, ${confidence} sure.`,
    probabilities: 'The model’s ten probabilities',
    probability: (digit: number, percent: string) => `${digit}: ${percent}`,
    previous: 'Previous',
    next: 'Next',
    close: 'Close',
  },

  storage: {
    title: 'Offline copy',
    badgeReady: 'ready offline',
    badgePartial: 'partly stored',
    badgeNone: 'nothing stored',
    badgeUnavailable: 'unavailable',
    kept: (total: string, data: string, dataFiles: string, app: string, appFiles: string) =>
      `This device keeps ${total} for this app: the MNIST data ${data} (${dataFiles} files) and the app itself ${app} (${appFiles} files).`,
    estimate: (usage: string, quota: string) => `The browser counts ${usage} for this site in all and allows it up to ${quota}.`,
    ready: 'A next visit starts and trains without the network, whatever the school network or the host does.',
    noServiceWorker:
      'The MNIST data is kept as it arrives; the app itself is kept once its service worker is installed (production builds install one once the data is in and no model is training).',
    dataPending: 'The MNIST data is kept as it arrives and checked against its SHA-256 first.',
    readFromDevice: (bytes: string) => `This visit read ${bytes} of MNIST data from this device instead of the network.`,
    unavailable: 'This browser keeps nothing for offline use here: Cache Storage needs an https page (or localhost).',
    clear: 'Delete offline copy…',
    confirmLabel: 'Confirm deletion',
    confirm: (total: string) =>
      `Delete the ${total} this app keeps on this device? The next visit downloads the app and the MNIST data again, so it needs the network. Your kept drawings and saved models stay.`,
    confirmYes: 'Delete',
    confirmNo: 'Keep it',
    clearing: 'Deleting…',
    cleared: 'Deleted. The next visit downloads the app and the MNIST data again.',
    failed: (detail: string) => `The offline copy could not be read or deleted: ${detail}`,
    update: 'A new version of the app has been downloaded.',
    updateNow: 'Switch to it now',
    updateAfterTraining: 'It can take over once training has finished or been stopped.',
  },

  /** Why WebAssembly got one thread where the machine has more cores. */
  threads: {
    notIsolated: {
      title: 'WebAssembly runs on one thread here, so training is slower than it could be.',
      body:
        'This page is not cross-origin isolated: the server does not send the headers ' +
        'Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp, and ' +
        'without them the browser does not let threads share memory (SharedArrayBuffer). Training ' +
        'still works. Whoever hosts the page can add the two headers to unlock the threads.',
    },
    noSharedArrayBuffer: {
      title: 'WebAssembly runs on one thread here, so training is slower than it could be.',
      body: 'This browser offers no SharedArrayBuffer, which threads need to share memory. Training still works.',
    },
  } satisfies Record<WasmThreadLimit, { title: string; body: string }>,

  export: {
    title: 'Export',
    intro:
      'Take the model elsewhere: a Python script that builds the same layers and trains them with the same recipe, or the ' +
      'weights trained here, in the TensorFlow.js format.',
    keras: 'Keras script',
    pytorch: 'PyTorch script',
    downloadModel: 'Download trained model',
    scriptsBlocked: 'Fix the layers marked in red first: this model cannot be built.',
    saved: (modelJson: string, weights: string, modelLink: ReactNode, weightsLink: ReactNode): ReactNode =>
      rich`Saved ${modelJson} and ${weights}. If your browser kept only one, save the other here: ${modelLink} · ${weightsLink}.`,
    twoFiles: (modelJson: string, weights: string, code: ReactNode): ReactNode =>
      rich`Two files, ${modelJson} and ${weights}: keep them side by side and load them with ${code}.`,
    code: (language: string) => `${language} code`,
    codeFile: (file: string, lines: number) => `(${file}, ${lines} lines)`,
    copy: 'Copy',
    copyScript: (language: string) => `Copy the ${language} script`,
    copied: 'Copied to the clipboard.',
    copyRefused: 'The browser refused; select the code and copy it.',
    script: (language: string) => `${language} script`,
  },

  // --- Reading a result for the student, and what to try next (issue 11, "After"; src/features/result) ---
  reading: {
    /** The headline's verdict, by how the result stands against the published figure (98% where none is published). */
    verdicts: {
      matches: 'As good as the published recipe.',
      close: 'A good result.',
      short: 'Room to improve.',
      poor: 'Not a good result yet.',
      barely: 'Barely better than guessing.',
      diverged: 'The run diverged.',
    },
    /** One plain sentence: what the result and the curves mean. */
    meaning: {
      diverged: 'The loss blew up instead of falling, so this model learned nothing it can use: its learning rate was too high.',
      barelyLearned: (accuracy: string) =>
        `It reads ${accuracy} of digits it has never seen correctly, where a blind guess gets 10%: it has only just started to learn, because the run was too short or its steps too small.`,
      slowLoss: (from: string, to: string) =>
        `The training loss hardly fell (${from} to ${to}): the model learned little in this run, because it was too short or its steps too small.`,
      underfitting: (train: string, heldOut: string) =>
        `It does about as well on its training images (${train}) as on new ones (${heldOut}), so it is not memorising: it has not yet learned all it can, and more training should help.`,
      underfittingNoEpoch: 'It has not learned enough yet: train it longer, or with bigger steps.',
      overfitting: (train: string, heldOut: string) =>
        `It does better on the images it trained on (${train}) than on new ones (${heldOut}): it is memorising them instead of learning what digits look like.`,
      overfittingLoss: 'Its validation loss rose again while its training loss kept falling: it is memorising the training images instead of learning what digits look like.',
      matches: (accuracy: string, reference: string) => `It reads ${accuracy} of digits it has never seen correctly, as the published recipe does (${reference}).`,
      wellFitted: (accuracy: string) => `It reads ${accuracy} of digits it has never seen correctly, and does about as well on new digits as on its training ones.`,
    },
    /** The verdict (in bold) and the sentence that says what it means. */
    verdictAndMeaning: (verdict: ReactNode, meaning: string): ReactNode => rich`${verdict} ${meaning}`,
    nextTitle: 'What to try next',
    /** A suggestion that changes one setting: "Epochs: 1 → 10". */
    change: (label: string, from: string, to: string) => `${label}: ${from} → ${to}`,
    switchToAdam: (from: string, rate: string) => `Optimizer: ${from} → Adam at ${rate}`,
    addDropout: 'Add a Dropout layer before the last one',
    on: 'on',
    off: 'off',
    /** Why each suggestion fits what the curves showed. */
    why: {
      moreEpochs: 'Train longer: it was still learning when the run ended.',
      higherLearningRate: 'Bigger steps: the loss was falling slowly.',
      lowerLearningRate: 'Smaller steps, so the loss falls instead of blowing up.',
      switchToAdam: "Adam sizes each weight's step itself and rarely blows up at its usual rate.",
      moreImages: 'More examples to learn from (the run takes longer).',
      addL2: 'Keeps the weights small, so the model memorises less.',
      augment: 'Warps every training image a little each time, so there is nothing exact to memorise.',
      addDropout: 'Switches random units off while training, so the model cannot lean on a few of them.',
    },
    applied: 'applied',
    appliedNote: 'Applied to the settings and to the link. Train again to see what it changes.',
    trainAgain: 'Train again',
  },

  /** The note under the learning rate: what choosing an optimizer does to it. */
  learningRateNote: {
    setFor: (optimizer: string, rate: string) => `Set to ${rate}, the usual rate for ${optimizer}. Type your own to keep it through optimizer changes.`,
    chosen: 'Your own rate: it stays when you change the optimizer.',
    follows: 'Choosing another optimizer sets its usual rate, unless you type one.',
  },

  // --- Classroom: the share panel, values a link fixed, the presenter view (issue 10) ---
  classroom: {
    shareTitle: 'Share this set-up',
    shareIntro:
      'A link that opens this page with these settings and layers. Tick what the class should not change: ' +
      'its control is hidden and its value stays fixed, even when a student picks another preset.',
    hideLegend: 'Hide from the class',
    modelGroup: 'Model',
    presetControl: 'Preset picker',
    layersControl: 'Layer editor (then shown read-only)',
    presentOption: 'Open in the presenter view (large type for a projector)',
    linkLabel: 'Link for the class',
    copy: 'Copy link',
    copied: 'Link copied.',
    copyRefused: 'The browser refused to copy: the link is selected, copy it with Ctrl+C (or ⌘C).',
    preview: 'See what the class will see',
    previewNote: '(opens in a new tab)',
    /** A value beside its setting in the share list, e.g. "Epochs (1)". */
    current: (value: string) => `(${value})`,
    fixedByInstructor: (items: string) => `Fixed by your instructor: ${items}.`,
    fixedItem: (label: string, value: string) => `${label} ${value}`,
    fixedSeparator: ', ',
    layersFixed: 'the layers (shown read-only)',
    on: 'on',
    off: 'off',
    presenterView: 'Presenter view',
    enterPresenter: 'Open the presenter view',
    exitPresenter: 'Leave the presenter view',
  },

  // Issue 9, the GPU path: where a run on WebGL or WebGPU keeps its training images (engine/deviceData.ts).
  gpuImages: {
    label: 'Training images',
    onDevice: (megabytes: string) => `on the GPU (${megabytes} MB)`,
    onDeviceHint: 'kept there for the whole run; each batch is picked out on the GPU',
    uploaded: 'sent with each batch',
    refused: (megabytes: string) => `The GPU refused ${megabytes} MB for the training images, so each batch is sent from the CPU instead (slower, same results).`,
    augmented: 'warped on the CPU (augmentation is on), so each batch is sent from there',
    streaming: 'until every image has arrived; then kept on the GPU',
  },
};

/** The shape of every catalogue: English's, with its strings widened. */
export type Catalogue = typeof en;
