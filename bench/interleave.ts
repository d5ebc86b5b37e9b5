import { timeRepeated } from './timing';

/** Something timed step by step: one step of ours or of a peer. */
export interface Contender {
  name: string;
  /** Resolves once the step's work is done (loss read back, rows read back). */
  once(): Promise<unknown>;
}

export interface InterleaveOptions {
  warmup: number;
  rounds: number;
  minStepsPerRound: number;
  minSecondsPerRound: number;
}

/**
 * Warms every contender up, then runs rounds of (A's steps, B's steps, ...) so that noise from
 * other work on the machine hits all of them alike. Returns each contender's step times in seconds.
 */
export async function interleave(contenders: Contender[], opts: InterleaveOptions, log: (line: string) => void): Promise<Map<string, number[]>> {
  const times = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (const c of contenders) {
    for (let i = 0; i < opts.warmup; i++) await c.once();
  }
  for (let round = 0; round < opts.rounds; round++) {
    for (const c of contenders) {
      const t = await timeRepeated(() => c.once(), { warmup: 0, minReps: opts.minStepsPerRound, minSeconds: opts.minSecondsPerRound });
      times.get(c.name)!.push(...t.seconds);
      log(`  round ${round + 1}/${opts.rounds} ${c.name}: ${t.seconds.length} steps, median ${t.median.toFixed(3)} s`);
    }
  }
  return times;
}
