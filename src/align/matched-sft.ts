import { createRng, randomPermutation } from '../data/rng';
import { SftTrainer } from '../model/sft-trainer';
import { alignmentStepsPerRound } from './round-budget';
import { type RunControl, type RunSession, roundSeed } from './run-session';

const trainers = new WeakMap<RunSession, SftTrainer>();

function trainerFor(session: RunSession): SftTrainer {
  let trainer = trainers.get(session);
  if (!trainer) {
    trainer = new SftTrainer(session.model, {
      batch: 2 * session.config.groupSize,
      seqLen: session.codec.seqLen,
      valueTokenStart: session.codec.valueTokenStart,
      adamw: { lr: session.config.learningRate, weightDecay: 0 },
    });
    trainers.set(session, trainer);
  }
  return trainer;
}

/**
 * `sft-continue`, compute-matched with the alignment methods (method.md §4): per round the same
 * number of AdamW steps, each on 2·G rows (here real training rows), from the same fresh optimizer
 * (zero moments, the alignment learning rate, no weight decay). Only the loss and the rows differ:
 * next-token NLL on real rows instead of a preference objective on the policy's own samples.
 * Call before round 1.
 */
export function startMatchedSft(session: RunSession): void {
  const trainer = trainerFor(session);
  trainer.adamw.setHyper({ lr: session.config.learningRate });
  trainer.adamw.step = 0;
  const { model } = session;
  const zeros = new Float32Array(model.floats);
  model.rt.device.queue.writeBuffer(model.adamM, 0, zeros);
  model.rt.device.queue.writeBuffer(model.adamV, 0, zeros);
}

/** One round of compute-matched SFT on seeded minibatches of real training rows; returns the optimizer's steps since startMatchedSft and the rows per step. */
export async function matchedSftRound(session: RunSession, round: number, control: RunControl): Promise<{ steps: number; rowsPerStep: number }> {
  const trainer = trainerFor(session);
  const { config, codec, data, rt } = session;
  const rng = createRng(roundSeed(config.seed, round));
  const batch = 2 * config.groupSize;
  // SFT's own training rows: the validation slice stays unseen, as in SFT.
  const rows = session.sftRows.train;
  let order: number[] = [];
  for (let step = 1; step <= alignmentStepsPerRound(config); step++) {
    await session.betweenSteps(control, step);
    while (order.length < batch) order = [...order, ...randomPermutation(rows.length, rng).map((i) => rows[i])];
    trainer.step(codec.encodeRows(data.train, rng, order.splice(0, batch)));
  }
  await trainer.settle();
  await rt.device.queue.onSubmittedWorkDone();
  return { steps: trainer.adamw.step, rowsPerStep: trainer.plan.batch };
}
