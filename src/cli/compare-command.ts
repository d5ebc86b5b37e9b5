import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type CompareRun, compareMarkdown, summarizeCompare } from '../align/compare-report';
import { alignFrom } from '../align/run-alignment';
import { OBJECTIVES, REWARDS, type Objective, type RewardName } from '../align/run-config';
import { roundSeed, RunSession } from '../align/run-session';
import { tableToCsv } from '../data/csv-export';
import { independentMarginals } from '../eval/reference-cases';
import { acquireNodeGpu } from '../kernels/node-gpu';
import { createRuntime } from '../kernels/runtime';
import { loadTables } from './load-tables';
import { createProgressPrinter } from './progress-printer';
import { numberOption, RUN_OPTIONS, RUN_OPTIONS_USAGE, runConfigFrom, tableSourcesFrom } from './run-options';

const USAGE = `usage: tabgraa compare [TRAIN.csv] --holdout TEST.csv --target COL [options]

Per seed: one SFT model, then every method × reward from that same checkpoint. Writes
DIR/sft-seed<S>.csv, DIR/<method>-<reward>-seed<S>.csv, DIR/report.json and DIR/report.md.
Methods that use no reward (none, sft-continue) run once per seed, with reward "na". Beside them,
every seed evaluates the independent-marginals baseline (each column sampled from its real marginal).

${RUN_OPTIONS_USAGE}
  --methods LIST      default none,sft-continue,tabgraa,dpo,kto,npo
  --rewards LIST      default classifier,random
  --pairs LIST        instead of methods × rewards, run exactly these method/reward pairs,
                      e.g. none/na,tabgraa/classifier,tabgraa/random
  --seeds N           seeds 1..N (default 5)
  --out DIR           output folder (default compare-out)`;

const REWARD_FREE: ReadonlySet<string> = new Set(['none', 'sft-continue']);

function parseList<T extends string>(text: string, allowed: readonly T[], flag: string): T[] {
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const item of items) {
    if (!allowed.includes(item as T)) throw new Error(`--${flag}: unknown "${item}". Choose from: ${allowed.join(', ')}.`);
  }
  if (!items.length) throw new Error(`--${flag} is empty.`);
  return items as T[];
}

type Pair = { method: Objective; reward: RewardName | 'na' };

function crossPairs(methods: Objective[], rewards: RewardName[]): Pair[] {
  return methods.flatMap((method): Pair[] => (REWARD_FREE.has(method) ? [{ method, reward: 'na' }] : rewards.map((reward) => ({ method, reward }))));
}

function parsePairs(text: string): Pair[] {
  return text.split(',').map((item) => {
    const [method, reward = 'na'] = item.trim().split('/');
    parseList(method, OBJECTIVES, 'pairs');
    if (REWARD_FREE.has(method)) return { method: method as Objective, reward: 'na' as const };
    parseList(reward, REWARDS, 'pairs');
    return { method: method as Objective, reward: reward as RewardName };
  });
}

export async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...RUN_OPTIONS,
      methods: { type: 'string', default: 'none,sft-continue,tabgraa,dpo,kto,npo' },
      rewards: { type: 'string', default: 'classifier,random' },
      pairs: { type: 'string' },
      seeds: { type: 'string', default: '5' },
      out: { type: 'string', default: 'compare-out' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const pairs: Pair[] = values.pairs
    ? parsePairs(values.pairs)
    : crossPairs(parseList<Objective>(values.methods!, OBJECTIVES, 'methods'), parseList<RewardName>(values.rewards!, REWARDS, 'rewards'));
  const seeds = Array.from({ length: numberOption(values, 'seeds', true) }, (_, i) => i + 1);
  const outDir = values.out!;
  await mkdir(outDir, { recursive: true });
  const rt = createRuntime(await acquireNodeGpu());
  console.error(`WebGPU adapter: ${rt.ctx.adapterName}`);
  const runs: CompareRun[] = [];
  const started = performance.now();

  for (const seed of seeds) {
    // The training sample is part of what a seed varies.
    const tables = await loadTables(tableSourcesFrom(values, positionals[0], seed));
    const base = runConfigFrom(values, 'none', 'random', seed);
    const session = new RunSession(rt, tables, base);
    const print = createProgressPrinter(process.stderr, `[seed ${seed}] `);
    const sftStarted = performance.now();
    const sftCheckpoint = await session.trainSftAndFreeze(print, {});
    const sftSamples = await session.sampleRows(base.rowsPerRound, roundSeed(seed, 0));
    const sftMetrics = { round: 0, ...(await session.evaluate(sftSamples.table, roundSeed(seed, 0))) };
    const sftSeconds = (performance.now() - sftStarted) / 1000;
    await writeFile(join(outDir, `sft-seed${seed}.csv`), tableToCsv(sftSamples.table, tables.schema));
    console.error(`[seed ${seed}] SFT done in ${sftSeconds.toFixed(0)} s`);

    // method.md §5: the independent-marginals table, the floor a generator must beat on Trend, the boosted detector and MLE.
    const marginals = independentMarginals(tables.train, base.rowsPerRound, seed);
    const marginalsMetrics = { round: base.rounds, ...(await session.evaluate(marginals, roundSeed(seed, base.rounds))) };
    runs.push({ method: 'marginals-baseline', reward: 'na', seed, rounds: [marginalsMetrics], seconds: 0 });

    for (const { method, reward } of pairs) {
      const runStarted = performance.now();
      session.restore(sftCheckpoint);
      session.configure({ ...base, method, reward: reward === 'na' ? 'random' : reward });
      const result = await alignFrom(session, 0, createProgressPrinter(process.stderr, `[seed ${seed} ${method}/${reward}] `), {}, {
        samples: sftSamples,
        result: sftMetrics,
      });
      await writeFile(join(outDir, `${method}-${reward}-seed${seed}.csv`), tableToCsv(result.samples.table, tables.schema));
      runs.push({ method, reward, seed, rounds: result.rounds, seconds: (performance.now() - runStarted) / 1000 });
      await writeReports(outDir, runs, { totalSeconds: (performance.now() - started) / 1000, argv });
    }
  }
  console.error(`Wrote ${join(outDir, 'report.json')} and ${join(outDir, 'report.md')}.`);
  rt.device.destroy();
}

async function writeReports(outDir: string, runs: CompareRun[], meta: { totalSeconds: number; argv: string[] }): Promise<void> {
  const summaries = summarizeCompare(runs);
  await writeFile(join(outDir, 'report.json'), JSON.stringify({ command: `tabgraa compare ${meta.argv.join(' ')}`, totalSeconds: meta.totalSeconds, summaries, runs }, null, 2));
  await writeFile(join(outDir, 'report.md'), compareMarkdown(summaries, `tabgraa compare (${(meta.totalSeconds / 60).toFixed(1)} min so far)`));
}
