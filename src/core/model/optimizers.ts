/** Optimizer specs -> tf optimizers, with Keras's defaults for every setting the spec leaves out. */
import * as tf from '../tf';
import { OPTIMIZER_DEFAULTS, type OptimizerSpec } from '../training/types';

/**
 * Creates the optimizer `spec` names. Throws on a learning rate that is not positive, or a
 * momentum outside [0, 1) for 'momentum'. The caller disposes it.
 *
 * Epsilons are left to tfjs, which picks the backend's (1e-7 with float32, Keras's value;
 * larger where a backend computes in float16, where 1e-7 would round to zero).
 */
export function createOptimizer(spec: OptimizerSpec): tf.Optimizer {
  const { name, learningRate, momentum } = spec;
  if (!(Number.isFinite(learningRate) && learningRate > 0)) {
    throw new Error(`Learning rate must be a positive number (got ${learningRate}).`);
  }
  switch (name) {
    case 'sgd':
      return tf.train.sgd(learningRate);
    case 'momentum':
      if (!(Number.isFinite(momentum) && momentum >= 0 && momentum < 1)) {
        throw new Error(`Momentum must be at least 0 and below 1 (got ${momentum}).`);
      }
      return new MomentumOptimizer(learningRate, momentum);
    case 'adam':
      return tf.train.adam(learningRate, OPTIMIZER_DEFAULTS.adam.beta1, OPTIMIZER_DEFAULTS.adam.beta2);
    case 'rmsprop':
      // Keras: rho 0.9, no momentum, not centred.
      return tf.train.rmsprop(learningRate, OPTIMIZER_DEFAULTS.rmsprop.rho, OPTIMIZER_DEFAULTS.rmsprop.momentum);
    case 'adagrad':
      // Keras starts every accumulator at 0.1.
      return tf.train.adagrad(learningRate, OPTIMIZER_DEFAULTS.adagrad.initialAccumulatorValue);
    case 'adadelta':
      // Keras: rho 0.95.
      return new KerasAdadeltaOptimizer(learningRate, OPTIMIZER_DEFAULTS.adadelta.rho);
    default: {
      const unknown: never = name;
      throw new Error(`Unknown optimizer '${String(unknown)}'.`);
    }
  }
}

/**
 * Sets the learning rate the optimizer's next step uses (a learning-rate schedule calls this before
 * a batch). What each tfjs 4.22 optimizer the page offers reads:
 * - SGD and SGD with momentum keep the rate as a kept scalar tensor `c` (-learningRate), made once;
 *   assigning the `learningRate` field alone would change nothing. setLearningRate disposes the
 *   old scalar and keeps a new one, so no tensor leaks.
 * - Adam, RMSprop, Adagrad and our Keras-style Adadelta read the plain-number field
 *   `learningRate` afresh in every applyGradients (inside its tidy), so assigning it is enough.
 */
export function setOptimizerLearningRate(optimizer: tf.Optimizer, learningRate: number): void {
  if (!(Number.isFinite(learningRate) && learningRate > 0)) throw new Error(`Learning rate must be a positive number (got ${learningRate}).`);
  // By class name: tfjs's Optimizer answers `instanceof` for any optimizer-like object (Adam is an
  // "instanceof SGDOptimizer"). Our Momentum and Adadelta subclasses keep their parents' names.
  const className = optimizer.getClassName();
  const withRate = optimizer as unknown as { learningRate: number };
  switch (className) {
    case 'SGD':
    case 'Momentum':
      if (withRate.learningRate !== learningRate) (optimizer as tf.SGDOptimizer).setLearningRate(learningRate);
      return;
    case 'Adam':
    case 'RMSProp':
    case 'Adagrad':
    case 'Adadelta':
      withRate.learningRate = learningRate;
      return;
    default:
      throw new Error(`This optimizer (${className}) cannot change its learning rate during a run.`);
  }
}

/** tfjs 4.22's MomentumOptimizer.dispose forgets the learning-rate scalar it inherits from SGD. */
class MomentumOptimizer extends tf.MomentumOptimizer {
  override dispose(): void {
    super.dispose();
    this.c.dispose();
  }
}

/** tfjs-core's NamedTensor, which the tfjs package does not re-export. */
interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

interface Accumulator {
  originalName: string;
  variable: tf.Variable;
}

/**
 * Adadelta as Keras and the paper compute it: each step divides by the root of the squared-
 * gradient average that already includes this step's gradient. tfjs 4.22 divides by the previous
 * average instead, so its first step is the raw gradient times the learning rate (with Keras
 * mnist_cnn's lr 1.0, a full-gradient jump) where Keras takes a step of about sqrt(epsilon).
 */
class KerasAdadeltaOptimizer extends tf.AdadeltaOptimizer {
  private gradAverages: Accumulator[] = [];
  private updateAverages: Accumulator[] = [];

  override applyGradients(variableGradients: Parameters<tf.AdadeltaOptimizer['applyGradients']>[0]): void {
    const entries = Array.isArray(variableGradients)
      ? variableGradients.map(({ name, tensor }) => [name, tensor] as const)
      : Object.entries(variableGradients);
    entries.forEach(([name, gradient], i) => {
      const value = tf.engine().registeredVariables[name];
      this.gradAverages[i] ??= { originalName: `${name}/accum_grad`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      this.updateAverages[i] ??= { originalName: `${name}/accum_var`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      if (gradient == null) return;
      const gradAverage = this.gradAverages[i].variable;
      const updateAverage = this.updateAverages[i].variable;
      const { rho, epsilon, learningRate } = this;
      tf.tidy(() => {
        const newGradAverage = gradAverage.mul(rho).add(gradient.square().mul(1 - rho));
        const update = updateAverage.add(epsilon).sqrt().div(newGradAverage.add(epsilon).sqrt()).mul(gradient);
        updateAverage.assign(updateAverage.mul(rho).add(update.square().mul(1 - rho)));
        gradAverage.assign(newGradAverage);
        value.assign(value.sub(update.mul(learningRate)));
      });
    });
    this.incrementIterations();
  }

  override dispose(): void {
    super.dispose();
    tf.dispose([...this.gradAverages, ...this.updateAverages].map((a) => a.variable));
  }

  override async getWeights(): Promise<NamedTensor[]> {
    const accumulators = [...this.gradAverages, ...this.updateAverages];
    return [await this.saveIterations(), ...accumulators.map((a) => ({ name: a.originalName, tensor: a.variable }))];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const values = await this.extractIterations(weightValues);
    const count = values.length / 2;
    tf.dispose([...this.gradAverages, ...this.updateAverages].map((a) => a.variable));
    const toAccumulator = ({ name, tensor }: NamedTensor): Accumulator => ({ originalName: name, variable: tensor.variable(false) });
    this.gradAverages = values.slice(0, count).map(toAccumulator);
    this.updateAverages = values.slice(count, 2 * count).map(toAccumulator);
  }
}
