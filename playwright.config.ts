import { defineConfig } from '@playwright/test';
import { ONNX_PAGE_PORT } from './e2e/onnx-page/port';

/** Drives the built app in Debian's Chromium, whose SwiftShader adapter gives WebGPU without a GPU. */
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 600_000,
  expect: { timeout: 60_000 },
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: 'http://127.0.0.1:4173',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--enable-unsafe-webgpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  // The browser benchmark (e2e/bench.spec.ts) has its own config: bench/playwright.config.ts.
  projects: [{ name: 'studio', testIgnore: /bench\.spec\.ts/ }],
  webServer: [
    {
      command: 'npx vite build --logLevel warn && npx vite preview --strictPort',
      url: 'http://127.0.0.1:4173',
      reuseExistingServer: !process.env.CI,
      timeout: 300_000,
    },
    {
      // The ONNX parity page (e2e/onnx.spec.ts), built apart from the studio.
      command: `npx vite build --config e2e/onnx-page/vite.config.ts && npx vite preview --config e2e/onnx-page/vite.config.ts --port ${ONNX_PAGE_PORT}`,
      url: `http://127.0.0.1:${ONNX_PAGE_PORT}/onnx-check.html`,
      reuseExistingServer: !process.env.CI,
      timeout: 300_000,
    },
  ],
});
