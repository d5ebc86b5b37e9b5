import { describe, expect, it } from 'vitest';
import { applySchema } from '../data/apply-schema';
import { loadCsvFile } from '../data/csv-file';
import { createRng } from '../data/rng';
import { RowCodec } from '../data/row-codec';
import { splitTable } from '../data/split';
import { readFloats } from '../kernels/readback';
import { testRuntime } from '../kernels/test-gpu';
import { createBatchPlan } from './batch-plan';
import { configFromPreset } from './config';
import { GptModel } from './gpt-model';
import { countedTargets, SftTrainer } from './sft-trainer';

const DEMO = new URL('../../public/adult.csv', import.meta.url).pathname;

describe('the small preset on the demo table', () => {
  it('lowers the held-out loss of encoded Adult rows', async () => {
    const { raw, schema } = await loadCsvFile(DEMO);
    const { train, holdout } = splitTable(applySchema(raw, schema), 0.2, 1);
    const codec = RowCodec.fromSchema(schema);
    const rng = createRng(7);
    const batch = 16;
    const { seqLen, valueTokenStart } = codec;
    const rt = await testRuntime();
    const model = GptModel.create(rt, configFromPreset('small', codec.vocabSize, seqLen), { seed: 3 });
    const heldOut = codec.encodeRows(
      holdout,
      rng,
      Array.from({ length: batch }, (_, i) => i * 97),
    );
    const evaluation = createBatchPlan(model, { batch, seqLen, valueTokenStart, backward: false });
    const heldOutLoss = async () => {
      rt.device.queue.writeBuffer(evaluation.tokens, 0, heldOut.buffer, heldOut.byteOffset, heldOut.byteLength);
      rt.recorder.submit(evaluation.forward);
      const logp = await readFloats(rt.device, evaluation.rowLogProbs, 0, batch);
      return -logp.reduce((a, b) => a + b, 0) / countedTargets(heldOut, seqLen, valueTokenStart);
    };
    const before = await heldOutLoss();
    const trainer = new SftTrainer(model, { batch, seqLen, valueTokenStart, adamw: { lr: 3e-3 } });
    for (let step = 0; step < 12; step++) {
      trainer.step(
        codec.encodeRows(
          train,
          rng,
          Array.from({ length: batch }, () => Math.floor(rng() * train.columns[0].length)),
        ),
      );
    }
    const after = await heldOutLoss();
    // At initialisation each value token costs about ln(vocab) nats; 12 steps must learn at least the
    // per-position legal ranges and the commonest values, which is far more than noise.
    expect(before).toBeGreaterThan(Math.log(codec.vocabSize) - 1);
    expect(after).toBeLessThan(before - 1);
  }, 300_000);
});
