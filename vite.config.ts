import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The studio only: the benchmark page (bench/page) and the ONNX parity page (e2e/onnx-page) have their own configs.
export default defineConfig({
  root: resolve(import.meta.dirname, 'app'),
  publicDir: resolve(import.meta.dirname, 'public'),
  plugins: [react()],
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  build: {
    outDir: resolve(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
  },
});
