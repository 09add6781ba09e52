import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

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

export default defineConfig({
  plugins: [react()],
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
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-backend-webgpu',
      '@tensorflow/tfjs-vis',
      'fast-png',
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
