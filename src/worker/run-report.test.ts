import { describe, expect, it } from 'vitest';
import { DEFAULT_RUN_CONFIG } from '../align/run-config';
import type { Schema } from '../data/types';
import type { RunRecord } from './protocol';
import { emptyHistory, foldEvents, type RunHistory } from './run-history';
import { buildReport } from './run-report';

const schema: Schema = {
  version: 1,
  rowCount: 400,
  columns: [
    { name: 'age', kind: 'numeric', integer: true, decimals: 0, min: 1, max: 9, missingShare: 0, flags: [] },
    { name: 'id', kind: 'numeric', integer: true, decimals: 0, min: 1, max: 400, missingShare: 0, flags: [], excluded: 'row number' },
  ],
};

function record(history: RunHistory, config = DEFAULT_RUN_CONFIG): RunRecord {
  return { id: 'r', name: 't.csv', createdAt: 0, updatedAt: 0, status: 'done', schema, config, lastCheckpointRound: 0, history };
}

const step = (s: number, epoch: number) => ({
  type: 'sft-step' as const,
  step: s,
  totalSteps: 13,
  loss: 3 - s / 10,
  msPerStep: 5,
  epoch,
  lr: 1e-3,
  budgetSecondsLeft: null,
});
const epochEnd = (epoch: number, s: number, validationLoss: number, stopped?: 'patience') => ({
  type: 'sft-epoch' as const,
  epoch,
  maxEpochs: 40,
  step: s,
  totalSteps: 13,
  trainLoss: 2,
  validationLoss,
  bestEpoch: 1,
  bestValidationLoss: 1.5,
  stopped,
});

describe('run report', () => {
  it('counts SFT steps by step number, not by loss readings (13 steps read at 10 and 13)', () => {
    const history = foldEvents(emptyHistory(), [step(10, 1), step(13, 1)]);
    const { json, markdown } = buildReport(record(history, { ...DEFAULT_RUN_CONFIG, epochs: 1, rounds: 1 }));
    expect(JSON.parse(json).sft).toMatchObject({ steps: 13, finalLoss: 1.7 });
    expect(markdown).toContain('SFT: 13 steps, final training loss 1.7000.');
    expect(markdown).toContain('1 SFT epoch, 1 round of 2,000 rows');
    expect(markdown).toContain('Table: 400 rows, 1 modelled column.');
  });

  it('reports the validation curve, the best epoch and why SFT stopped', () => {
    const history = foldEvents(emptyHistory(), [step(7, 1), epochEnd(1, 7, 1.5), step(14, 2), epochEnd(2, 14, 1.6, 'patience')]);
    const { json, markdown } = buildReport(record(history, { ...DEFAULT_RUN_CONFIG, epochs: 'auto', maxEpochs: 40, patience: 3, sftMinutes: 0 }));
    const sft = JSON.parse(json).sft;
    expect(sft).toMatchObject({ steps: 14, epochs: 2, validationLoss: 1.6, bestEpoch: 1, stopped: 'patience' });
    expect(sft.perEpoch.map((e: { validationLoss: number }) => e.validationLoss)).toEqual([1.5, 1.6]);
    expect(markdown).toContain('SFT: 14 steps over 2 epochs, final training loss 1.6000, validation loss 1.6000 (best after epoch 1); stopped: patience.');
    expect(markdown).toContain('SFT epochs auto (at most 40, patience 3)');
  });

  it('says when the run trained on a sample of the rows', () => {
    const { json, markdown } = buildReport({ ...record(emptyHistory()), trainRows: 120 });
    expect(JSON.parse(json).trainRows).toBe(120);
    expect(markdown).toContain('Table: 400 rows, 1 modelled column; trained on a seeded sample of 120 rows.');
  });

  it('reads a history saved before SFT epochs were recorded', () => {
    const { sftEpochs: _e, sftSteps: _s, ...old } = foldEvents(emptyHistory(), [step(10, 1)]);
    expect(JSON.parse(buildReport(record(old as RunHistory)).json).sft).toMatchObject({ steps: 10, epochs: 0 });
  });
});
