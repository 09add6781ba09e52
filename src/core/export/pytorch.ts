/**
 * The playground's model and recipe as a runnable PyTorch script. Where PyTorch's defaults differ
 * from Keras's (initialisers, epsilons, BatchNorm momentum, leaky ReLU slope, RMSprop's rho) the
 * script spells out the playground's values.
 */
import { formatCount, type ModelDescription } from '../model/describe';
import type { Augmentation } from '../data/augment';
import type { LayerSpec, OutputActivation } from '../model/spec';
import type { OptimizerSpec } from '../training/types';
import type { LearningRateSchedule } from '../training/schedule';
import {
  augmentationOf, BATCH_NORM_EPSILON, BATCH_NORM_MOMENTUM, describeForExport, earlyStoppingOf, headerLines, LEAKY_RELU_SLOPE,
  ONE_CYCLE_DIV_FACTOR, ONE_CYCLE_FINAL_DIV_FACTOR, OPTIMIZER_DEFAULTS, penaltiesOf, PLATEAU_MIN_DELTA, pyFloat, recipeConstants,
  samePadding, scheduleConstants, scheduleOfTraining, shapeText, type ExportRequest,
} from './common';

export const PYTORCH_FILE_NAME = 'mnist_pytorch.py';

/** A complete PyTorch script for `request`. Throws when the layer stack cannot be built. */
export function pytorchScript(request: ExportRequest): string {
  const description = describeForExport(request.layers);
  const { training } = request;
  const hasBatchNorm = request.layers.some((layer) => layer.kind === 'batchNorm');
  const penalties = penaltiesOf(training);
  const augmentation = augmentationOf(training);
  const earlyStopping = earlyStoppingOf(training);
  const stopsEarly = earlyStopping !== null && training.validationSplit > 0;
  const schedule = scheduleOfTraining(training);
  const isPerBatch = schedule.kind === 'oneCycle' || schedule.kind === 'cosine';
  const penaltyTerms = penalties
    ? [...(penalties.l1 > 0 ? ['L1 * w.abs().sum()'] : []), ...(penalties.l2 > 0 ? ['L2 * w.pow(2).sum()'] : [])].join(' + ')
    : '';
  const header = headerLines(request, {
    name: 'PyTorch',
    install: 'pip install torch torchvision',
    fileName: PYTORCH_FILE_NAME,
    paramsLines: [
      `Parameters: ${formatCount(description.trainableParams)} trainable.`,
      ...(hasBatchNorm
        ? [`Keras counts ${formatCount(description.totalParams)}: it adds BatchNorm's moving means and variances, which PyTorch keeps as buffers.`]
        : []),
    ],
  });
  const lines = [
    ...header,
    '',
    ...(stopsEarly ? ['import copy', ''] : []),
    'import torch',
    'from torch import nn',
    'from torch.utils.data import DataLoader, TensorDataset',
    'from torchvision import datasets',
    ...(augmentation ? ['from torchvision.transforms import v2'] : []),
    '',
    ...recipeConstants(training),
    ...scheduleConstants(schedule),
    ...(penalties ? [`L1, L2 = ${pyFloat(penalties.l1)}, ${pyFloat(penalties.l2)}  # weight penalties on conv and linear weights`] : []),
    ...(stopsEarly ? [`PATIENCE = ${earlyStopping.patience}  # epochs without a better validation loss before stopping`] : []),
    'DATA_DIR = "data"',
    '',
    'torch.manual_seed(SEED)',
    'device = torch.device("cuda" if torch.cuda.is_available() else "cpu")',
    '',
    '',
    'def load_mnist(train):',
    '    """MNIST as float32 [n, 1, 28, 28] in [0, 1] (standardised if asked) and int64 labels 0-9."""',
    '    mnist = datasets.MNIST(DATA_DIR, train=train, download=True)',
    '    x = mnist.data.unsqueeze(1).float() / 255.0',
    '    if STANDARDIZE:',
    '        x = (x - MEAN) / STD',
    '    return x, mnist.targets',
    '',
    '',
    'x_train, y_train = load_mnist(train=True)',
    'x_train, y_train = x_train[:TRAIN_SIZE], y_train[:TRAIN_SIZE]',
    'x_test, y_test = load_mnist(train=False)  # all 10,000 test images',
    '# Hold out the last VALIDATION_SPLIT of the training images, as Keras does (the playground',
    '# holds out the end of each 5,000-image shard: the same number of images, not the same ones).',
    'num_validation = round(len(x_train) * VALIDATION_SPLIT)',
    'num_train = len(x_train) - num_validation',
    'x_val, y_val = x_train[num_train:], y_train[num_train:]',
    'x_train, y_train = x_train[:num_train], y_train[:num_train]',
    '',
    'train_loader = DataLoader(',
    '    TensorDataset(x_train, y_train), batch_size=BATCH_SIZE, shuffle=True,',
    '    generator=torch.Generator().manual_seed(SEED),',
    ')',
    'val_loader = DataLoader(TensorDataset(x_val, y_val), batch_size=500)',
    'test_loader = DataLoader(TensorDataset(x_test, y_test), batch_size=500)',
    '',
    ...(augmentation ? augmentationLines(augmentation) : []),
    '# Shapes are channels-first (channels x height x width). Flatten therefore orders the features',
    '# differently from Keras, which changes nothing when training from scratch.',
    'model = nn.Sequential(',
    ...modelLines(request.layers, description).map((line) => `    ${line}`),
    ')',
    '',
    '',
    'def keras_init(module):',
    '    """Glorot-uniform kernels and zero biases: the Keras and playground defaults (PyTorch\'s differ)."""',
    '    if isinstance(module, (nn.Conv2d, nn.Linear)):',
    '        nn.init.xavier_uniform_(module.weight)',
    '        nn.init.zeros_(module.bias)',
    '',
    '',
    'model.apply(keras_init)',
    'model.to(device)',
    'print(model)',
    'print(f"Trainable parameters: {sum(p.numel() for p in model.parameters() if p.requires_grad):,}")',
    '',
    '# The model ends in raw logits: nn.CrossEntropyLoss applies log-softmax itself, so a softmax',
    '# layer in the model would apply it twice.',
    'loss_fn = nn.CrossEntropyLoss()',
    `optimizer = ${pytorchOptimizer(training.optimizer)}`,
    ...pytorchSchedulerLines(schedule, training.optimizer.learningRate),
    ...(penalties
      ? [
        '',
        '# Keras-style weight penalties, as the playground adds them to the loss: conv and linear weights only,',
        "# not biases or BatchNorm (the optimizer's weight_decay would be a different thing for Adam and co.).",
        'penalized = [m.weight for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]',
        '',
        '',
        'def weight_penalty():',
        `    return sum(${penaltyTerms} for w in penalized)`,
      ]
      : []),
    '',
    '',
    'def evaluate(loader):',
    '    """Mean loss and accuracy on `loader` in inference mode (no dropout, BatchNorm moving statistics)."""',
    '    model.eval()',
    '    total_loss, correct, count = 0.0, 0, 0',
    '    with torch.no_grad():',
    '        for x, y in loader:',
    '            x, y = x.to(device), y.to(device)',
    '            logits = model(x)',
    '            total_loss += loss_fn(logits, y).item() * len(y)',
    '            correct += (logits.argmax(dim=1) == y).sum().item()',
    '            count += len(y)',
    '    return total_loss / max(count, 1), correct / max(count, 1)',
    '',
    '',
    ...(earlyStopping === null
      ? []
      : stopsEarly
        ? [
          "# Early stopping: stop when the validation loss has not improved for PATIENCE epochs and put back the best epoch's weights.",
          'best_val_loss, best_epoch, best_state, epochs_without_improvement = float("inf"), 0, None, 0',
        ]
        : ['# Early stopping is on in the playground, but it watches the validation loss and this run holds out', '# no validation images (VALIDATION_SPLIT = 0), so it is off here too: every epoch is trained.']),
    'for epoch in range(1, EPOCHS + 1):',
    '    model.train()',
    '    total_loss, correct, count = 0.0, 0, 0',
    '    for x, y in train_loader:',
    ...(augmentation ? ['        x = augment_batch(x)'] : []),
    '        x, y = x.to(device), y.to(device)',
    '        optimizer.zero_grad()',
    '        logits = model(x)',
    `        loss = loss_fn(logits, y)${penalties ? ' + weight_penalty()' : ''}`,
    '        loss.backward()',
    '        optimizer.step()',
    ...(isPerBatch ? ['        scheduler.step()  # the learning rate moves every batch'] : []),
    '        total_loss += loss.item() * len(y)',
    '        correct += (logits.argmax(dim=1) == y).sum().item()',
    '        count += len(y)',
    '    report = f"Epoch {epoch}/{EPOCHS}: loss {total_loss / count:.4f}, accuracy {correct / count:.4f}"',
    '    if num_validation > 0:',
    '        val_loss, val_accuracy = evaluate(val_loader)',
    '        report += f", val_loss {val_loss:.4f}, val_accuracy {val_accuracy:.4f}"',
    ...(schedule.kind === 'plateau' ? ['        scheduler.step(val_loss)  # cuts the rate once val_loss has stalled'] : []),
    '    print(report)',
    ...(stopsEarly
      ? [
        '    if val_loss < best_val_loss:',
        '        best_val_loss, best_epoch, epochs_without_improvement = val_loss, epoch, 0',
        '        best_state = copy.deepcopy(model.state_dict())',
        '    else:',
        '        epochs_without_improvement += 1',
        '        if epochs_without_improvement >= PATIENCE:',
        '            model.load_state_dict(best_state)',
        '            print(f"Stopped early: no better val_loss for {PATIENCE} epochs; restored epoch {best_epoch} (val_loss {best_val_loss:.4f})")',
        '            break',
      ]
      : []),
    '',
    'test_loss, test_accuracy = evaluate(test_loader)',
    'print(f"Test accuracy: {test_accuracy * 100:.2f}% on {len(x_test):,} test images (loss {test_loss:.4f})")',
  ];
  return lines.join('\n') + '\n';
}

