import type { GpuRuntime } from '../src/kernels/runtime';
import { TimestampProfiler } from '../src/kernels/timestamp-profiler';
import type { GptConfig } from '../src/model/config';
import { GptModel } from '../src/model/gpt-model';
import { SftTrainer } from '../src/model/sft-trainer';
import { randomTokens } from './tokens';

/** Our training step at a fixed batch of the benchmark's seeded tokens. */
export interface OurTrainer {
  matmul: string;
  /** One whole step (one submit); resolves when the GPU has finished it. */
  step(): Promise<unknown>;
  /** GPU milliseconds of one step per kind of kernel (layer index dropped from labels). */
  profileStep(): Promise<Record<string, number>>;
}

/**
 * The SFT trainer on `config` at batch × contextLength seeded random tokens, every token a target
 * (valueTokenStart 0). Steps are awaited with onSubmittedWorkDone; the loss comes back every 10
 * steps as in a real run (the peers read theirs every step, which tfjs needs to finish a step).
 */
export function createOurTrainer(rt: GpuRuntime, config: GptConfig, batch: number): OurTrainer {
  const model = GptModel.create(rt, config);
  const trainer = new SftTrainer(model, { batch, seqLen: config.contextLength, valueTokenStart: 0 });
  const tokens = new Uint32Array(randomTokens(batch * config.contextLength, config.vocabSize));
  const step = async () => {
    trainer.step(tokens);
    await rt.device.queue.onSubmittedWorkDone();
  };
  return {
    matmul: model.matmul.name,
    step,
    async profileStep() {
      const profiler = new TimestampProfiler(rt.device, rt.arena, 1024);
      rt.recorder.profiler = profiler;
      try {
        await step();
        await profiler.collect();
      } finally {
        rt.recorder.profiler = undefined;
        profiler.destroy();
      }
      const byKind: Record<string, number> = {};
      for (const [label, ms] of profiler.totals) {
        const kind = label.replace(/^(kv )?h\.\d+\./, '').replace(/ \d+$/, '');
        byKind[kind] = (byKind[kind] ?? 0) + ms;
      }
      return byKind;
    },
  };
}
