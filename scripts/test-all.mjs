// `npm test`: installs what is missing, then type-checks and runs every test
// (unit tests on Dawn/SwiftShader, e2e in Chromium, and a smoke run of the benchmark).
import { spawnSync } from 'node:child_process';
import { ensureChromium, ensureNodeModules } from './ensure-setup.mjs';
import { gpuEnv } from './with-gpu-env.mjs';

ensureNodeModules();
ensureChromium();

const steps = [
  ['type-check', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['format and lint (Biome)', 'npx', ['biome', 'check', '.']],
  ['unit tests (vitest, Dawn + SwiftShader)', 'npx', ['vitest', 'run']],
  ['end-to-end tests (Playwright, Chromium + WebGPU)', 'npx', ['playwright', 'test', '--project=studio']],
  ['benchmark smoke run', 'node', ['bin/run-ts.mjs', 'bench/main.ts', '--quick']],
];

const env = gpuEnv();
const failed = [];
for (const [name, command, args] of steps) {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  if (result.status === 0) console.log(`=== ${name}: passed in ${seconds} s ===`);
  else {
    console.log(`=== ${name}: FAILED (exit ${result.status}) after ${seconds} s ===`);
    failed.push(name);
  }
}
console.log(`\n${steps.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length === 0 ? 0 : 1);