/**
 * The torch.optim.lr_scheduler the loop steps: per batch for one-cycle and cosine, per epoch on the
 * validation loss for reduce-on-plateau; nothing for a constant rate.
 */
function pytorchSchedulerLines(schedule: LearningRateSchedule, learningRate: number): string[] {
  switch (schedule.kind) {
    case 'constant':
      return [];
    case 'oneCycle':
      return [
        `# One cycle: up from the rate / ${ONE_CYCLE_DIV_FACTOR} to the rate over the first WARMUP of the batches, then down to about 0 (cosine both ways).`,
        '# The momentum (Adam: beta1) stays as set, as in the playground.',
        'scheduler = torch.optim.lr_scheduler.OneCycleLR(',
        `    optimizer, max_lr=${pyFloat(learningRate)}, total_steps=EPOCHS * len(train_loader), pct_start=WARMUP,`,
        `    anneal_strategy="cos", div_factor=${pyFloat(ONE_CYCLE_DIV_FACTOR)}, final_div_factor=${pyFloat(ONE_CYCLE_FINAL_DIV_FACTOR)}, cycle_momentum=False,`,
        ')',
      ];
    case 'cosine':
      return [
        '# Cosine decay from the learning rate to 0 over every batch of the run (Keras: CosineDecay).',
        'scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=EPOCHS * len(train_loader))',
      ];
    case 'plateau':
      return [
        '# Keras-style ReduceLROnPlateau: PyTorch cuts after more than `patience` epochs without improvement,',
        '# Keras (and the playground) after `patience` of them, hence PLATEAU_PATIENCE - 1.',
        'scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(',
        `    optimizer, mode="min", factor=PLATEAU_FACTOR, patience=PLATEAU_PATIENCE - 1, threshold=${pyFloat(PLATEAU_MIN_DELTA)}, threshold_mode="abs",`,
        ')',
      ];
  }
}

