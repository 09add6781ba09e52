/**
 * The training engine behind the message protocol: owns the backend, the streamed data, the model
 * and the trainer. The worker wires it to postMessage; the main-thread fallback calls it directly.
 */
import * as tf from '../core/tf';
import { augmentImages, isIdentityAugmentation, type Augmentation } from '../core/data/augment';
import { DataError, MnistLoader } from '../core/data/loader';
import { buildModel } from '../core/model/build';
import { describeModel } from '../core/model/describe';
import { createOptimizer } from '../core/model/optimizers';
import { metricsLagFor } from '../core/training/readback';
import { Trainer, type BatchMetrics } from '../core/training/trainer';
import { yieldToEventLoop } from '../core/training/yield';
import type { TrainingSpec } from '../core/training/types';
import { AnswerSlot } from './answerSlot';
import { chooseBackend, probeAllBackends } from './backends';
import { EngineFailure, errorText, messageOf } from './messages';
import { createDataStore } from './dataCache';
import { ModelShelf } from './modelShelf';
import type { BackendName, Command, DataProgress, EngineEvent, ImagePlacement, Query, QueryKind, QueryResult } from './protocol';
import { runFineTune } from './fineTuneRun';
import { TestEvaluator, testImages } from './testEvaluation';
import { measureSpeed, warmUpTraining } from './speedProbe';
import { TrainImagesOnDevice } from './deviceData';
import { activationsTransfer, answerActivations, answerMemory, answerModelLayers } from './inspection';

/** Per-batch metrics are sent at most this often, in one message. */
const BATCH_FLUSH_MS = 50;

export type Post = (event: EngineEvent, transfer?: Transferable[]) => void;

export class TrainingSession {
  private loader: MnistLoader | null = null;
  private dataUrl = '';
  private trainSize = 60_000;
  private model: tf.LayersModel | null = null;
  private runId = 0;
  private trainer: Trainer | null = null;
  private shelf = new ModelShelf('', (model) => this.post({ type: 'activeModelChanged', model }));
  /** Queries waiting their turn behind training, and those of them the page gave up on. */
  private readonly queued = new Set<number>();
  private readonly cancelled = new Set<number>();
  private lastTraining: TrainingSpec | null = null;
  private pendingBatches: BatchMetrics[] = [];
  /** Stop came before the run it was meant for had a trainer (queued, or building its model). */
  private isStopPending = false;
  private lastFlush = 0;
  /** The speed probe in progress (a query): Train, a backend switch or its own cancel cut it short. */
  private speedProbe: { id: number; isCancelled: boolean } | null = null;
  /** The test-set evaluations, during and after training; Stop cuts them short. */
  private readonly tests = new TestEvaluator((event, transfer) => this.post(event, transfer));
  /** Where predictions are also written for the page's next frame (answerSlot.ts); null without shared memory. */
  private answerSlot: AnswerSlot | null = null;
  private readonly modelSerials = new Map<string, number>();
  /** The training images on a GPU backend's device, kept from run to run (deviceData.ts). */
  private readonly deviceImages = new TrainImagesOnDevice();
  /** Serialises commands that must not overlap (backend switches, training, evaluation). */
  private queue: Promise<void> = Promise.resolve();
  /** Settles once the data is all in, or has failed: what waits for a quiet worker waits for this. */
  private dataSettled: Promise<void> = Promise.resolve();
  /** Resolves when the first training images are in: from then on the page can press Train. */
  private markTrainingCanStart: () => void = () => {};
  private readonly trainingCanStart = new Promise<void>((resolve) => (this.markTrainingCanStart = resolve));

  constructor(
    private readonly post: Post,
    private readonly thread: 'worker' | 'main',
  ) {}

