/**
 * What the page does before React: reads the link into the store and starts the engine, so the
 * training worker (its script, the WASM backend, the first data shard) loads while the page's own
 * code is still being fetched, parsed and rendered for the first time. main.tsx runs it first and
 * only then loads the app.
 */
import { READY_MODEL_PATH } from '../core/model/readyModel';
import { engine, useAppStore } from '../store/appStore';
import { applyHash, type HashStart } from '../store/urlSync';

// Absolute: the worker resolves a relative URL against its own script (assets/), not the page,
// and the build's base is './' so that it runs under any sub-path.
export const DATA_URL = new URL(`${import.meta.env.BASE_URL}data/mnist/`, location.href).href;
const READY_MODEL_URL = new URL(`${import.meta.env.BASE_URL}${READY_MODEL_PATH}`, location.href).href;

/** Read once, before the engine starts (the backend choice is in it) and before the first render. */
export const hashStart: HashStart = applyHash(location.hash);

engine.start({
  dataUrl: DATA_URL,
  readyModelUrl: READY_MODEL_URL,
  backend: useAppStore.getState().settings.backend,
  mainThread: hashStart.flags.thread === 'main',
});
