/**
 * The playground's model and recipe as a runnable Keras script. tfjs layers are Keras layers, so
 * every layer maps one to one, with the same defaults (glorot-uniform kernels, zero biases).
 */
import { formatCount, type ModelDescription } from '../model/describe';
import type { Augmentation } from '../data/augment';
import type { LayerSpec, OutputActivation } from '../model/spec';
import type { LearningRateSchedule } from '../training/schedule';
import type { OptimizerSpec } from '../training/types';
import {
  augmentationOf, describeForExport, earlyStoppingOf, headerLines, LEAKY_RELU_SLOPE, ONE_CYCLE_DIV_FACTOR, ONE_CYCLE_FINAL_DIV_FACTOR,
  OPTIMIZER_DEFAULTS, penaltiesOf, PLATEAU_MIN_DELTA, recipeConstants, pyFloat, scheduleConstants, scheduleOfTraining, shapeText,
  type ExportRequest,
} from './common';

export const KERAS_FILE_NAME = 'mnist_keras.py';

/** A complete Keras script for `request`. Throws when the layer stack cannot be built. */
export function kerasScript(request: ExportRequest): string {
  const description = describeForExport(request.layers);
  const { training } = request;
  const penalties = penaltiesOf(training);
  const augmentation = augmentationOf(training);
  const earlyStopping = earlyStoppingOf(training);
  const stopsEarly = earlyStopping !== null && training.validationSplit > 0;
  const schedule = scheduleOfTraining(training);
  const isPerBatch = schedule.kind === 'oneCycle' || schedule.kind === 'cosine';
  const regularizer = penalties ? `keras.regularizers.L1L2(l1=${pyFloat(penalties.l1)}, l2=${pyFloat(penalties.l2)})` : null;
  const header = headerLines(request, {
    name: 'Keras',
    install: 'pip install tensorflow',
    fileName: KERAS_FILE_NAME,
    paramsLines: [
      `Parameters: ${formatCount(description.totalParams)} (${formatCount(description.trainableParams)} trainable, ` +
        `${formatCount(description.nonTrainableParams)} non-trainable), as model.summary() counts them.`,
    ],
  });
  const lines = [
    ...header,
    '',
    ...(isPerBatch ? ['import math', ''] : []),
    ...(augmentation ? ['import tensorflow as tf'] : []),
    'import keras',
    'from keras import layers',
    '',
    ...recipeConstants(training),
    ...scheduleConstants(schedule),
    '',
    'keras.utils.set_random_seed(SEED)',
    '',
    '# 60,000 training and 10,000 test images of 28x28 grey pixels, labels 0-9.',
    '(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()',
    'x_train, y_train = x_train[:TRAIN_SIZE], y_train[:TRAIN_SIZE]',
    '',
    '',
    'def prepare(images):',
    '    """uint8 [n, 28, 28] -> float32 [n, 28, 28, 1] in [0, 1], standardised if asked."""',
    '    x = images.astype("float32")[..., None] / 255.0',
    '    return (x - MEAN) / STD if STANDARDIZE else x',
    '',
    '',
    'x_train, x_test = prepare(x_train), prepare(x_test)',
    'y_train = keras.utils.to_categorical(y_train, 10)',
    'y_test = keras.utils.to_categorical(y_test, 10)',
    '',
    ...(request.layers.some((layer) => 'activation' in layer && layer.activation === 'leakyRelu')
      ? ["# LeakyReLU's alpha is called negative_slope in Keras 3, which still accepts alpha (with a warning)."]
      : []),
    ...(regularizer
      ? ['# Weight penalties on every Conv2D and Dense kernel (not the biases), added to the loss as in the playground.']
      : []),
    'model = keras.Sequential([',
    '    keras.Input(shape=(28, 28, 1)),',
    ...modelLines(request.layers, description, regularizer).map((line) => `    ${line}`),
    '])',
    'model.summary()',
    '',
    ...kerasScheduleLines(schedule, training.optimizer.learningRate),
    'model.compile(',
    `    optimizer=${kerasOptimizer(training.optimizer, isPerBatch ? 'lr_schedule' : undefined)},`,
    '    loss="categorical_crossentropy",',
    '    metrics=["accuracy"],',
    ')',
    ...fitLines(augmentation, earlyStopping, stopsEarly, schedule.kind === 'plateau'),
    '',
    'test_loss, test_accuracy = model.evaluate(x_test, y_test, batch_size=500, verbose=0)',
    'print(f"Test accuracy: {test_accuracy * 100:.2f}% on {len(x_test):,} test images (loss {test_loss:.4f})")',
  ];
  return lines.join('\n') + '\n';
}

