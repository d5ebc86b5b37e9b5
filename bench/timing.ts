/** Wall-clock timing helpers shared by Node and the browser page. */
export interface Timing {
  /** Seconds per repetition, one entry per timed repetition. */
  seconds: number[];
  median: number;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs `once` for `warmup` untimed repetitions, then at least `minReps` timed ones and more until
 * `minSeconds` have passed (never more than `maxReps`). `once` must resolve only when its work is
 * done (GPU: after onSubmittedWorkDone; tfjs: after reading the loss).
 */
export async function timeRepeated(
  once: () => Promise<unknown>,
  opts: { warmup: number; minReps: number; maxReps?: number; minSeconds: number },
): Promise<Timing> {
  for (let i = 0; i < opts.warmup; i++) await once();
  const seconds: number[] = [];
  const start = performance.now();
  const maxReps = opts.maxReps ?? Infinity;
  while (seconds.length < opts.minReps || (performance.now() - start < opts.minSeconds * 1000 && seconds.length < maxReps)) {
    const t0 = performance.now();
    await once();
    seconds.push((performance.now() - t0) / 1000);
  }
  return { seconds, median: median(seconds) };
}
