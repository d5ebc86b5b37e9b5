import type { Schema, Table } from '../data/types';
import type { GpuRuntime } from '../kernels/runtime';
import type { RunConfig } from './run-config';
import type { EvalMetrics, RunEvent } from './run-events';
import { type RoundSamples, type RunControl, RunSession, roundSeed } from './run-session';

export interface RunInputs {
  rt: GpuRuntime;
  train: Table;
  holdout: Table;
  schema: Schema;
  config: RunConfig;
  /** Resume: the SFT checkpoint (round 0) and, if any, the latest round's checkpoint. */
  resumeFrom?: { sft: Uint8Array; latest?: Uint8Array };
}

export interface RoundResult extends EvalMetrics {
  round: number;
}

export interface RunResult {
  session: RunSession;
  /** Round 0 is the SFT model. */
  rounds: RoundResult[];
  final: RoundResult;
  /** The last round's samples (the synthetic table the evaluation saw). */
  samples: RoundSamples;
  sample(rows: number, where?: Record<string, string | number>, seed?: number): Promise<Table>;
}

/** SFT, then T rounds of sample → score → group → align → evaluate (method.md §2). */
export async function runAlignment(inputs: RunInputs, onEvent: (e: RunEvent) => void, control: RunControl = {}): Promise<RunResult> {
  const { rt, train, holdout, schema, config } = inputs;
  const session = new RunSession(rt, { train, holdout, schema }, config);
  let lastDone = 0;
  if (inputs.resumeFrom) {
    lastDone = session.restore(inputs.resumeFrom.sft, inputs.resumeFrom.latest);
    onEvent({ type: 'phase', phase: 'align', message: `Resumed after round ${lastDone}.` });
  } else {
    const steps = session.sftSteps();
    onEvent({ type: 'phase', phase: 'sft', message: `Supervised training: ${config.epochs} epochs, ${steps} steps of ${config.sftBatch} rows.` });
    onEvent({ type: 'checkpoint', round: 0, bytes: await session.trainSftAndFreeze(onEvent, control) });
  }
  return alignFrom(session, lastDone, onEvent, control);
}

/**
 * Rounds lastDone+1..T of a session whose reference is frozen; also used by `compare`, which
 * passes the SFT model's already evaluated samples as `start`.
 */
export async function alignFrom(
  session: RunSession,
  lastDone: number,
  onEvent: (e: RunEvent) => void,
  control: RunControl,
  start?: { samples: RoundSamples; result: RoundResult },
): Promise<RunResult> {
  const { config } = session;
  const rounds: RoundResult[] = [];
  const evaluateRound = async (round: number, samples: RoundSamples) => {
    const started = performance.now();
    const metrics = await session.evaluate(samples.table, roundSeed(config.seed, round));
    onEvent({ type: 'round-eval', round, metrics, seconds: (performance.now() - started) / 1000 });
    rounds.push({ round, ...metrics });
  };

  let samples: RoundSamples;
  if (start) {
    samples = start.samples;
    rounds.push(start.result);
  } else {
    samples = await session.sampleRows(config.rowsPerRound, roundSeed(config.seed, lastDone));
    await evaluateRound(lastDone, samples);
  }
  session.startAlignment();
  if (lastDone < config.rounds) onEvent({ type: 'phase', phase: 'align', message: `Alignment: ${config.method} with the ${config.reward} reward, ${config.rounds} rounds.` });
  for (let round = lastDone + 1; round <= config.rounds; round++) {
    await session.alignRound(round, samples, onEvent, control);
    samples = await session.sampleRows(config.rowsPerRound, roundSeed(config.seed, round));
    await evaluateRound(round, samples);
    onEvent({ type: 'checkpoint', round, bytes: await session.saveCheckpoint(round) });
  }
  onEvent({ type: 'phase', phase: 'done', message: 'Run complete.' });
  return {
    session,
    rounds,
    final: rounds[rounds.length - 1],
    samples,
    sample: async (rows, where, seed = config.seed + 1_000_003) => (await session.sampleRows(rows, seed, where)).table,
  };
}
