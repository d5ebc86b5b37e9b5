import react from '@vitejs/plugin-react';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const appDir = resolve(import.meta.dirname, 'app');

export default defineConfig({
  root: appDir,
  publicDir: resolve(import.meta.dirname, 'public'),
  plugins: [react()],
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  build: {
    outDir: resolve(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: Object.fromEntries(
        ['index', 'bench', 'onnx-check']
          .map((name) => [name, resolve(appDir, `${name}.html`)] as const)
          .filter(([, path]) => existsSync(path)),
      ),
    },
  },
});