  /** Handles one command; never throws (failures become events). */
  handle(command: Command): void {
    switch (command.type) {
      case 'init':
        this.dataUrl = command.dataUrl;
        this.trainSize = command.trainSize;
        this.answerSlot = command.answerSlot ? new AnswerSlot(command.answerSlot) : null;
        this.shelf = new ModelShelf(command.readyModelUrl, (model) => this.post({ type: 'activeModelChanged', model }));
        this.enqueue(() => this.setBackend(command.backend));
        void this.loadData();
        return;
      case 'setBackend':
        this.trainer?.stop();
        this.tests.cancel();
        this.cancelSpeedProbe();
        this.enqueue(() => this.setBackend(command.backend));
        return;
      case 'retryData':
        void this.loadData();
        return;
      case 'train':
        this.isStopPending = false;
        this.cancelSpeedProbe();
        this.enqueue(() => this.train(command.runId, command.layers, command.training));
        return;
      case 'pause':
        // 'trainingPaused' is posted by the trainer's paused hook, once the batch in flight is done.
        if (this.trainer && !this.trainer.isPaused) this.trainer.pause();
        return;
      case 'resume':
        if (this.trainer?.isPaused) {
          this.trainer.resume();
          this.post({ type: 'trainingResumed', runId: this.runId });
        }
        return;
      case 'stop':
        // A run still queued or building its model has no trainer yet: it stops as soon as it has one.
        if (this.trainer) this.trainer.stop();
        else this.isStopPending = true;
        this.tests.cancel();
        return;
      case 'evaluate':
        this.cancelSpeedProbe();
        this.enqueue(() => this.evaluateTest());
        return;
      case 'samples':
        this.sendSamples(command.count);
        return;
      case 'augmentedSamples':
        this.sendAugmentedSamples(command.count, command.augmentation, command.seed);
        return;
      case 'query':
        this.query(command.id, command.query);
        return;
      case 'cancel':
        // Only a query still waiting can be skipped; one already answered needs nothing.
        if (this.queued.has(command.id)) this.cancelled.add(command.id);
        if (this.speedProbe?.id === command.id) this.cancelSpeedProbe();
        return;
      default: {
        const unknown: never = command;
        this.post({ type: 'engineError', message: { code: 'unknownCommand', detail: JSON.stringify(unknown) } });
      }
    }
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((error) => {
      this.post({ type: 'engineError', message: messageOf(error) });
    });
  }

  private async setBackend(requested: BackendName | 'auto'): Promise<void> {
    try {
      // Weights live on the old backend: a new backend starts from a fresh model.
      this.disposeModel();
      const report = await chooseBackend(requested, this.thread);
      this.post({ type: 'backendReady', report });
      if (report.probesPending) this.probeBackendsLater();
      // A GPU chosen once the data is in gets the training images now (deviceData.ts; nothing elsewhere).
      if (this.dataset) await this.deviceImages.prepare(this.dataset);
      // So a student can draw at once, before training anything.
      this.shelf.activeModel().catch((error: unknown) => this.post({ type: 'readyModelFailed', message: messageOf(error) }));
      if (report.active === 'wasm') this.warmUpOnceTrainingCan();
    } catch (error) {
      this.post({ type: 'backendFailed', message: messageOf(error) });
    }
  }

  /**
   * On WASM, a worker's first training step costs about ten steady ones (speedProbe.ts,
   * warmUpTraining). It is paid once the first training images are in: before, it would hold their
   * decoding back and Train with it; after, it runs while the page enables Train, and a run queued
   * meanwhile waits the rest of it (a GPU compiles its programs in the speed probe instead, and plain
   * CPU would take seconds).
   */
  private warmUpOnceTrainingCan(): void {
    void this.trainingCanStart.then(() => this.enqueue(async () => {
      if (tf.getBackend() !== 'wasm') return;
      try {
        await warmUpTraining();
      } catch {
        // Only a head start: a run that cannot train says so itself, in its own words.
      }
    }));
  }

  /**
   * The GPU probes a backend named by the user started without (backends.ts): once the data is in,
   * in turn with the other work, so they take the thread from neither the streaming nor a run.
   */
  private probeBackendsLater(): void {
    void this.dataSettled.then(() => this.enqueue(async () => {
      this.post({ type: 'backendsProbed', probes: await probeAllBackends() });
    }));
  }

