import type { Schema, Table } from '../data/types';
import type { GpuRuntime } from '../kernels/runtime';
import { roundDiagnostics } from './diagnostics';
import { matchedSftRound, startMatchedSft } from './matched-sft';
import { filterRound } from './reward-filter';
import type { RoundDiagnostics } from './round-diagnostics';
import { METHOD_STEPS, type RunConfig } from './run-config';
import type { EvalMetrics, RunEvent } from './run-events';
import { type RoundSamples, type RunControl, RunSession, roundSeed, type SavedSftProgress } from './run-session';

export interface RunInputs {
  rt: GpuRuntime;
  train: Table;
  holdout: Table;
  schema: Schema;
  config: RunConfig;
  /** Resume: the SFT checkpoint (round 0) and, if any, the latest round's checkpoint; or an SFT stopped between epochs. */
  resumeFrom?: { sft: Uint8Array; latest?: Uint8Array } | { sftProgress: Pick<SavedSftProgress, 'checkpoint' | 'best'> };
}

export interface RoundResult extends EvalMetrics {
  round: number;
}

export interface RunResult {
  session: RunSession;
  /** Round 0 is the SFT model. */
  rounds: RoundResult[];
  final: RoundResult;
  /** Per round 1..T, when asked for (AlignOptions.diagnostics). */
  diagnostics: RoundDiagnostics[];
  /** The last round's samples (the synthetic table the evaluation saw). */
  samples: RoundSamples;
  sample(rows: number, where?: Record<string, string | number>, seed?: number): Promise<Table>;
}

/** SFT, then T rounds of sample → score → group → align → evaluate (method.md §2). */
export async function runAlignment(inputs: RunInputs, onEvent: (e: RunEvent) => void, control: RunControl = {}): Promise<RunResult> {
  const { rt, train, holdout, schema, config } = inputs;
  const session = new RunSession(rt, { train, holdout, schema }, config);
  let lastDone = 0;
  const resume = inputs.resumeFrom;
  if (resume && 'sft' in resume) {
    lastDone = session.restore(resume.sft, resume.latest);
    onEvent({ type: 'phase', phase: 'align', message: `Resumed after round ${lastDone}.` });
  } else {
    const resumedEpoch = resume ? session.resumeSft(resume.sftProgress) : 0;
    onEvent({ type: 'phase', phase: 'sft', message: `${session.describeSft()}${resumedEpoch ? ` Resumed after epoch ${resumedEpoch}.` : ''}` });
    onEvent({ type: 'checkpoint', round: 0, bytes: await session.trainSftAndFreeze(onEvent, control) });
  }
  return alignFrom(session, lastDone, onEvent, control);
}

export interface AlignOptions {
  /** Measure every round's diagnostics (diagnostics.ts): extra forward passes and a second reward scoring. */
  diagnostics?: boolean;
}

/**
 * Rounds lastDone+1..T of a session whose reference is frozen; also used by `compare`, which
 * passes the SFT model's already evaluated samples as `start`. Each round updates the model as the
 * method says (METHOD_STEPS), then samples the round's rows from it: all of them, or N of a larger
 * pool chosen by the reward (reward-filter.ts).
 */
export async function alignFrom(
  session: RunSession,
  lastDone: number,
  onEvent: (e: RunEvent) => void,
  control: RunControl,
  start?: { samples: RoundSamples; result: RoundResult },
  options: AlignOptions = {},
): Promise<RunResult> {
  const { config } = session;
  const rounds: RoundResult[] = [];
  const diagnostics: RoundDiagnostics[] = [];
  const evaluateRound = async (round: number, samples: RoundSamples) => {
    const started = performance.now();
    const metrics = await session.evaluate(samples.table, roundSeed(config.seed, round));
    onEvent({ type: 'round-eval', round, metrics, seconds: (performance.now() - started) / 1000 });
    rounds.push({ round, ...metrics });
  };
  const scoredByRound = new Map<number, Extract<RunEvent, { type: 'round-samples' }>>();
  const onRoundEvent = (e: RunEvent) => {
    if (e.type === 'round-samples') scoredByRound.set(e.round, e);
    onEvent(e);
  };

  let samples: RoundSamples;
  if (start) {
    samples = start.samples;
    rounds.push(start.result);
  } else {
    samples = await session.sampleRows(config.rowsPerRound, roundSeed(config.seed, lastDone));
    await evaluateRound(lastDone, samples);
  }
  const { update, keep } = METHOD_STEPS[config.method];
  session.startAlignment();
  if (update === 'sft') startMatchedSft(session);
  if (lastDone < config.rounds)
    onEvent({ type: 'phase', phase: 'align', message: `Alignment: ${config.method} with the ${config.reward} reward, ${config.rounds} rounds.` });
  for (let round = lastDone + 1; round <= config.rounds; round++) {
    scoredByRound.clear();
    let scoredTokens = samples.tokens;
    if (update === 'sft') await matchedSftRound(session, round, control);
    if (update === 'preference') await session.alignRound(round, samples, onRoundEvent, control);
    if (keep === 'all') samples = await session.sampleRows(config.rowsPerRound, roundSeed(config.seed, round));
    else {
      const { kept, pool } = await filterRound(session, round, onRoundEvent);
      scoredTokens = pool.tokens;
      samples = kept;
    }
    await evaluateRound(round, samples);
    if (options.diagnostics) {
      const event = scoredByRound.get(round);
      const scored = event && { tokens: scoredTokens, rows: event.rows, rewards: event.rewards, groups: event.groups };
      diagnostics.push(await roundDiagnostics(session, round, scored, keep === 'all' ? samples.tokens : scoredTokens));
    }
    onEvent({ type: 'checkpoint', round, bytes: await session.saveCheckpoint(round) });
  }
  onEvent({ type: 'phase', phase: 'done', message: 'Run complete.' });
  return {
    session,
    rounds,
    diagnostics,
    final: rounds[rounds.length - 1],
    samples,
    sample: async (rows, where, seed = config.seed + 1_000_003) => (await session.sampleRows(rows, seed, where)).table,
  };
}