/** Rounds away float noise: 1 - 0.07 is 0.9299999999999999 in JavaScript. */
function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** The random warp of the training images, one draw per image. */
function augmentationLines({ maxRotationDegrees: degrees, maxShiftPixels: pixels, maxScalePercent: percent }: Augmentation): string[] {
  const scale = percent / 100;
  return [
    '# Augmentation: every training image gets its own random turn, shift and zoom each time it is used',
    '# (bilinear, the background filled with black); validation and test images are left alone.',
    "# torchvision rounds each shift to whole pixels; the playground's shifts are fractional.",
    'BLACK = -MEAN / STD if STANDARDIZE else 0.0',
    'augment = v2.RandomAffine(',
    `    degrees=${pyFloat(degrees)},`,
    `    translate=(${pyFloat(pixels)} / 28, ${pyFloat(pixels)} / 28),`,
    `    scale=(${pyFloat(round6(1 - scale))}, ${pyFloat(round6(1 + scale))}),`,
    '    interpolation=v2.InterpolationMode.BILINEAR,',
    '    fill=BLACK,',
    ')',
    '',
    '',
    'def augment_batch(x):',
    '    """Warps each image of a [n, 1, 28, 28] batch on its own (one call on the batch would warp all alike)."""',
    '    return torch.stack([augment(image) for image in x])',
    '',
    '',
  ];
}

