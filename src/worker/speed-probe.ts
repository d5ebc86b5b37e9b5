/**
 * Measures this adapter before a run starts, so the studio can say how long the run will take:
 * a few SFT steps of the chosen model on the loaded table, one batch of sampled rows, and one
 * evaluation plus reward scoring of real rows (CPU work, the same for every model size).
 */
import { REWARD_REGISTRY } from '../align/rewards';
import { RunSession } from '../align/run-session';
import { createRng } from '../data/rng';
import type { Table } from '../data/types';
import { evaluate } from '../eval/evaluate';
import type { SpeedProbeInputs } from './studio-gpu';
import type { PresetSpeed, RoundWorkSpeed } from './time-estimate';

/** Timed SFT steps after one untimed step (which compiles the pipelines). */
const TIMED_STEPS = 3;
/** The sampler's batch in a run (RunSession samples up to this many rows per submit). */
const SAMPLER_BATCH = 256;
/** Rows the evaluation probe scores; its time is scaled to the rows per round. */
const EVAL_PROBE_ROWS = 400;

function firstRows(table: Table, n: number): Table {
  return { header: table.header, columns: table.columns.map((c) => c.slice(0, n)) };
}

async function timed(job: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await job();
  return performance.now() - started;
}

export async function probePresetSpeed({ rt, train, holdout, schema, config }: SpeedProbeInputs): Promise<PresetSpeed> {
  const session = new RunSession(rt, { train, holdout, schema }, config);
  const rows = Array.from({ length: config.sftBatch }, (_, i) => i % Math.max(1, session.trainRows));
  const tokens = session.codec.encodeRows(train, createRng(config.seed), rows);
  const settle = () => rt.device.queue.onSubmittedWorkDone();
  session.sft.step(tokens);
  await settle();
  const sftMs = await timed(async () => {
    for (let i = 0; i < TIMED_STEPS; i++) session.sft.step(tokens);
    await settle();
  });
  const sampleBatchRows = Math.min(SAMPLER_BATCH, config.rowsPerRound);
  const sampleBatchMs = await timed(() => session.sampleRows(sampleBatchRows, config.seed));
  return { preset: config.preset, sftBatch: config.sftBatch, sftStepMs: sftMs / TIMED_STEPS, sampleBatchRows, sampleBatchMs };
}

/** Evaluation and reward scoring of one round, on real holdout rows standing in for synthetic ones. */
export async function probeRoundWork({ train, holdout, schema, config }: Omit<SpeedProbeInputs, 'rt'>): Promise<RoundWorkSpeed> {
  const rows = Math.min(EVAL_PROBE_ROWS, config.rowsPerRound, holdout.columns[0]?.length ?? 0);
  const synthetic = firstRows(holdout, rows);
  const target = config.target ?? schema.target;
  const evalMs = await timed(() => evaluate({ train, holdout, synthetic, schema, target, mode: 'cheap', seed: config.seed }));
  const rewardMs = await timed(() => REWARD_REGISTRY[config.reward].score(synthetic, { train, schema, seed: config.seed }));
  return { rows, evalMs, rewardMs };
}
