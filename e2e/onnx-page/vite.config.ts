import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The ONNX parity page (e2e/onnx.spec.ts), built apart from the studio so the product ships none of it;
// playwright.config.ts serves it on ONNX_PAGE_PORT (e2e/onnx-page/port.ts).
export default defineConfig({
  root: import.meta.dirname,
  publicDir: resolve(import.meta.dirname, '../../public'),
  worker: { format: 'es' },
  preview: { host: '127.0.0.1', strictPort: true },
  build: {
    outDir: resolve(import.meta.dirname, '../artifacts/onnx-page'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: { input: resolve(import.meta.dirname, 'onnx-check.html') },
  },
  logLevel: 'warn',
});