/** The nn.Sequential entries for the stack, each ending in a comma; output shapes as comments. */
function modelLines(layers: readonly LayerSpec[], description: ModelDescription): string[] {
  const last = layers.length - 1;
  return layers.flatMap((spec, index): string[] => {
    const { inputShape, outputShape } = description.layers[index];
    const input = inputShape ?? [];
    const shape = `  # -> ${shapeText(outputShape, true)}`;
    switch (spec.kind) {
      case 'conv2d': {
        const [height, , channels] = input;
        const k = spec.kernelSize;
        const s = spec.strides;
        const conv = (padding: string) => `nn.Conv2d(${channels}, ${spec.filters}, kernel_size=${k}, stride=${s}, padding=${padding}),`;
        let convLines: string[];
        if (spec.padding === 'valid') convLines = [conv('0')];
        // PyTorch's 'same' splits odd padding as TF does, but it only accepts stride 1.
        else if (s === 1) convLines = [conv('"same"')];
        else {
          const { before, after } = samePadding(height, k, s);
          convLines = before === after
            ? [conv(String(before))]
            : [`nn.ZeroPad2d((${before}, ${after}, ${before}, ${after})),  # TF 'same': the odd pixel goes right and bottom`, conv('0')];
        }
        return withActivation(convLines, spec.activation, shape);
      }
      case 'maxPool':
      case 'avgPool': {
        const name = spec.kind === 'maxPool' ? 'MaxPool2d' : 'AvgPool2d';
        return [`nn.${name}(kernel_size=${spec.poolSize}, stride=${spec.strides}),${shape}`];
      }
      case 'dense': {
        const linear = `nn.Linear(${input[0]}, ${spec.units}),`;
        if (index === last && spec.activation === 'softmax') {
          return [`${linear}${shape}  raw logits: the softmax is inside nn.CrossEntropyLoss`];
        }
        return withActivation([linear], spec.activation, shape);
      }
      case 'dropout':
        return [`nn.Dropout(p=${pyFloat(spec.rate)}),${shape}`];
      case 'flatten':
        return [`nn.Flatten(),${shape}`];
      case 'batchNorm': {
        const name = input.length === 3 ? 'BatchNorm2d' : 'BatchNorm1d';
        const features = input[input.length - 1];
        // PyTorch's momentum is the weight of the new batch, Keras's the weight of the old average.
        const momentum = pyFloat(Math.round((1 - BATCH_NORM_MOMENTUM) * 1e6) / 1e6);
        return [`nn.${name}(${features}, eps=${pyFloat(BATCH_NORM_EPSILON)}, momentum=${momentum}),${shape}`];
      }
    }
  });
}

/** Appends the activation module after a layer's lines, with the shape comment on the last line. */
function withActivation(layerLines: string[], activation: OutputActivation, shape: string): string[] {
  const module = activationModule(activation);
  const all = module ? [...layerLines, `${module},`] : layerLines;
  return all.map((line, i) => (i === all.length - 1 ? `${line}${shape}` : line));
}

function activationModule(activation: OutputActivation): string | null {
  switch (activation) {
    case 'relu':
      return 'nn.ReLU()';
    case 'leakyRelu':
      // Keras's (and the playground's) slope; PyTorch's default is 0.01.
      return `nn.LeakyReLU(negative_slope=${pyFloat(LEAKY_RELU_SLOPE)})`;
    case 'elu':
      return 'nn.ELU()';
    case 'sigmoid':
      return 'nn.Sigmoid()';
    case 'tanh':
      return 'nn.Tanh()';
    case 'softmax':
      // Only a hidden layer gets here; the last layer's softmax is left to the loss.
      return 'nn.Softmax(dim=1)';
    case 'linear':
      return null;
  }
}

/** The torch.optim optimizer with the playground's hyper-parameters written out. */
export function pytorchOptimizer({ name, learningRate, momentum }: OptimizerSpec): string {
  const params = `model.parameters(), lr=${pyFloat(learningRate)}`;
  const eps = `eps=${pyFloat(OPTIMIZER_DEFAULTS.epsilon)}`;
  switch (name) {
    case 'sgd':
      return `torch.optim.SGD(${params})`;
    case 'momentum':
      return `torch.optim.SGD(${params}, momentum=${pyFloat(momentum)})`;
    case 'adam': {
      const { beta1, beta2 } = OPTIMIZER_DEFAULTS.adam;
      return `torch.optim.Adam(${params}, betas=(${pyFloat(beta1)}, ${pyFloat(beta2)}), ${eps})`;
    }
    case 'rmsprop': {
      // PyTorch's alpha is Keras's rho (PyTorch defaults to 0.99); PyTorch adds eps outside the square root.
      const { rho, momentum: rmsMomentum } = OPTIMIZER_DEFAULTS.rmsprop;
      return `torch.optim.RMSprop(${params}, alpha=${pyFloat(rho)}, ${eps}, momentum=${pyFloat(rmsMomentum)}, centered=False)`;
    }
    case 'adagrad':
      return `torch.optim.Adagrad(${params}, initial_accumulator_value=${pyFloat(OPTIMIZER_DEFAULTS.adagrad.initialAccumulatorValue)}, ${eps})`;
    case 'adadelta':
      return `torch.optim.Adadelta(${params}, rho=${pyFloat(OPTIMIZER_DEFAULTS.adadelta.rho)}, ${eps})`;
    default: {
      const unknown: never = name;
      throw new Error(`Unknown optimizer '${String(unknown)}'.`);
    }
  }
}
