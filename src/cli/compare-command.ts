import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CompareCell } from '../align/compare-report';
import { roundBudget } from '../align/round-budget';
import { alignFrom, type RoundResult } from '../align/run-alignment';
import type { Objective, RewardName, RunConfig } from '../align/run-config';
import { type RoundSamples, RunSession, roundSeed } from '../align/run-session';
import { tableToCsv } from '../data/csv-export';
import type { Table } from '../data/types';
import { independentMarginals } from '../eval/reference-cases';
import type { GpuContext } from '../kernels/gpu-context';
import { acquireNodeGpu } from '../kernels/node-gpu';
import { createRuntime } from '../kernels/runtime';
import { collectCells, finishedCell, writeCell } from './compare-cells';
import { cellName, type GridCell, gridCells, MARGINALS, parseShard, type Shard, shardSlice } from './compare-grid';
import { CROSSED_METHODS, CROSSED_REWARDS, comparePairs, DEFAULT_PAIRS } from './compare-pairs';
import { writeCompareReport } from './compare-report-files';
import { type CompareSettings, compareSettings, sftSettings } from './compare-settings';
import { DEMO_TABLE, type LoadedTables, loadTables } from './load-tables';
import { createProgressPrinter } from './progress-printer';
import { numberOption, RUN_OPTIONS, RUN_OPTIONS_USAGE, runConfigFrom, tableSourcesFrom } from './run-options';
import { cachedSft } from './sft-cache';

const USAGE = `usage: tabgraa compare [TRAIN.csv] --holdout TEST.csv --target COL [options]

The grid seeds × (method/reward pairs + the independent-marginals baseline). Per seed one SFT
checkpoint, cached as DIR/sft-seed<S>.ckpt (+ .json; while it trains, its state after each epoch is
kept beside it, so a run cut off mid-SFT resumes from there), is the start of every method; its own
samples are the \`none\` row. Each cell writes DIR/cells/<method>-<reward>-seed<S>.csv (its final
synthetic table) and .json (metrics per round, diagnostics, compute), and is skipped when that
exists: rerun the same command to resume. DIR/report.json and report.md summarize the cells in DIR;
\`tabgraa merge\` builds them from the cells of several folders. Methods that use no reward
(none, sft-continue) run once per seed, with reward "na".

${RUN_OPTIONS_USAGE}
  --pairs LIST        run exactly these method/reward pairs (default ${DEFAULT_PAIRS.replaceAll(',', ', ')})
  --methods LIST      instead of --pairs, every method × every reward of --rewards (default ${CROSSED_METHODS})
  --rewards LIST      the rewards --methods is crossed with (default ${CROSSED_REWARDS})
  --seeds N           seeds 1..N (default 5)
  --out DIR           output folder (default compare-out)
  --shard K/N         run only block K (0-based) of N equal blocks of the seed-major grid, e.g. from
                      JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID; see docs/cluster/README.md
  --sft-only          train and cache the SFT checkpoints only (with --shard: block K of the seeds)
  --sft-cache DIR     where the SFT checkpoints are cached (default: --out); share it between
                      output folders that differ only in alignment settings (rounds, rows, G, beta, lr, temperature)
  --diagnostics on|off  per round: log-ratio drift per group, reward agreement and AUC, KL (default on)
  --eval full|cheap   the evaluator's mode for every round (default full: the metrics of \`eval --full\`;
                      cheap caps rows and trees, as the studio's rounds do)`;

/** One seed's shared state: its tables, a session holding its SFT checkpoint, and that checkpoint's round-0 samples. */
interface SeedContext {
  tables: LoadedTables;
  session: RunSession;
  base: RunConfig;
  start?: { checkpoint: Uint8Array; samples: RoundSamples; result: RoundResult };
}

export async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...RUN_OPTIONS,
      methods: { type: 'string' },
      rewards: { type: 'string' },
      pairs: { type: 'string' },
      seeds: { type: 'string', default: '5' },
      out: { type: 'string', default: 'compare-out' },
      shard: { type: 'string', default: '0/1' },
      'sft-only': { type: 'boolean', default: false },
      'sft-cache': { type: 'string' },
      diagnostics: { type: 'string', default: 'on' },
      eval: { type: 'string', default: 'full' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (positionals.length > 1) throw new Error(`expected one training file, got ${positionals.length}: ${positionals.join(' ')}`);
  if (values.diagnostics !== 'on' && values.diagnostics !== 'off') throw new Error(`--diagnostics must be on or off, got "${values.diagnostics}".`);
  if (values.eval !== 'full' && values.eval !== 'cheap') throw new Error(`--eval must be full or cheap, got "${values.eval}".`);
  const pairs = comparePairs(values);
  const seedCount = numberOption(values, 'seeds', true);
  if (seedCount < 1) throw new Error(`--seeds must be 1 or more, got ${seedCount}.`);
  const seeds = Array.from({ length: seedCount }, (_, i) => i + 1);
  const shard = parseShard(values.shard!);
  const outDir = values.out!;
  const sftCache = values['sft-cache'] ?? outDir;
  const base = runConfigFrom(values, 'none', 'random', 1);
  const sources = tableSourcesFrom(values, positionals[0], 1);
  const settings = await compareSettings(base, { ...sources, train: sources.train ?? DEMO_TABLE }, values.eval);

  const gpu = await acquireNodeGpu();
  console.error(`WebGPU adapter: ${gpu.adapterName}`);
  const job: CompareJob = { gpu, values, positionals, settings, sftCache, outDir, diagnostics: values.diagnostics === 'on' };
  if (values['sft-only']) {
    for (const seed of shardSlice(seeds, shard)) await withSeed(job, seed, []);
  } else if (await runShard(job, gridCells(seeds, pairs), shard)) {
    const { cells } = await collectCells([outDir]);
    await writeCompareReport(outDir, settings, cells, [outDir]);
    console.error(`Wrote ${join(outDir, 'report.json')} and ${join(outDir, 'report.md')} (${cells.length} cells in ${outDir}).`);
  }
  gpu.device.destroy();
}

