/**
 * TensorFlow.js as the app uses it: the core ops with their gradients, Layers, and the cpu backend.
 *
 * The `@tensorflow/tfjs` package is these plus the WebGL backend, the graph-model converter and
 * tfjs-data, and it registers WebGL on import. The training worker compiles its script on every
 * visit (Chromium keeps no code cache for workers), and a WASM or CPU student never runs a line of
 * WebGL, so the app imports tfjs through here and loads each GPU backend only when it is tried
 * (engine/backends.ts). Same packages, same version: `@tensorflow/tfjs` depends on exactly these.
 */
import '@tensorflow/tfjs-core';
// The gradients (training) and the chained ops (tensor.add(...), which Layers calls), as the union package registers them.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-backend-cpu';

export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-layers';