/** One or two Keras layer lines per spec layer, each ending in a comma and its output shape. */
function modelLines(layers: readonly LayerSpec[], description: ModelDescription, regularizer: string | null): string[] {
  const penalty = regularizer ? `, kernel_regularizer=${regularizer}` : '';
  return layers.flatMap((spec, index): string[] => {
    const shape = `  # -> ${shapeText(description.layers[index].outputShape, false)}`;
    switch (spec.kind) {
      case 'conv2d': {
        const k = spec.kernelSize;
        const s = spec.strides;
        return withActivation(
          `layers.Conv2D(${spec.filters}, (${k}, ${k}), strides=(${s}, ${s}), padding="${spec.padding}"${penalty}`,
          spec.activation,
          shape,
        );
      }
      case 'maxPool':
      case 'avgPool': {
        const name = spec.kind === 'maxPool' ? 'MaxPooling2D' : 'AveragePooling2D';
        const p = spec.poolSize;
        const s = spec.strides;
        return [`layers.${name}(pool_size=(${p}, ${p}), strides=(${s}, ${s}), padding="valid"),${shape}`];
      }
      case 'dense':
        return withActivation(`layers.Dense(${spec.units}${penalty}`, spec.activation, shape);
      case 'dropout':
        return [`layers.Dropout(${pyFloat(spec.rate)}),${shape}`];
      case 'flatten':
        return [`layers.Flatten(),${shape}`];
      case 'batchNorm':
        // Keras's defaults, as tfjs's: momentum 0.99, epsilon 0.001.
        return [`layers.BatchNormalization(),${shape}`];
    }
  });
}

/**
 * The learning-rate schedule the optimizer follows batch by batch (one-cycle, cosine), as
 * `lr_schedule`; nothing for a constant rate or reduce-on-plateau (a callback, see fitLines).
 */
function kerasScheduleLines(schedule: LearningRateSchedule, learningRate: number): string[] {
  if (schedule.kind !== 'oneCycle' && schedule.kind !== 'cosine') return [];
  const steps = [
    '# The learning rate changes every batch: TOTAL_STEPS is the number of batches model.fit will train.',
    'TOTAL_STEPS = EPOCHS * math.ceil(int(len(x_train) * (1 - VALIDATION_SPLIT)) / BATCH_SIZE)',
  ];
  if (schedule.kind === 'cosine') {
    return [
      ...steps,
      '# Cosine decay from the learning rate to 0 over the run (PyTorch: CosineAnnealingLR).',
      `lr_schedule = keras.optimizers.schedules.CosineDecay(${pyFloat(learningRate)}, decay_steps=TOTAL_STEPS)`,
      '',
    ];
  }
  return [
    ...steps,
    '',
    '',
    'class OneCycle(keras.optimizers.schedules.LearningRateSchedule):',
    `    """One cycle as torch.optim.lr_scheduler.OneCycleLR computes it (and the playground does): a cosine`,
    `    warm-up from max_lr / ${ONE_CYCLE_DIV_FACTOR} to max_lr over the first WARMUP of the batches, then a cosine`,
    `    anneal to max_lr / ${ONE_CYCLE_DIV_FACTOR} / ${ONE_CYCLE_FINAL_DIV_FACTOR}."""`,
    '',
    '    def __init__(self, max_lr, total_steps, warmup):',
    '        self.max_lr, self.total_steps, self.warmup = max_lr, total_steps, warmup',
    '',
    '    def __call__(self, step):',
    '        step = keras.ops.minimum(keras.ops.cast(step, "float32"), self.total_steps - 1)',
    `        initial = self.max_lr / ${pyFloat(ONE_CYCLE_DIV_FACTOR)}`,
    `        final = initial / ${pyFloat(ONE_CYCLE_FINAL_DIV_FACTOR)}`,
    '        warmup_end = self.warmup * self.total_steps - 1',
    '',
    '        def cosine(start, end, pct):',
    '            return end + (start - end) / 2 * (keras.ops.cos(math.pi * pct) + 1)',
    '',
    '        up = cosine(initial, self.max_lr, step / max(warmup_end, 1.0))',
    '        down = cosine(self.max_lr, final, (step - warmup_end) / max(self.total_steps - 1 - warmup_end, 1.0))',
    '        return keras.ops.where(step <= warmup_end, up, down)',
    '',
    '    def get_config(self):',
    '        return {"max_lr": self.max_lr, "total_steps": self.total_steps, "warmup": self.warmup}',
    '',
    '',
    `lr_schedule = OneCycle(${pyFloat(learningRate)}, TOTAL_STEPS, WARMUP)`,
    '',
  ];
}

