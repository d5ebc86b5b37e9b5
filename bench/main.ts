// `npm run bench [-- --quick] [-- --no-browser]`: matmul, training and sampling, ours against the
// TensorFlow.js peer, in Node (Dawn) and in Chromium (bench.html through Playwright). Prints a
// table and writes bench/out/summary.json (+ node.json, browser.json). Timings are never asserted.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { acquireNodeGpu } from '../src/kernels/node-gpu';
import { createRuntime } from '../src/kernels/runtime';
import { benchAnyOrder } from './any-order-bench';
import { runBrowserBench } from './browser-run';
import { measureIngestMemory } from './ingest-memory';
import { useNodeBackend } from './peer/node-backends';
import { detailTables, matmulTable, metricsTable } from './report';
import { runSuite, type SuiteResult } from './suite';
import { buildSummary } from './summary';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'no-browser': { type: 'boolean', default: false },
  },
});
const quick = values.quick!;
const benchDir = dirname(fileURLToPath(import.meta.url));
const outDir = join(benchDir, 'out');
mkdirSync(outDir, { recursive: true });

const ctx = await acquireNodeGpu();
const rt = createRuntime(ctx);
const keepAlive: unknown[] = [];
console.log(`adapter: ${ctx.adapterName} ${JSON.stringify(ctx.features)}`);
const node = await runSuite(
  {
    source: 'node',
    rt,
    tf,
    useBackend: (name) => useNodeBackend(name, keepAlive),
    demoCsv: async () => readFileSync(join(benchDir, '..', 'public', 'adult.csv'), 'utf8'),
    log: (line) => console.log(line),
  },
  quick,
);
writeFileSync(join(outDir, 'node.json'), JSON.stringify(node, null, 2));
console.log('imputation and scoring on demo rows');
const anyOrder = await benchAnyOrder(rt, readFileSync(join(benchDir, '..', 'public', 'adult.csv'), 'utf8'), quick);
console.log(
  `impute_rows_per_s ${anyOrder.impute_rows_per_s.toFixed(1)}, score_rows_per_s ${anyOrder.score_rows_per_s.toFixed(1)} (${anyOrder.orders} orders a row)`,
);

let browser: SuiteResult | { error: string } | undefined;
if (!values['no-browser']) {
  console.log('browser: bench.html in Chromium through Playwright');
  browser = await runBrowserBench(quick, join(outDir, 'browser.json'));
}

console.log(`ingest memory: ${quick ? 'a small file (--quick)' : 'a 200 MB file'} in a child process`);
const ingestMemory = await measureIngestMemory(quick);
console.log(
  `ingest peak RSS ${(ingestMemory.peakRssBytes / 2 ** 20).toFixed(0)} MiB for a ${(ingestMemory.fileBytes / 2 ** 20).toFixed(0)} MiB file ` +
    `(${ingestMemory.rows} rows): ingest_peak_rss_ratio ${ingestMemory.ingest_peak_rss_ratio.toFixed(2)}`,
);

const results = [node, ...(browser && !('error' in browser) ? [browser] : [])];
console.log();
for (const r of results) console.log(`${matmulTable(r)}\n`);
console.log(`${detailTables(node)}\n`);
console.log(metricsTable(results));
const summary = buildSummary(node, browser, ingestMemory, anyOrder);
for (const [key, why] of Object.entries(summary.pending)) console.log(`pending ${key}: ${why}`);
writeFileSync(join(outDir, 'summary.json'), JSON.stringify(summary, null, 2));
console.log(`\nwrote ${join(outDir, 'summary.json')}`);
rt.arena.destroy();
ctx.device.destroy();
// Dawn's instance keeps the event loop alive; a failed browser half fails the command.
process.exit(browser && 'error' in browser ? 1 : 0);
