import { defineConfig } from 'vite';

// Serves bench/page/bench.html for the browser benchmark only (the studio has its own vite.config.ts).
// Cross-origin isolation gives the page SharedArrayBuffer, which tfjs-wasm needs for threads.
export default defineConfig({
  root: new URL('./page', import.meta.url).pathname,
  publicDir: new URL('../public', import.meta.url).pathname,
  server: {
    host: '127.0.0.1',
    strictPort: true,
    headers: {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    },
  },
  logLevel: 'warn',
});
