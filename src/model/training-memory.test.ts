import { describe, expect, it } from 'vitest';
import { testRuntime } from '../kernels/test-gpu';
import type { GptConfig } from './config';
import { GptModel } from './gpt-model';
import { SftTrainer } from './sft-trainer';

describe('training allocates nothing per step', () => {
  it('500 SFT steps leave the arena, the pipelines and the device object counts unchanged', async () => {
    const rt = await testRuntime();
    const config: GptConfig = { vocabSize: 11, contextLength: 5, layers: 1, heads: 1, dModel: 8 };
    const model = GptModel.create(rt, config);
    const trainer = new SftTrainer(model, { batch: 2, seqLen: 5, valueTokenStart: 3, lossEvery: 50 });
    const tokens = Uint32Array.from([0, 3, 4, 5, 1, 0, 6, 7, 8, 1]);
    trainer.step(tokens);
    await trainer.settle();

    const created = { buffers: 0, bindGroups: 0, pipelines: 0 };
    const device = rt.device;
    const count = <K extends 'createBuffer' | 'createBindGroup' | 'createComputePipeline'>(method: K, key: keyof typeof created) => {
      const original = device[method].bind(device) as (...args: unknown[]) => unknown;
      (device as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        created[key]++;
        return original(...args);
      };
      return () => {
        (device as unknown as Record<string, unknown>)[method] = original;
      };
    };
    const restore = [count('createBuffer', 'buffers'), count('createBindGroup', 'bindGroups'), count('createComputePipeline', 'pipelines')];
    const before = { bytes: rt.arena.bytes, count: rt.arena.count, pipelines: rt.pipelines.size };
    try {
      for (let step = 0; step < 500; step++) trainer.step(tokens);
      await trainer.settle();
      await device.queue.onSubmittedWorkDone();
    } finally {
      for (const r of restore) r();
    }
    expect({ bytes: rt.arena.bytes, count: rt.arena.count, pipelines: rt.pipelines.size }).toEqual(before);
    expect(created).toEqual({ buffers: 0, bindGroups: 0, pipelines: 0 });
    expect(trainer.lastLossStep).toBeGreaterThan(1);
    expect(Number.isFinite(trainer.lastLoss)).toBe(true);
  });
});
