/**
 * Plain-English sentences for the model file problems checkModelFiles finds. Kept apart from the
 * check so that it can move to the page's i18n layer, beside its other languages, in one piece.
 */
import { ALLOWED_LAYER_CLASSES, type ModelFileProblem } from './modelFile';
import { INPUT_SHAPE, NUM_CLASSES } from './spec';

const count = new Intl.NumberFormat('en-US');
const megabytes = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const DIGIT_SHAPE = INPUT_SHAPE.join('x');
/** The classes a student's layers become; InputLayer is not one they choose. */
const BUILT_CLASSES = ALLOWED_LAYER_CLASSES.filter((name) => name !== 'InputLayer').join(', ');

/** A size in bytes for a sentence: "1,024 bytes", or "5.2 MB" from a megabyte (2^20 bytes) up. */
function bytesText(bytes: number): string {
  return bytes >= 2 ** 20 ? `${megabytes.format(bytes / 2 ** 20)} MB` : `${count.format(bytes)} bytes`;
}

/** An input shape without its batch dimension: "32x32x3 images" for rank 3, "inputs of shape [784]" otherwise. */
function shapeText(shape: (number | null)[]): string {
  const sizes = shape.slice(1).map((size) => (size === null ? '?' : String(size)));
  return sizes.length === 3 ? `${sizes.join('x')} images` : `inputs of shape [${sizes.join(', ')}]`;
}

/** Returns one plain-English sentence (or two) saying what is wrong with the model files and, where it helps, what to do. */
export function modelFileProblemText(problem: ModelFileProblem): string {
  switch (problem.code) {
    case 'noModelJson':
      return 'No model.json among the files: choose the model.json and its .bin weights file together.';
    case 'severalModelJson':
      return `Several files could be the model.json (${problem.files.join(', ')}): choose just one model with its weights.`;
    case 'tooLarge':
      return `${problem.file} holds ${bytesText(problem.bytes)}; the playground reads at most ${bytesText(problem.limitBytes)}.`;
    case 'tooLargeTotal':
      return `The model's files hold ${bytesText(problem.bytes)} together; the playground reads at most ${bytesText(problem.limitBytes)}.`;
    case 'unreadableFile':
      return `${problem.file} could not be read: ${problem.detail}`;
    case 'badJson':
      return `model.json is not valid JSON: ${problem.detail}`;
    case 'notLayersModel':
      return problem.format !== null && problem.format !== 'layers-model'
        ? `This is a TensorFlow.js ${problem.format}; the playground loads layers models only (as model.save writes them).`
        : 'model.json does not describe a TensorFlow.js layers model (a Sequential or functional model topology).';
    case 'unknownLayerClass':
      return `Layer class '${problem.className}'${problem.layerName ? ` (layer ${problem.layerName})` : ''} is not one the playground builds (it builds ${BUILT_CLASSES}).`;
    case 'notSingleInputOutput':
      return `This model has ${problem.inputs} inputs and ${problem.outputs} outputs; the playground's models have one of each.`;
    case 'wrongInputShape':
      return problem.shape === null
        ? `model.json does not say what input the model takes; the playground's digits are ${DIGIT_SHAPE}.`
        : `This model expects ${shapeText(problem.shape)}; the playground's digits are ${DIGIT_SHAPE}.`;
    case 'wrongOutputShape':
      return problem.units === null
        ? `This model does not end in a Dense layer; the playground needs one with ${NUM_CLASSES} units, one per digit.`
        : `This model ends in ${count.format(problem.units)} units; the playground needs ${NUM_CLASSES}, one per digit.`;
    case 'badWeightsManifest':
      return 'The weightsManifest in model.json is missing or malformed, so the weights cannot be found.';
    case 'badWeightSpec':
      return `Weight ${problem.weight} in model.json has no valid name, shape or dtype.`;
    case 'unsupportedDtype':
      return `Weight ${problem.weight} is stored as ${problem.dtype}; the playground reads float32 and int32 weights only.`;
    case 'quantizedWeights':
      return `Weight ${problem.weight} is quantized to ${problem.dtype}; save the model without quantization.`;
    case 'missingWeightsFile':
      return `model.json needs the weights file ${problem.file}, which is not among the chosen files.`;
    case 'weightsSizeMismatch':
      return problem.file === null
        ? `The weights files hold ${count.format(problem.actualBytes)} bytes; model.json needs ${count.format(problem.expectedBytes)}.`
        : `The weights file ${problem.file} holds ${count.format(problem.actualBytes)} bytes; model.json needs ${count.format(problem.expectedBytes)}.`;
  }
}
