import { mkdir, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { runAlignment } from '../align/run-alignment';
import { DEFAULT_RUN_CONFIG, OBJECTIVES, type Objective, REWARDS, type RewardName } from '../align/run-config';
import type { SavedSftProgress } from '../align/run-session';
import { rawOf } from '../data/codec-cells';
import { tableToCsv } from '../data/csv-export';
import { acquireNodeGpu } from '../kernels/node-gpu';
import { createRuntime } from '../kernels/runtime';
import { meanRowLogLikelihood } from '../model/row-likelihood';
import { resumePoint, roundCheckpointWrites, saveSftProgress } from './fit-checkpoints';
import { loadTables } from './load-tables';
import { createProgressPrinter } from './progress-printer';
import { numberOption, RUN_OPTIONS, RUN_OPTIONS_USAGE, runConfigFrom, tableSourcesFrom } from './run-options';

const USAGE = `usage: tabgraa fit [TRAIN.csv] [options]

Trains the generator on TRAIN.csv (default: the demo table), aligns it for T rounds and writes
the synthetic table, a report and checkpoints.

${RUN_OPTIONS_USAGE}
  --method M          ${OBJECTIVES.join(' | ')} (default ${DEFAULT_RUN_CONFIG.method})
  --reward R          ${REWARDS.join(' | ')} (default ${DEFAULT_RUN_CONFIG.reward})
  --seed S            seed of everything (default 1)
  --out FILE          synthetic table (default synthetic.csv)
  --report FILE       JSON report: {config, sft: {epochs: [{epoch, trainLoss, validationLoss, lr}], keptEpoch, stopped},
                      rounds: [{round, shape, trend, ...}], final}
  --checkpoint DIR    write sft.ckpt, round-N.ckpt and latest.ckpt there, and the SFT state after every epoch
  --resume            continue the run saved in --checkpoint DIR (same table and options): after its
                      latest round, or after its last SFT epoch`;

export async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...RUN_OPTIONS,
      method: { type: 'string', default: DEFAULT_RUN_CONFIG.method },
      reward: { type: 'string', default: DEFAULT_RUN_CONFIG.reward },
      seed: { type: 'string', default: '1' },
      out: { type: 'string', default: 'synthetic.csv' },
      report: { type: 'string' },
      checkpoint: { type: 'string' },
      resume: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (positionals.length > 1) throw new Error(`expected one training file, got ${positionals.length}: ${positionals.join(' ')}`);
  if (values.resume && !values.checkpoint) throw new Error('--resume needs --checkpoint DIR: the folder of the run to continue.');
  const seed = numberOption(values, 'seed', true);
  const config = runConfigFrom(values, values.method as Objective, values.reward as RewardName, seed);
  const tables = await loadTables(tableSourcesFrom(values, positionals[0], seed));
  const print = createProgressPrinter();
  for (const note of tables.notes) console.error(note);

  const rt = createRuntime(await acquireNodeGpu());
  console.error(`WebGPU adapter: ${rt.ctx.adapterName}`);
  const started = performance.now();
  const dir = values.checkpoint;
  if (dir) await mkdir(dir, { recursive: true });
  const resumeFrom = values.resume && dir ? await resumePoint(dir) : undefined;
  const writes: Array<Promise<void>> = [];
  const control = dir ? { saveSftProgress: (saved: SavedSftProgress) => saveSftProgress(dir, saved) } : {};
  const result = await runAlignment(
    { rt, ...tables, config, resumeFrom },
    (event) => {
      print(event);
      if (event.type === 'checkpoint' && dir) writes.push(roundCheckpointWrites(dir, event.round, event.bytes));
    },
    control,
  );
  await Promise.all(writes);
  await writeFile(values.out!, tableToCsv(result.samples.table, tables.schema));
  console.error(`Wrote ${config.rowsPerRound} synthetic rows to ${values.out}.`);
  if (values.report) {
    const { round: _round, ...final } = result.final;
    const { model, codec } = result.session;
    const holdoutLogLikelihood = await meanRowLogLikelihood(model, codec, rawOf(tables.holdout), { orders: 4, seed, maxRows: 2000 });
    const report = {
      config,
      schema: tables.schema,
      seconds: (performance.now() - started) / 1000,
      sft: result.session.sftSummary,
      rounds: result.rounds,
      final,
      holdout_log_likelihood: holdoutLogLikelihood,
    };
    await writeFile(values.report, JSON.stringify(report, null, 2));
    console.error(`Wrote the report to ${values.report}.`);
  }
  rt.arena.destroy();
  rt.device.destroy();
}
