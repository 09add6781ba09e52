/**
 * One sample of every coded message core, engine and store can return, for the catalogue tests.
 * Each table is typed by its union's codes, so a new code fails the type check here until it has
 * a sample, and the catalogue test then words it in every language.
 */
import type { FieldProblem } from '../core/config/fields';
import type { HashProblem } from '../core/config/hash';
import type { LayerItemProblem } from '../core/config/layersCodec';
import type { DataProblem } from '../core/data/loader';
import type { LayerProblem } from '../core/model/describe';
import type { ModelFileProblem } from '../core/model/modelFile';
import type { BackendNote, ProbeProblem, SkipReason } from '../engine/messages';
import type { AppMessage } from '../store/messages';

type Samples<M extends { code: string }> = { [C in M['code']]: Extract<M, { code: C }> };

/** Raw texts from tfjs or the browser travel as details; a neutral one keeps the language checks honest. */
const DETAIL = 'E_42';

export const LAYER_PROBLEMS: Samples<LayerProblem> = {
  notWholeNumber: { code: 'notWholeNumber', setting: 'filters', value: 0 },
  tooLarge: { code: 'tooLarge', setting: 'units', value: 10_000, max: 4096 },
  badPadding: { code: 'badPadding', value: 'full1' },
  unknownActivation: { code: 'unknownActivation', value: 'swish1', allowed: ['relu', 'tanh'] },
  badDropoutRate: { code: 'badDropoutRate', value: 1 },
  unknownLayerKind: { code: 'unknownLayerKind', kind: 'lstm2' },
  kernelTooLarge: { code: 'kernelTooLarge', kernel: 5, input: [4, 4] },
  poolTooLarge: { code: 'poolTooLarge', pool: 2, input: [1, 1] },
  denseNeedsFlat: { code: 'denseNeedsFlat', input: [26, 26, 8] },
  needsImage: { code: 'needsImage', layer: 'conv2d', size: 784 },
  lastLayerNotClassifier: { code: 'lastLayerNotClassifier', layer: { kind: 'dense', units: 10, activation: 'relu' }, classes: 10 },
  noLayers: { code: 'noLayers', classes: 10 },
};

export const FIELD_PROBLEMS: Samples<FieldProblem> = {
  fieldEmpty: { code: 'fieldEmpty', field: 'batchSize' },
  fieldNotNumber: { code: 'fieldNotNumber', field: 'epochs' },
  fieldOutOfRange: { code: 'fieldOutOfRange', field: 'learningRate', min: 0.000001, max: 10 },
  fieldNotChoice: { code: 'fieldNotChoice', field: 'optimizer', value: 'n3sterov', options: ['sgd', 'adam'] },
  fieldNotBoolean: { code: 'fieldNotBoolean', field: 'augment' },
};

export const LINK_LAYER_PROBLEMS: Samples<LayerItemProblem> = {
  listEmpty: { code: 'listEmpty' },
  listTooLong: { code: 'listTooLong', max: 2000 },
  tooManyLayers: { code: 'tooManyLayers', max: 32, count: 33 },
  emptyItem: { code: 'emptyItem' },
  unknownKindToken: { code: 'unknownKindToken', token: 'lstm2', known: ['conv', 'dense'] },
  takesNoValues: { code: 'takesNoValues', token: 'flatten' },
  wrongValueCount: { code: 'wrongValueCount', token: 'conv', expected: 5, got: 2, form: 'conv:FILTERS:KERNEL:STRIDE:PADDING:ACTIVATION' },
  notANumber: { code: 'notANumber', name: 'filters', value: 'x' },
  notOneOf: { code: 'notOneOf', name: 'padding', value: 'full1', options: ['valid', 'same'] },
  layer: { code: 'layer', problem: { code: 'badDropoutRate', value: 1 } },
};

