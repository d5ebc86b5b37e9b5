import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunConfig } from '../align/run-config';
import type { Schema } from '../data/types';
import type { RunRecord } from './protocol';
import { RunDb, StorageError } from './run-db';
import { emptyHistory, foldEvents } from './run-history';

const schema: Schema = {
  version: 1,
  rowCount: 3,
  columns: [{ name: 'age', kind: 'numeric', integer: true, decimals: 0, min: 1, max: 9, missingShare: 0, flags: [] }],
};
const config = { preset: 'tiny', epochs: 1, rounds: 2, method: 'tabgraa', reward: 'classifier', rowsPerRound: 10, seed: 1 } as RunConfig;

function record(id: string, createdAt: number): RunRecord {
  return { id, name: `${id}.csv`, createdAt, updatedAt: createdAt, status: 'running', schema, config, lastCheckpointRound: null, history: emptyHistory() };
}

let n = 0;
let db: RunDb | undefined;
async function freshDb(): Promise<RunDb> {
  db = await RunDb.open(`test-${n++}`);
  return db;
}
afterEach(async () => db?.close());

describe('RunDb', () => {
  it('lists runs newest first and reopens one with its chart history', async () => {
    const d = await freshDb();
    await d.createRun(record('a', 1), { fileName: 'a.csv', bytes: new TextEncoder().encode('x\n1\n') });
    const b = record('b', 2);
    b.history = foldEvents(b.history, [
      { type: 'sft-step', step: 1, totalSteps: 4, loss: 2.5, msPerStep: 10, epoch: 1, lr: 0.001, budgetSecondsLeft: null },
      { type: 'sft-step', step: 2, totalSteps: 4, loss: 2.1, msPerStep: 10, epoch: 1, lr: 0.001, budgetSecondsLeft: null },
    ]);
    await d.createRun(b, { fileName: 'b.csv', bytes: new Uint8Array([1, 2, 3]) });

    const list = await d.listRuns();
    expect(list.map((r) => r.id)).toEqual(['b', 'a']);
    expect('history' in list[0]).toBe(false);
    const reopened = await d.getRun('b');
    expect(reopened?.history.sft).toEqual([
      { step: 1, loss: 2.5, epoch: 1 },
      { step: 2, loss: 2.1, epoch: 1 },
    ]);
    expect(reopened?.history.sftTotalSteps).toBe(4);
    const source = await d.getSource('a');
    expect(new TextDecoder().decode(source?.bytes)).toBe('x\n1\n');
  });

  it('keeps a checkpoint per round and returns the latest, per run', async () => {
    const d = await freshDb();
    await d.createRun(record('r', 1), { fileName: 'r.csv', bytes: new Uint8Array(1) });
    await d.createRun(record('s', 2), { fileName: 's.csv', bytes: new Uint8Array(1) });
    // A view into a larger buffer: only its own bytes must be stored.
    const backing = new Uint8Array([9, 9, 0, 1, 2, 9]);
    await d.saveCheckpoint('r', 0, backing.subarray(2, 5));
    await d.saveCheckpoint('r', 2, new Uint8Array([2, 2]));
    await d.saveCheckpoint('r', 1, new Uint8Array([1]));
    await d.saveCheckpoint('s', 7, new Uint8Array([7]));

    expect(await d.checkpointRounds('r')).toEqual([0, 1, 2]);
    const latest = await d.latestCheckpoint('r');
    expect(latest?.round).toBe(2);
    expect([...(latest?.bytes ?? [])]).toEqual([2, 2]);
    expect(await d.latestCheckpoint('none')).toBeUndefined();

    await d.deleteRun('r');
    expect(await d.getRun('r')).toBeUndefined();
    expect(await d.checkpointRounds('r')).toEqual([]);
    expect(await d.getSource('r')).toBeUndefined();
    expect(await d.checkpointRounds('s')).toEqual([7]);
  });

  it('keeps SFT progress per run until it is deleted, and deletes it with its run', async () => {
    const d = await freshDb();
    await d.createRun(record('p', 1), { fileName: 'p.csv', bytes: new Uint8Array(1) });
    await d.saveSftProgress('p', { epoch: 1, checkpoint: new Uint8Array([1]), best: new Uint8Array([9]) });
    await d.saveSftProgress('p', { epoch: 2, checkpoint: new Uint8Array([2, 2]), best: new Uint8Array([8]) });
    const saved = await d.getSftProgress('p');
    expect(saved && { epoch: saved.epoch, checkpoint: [...saved.checkpoint], best: [...saved.best] }).toEqual({ epoch: 2, checkpoint: [2, 2], best: [8] });
    await d.deleteSftProgress('p');
    expect(await d.getSftProgress('p')).toBeUndefined();
    await d.saveSftProgress('p', { epoch: 3, checkpoint: new Uint8Array([3]), best: new Uint8Array([3]) });
    await d.deleteRun('p');
    expect(await d.getSftProgress('p')).toBeUndefined();
  });

  it('updates a run in place and survives reopening the database', async () => {
    const name = `test-${n++}`;
    const first = await RunDb.open(name);
    await first.createRun(record('x', 1), { fileName: 'x.csv', bytes: new Uint8Array(1) });
    await first.putRun({ ...record('x', 1), status: 'interrupted', statusMessage: 'The GPU device was lost.', lastCheckpointRound: 1 });
    await first.close();
    db = await RunDb.open(name);
    const [only] = await db.listRuns();
    expect(only).toMatchObject({ id: 'x', status: 'interrupted', statusMessage: 'The GPU device was lost.', lastCheckpointRound: 1 });
  });

  it('turns a refused write into a StorageError that says what was lost', async () => {
    const d = await freshDb();
    const unclonable = { ...record('bad', 1), config: { ...config, seed: (() => 1) as unknown as number } };
    await expect(d.putRun(unclonable)).rejects.toThrow(StorageError);
    await expect(d.putRun(unclonable)).rejects.toThrow(/Could not save the run history/);
  });

  it('names a full quota and the way out', () => {
    const error = new StorageError('the checkpoint of round 3', new DOMException('quota reached', 'QuotaExceededError'));
    expect(error.message).toMatch(/storage is full, so the checkpoint of round 3 was not saved/);
    expect(error.message).toMatch(/Delete past runs/);
  });
});
