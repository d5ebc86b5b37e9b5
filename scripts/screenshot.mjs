// `npm run screenshot`: refreshes the README's picture of the studio mid-run (docs/studio-mid-run.png)
// by running the end-to-end full-path test with README_SCREENSHOT set. `npm test` never writes it.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { gpuEnv } from './with-gpu-env.mjs';

const env = { ...gpuEnv(), README_SCREENSHOT: resolve(import.meta.dirname, '..', 'docs', 'studio-mid-run.png') };
const result = spawnSync('npx', ['playwright', 'test', '--project=studio', '--grep', 'the full path'], { stdio: 'inherit', env });
if (result.status === 0) console.log(`\nWrote ${env.README_SCREENSHOT}`);
process.exit(result.status ?? 1);