  /** The dataset fills up as shards stream in; it exists once the manifest has been read. */
  private get dataset() {
    return this.loader?.dataset;
  }

  private loadData(): Promise<void> {
    const loading = this.streamData();
    this.dataSettled = loading;
    return loading;
  }

  private async streamData(): Promise<void> {
    this.loader ??= new MnistLoader(this.dataUrl, {
      trainSize: this.trainSize,
      store: createDataStore(this.dataUrl),
      onProgress: (p) => {
        this.post({ type: 'dataProgress', progress: toProgress(p) });
        if (p.trainImagesLoaded > 0) this.markTrainingCanStart();
      },
    });
    try {
      await this.loader.load();
      this.post({ type: 'dataReady', progress: toProgress(this.loader.progress) });
      // On a GPU the training images go to the device now, in turn with other work, rather than at the next Train.
      const dataset = this.loader.dataset;
      if (dataset) this.enqueue(() => this.deviceImages.prepare(dataset));
    } catch (error) {
      const file = error instanceof DataError ? error.file : null;
      const message = error instanceof DataError ? { code: 'dataFailed' as const, problem: error.problem } : messageOf(error);
      this.post({ type: 'dataFailed', message, file });
    }
  }

  private async train(runId: number, layers: Parameters<typeof buildModel>[0], training: TrainingSpec): Promise<void> {
    // The warm-up the page shows counts from here: building the model (kernels compile on a GPU backend) and the first batch.
    const requestedAt = performance.now();
    this.runId = runId;
    const description = describeModel(layers);
    if (!description.isValid) {
      this.post({ type: 'trainingEnded', runId, reason: 'stopped', message: { code: 'modelInvalid' }, epochsCompleted: 0 });
      return;
    }
    const dataset = this.dataset;
    if (!dataset) {
      this.post({ type: 'trainingEnded', runId, reason: 'stopped', message: { code: 'dataNotArrived' }, epochsCompleted: 0 });
      return;
    }
    const model = buildModel(layers, { seed: training.seed, l1: training.l1, l2: training.l2 });
    const optimizer = createOptimizer(training.optimizer);
    // The shelf disposes the last run's model, and predictions follow this one as it learns.
    this.model = model;
    this.shelf.setTrained(model, runId, training.standardize);
    this.lastTraining = training;
    // Where the images come from is said after 'trainingStarted', which opens the run on the page.
    let isAnnounced = false;
    const placements: ImagePlacement[] = [];
    const placed = (placement: ImagePlacement) => {
      if (isAnnounced) this.post({ type: 'imagePlacement', runId, placement });
      else placements.push(placement);
    };
    const data = dataset.view(training, this.deviceImages.sourceFor(dataset, !isIdentityAugmentation(training.augmentation), placed));
    const trainer = new Trainer(model, optimizer, data, {
      epochs: training.epochs,
      batchSize: training.batchSize,
      learningRate: training.optimizer.learningRate,
      seed: training.seed,
      warmupStartedAt: requestedAt,
      earlyStopping: training.earlyStopping ?? undefined,
      schedule: training.schedule ?? null,
      // A GPU keeps the next batches queued while earlier figures come back (readback.ts).
      metricsLag: metricsLagFor(tf.getBackend()),
    }, {
      batchEnded: (m) => this.queueBatch(m),
      epochEnded: (metrics) => {
        this.flushBatches();
        this.post({ type: 'epochEnded', runId, metrics });
      },
      // The test set after each epoch, before the next one starts (skipped after the last: evaluateTest follows).
      afterEpoch: (epoch) => this.tests.afterEpoch(model, dataset, data, runId, epoch, training.epochs),
      paused: () => {
        this.flushBatches();
        this.post({ type: 'trainingPaused', runId });
      },
    });
    this.trainer = trainer;
    if (this.isStopPending) trainer.stop();
    this.post({
      type: 'trainingStarted',
      runId,
      trainCount: data.trainCount,
      validationCount: data.validationCount,
      testCount: data.testCount,
      batchesPerEpoch: Math.ceil(data.trainCount / training.batchSize),
      epochs: training.epochs,
      flopsPerExample: 3 * description.flops,
    });
    isAnnounced = true;
    for (const placement of placements) this.post({ type: 'imagePlacement', runId, placement });
    try {
      // The model was built without a break: a Stop pressed meanwhile gets in here, before the first batch compiles its kernels.
      await yieldToEventLoop();
      const outcome = await trainer.run();
      this.flushBatches();
      this.shelf.trainingEnded(model);
      this.post({ type: 'trainingEnded', runId, reason: outcome.reason, message: outcome.note ?? null, epochsCompleted: outcome.epochsCompleted });
      if (outcome.reason === 'completed' || outcome.reason === 'earlyStopped') await this.evaluateTest();
    } catch (error) {
      this.flushBatches();
      this.shelf.trainingEnded(model);
      this.post({ type: 'trainingEnded', runId, reason: 'stopped', message: { code: 'trainingFailed', detail: errorText(error) }, epochsCompleted: 0 });
    } finally {
      optimizer.dispose();
      this.trainer = null;
    }
  }