/** The early-stopping and reduce-on-plateau callbacks, the augmentation pipeline when asked, and model.fit. */
function fitLines(augmentation: Augmentation | null, earlyStopping: { patience: number } | null, stopsEarly: boolean, cutsOnPlateau: boolean): string[] {
  const names = [...(stopsEarly ? ['early_stopping'] : []), ...(cutsOnPlateau ? ['reduce_lr'] : [])];
  const callbacks = names.length > 0 ? [`    callbacks=[${names.join(', ')}],`] : [];
  const plateau = cutsOnPlateau
    ? [
      '# Multiply the learning rate by PLATEAU_FACTOR after PLATEAU_PATIENCE epochs without a better validation loss.',
      `reduce_lr = keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=PLATEAU_FACTOR, patience=PLATEAU_PATIENCE, min_delta=${pyFloat(PLATEAU_MIN_DELTA)})`,
    ]
    : [];
  const stopping = earlyStopping === null
    ? []
    : stopsEarly
      ? [
        '# Stop when the validation loss has not improved for PATIENCE epochs and put back the best epoch\'s weights.',
        `PATIENCE = ${earlyStopping.patience}`,
        'early_stopping = keras.callbacks.EarlyStopping(monitor="val_loss", patience=PATIENCE, restore_best_weights=True)',
      ]
      : ['# Early stopping is on in the playground, but it watches the validation loss and this run holds out', '# no validation images (VALIDATION_SPLIT = 0), so it is off here too: every epoch is trained.'];
  if (augmentation === null) {
    return [
      ...stopping,
      ...plateau,
      '# Keras holds out the last VALIDATION_SPLIT of the images; the playground holds out the end of each',
      '# 5,000-image shard. The same number of images, not quite the same ones.',
      'model.fit(',
      '    x_train, y_train,',
      '    batch_size=BATCH_SIZE,',
      '    epochs=EPOCHS,',
      '    validation_split=VALIDATION_SPLIT,',
      '    shuffle=True,',
      ...callbacks,
      ')',
    ];
  }
  const { maxRotationDegrees: degrees, maxShiftPixels: pixels, maxScalePercent: percent } = augmentation;
  const warps = [
    ...(degrees > 0 ? [`    layers.RandomRotation(${pyFloat(degrees)} / 360, fill_mode="constant", fill_value=BLACK),  # up to ${degrees} degrees either way`] : []),
    ...(pixels > 0
      ? [`    layers.RandomTranslation(${pyFloat(pixels)} / 28, ${pyFloat(pixels)} / 28, fill_mode="constant", fill_value=BLACK),  # up to ${pixels} pixels`]
      : []),
    ...(percent > 0
      ? [`    layers.RandomZoom((-${pyFloat(percent / 100)}, ${pyFloat(percent / 100)}), fill_mode="constant", fill_value=BLACK),  # up to ${percent}% in or out`]
      : []),
  ];
  return [
    '# Augmentation: every training image gets its own random turn, shift and zoom each time it is',
    '# used (bilinear, the background filled with black); validation and test images are left alone.',
    'BLACK = -MEAN / STD if STANDARDIZE else 0.0',
    'augment = keras.Sequential([',
    ...warps,
    '])',
    '',
    '# The last VALIDATION_SPLIT of the images is held out, as validation_split would (the playground holds',
    '# out the end of each 5,000-image shard: the same number of images, not quite the same ones).',
    'num_train = int(len(x_train) * (1 - VALIDATION_SPLIT))',
    'x_val, y_val = x_train[num_train:], y_train[num_train:]',
    'x_train, y_train = x_train[:num_train], y_train[:num_train]',
    'train_data = (',
    '    tf.data.Dataset.from_tensor_slices((x_train, y_train))',
    '    .shuffle(len(x_train), seed=SEED)',
    '    .batch(BATCH_SIZE)',
    '    .map(lambda x, y: (augment(x, training=True), y), num_parallel_calls=tf.data.AUTOTUNE)',
    '    .prefetch(tf.data.AUTOTUNE)',
    ')',
    ...stopping,
    ...plateau,
    'model.fit(',
    '    train_data,',
    '    epochs=EPOCHS,',
    '    validation_data=(x_val, y_val) if len(x_val) > 0 else None,',
    ...callbacks,
    ')',
  ];
}

