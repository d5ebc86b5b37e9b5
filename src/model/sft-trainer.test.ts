import { describe, expect, it } from 'vitest';
import { readFloats } from '../kernels/readback';
import { seededFloats, testRuntime } from '../kernels/test-gpu';
import { createBatchPlan } from './batch-plan';
import { configFromPreset } from './config';
import { GptModel } from './gpt-model';
import { countedTargets, SftTrainer } from './sft-trainer';

describe('SFT trainer', () => {
  it('the tiny preset memorises 64 random rows to mean loss < 0.1 within 600 steps', async () => {
    // Vocabulary: 0 BOS, 1 EOS, 64 row-id "name" tokens (never counted), 16 value tokens. A row is
    // [BOS, id, 3 random values]: every counted target is determined by the row's id.
    const rows = 64;
    const batch = 16;
    const seqLen = 5;
    const steps = 600;
    const valueTokenStart = 2 + rows;
    const config = configFromPreset('tiny', valueTokenStart + 16, seqLen);
    const random = seededFloats(rows * seqLen, 3);
    const tokens = Uint32Array.from({ length: rows * seqLen }, (_, i) => {
      const t = i % seqLen;
      if (t === 0) return 0;
      if (t === 1) return 2 + Math.floor(i / seqLen);
      return valueTokenStart + Math.floor((random[i] + 1) * 8);
    });
    const rt = await testRuntime();
    const model = GptModel.create(rt, config, { seed: 1 });
    const lr = 1e-2;
    const trainer = new SftTrainer(model, { batch, seqLen, valueTokenStart, adamw: { lr, weightDecay: 0 }, lossEvery: 50 });
    const losses: number[] = [];
    for (let step = 0; step < steps; step++) {
      trainer.adamw.setHyper({ lr: lr * (1 - step / steps) }); // linear decay to 0
      const at = (step % (rows / batch)) * batch * seqLen;
      trainer.step(tokens.subarray(at, at + batch * seqLen));
      if (trainer.adamw.step === 50) {
        await trainer.settle();
        losses.push(trainer.lastLoss ?? NaN);
      }
    }
    // Mean loss over all 64 rows, from a forward-only plan over the whole set.
    const all = createBatchPlan(model, { batch: rows, seqLen, valueTokenStart, backward: false });
    rt.device.queue.writeBuffer(all.tokens, 0, tokens.buffer);
    rt.recorder.submit(all.forward);
    const rowLogProbs = await readFloats(rt.device, all.rowLogProbs, 0, rows);
    const meanLoss = -rowLogProbs.reduce((s, v) => s + v, 0) / countedTargets(tokens, seqLen, valueTokenStart);
    console.log(`SFT: loss ${losses[0].toFixed(3)} at step 50, mean loss over the 64 rows after ${steps} steps ${meanLoss.toFixed(4)}`);
    expect(losses[0]).toBeGreaterThan(1); // about log(16) at first: the drop is learned
    // Chance is log 16 ≈ 2.77; 0.1 is a probability of about 0.9 on every target. Equivalent
    // computations in another rounding order ended between 0.03 and 0.09 here, so the bar sits
    // above that spread.
    expect(meanLoss).toBeLessThan(0.1);
  }, 400_000); // 600 training steps on the CPU adapter: about 40 s alone, several minutes beside other GPU tests on 2 cores.
});
