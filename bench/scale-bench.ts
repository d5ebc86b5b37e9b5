import type { GpuRuntime } from '../src/kernels/runtime';
import type { GptConfig } from '../src/model/config';
import { assertModelFits, assertPlanFits } from '../src/model/model-limits';
import { median, timeRepeated } from './timing';
import { createOurTrainer } from './train-bench';

export interface ScalePoint {
  vary: 'batch' | 'context' | 'width';
  batch: number;
  contextLength: number;
  dModel: number;
  stepSeconds: number;
  tokensPerSecond: number;
}

/** Step time of ours as batch, context and width grow, one at a time around the bench config. */
export async function scaleSweep(rt: GpuRuntime, base: GptConfig, baseBatch: number, log: (line: string) => void): Promise<ScalePoint[]> {
  const points: Array<[ScalePoint['vary'], GptConfig, number]> = [
    ...[8, 32, 128].map((b) => ['batch', base, b] as [ScalePoint['vary'], GptConfig, number]),
    ...[32, 64, 128].map((c) => ['context', { ...base, contextLength: c }, baseBatch] as [ScalePoint['vary'], GptConfig, number]),
    ...[64, 128, 256].map((d) => ['width', { ...base, dModel: d }, baseBatch] as [ScalePoint['vary'], GptConfig, number]),
  ];
  const out: ScalePoint[] = [];
  for (const [vary, config, batch] of points) {
    const trainer = createOurTrainer(rt, config, batch);
    // Pipelines are shared across the sweep, so one warm-up step and one timed step per point suffice.
    const t = await timeRepeated(() => trainer.step(), { warmup: 1, minReps: 1, minSeconds: 0 });
    const stepSeconds = median(t.seconds);
    out.push({
      vary,
      batch,
      contextLength: config.contextLength,
      dModel: config.dModel,
      stepSeconds,
      tokensPerSecond: (batch * config.contextLength) / stepSeconds,
    });
    log(`  scale ${vary}: batch ${batch}, context ${config.contextLength}, d ${config.dModel}: ${stepSeconds.toFixed(3)} s/step`);
  }
  return out;
}

/** WebGPU's default limits (what an adapter must offer without asking). */
const DEFAULT_LIMITS = { maxStorageBufferBindingSize: 128 * 2 ** 20, maxBufferSize: 256 * 2 ** 20 } as GPUSupportedLimits;

export interface FitResult {
  limits: 'webgpu defaults' | 'this adapter';
  /** Per preset width: the largest power-of-two batch whose plan fits (0: the model itself does not). */
  largestBatch: Record<string, number>;
}

/** The largest batch at each width that fits the default and the adapter's buffer limits. */
export function largestFits(base: GptConfig, deviceLimits: GPUSupportedLimits): FitResult[] {
  return (
    [
      ['webgpu defaults', DEFAULT_LIMITS],
      ['this adapter', deviceLimits],
    ] as const
  ).map(([name, limits]) => {
    const largestBatch: Record<string, number> = {};
    for (const [layers, heads, dModel] of [
      [2, 2, 64],
      [4, 4, 128],
      [6, 8, 256],
      [12, 12, 768],
    ]) {
      const config = { ...base, layers, heads, dModel };
      const label = `${layers}L d${dModel}, context ${base.contextLength}, vocab ${base.vocabSize}`;
      largestBatch[label] = 0;
      try {
        assertModelFits(config, limits);
      } catch {
        continue;
      }
      for (let batch = 1; batch <= 2 ** 16; batch *= 2) {
        try {
          assertPlanFits(config, batch, base.contextLength, limits);
          largestBatch[label] = batch;
        } catch {
          break;
        }
      }
    }
    return { limits: name, largestBatch };
  });
}