export const LINK_PROBLEMS: Samples<HashProblem> = {
  linkUnreadable: { code: 'linkUnreadable' },
  unknownVersion: { code: 'unknownVersion', version: 'x' },
  newerVersion: { code: 'newerVersion' },
  notASetting: { code: 'notASetting' },
  unknownPreset: { code: 'unknownPreset', preset: 'p1' },
  badLayers: { code: 'badLayers', errors: [{ item: 2, text: 'lstm:4', reason: { code: 'emptyItem' } }, { item: 0, text: '', reason: { code: 'listEmpty' } }] },
  notHideable: { code: 'notHideable', name: 'warp-drive' },
  unknownLanguage: { code: 'unknownLanguage', value: 'x1' },
  unknownView: { code: 'unknownView', value: 'x3' },
  badField: { code: 'badField', problem: { code: 'fieldEmpty', field: 'epochs' } },
};

export const DATA_PROBLEMS: Samples<DataProblem> = {
  manifestDamaged: { code: 'manifestDamaged', file: 'manifest.json', detail: DETAIL },
  incomplete: { code: 'incomplete', file: 'train-01.png', received: 1000, expected: 2000 },
  checksumMismatch: { code: 'checksumMismatch', file: 'train-00.png' },
  undecodable: { code: 'undecodable', file: 'test-01.png', detail: DETAIL },
  pixelMismatch: { code: 'pixelMismatch', file: 'test-01.png' },
  networkFailed: { code: 'networkFailed', file: 'train-01.png' },
  httpStatus: { code: 'httpStatus', file: 'train-00.png', status: 404 },
  interrupted: { code: 'interrupted', file: 'train-02.png' },
};

export const PROBE_PROBLEMS: Samples<ProbeProblem> = {
  noWebGpu: { code: 'noWebGpu' },
  requestAdapterFailed: { code: 'requestAdapterFailed', detail: DETAIL },
  noGpuAdapter: { code: 'noGpuAdapter' },
  noWebGl2: { code: 'noWebGl2' },
  webGlFailed: { code: 'webGlFailed', detail: DETAIL },
  noWebAssembly: { code: 'noWebAssembly' },
  initFailed: { code: 'initFailed', backend: 'webgl', detail: DETAIL },
};

export const SKIP_REASONS: Samples<SkipReason> = {
  unavailable: { code: 'unavailable', problem: { code: 'noGpuAdapter' } },
  softwareGpu: { code: 'softwareGpu', renderer: 'SwiftShader-4' },
  didNotStart: { code: 'didNotStart', problem: { code: 'initFailed', backend: 'webgpu', detail: null } },
};

export const BACKEND_NOTES: Samples<BackendNote> = {
  wasmSimd: { code: 'wasmSimd', isOn: true },
  wasmThreads: { code: 'wasmThreads', count: 2 },
};

export const MODEL_FILE_PROBLEMS: Samples<ModelFileProblem> = {
  noModelJson: { code: 'noModelJson' },
  severalModelJson: { code: 'severalModelJson', files: ['a/model.json', 'b/model.json'] },
  tooLarge: { code: 'tooLarge', file: 'model.json', bytes: 5 * 2 ** 20 + 1, limitBytes: 5 * 2 ** 20 },
  tooLargeTotal: { code: 'tooLargeTotal', bytes: 50 * 2 ** 20 + 100, limitBytes: 50 * 2 ** 20 },
  unreadableFile: { code: 'unreadableFile', file: 'x.bin', detail: DETAIL },
  badJson: { code: 'badJson', detail: DETAIL },
  notLayersModel: { code: 'notLayersModel', format: 'graph-model' },
  unknownLayerClass: { code: 'unknownLayerClass', className: 'Lambda2', layerName: 'batchNorm_1' },
  notSingleInputOutput: { code: 'notSingleInputOutput', inputs: 2, outputs: 1 },
  wrongInputShape: { code: 'wrongInputShape', shape: [null, 32, 32, 3] },
  wrongOutputShape: { code: 'wrongOutputShape', units: 12 },
  badWeightsManifest: { code: 'badWeightsManifest' },
  badWeightSpec: { code: 'badWeightSpec', weight: 'conv2d_0/kernel' },
  unsupportedDtype: { code: 'unsupportedDtype', weight: 'conv2d_0/kernel', dtype: 'float16' },
  quantizedWeights: { code: 'quantizedWeights', weight: 'conv2d_0/kernel', dtype: 'uint8' },
  missingWeightsFile: { code: 'missingWeightsFile', file: 'mnist-model.weights.bin' },
  weightsSizeMismatch: { code: 'weightsSizeMismatch', file: null, expectedBytes: 734_248, actualBytes: 1024 },
};