interface CompareJob {
  gpu: GpuContext;
  values: Record<string, unknown>;
  positionals: string[];
  settings: CompareSettings;
  sftCache: string;
  outDir: string;
  diagnostics: boolean;
}

/** Runs the shard's unfinished cells; false when the shard has no cells (more shards than cells). */
async function runShard(job: CompareJob, grid: GridCell[], shard: Shard): Promise<boolean> {
  const mine = shardSlice(grid, shard);
  console.error(`Shard ${shard.index}/${shard.count}: ${mine.length} of ${grid.length} cells.`);
  if (!mine.length) return false;
  const todo: GridCell[] = [];
  for (const cell of mine) {
    if (await finishedCell(job.outDir, cell, job.settings)) console.error(`${cellName(cell)}: done already, skipped.`);
    else todo.push(cell);
  }
  const bySeed = new Map<number, GridCell[]>();
  for (const cell of todo) bySeed.set(cell.seed, [...(bySeed.get(cell.seed) ?? []), cell]);
  for (const [seed, cells] of bySeed) await withSeed(job, seed, cells);
  return true;
}

/**
 * Loads a seed's tables on a fresh runtime, brings its SFT checkpoint (cached or trained) when a
 * cell needs a model, runs the cells. No cells: only make sure the checkpoint is cached (--sft-only).
 */
async function withSeed(job: CompareJob, seed: number, cells: GridCell[]): Promise<void> {
  const rt = createRuntime(job.gpu);
  try {
    // The training sample is part of what a seed varies.
    const tables = await loadTables(tableSourcesFrom(job.values, job.positionals[0], seed));
    const base = runConfigFrom(job.values, 'none', 'random', seed);
    const session = new RunSession(rt, tables, base);
    session.evaluationMode = job.settings.evaluation;
    const context: SeedContext = { tables, session, base };
    if (!cells.length) await sftCheckpoint(job, session, seed);
    if (cells.some((c) => c.method !== MARGINALS)) context.start = await roundZero(session, await sftCheckpoint(job, session, seed), base, seed);
    for (const cell of cells) {
      const started = performance.now();
      const { result, table } = await runCell(job, context, cell);
      const done: CompareCell = { ...result, seconds: (performance.now() - started) / 1000 };
      await writeCell(job.outDir, done, job.settings, tableToCsv(table, tables.schema));
      console.error(`${cellName(cell)}: written (${done.seconds.toFixed(0)} s).`);
    }
  } finally {
    rt.arena.destroy();
  }
}

async function sftCheckpoint(job: CompareJob, session: RunSession, seed: number): Promise<Uint8Array> {
  const print = createProgressPrinter(process.stderr, `[seed ${seed}] `);
  const { checkpoint, cached } = await cachedSft(job.sftCache, seed, sftSettings(job.settings), async ({ saved, save }) => {
    if (saved) console.error(`[seed ${seed}] SFT resumed after epoch ${session.resumeSft(saved)} from ${job.sftCache}.`);
    else print({ type: 'phase', phase: 'sft', message: session.describeSft() });
    const bytes = await session.trainSftAndFreeze(print, { saveSftProgress: save });
    return { checkpoint: bytes, summary: session.sftSummary };
  });
  console.error(`[seed ${seed}] SFT checkpoint ${cached ? 'read from the cache' : 'trained and cached'} in ${job.sftCache}.`);
  return checkpoint;
}

async function roundZero(session: RunSession, checkpoint: Uint8Array, base: RunConfig, seed: number): Promise<NonNullable<SeedContext['start']>> {
  // Round 0 of every cell of this seed: the checkpoint's own samples, the same in every process.
  session.restore(checkpoint);
  const samples = await session.sampleRows(base.rowsPerRound, roundSeed(seed, 0));
  const result = { round: 0, ...(await session.evaluate(samples.table, roundSeed(seed, 0))) };
  return { checkpoint, samples, result };
}

async function runCell(
  job: CompareJob,
  { tables, session, base, start }: SeedContext,
  cell: GridCell,
): Promise<{ result: Omit<CompareCell, 'seconds'>; table: Table }> {
  const { seed, method, reward } = cell;
  if (method === MARGINALS) {
    // method.md §5: the independent-marginals table, the floor a generator must beat on Trend, the boosted detector and MLE.
    const table = independentMarginals(tables.train, base.rowsPerRound, seed);
    const metrics = await session.evaluate(table, roundSeed(seed, base.rounds));
    return { result: { method, reward, seed, rounds: [{ round: base.rounds, ...metrics }], diagnostics: [], budget: null }, table };
  }
  if (!start) throw new Error(`internal: the SFT checkpoint of seed ${seed} was not loaded before ${cellName(cell)}.`);
  session.restore(start.checkpoint);
  const config: RunConfig = { ...base, method: method as Objective, reward: reward === 'na' ? 'random' : (reward as RewardName) };
  session.configure(config);
  const print = createProgressPrinter(process.stderr, `[seed ${seed} ${method}/${reward}] `);
  const run = await alignFrom(session, 0, print, {}, { samples: start.samples, result: start.result }, { diagnostics: job.diagnostics });
  return {
    result: { method, reward, seed, rounds: run.rounds, diagnostics: run.diagnostics, budget: roundBudget(config) },
    table: run.samples.table,
  };
}