/**
 * Closes a layer call with its activation. Leaky ReLU is a separate layer, as in the playground:
 * Keras's "leaky_relu" activation string uses a slope of 0.2, the LeakyReLU layer 0.3.
 */
function withActivation(call: string, activation: OutputActivation, shape: string): string[] {
  switch (activation) {
    case 'leakyRelu':
      return [`${call}),`, `layers.LeakyReLU(alpha=${pyFloat(LEAKY_RELU_SLOPE)}),${shape}`];
    case 'linear':
      return [`${call}),${shape}`];
    case 'relu':
    case 'elu':
    case 'sigmoid':
    case 'tanh':
    case 'softmax':
      return [`${call}, activation="${activation}"),${shape}`];
  }
}

/** The Keras optimizer with every hyper-parameter the playground uses written out. */
export function kerasOptimizer({ name, learningRate, momentum }: OptimizerSpec, schedule?: string): string {
  const lr = `learning_rate=${schedule ?? pyFloat(learningRate)}`;
  const eps = `epsilon=${pyFloat(OPTIMIZER_DEFAULTS.epsilon)}`;
  switch (name) {
    case 'sgd':
      return `keras.optimizers.SGD(${lr})`;
    case 'momentum':
      return `keras.optimizers.SGD(${lr}, momentum=${pyFloat(momentum)})`;
    case 'adam': {
      const { beta1, beta2 } = OPTIMIZER_DEFAULTS.adam;
      return `keras.optimizers.Adam(${lr}, beta_1=${pyFloat(beta1)}, beta_2=${pyFloat(beta2)}, ${eps})`;
    }
    case 'rmsprop': {
      const { rho, momentum: rmsMomentum } = OPTIMIZER_DEFAULTS.rmsprop;
      return `keras.optimizers.RMSprop(${lr}, rho=${pyFloat(rho)}, momentum=${pyFloat(rmsMomentum)}, ${eps}, centered=False)`;
    }
    case 'adagrad':
      return `keras.optimizers.Adagrad(${lr}, initial_accumulator_value=${pyFloat(OPTIMIZER_DEFAULTS.adagrad.initialAccumulatorValue)}, ${eps})`;
    case 'adadelta':
      return `keras.optimizers.Adadelta(${lr}, rho=${pyFloat(OPTIMIZER_DEFAULTS.adadelta.rho)}, ${eps})`;
    default: {
      const unknown: never = name;
      throw new Error(`Unknown optimizer '${String(unknown)}'.`);
    }
  }
}
