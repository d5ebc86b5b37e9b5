// `npx tsx bench/any-order-main.ts [--quick]`: the imputation and scoring speed alone (the full bench runs it too).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { acquireNodeGpu } from '../src/kernels/node-gpu';
import { createRuntime } from '../src/kernels/runtime';
import { benchAnyOrder } from './any-order-bench';

const rt = createRuntime(await acquireNodeGpu());
const demoCsv = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'adult.csv'), 'utf8');
console.log(`adapter: ${rt.ctx.adapterName}`);
console.log(JSON.stringify(await benchAnyOrder(rt, demoCsv, process.argv.includes('--quick')), null, 2));
rt.arena.destroy();
rt.device.destroy();
process.exit(0);