  private async evaluateTest(): Promise<void> {
    if (!this.model || !this.lastTraining || !this.dataset) {
      this.post({ type: 'engineError', message: { code: 'nothingToEvaluate' } });
      return;
    }
    const runId = this.runId;
    await this.tests.final(this.model, this.dataset, this.dataset.view(this.lastTraining), runId);
  }

  /** Numbers the answering model's description and writes the answer where the page reads it in its next frame. */
  private sharePrediction(id: number, result: QueryResult<'predict'>): void {
    const key = JSON.stringify(result.model);
    let serial = this.modelSerials.get(key);
    if (serial === undefined) this.modelSerials.set(key, (serial = this.modelSerials.size + 1));
    result.modelSerial = serial;
    this.answerSlot?.write(id, result.probabilities, serial);
  }

  /**
   * Answers one query with a 'replied' or 'queryFailed' event carrying its id. Predictions and
   * the shelf's bookkeeping run at once, between two training batches; what reads or trains a
   * whole model waits its turn behind training, so it never sees weights mid-step.
   */
  private query(id: number, query: Query): void {
    const answer = async () => {
      this.queued.delete(id);
      if (this.cancelled.delete(id)) return;
      try {
        const result = await this.answer(query);
        if (query.kind === 'predict') this.sharePrediction(id, result as QueryResult<'predict'>);
        const transfer = query.kind === 'exportModel' ? [(result as QueryResult<'exportModel'>).weightData]
          : query.kind === 'activations' ? activationsTransfer(result as QueryResult<'activations'>) : [];
        this.post({ type: 'replied', id, result }, transfer);
      } catch (error) {
        this.post({ type: 'queryFailed', id, message: messageOf(error) });
      }
    };
    if (query.kind === 'measureSpeed') {
      // Builds and trains a model of its own: it waits behind training like a run would.
      this.queued.add(id);
      this.enqueue(async () => {
        this.speedProbe = { id, isCancelled: false };
        try {
          await answer();
        } finally {
          this.speedProbe = null;
        }
      });
      return;
    }
    if (query.kind === 'exportModel' || query.kind === 'fineTune' || query.kind === 'saveModel' || query.kind === 'keepRunWeights' || query.kind === 'useRun') {
      this.queued.add(id);
      this.enqueue(answer);
    } else {
      void answer();
    }
  }

