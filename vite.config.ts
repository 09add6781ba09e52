import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Cross-origin isolation lets the WASM backend use SharedArrayBuffer threads.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react()],
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  worker: { format: 'es' },
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
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
});
