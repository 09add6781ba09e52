/**
 * Finds English left in text that should be Chinese: every run of Latin letters that is not a
 * technical name kept as it is (Conv2D, ReLU, Adam, WebGPU, MNIST, ...) and does not look like
 * code (a file name, a number with a unit, a value from a link). Shared by the catalogue test and
 * the end-to-end walk of the page in zh-CN.
 */

/** Names Chinese tutorials write as they are, lower-cased. */
export const TECHNICAL_NAMES: readonly string[] = [
  // Layers, activations, padding, the link grammar's kinds.
  'conv', 'maxpool', 'avgpool', 'batchnorm', 'flatten', 'dense', 'dropout', 'relu', 'leaky', 'elu', 'sigmoid', 'tanh', 'linear', 'softmax',
  'valid', 'same',
  // The link's view name (view=present).
  'present',
  // Optimizers.
  'sgd', 'adam', 'rmsprop', 'adagrad', 'adadelta',
  // Backends and the platform.
  'webgpu', 'webgl', 'webassembly', 'wasm', 'simd', 'cpu', 'gpu', 'javascript', 'xnnpack', 'swiftshader', 'navigator', 'requestadapter',
  // Web platform names: Service Worker, Cache Storage, SharedArrayBuffer, https, localhost.
  'service', 'worker', 'cache', 'storage', 'sharedarraybuffer', 'https', 'localhost',
  // Data, frameworks, formats, units.
  'mnist', 'tensorflow', 'tfjs', 'keras', 'pytorch', 'python', 'lenet', 'lecun', 'cnn', 'json', 'csv', 'http', 'nan', 'mb', 'kb', 'gb', 'mflop', 'gflop',
  'layersmodel', 'sequential', 'weightsmanifest',
  // tfjs layer classes a model file may name.
  'batchnormalization', 'leakyrelu', 'activation', 'inputlayer',
  // The language switch names English in English; links name languages by their tags (en, zh-CN).
  'english', 'en',
];

const TOKEN = /[A-Za-z0-9_.:/\-+@#%'’]+/g;
/** Digits, dots, underscores, slashes, colons or hyphens: a file name, a value, a shape, a link item. */
const CODE_LIKE = /[0-9_.:/\-@#%]/;

/** The words of `text` that read as English and are not on the list of technical names. */
export function englishWords(text: string, allowed: readonly string[] = TECHNICAL_NAMES): string[] {
  const found: string[] = [];
  for (const token of text.match(TOKEN) ?? []) {
    const word = token.replace(/['’]s$/, '');
    if (CODE_LIKE.test(word) || word.length < 2) continue;
    if (!/^[A-Za-z]+$/.test(word)) continue;
    if (allowed.includes(word.toLowerCase())) continue;
    found.push(word);
  }
  return found;
}