  private answer(query: Query): Promise<QueryResult<QueryKind>> {
    switch (query.kind) {
      case 'predict':
        return this.shelf.predict(query.pixels);
      case 'exportModel':
        return this.shelf.exportModel(query.source);
      case 'useModel':
        return this.shelf.use(query.source);
      case 'loadModel':
        return this.shelf.adopt(query.artifacts, 'loaded', { kind: 'given', text: query.name });
      case 'listSavedModels':
        return this.shelf.listSaved();
      case 'saveModel':
        return this.shelf.save(query.name);
      case 'openSavedModel':
        return this.shelf.openSaved(query.name);
      case 'renameSavedModel':
        return this.shelf.renameSaved(query.from, query.to);
      case 'deleteSavedModel':
        return this.shelf.deleteSaved(query.name);
      case 'keepRunWeights':
        return this.shelf.keepRun(query.runId);
      case 'useRun':
        return this.shelf.useRun(query.runId);
      case 'forgetRun':
        return this.shelf.forgetRun(query.runId);
      case 'activations':
        return answerActivations(this.shelf, this.dataset, query);
      case 'modelLayers':
        return answerModelLayers(this.shelf);
      case 'memory':
        return Promise.resolve(answerMemory());
      case 'measureSpeed': {
        const probe = this.speedProbe;
        return measureSpeed(query, () => probe?.isCancelled ?? false);
      }
      case 'testImages':
        return Promise.resolve(testImages(this.dataset, query.indices));
      case 'fineTune': {
        const dataset = this.dataset;
        if (!dataset) return Promise.reject(new EngineFailure({ code: 'dataNotArrived' }));
        return runFineTune(this.shelf, dataset, query.samples, query.options, (epoch, epochs, loss) => this.post({ type: 'fineTuneProgress', epoch, epochs, loss }));
      }
      default: {
        const unknown: never = query;
        return Promise.reject(new EngineFailure({ code: 'unknownCommand', detail: JSON.stringify(unknown) }));
      }
    }
  }

  private sendSamples(count: number): void {
    if (!this.dataset || this.dataset.loadedCount('train') < count) return;
    const { pixels, labels } = this.dataset.sampleImages('train', Array.from({ length: count }, (_, i) => i));
    this.post({ type: 'samples', pixels, labels, count: labels.length }, [pixels.buffer, labels.buffer]);
  }

  /** The first training images warped as training would warp them, for the preview strip. */
  private sendAugmentedSamples(count: number, augmentation: Augmentation, seed: number): void {
    const dataset = this.dataset;
    if (!dataset || count < 1 || count > dataset.count('train') || !dataset.hasShard('train', dataset.shardOf('train', count - 1))) return;
    const { pixels, labels } = dataset.sampleImages('train', Array.from({ length: count }, (_, i) => i));
    const warped = augmentImages(pixels, count, augmentation, seed);
    this.post({ type: 'augmentedSamples', pixels: warped, labels, count, augmentation, seed }, [warped.buffer, labels.buffer]);
  }

  private queueBatch(metrics: BatchMetrics): void {
    this.pendingBatches.push(metrics);
    if (performance.now() - this.lastFlush >= BATCH_FLUSH_MS) this.flushBatches();
  }

  private cancelSpeedProbe(): void {
    if (this.speedProbe) this.speedProbe.isCancelled = true;
  }

  private flushBatches(): void {
    if (this.pendingBatches.length === 0) return;
    this.post({ type: 'batchesEnded', runId: this.runId, batches: this.pendingBatches });
    this.pendingBatches = [];
    this.lastFlush = performance.now();
  }

  /** Every model lives on the old backend: the shelf disposes them all (the ready one reloads on demand). */
  private disposeModel(): void {
    this.deviceImages.dispose();
    this.shelf.clear();
    this.model = null;
  }
}

function toProgress(p: DataProgress): DataProgress {
  const { bytesLoaded, bytesTotal, bytesFromStore, trainImagesLoaded, trainImagesTotal, testImagesLoaded, testImagesTotal } = p;
  return { bytesLoaded, bytesTotal, bytesFromStore, trainImagesLoaded, trainImagesTotal, testImagesLoaded, testImagesTotal };
}
