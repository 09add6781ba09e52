import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

// Cross-origin isolation lets the WASM backend use SharedArrayBuffer threads.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The WASM backend's threaded build hands its Emscripten factory to its worker threads as source
 * text (Function.prototype.toString). Oxc's compressor rewrites that factory's
 * `typeof _scriptDir !== "undefined"` into `_scriptDir !== void 0`, which throws once the text
 * runs outside its enclosing scope: the built app's WASM threads then die with "e is not defined"
 * (tfjs-backend-wasm's README, "JS minification"). Oxc has no switch for that one rewrite, so the
 * build mangles names and strips whitespace but does not compress: about 5% larger (790 kB
 * gzipped instead of 768 kB), and it trains. Terser's `typeofs: false` would also do, at ten times
 * the build time.
 */
const minifyKeepingTypeofs = { compress: false, mangle: true } as const;

/**
 * The service worker (production builds only): Workbox precaches the app shell, the WASM binaries
 * and the ready model, each with a content revision, so a second visit starts offline and a new
 * build replaces exactly the files that changed. The MNIST shards are not precached: the loader
 * keeps each one in a cache of its own once its SHA-256 matches the manifest (engine/dataCache.ts),
 * which a first visit fills with the bytes it downloads anyway; precaching them would download the
 * 12 MB a second time while the page streams them (Workbox refetches revisioned files with
 * `cache: 'reload'`), and would store them unverified.
 */
const serviceWorker = VitePWA({
  registerType: 'prompt',
  // Registered by src/app/serviceWorker.ts through virtual:pwa-register.
  injectRegister: null,
  manifest: false,
  workbox: {
    globPatterns: ['**/*.{html,js,css,wasm,svg}', 'models/ready/*'],
    globIgnores: ['data/**'],
    // The app's main chunk (tfjs and its backends) is about 3.5 MB before compression.
    maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
    cleanupOutdatedCaches: true,
  },
});

export default defineConfig({
  // Relative URLs everywhere, so the same build runs from any static host under any sub-path.
  base: './',
  plugins: [react(), serviceWorker],
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  worker: { format: 'es', rolldownOptions: { output: { minify: minifyKeepingTypeofs } } },
  // Pre-bundle the heavy dependencies at start-up so the first page load never triggers
  // a dependency re-optimisation (and a full reload) in the middle of an end-to-end test.
  optimizeDeps: {
    // The workers' imports too, so the scan finds everything before the first page load.
    entries: ['index.html', 'bench.html', 'src/**/*.worker.ts'],
    include: [
      '@tensorflow/tfjs',
      '@tensorflow/tfjs-core',
      '@tensorflow/tfjs-core/dist/register_all_gradients',
      '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops',
      '@tensorflow/tfjs-layers',
      '@tensorflow/tfjs-backend-cpu',
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-backend-webgl',
      '@tensorflow/tfjs-backend-webgpu',
      '@tensorflow/tfjs-vis',
      'fast-png',
      'vega',
      'vega-embed',
      'react',
      'react-dom/client',
      'zustand',
    ],
  },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    rolldownOptions: { output: { minify: minifyKeepingTypeofs } },
  },
});
