import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgressPrinter } from './progress-printer';

function capture() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  return { stream, text: () => chunks.join('') };
}

describe('the CLI progress printer (plain lines, not a terminal)', () => {
  it('prints an epoch line with the validation loss and why SFT ended', () => {
    const out = capture();
    const print = createProgressPrinter(out.stream);
    print({
      type: 'sft-epoch',
      epoch: 7,
      maxEpochs: 60,
      step: 497,
      totalSteps: 4260,
      trainLoss: 1.03,
      validationLoss: 31.5,
      bestEpoch: 6,
      bestValidationLoss: 31.4,
      stopped: 'patience',
    });
    expect(out.text()).toBe(
      'SFT epoch 7/60 (step 497): train 1.0300 validation 31.5000 (best 31.4000 at epoch 6); SFT ends (no better validation loss for the patience, after annealing), keeping epoch 6\n',
    );
  });

  it('leaves the ETA out until it can be estimated, never printing "ETA ?"', () => {
    const out = capture();
    const print = createProgressPrinter(out.stream);
    print({ type: 'align-step', round: 1, step: 1, totalSteps: 1, loss: 0.5, highLogRatio: 0, lowLogRatio: 0 });
    print({ type: 'sft-step', step: 10, totalSteps: 10, loss: 1.5, msPerStep: 2000, epoch: 1, lr: 0.01, budgetSecondsLeft: null });
    expect(out.text()).not.toContain('?');
    expect(out.text()).toContain('SFT epoch 1 10/10 loss 1.5000 lr 1.00e-2 (ETA 0s)');
  });

  it('caps the SFT ETA at what is left of the time budget (max epochs alone would say 97 min)', () => {
    const out = capture();
    const print = createProgressPrinter(out.stream);
    print({ type: 'sft-step', step: 64, totalSteps: 4260, loss: 1.07, msPerStep: 1400, epoch: 1, lr: 0.01, budgetSecondsLeft: 390 });
    expect(out.text()).toContain('SFT epoch 1 64/4260 loss 1.0700 lr 1.00e-2 (ETA 6m30s)');
  });
});
