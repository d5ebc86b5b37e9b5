import { defineConfig } from '@playwright/test';

/** The browser half of `npm run bench`: e2e/bench.spec.ts only, tagged @bench, never in the test suite. */
export const BENCH_PORT = 5199;

export default defineConfig({
  testDir: '../e2e',
  testMatch: 'bench.spec.ts',
  grep: /@bench/,
  timeout: 30 * 60_000,
  workers: 1,
  reporter: 'line',
  use: {
    baseURL: `http://127.0.0.1:${BENCH_PORT}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=swiftshader', '--use-webgpu-adapter=swiftshader'],
    },
  },
  webServer: {
    command: `npx vite --config bench/vite.bench.config.ts --port ${BENCH_PORT}`,
    cwd: '..',
    url: `http://127.0.0.1:${BENCH_PORT}/bench.html`,
    reuseExistingServer: false,
    timeout: 120_000,
  },
});