export const APP_MESSAGES: Samples<AppMessage> = {
  lossNotFinite: { code: 'lossNotFinite', loss: 'nan', epoch: 1, batch: 5, learningRate: 0.5, suggestedLearningRate: 0.05 },
  lossExploded: { code: 'lossExploded', from: 2.31, to: 9.87, epoch: 1, batch: 30, learningRate: 10, suggestedLearningRate: 1 },
  earlyStopped: { code: 'earlyStopped', epoch: 8, patience: 3, bestEpoch: 5, bestLoss: 0.31234, isRestored: true },
  modelInvalid: { code: 'modelInvalid' },
  dataNotArrived: { code: 'dataNotArrived' },
  trainingFailed: { code: 'trainingFailed', detail: DETAIL },
  nothingToEvaluate: { code: 'nothingToEvaluate' },
  unknownCommand: { code: 'unknownCommand', detail: DETAIL },
  noBackend: { code: 'noBackend', probes: [{ name: 'webgpu', problem: { code: 'noWebGpu' } }, { name: 'cpu', problem: null }] },
  dataFailed: { code: 'dataFailed', problem: { code: 'httpStatus', file: 'train-00.png', status: 404 } },
  readyModelUnavailable: { code: 'readyModelUnavailable', url: '/models/ready/model.json', detail: DETAIL },
  noTrainedModel: { code: 'noTrainedModel' },
  noTrainedWeights: { code: 'noTrainedWeights' },
  notTenClasses: { code: 'notTenClasses', shape: [1, 12] },
  savedNameTaken: { code: 'savedNameTaken', name: 'cnn-1' },
  noKeptSamples: { code: 'noKeptSamples' },
  tooManyKeptSamples: { code: 'tooManyKeptSamples', max: 500 },
  dataIncomplete: { code: 'dataIncomplete' },
  fineTuneDiverged: { code: 'fineTuneDiverged', note: null },
  workerFailed: { code: 'workerFailed', detail: DETAIL },
  engineStopped: { code: 'engineStopped' },
  engineNotStarted: { code: 'engineNotStarted' },
  exception: { code: 'exception', detail: DETAIL },
  nameEmpty: { code: 'nameEmpty' },
  nameTooLong: { code: 'nameTooLong', max: 60 },
  nameInUse: { code: 'nameInUse', name: 'cnn-1' },
  savedAs: { code: 'savedAs', name: 'cnn-1' },
  deleted: { code: 'deleted', name: 'cnn-1' },
  loaded: { code: 'loaded', name: 'model.json' },
  listFailed: { code: 'listFailed', problem: { code: 'exception', detail: DETAIL } },
  modelFileRefused: { code: 'modelFileRefused', problem: { code: 'badJson', detail: DETAIL } },
  modelLoadFailed: { code: 'modelLoadFailed', problem: { code: 'notTenClasses', shape: [1, 12] } },
  storedUnreadable: { code: 'storedUnreadable', count: 2 },
  storageReadFailed: { code: 'storageReadFailed', detail: DETAIL },
  keepFailed: { code: 'keepFailed', detail: DETAIL },
  deleteFailed: { code: 'deleteFailed', detail: DETAIL },
  // The run history.
  runWeightsMissing: { code: 'runWeightsMissing', runId: 3 },
  runsUnreadable: { code: 'runsUnreadable', count: 2, detail: '4:version; 5:test.accuracy' },
  historyReadFailed: { code: 'historyReadFailed', detail: DETAIL },
  historyFull: { code: 'historyFull' },
  historyWriteFailed: { code: 'historyWriteFailed', detail: DETAIL },
};
