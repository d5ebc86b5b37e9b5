import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_RUN_CONFIG, type RunConfig } from '../align/run-config';
import type { RunEvent } from '../align/run-events';
import { splitTable } from '../data/split';
import type { Table } from '../data/types';
import type { GpuRuntime } from '../kernels/runtime';
import type { StudioEvent } from './protocol';
import { RunDb } from './run-db';
import { emptyHistory } from './run-history';
import type { AlignmentControl, AlignmentInputs, StudioGpu } from './studio-gpu';
import { StudioService } from './studio-service';

vi.mock('../data/split', async (original) => {
  const split = await original<typeof import('../data/split')>();
  return { ...split, splitTable: vi.fn(split.splitTable) };
});

/** A stand-in for the GPU jobs: a scripted "alignment" and fixed speeds; the CSV work is the real data layer. */
function fakeGpu(script: (inputs: AlignmentInputs, emit: (e: RunEvent) => void, signal: AbortSignal, paused: () => Promise<void>) => Promise<void>) {
  const seen: AlignmentInputs[] = [];
  const measured: string[] = [];
  const gpu: Omit<StudioGpu, 'runtime'> = {
    async runAlignment(inputs, onEvent, control) {
      seen.push(inputs);
      await script(inputs, onEvent, control.signal, control.paused);
      return { sample: async (n) => ({ header: ['a', 'b'], columns: [Array(n).fill('x'), Array(n).fill('y')] }) };
    },
    async measurePresetSpeed({ config }) {
      measured.push(config.preset);
      return { preset: config.preset, sftBatch: config.sftBatch, sftStepMs: config.preset === 'tiny' ? 2 : 6, sampleBatchRows: 256, sampleBatchMs: 50 };
    },
    measureRoundWork: async ({ config }) => ({ rows: Math.min(400, config.rowsPerRound), evalMs: 100, rewardMs: 50 }),
    samplerFromCheckpoint: async () => {
      throw new Error('These tests sample only the model of a run finished in this session.');
    },
    anyOrder: () => {
      throw new Error('These tests load no model for filling, ranking or rebalancing.');
    },
  };
  return { gpu, seen, measured };
}

/** The real split, watched for the class column it stratifies by. */
const stratified = () => vi.mocked(splitTable).mock.calls.map(([, , , stratifyBy]) => stratifyBy);

function fakeRuntime(): { rt: GpuRuntime; loseDevice: (m: string) => void } {
  let loseDevice!: (m: string) => void;
  const lost = new Promise<string>((resolve) => (loseDevice = resolve));
  const ctx = {
    adapterName: 'fake',
    features: { subgroups: false, fourWideSubgroups: false, shaderF16: false, timestampQuery: false },
    limits: { maxBufferSize: 1 << 28 },
    lost,
  };
  return { rt: { ctx, arena: { destroy: () => {} }, device: { destroy: () => {} } } as unknown as GpuRuntime, loseDevice };
}

const config: RunConfig = { ...DEFAULT_RUN_CONFIG, preset: 'tiny', epochs: 1, rounds: 2, rowsPerRound: 64, seed: 3 };
/** Ten rows, so the real split leaves rows on both sides of each class; one cell with a space, so the data layer warns. */
const csv = new Blob(['a,b\n1, p\n2,q\n3,p\n4,q\n5,p\n6,q\n7,p\n8,q\n9,p\n10,q\n']);
const metrics = {
  shape: 0.9,
  trend: 0.8,
  c2st: 0.7,
  c2st_gbdt: 0.6,
  mle: { auc: 0.7, real: 0.75 },
  dcr_share: 0.5,
  dcr_median: 1,
  exact_copy_rate: 0,
  mia_auc: 0.5,
};
const rows: Table = {
  header: ['a', 'b'],
  columns: [
    ['1', '2'],
    ['p', 'q'],
  ],
};

let dbs: RunDb[] = [];
let n = 0;
async function service(gpu: Omit<StudioGpu, 'runtime'>, rt: GpuRuntime) {
  const db = await RunDb.open(`svc-${n++}`);
  dbs.push(db);
  return { svc: new StudioService({ ...gpu, runtime: async () => rt }, db), db };
}
beforeEach(() => {
  vi.mocked(splitTable).mockClear();
});
afterEach(() => {
  dbs.forEach((d) => void d.close());
  dbs = [];
});

function statusOf(events: StudioEvent[]): Promise<StudioEvent & { type: 'run-status' }> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      const last = events.filter((e): e is StudioEvent & { type: 'run-status' } => e.type === 'run-status').at(-1);
      if (last && last.status !== 'running' && last.status !== 'paused') {
        clearInterval(timer);
        resolve(last);
      }
    }, 5);
  });
}

describe('StudioService', () => {
  it('ingests, runs to the end, keeps the history, checkpoints and sampler, and lists the run', async () => {
    const { gpu, seen } = fakeGpu(async (_i, emit) => {
      emit({ type: 'phase', phase: 'sft', message: 'SFT' });
      for (let s = 1; s <= 3; s++)
        emit({ type: 'sft-step', step: s, totalSteps: 3, loss: 3 - s / 2, msPerStep: 5, epoch: 1, lr: 0.001, budgetSecondsLeft: null });
      for (let round = 1; round <= 2; round++) {
        emit({ type: 'round-samples', round, rows, rewards: [0.9, 0.1], groups: ['high', 'low'], rewardMean: 0.5, rewardStd: 0.4 });
        emit({ type: 'round-eval', round, metrics, seconds: 1 });
        emit({ type: 'checkpoint', round, bytes: new Uint8Array([round]) });
      }
      emit({ type: 'phase', phase: 'done', message: 'done' });
    });
    const { rt } = fakeRuntime();
    const { svc, db } = await service(gpu, rt);
    const progress: number[] = [];
    const ingested = await svc.ingest(csv, 'tiny.csv', (p) => progress.push(p.bytesRead));
    expect(ingested.rowCount).toBe(10);
    expect(ingested.warnings).toEqual([
      'Column "b": 1 cells had spaces around them, which were removed; this merged values that differed only by spaces into one category ("p"). Load the file with trimming off to keep them apart.',
    ]);
    expect(ingested.delimiter).toBe('comma');
    // The last column has two values: guessed as the target, and said so.
    expect(ingested.targetGuess).toEqual({ column: 'b', reason: 'it is the last column and has 2 values' });
    expect(ingested.schema).toMatchObject({ target: 'b', task: 'classification' });
    expect(progress).toEqual([csv.size]);
    const schema = await svc.reviseSchema([{ name: 'a', excluded: true }], 'b');
    expect(schema.columns[0].excluded).toBe('Excluded by you.');
    expect(schema).toMatchObject({ target: 'b', task: 'classification' });

    const events: StudioEvent[] = [];
    const started = await svc.startRun(config, (e) => events.push(e));
    const end = await statusOf(events);
    expect(end.status).toBe('done');
    expect(seen[0].config.target).toBe('b');

    const views = events.filter((e) => e.type === 'round-view');
    expect(views).toHaveLength(2);
    const pageEvents = events.flatMap((e) => (e.type === 'run-events' ? e.events : []));
    expect(pageEvents.filter((e) => e.type === 'sft-step')).toHaveLength(3);
    expect(pageEvents.find((e) => e.type === 'checkpoint')).toEqual({ type: 'checkpoint', round: 1, byteLength: 1 });

    const saved = await db.getRun(started.id);
    expect(saved?.status).toBe('done');
    expect(saved?.history.rounds.map((r) => r.round)).toEqual([1, 2]);
    expect(saved?.history.sft).toHaveLength(3);
    expect(saved?.history.latestSamples?.groups).toEqual(['high', 'low']);
    expect(await db.checkpointRounds(started.id)).toEqual([1, 2]);
    expect([...(await svc.checkpoint(started.id))]).toEqual([2]);

    // The column left out is not in the download (it would come back empty).
    const out = await svc.sampleCsv(started.id, { rows: 2, where: {} });
    expect(out.trimEnd().split('\n')).toEqual(['b', 'y', 'y']);
    await expect(svc.sampleCsv(started.id, { rows: 0 })).rejects.toThrow(/positive whole number/);
    expect((await svc.listRuns()).map((r) => r.id)).toEqual([started.id]);
    const report = await svc.report(started.id);
    expect(JSON.parse(report.json).rounds).toHaveLength(2);
    expect(report.markdown).toContain('| round | shape | trend');
  });

  it('pauses between steps, resumes, and stops with the run kept', async () => {
    let steps = 0;
    const { gpu } = fakeGpu(async (_i, emit, signal, paused) => {
      for (;;) {
        await paused();
        if (signal.aborted) throw signal.reason;
        emit({ type: 'sft-step', step: ++steps, totalSteps: 1e9, loss: 1, msPerStep: 1, epoch: 1, lr: 0.001, budgetSecondsLeft: null });
        await new Promise((r) => setTimeout(r, 2));
      }
    });
    const { svc, db } = await service(gpu, fakeRuntime().rt);
    await svc.ingest(csv, 'x.csv', () => {});
    const events: StudioEvent[] = [];
    const { id } = await svc.startRun(config, (e) => events.push(e));
    await new Promise((r) => setTimeout(r, 30));
    await svc.pause();
    await new Promise((r) => setTimeout(r, 10));
    const atPause = steps;
    await new Promise((r) => setTimeout(r, 40));
    expect(steps).toBe(atPause);
    await svc.resume();
    await new Promise((r) => setTimeout(r, 30));
    expect(steps).toBeGreaterThan(atPause);
    await expect(svc.startRun(config, () => {})).rejects.toThrow(/already going/);
    await svc.stop();
    const end = await statusOf(events);
    expect(end.status).toBe('stopped');
    expect(end.message).toMatch(/before its first checkpoint .* no model to sample or download yet/);
    expect((await db.getRun(id))?.status).toBe('stopped');
  });

  it('marks a run interrupted when the device is lost and resumes it from its last checkpoint', async () => {
    const device = fakeRuntime();
    const { gpu, seen } = fakeGpu(async (inputs, emit, signal) => {
      if (inputs.resumeFrom) return;
      emit({ type: 'checkpoint', round: 0, bytes: new Uint8Array([0]) });
      emit({ type: 'round-eval', round: 1, metrics, seconds: 1 });
      emit({ type: 'checkpoint', round: 1, bytes: new Uint8Array([7, 7]) });
      emit({ type: 'round-eval', round: 2, metrics, seconds: 1 });
      device.loseDevice('The GPU device was lost (unknown: test). Your run is saved up to its last checkpoint; reload to resume.');
      await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    });
    const { svc, db } = await service(gpu, device.rt);
    await svc.ingest(csv, 'x.csv', () => {});
    const events: StudioEvent[] = [];
    const { id } = await svc.startRun(config, (e) => events.push(e));
    const end = await statusOf(events);
    expect(end.status).toBe('interrupted');
    expect(end.message).toMatch(/device was lost/);
    const saved = await db.getRun(id);
    expect(saved?.status).toBe('interrupted');
    expect(saved?.history.rounds.map((r) => r.round)).toEqual([1, 2]);

    const again: StudioEvent[] = [];
    await svc.resumeRun(id, (e) => again.push(e));
    expect((await statusOf(again)).status).toBe('done');
    expect(seen[1].resumeFrom).toEqual({ sft: new Uint8Array([0]), latest: new Uint8Array([7, 7]) });
    // Round 2 came after the checkpoint, so it is recomputed, not kept twice.
    expect((await db.getRun(id))?.history.rounds.map((r) => r.round)).toEqual([1]);
  });

  it('keeps SFT progress from a stop during SFT and resumes SFT after its last saved epoch', async () => {
    const { gpu, seen } = fakeGpu(async (inputs, emit, signal) => {
      if (inputs.resumeFrom) return;
      emit({ type: 'sft-step', step: 2, totalSteps: 8, loss: 2, msPerStep: 1, epoch: 1, lr: 0.001, budgetSecondsLeft: null });
      emit({ type: 'sft-epoch', epoch: 1, maxEpochs: 4, step: 2, totalSteps: 8, trainLoss: 2, validationLoss: 3, bestEpoch: 1, bestValidationLoss: 3 });
      await saveProgress.current?.({ epoch: 1, checkpoint: new Uint8Array([1]), best: new Uint8Array([2]) });
      emit({ type: 'sft-step', step: 4, totalSteps: 8, loss: 1.5, msPerStep: 1, epoch: 2, lr: 0.001, budgetSecondsLeft: null });
      await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    });
    const saveProgress: { current?: AlignmentControl['saveSftProgress'] } = {};
    const runAlignment = gpu.runAlignment;
    gpu.runAlignment = (inputs, onEvent, control) => {
      saveProgress.current = control.saveSftProgress;
      return runAlignment(inputs, onEvent, control);
    };
    const { svc, db } = await service(gpu, fakeRuntime().rt);
    await svc.ingest(csv, 'x.csv', () => {});
    const events: StudioEvent[] = [];
    const { id } = await svc.startRun(config, (e) => events.push(e));
    await new Promise((r) => setTimeout(r, 30));
    await svc.stop();
    const end = await statusOf(events);
    expect(end.message).toMatch(/Its SFT after epoch 1 is kept: resume it to go on from there/);
    expect((await db.getSftProgress(id))?.epoch).toBe(1);
    expect((await svc.openRun(id)).sftEpochSaved).toBe(1);

    const again: StudioEvent[] = [];
    await svc.resumeRun(id, (e) => again.push(e));
    await statusOf(again);
    const resumeFrom = seen[1].resumeFrom;
    expect(resumeFrom && 'sftProgress' in resumeFrom ? [...resumeFrom.sftProgress.best] : null).toEqual([2]);
    // The steps of the epoch that was cut off are dropped; epoch 1's stay.
    expect((await svc.openRun(id)).history.sft.map((p) => p.step)).toEqual([2]);
  });

  it('reports a refused storage write and still finishes the run in memory', async () => {
    const { gpu } = fakeGpu(async (_i, emit) => {
      emit({ type: 'checkpoint', round: 0, bytes: new Uint8Array([5]) });
    });
    const { svc, db } = await service(gpu, fakeRuntime().rt);
    db.saveCheckpoint = async () => {
      throw new (await import('./run-db')).StorageError('the checkpoint of round 0', new DOMException('full', 'QuotaExceededError'));
    };
    await svc.ingest(csv, 'x.csv', () => {});
    const events: StudioEvent[] = [];
    const { id } = await svc.startRun(config, (e) => events.push(e));
    expect((await statusOf(events)).status).toBe('done');
    const storage = events.find((e) => e.type === 'storage-error');
    expect(storage && 'message' in storage ? storage.message : '').toMatch(/storage is full/);
    expect([...(await svc.checkpoint(id))]).toEqual([5]);
  });

  it('reports a refused write of the paused status like any other storage failure', async () => {
    const { gpu } = fakeGpu(async (_i, emit, signal, paused) => {
      for (let step = 1; ; step++) {
        await paused();
        if (signal.aborted) throw signal.reason;
        emit({ type: 'sft-step', step, totalSteps: 1e9, loss: 1, msPerStep: 1, epoch: 1, lr: 0.001, budgetSecondsLeft: null });
        await new Promise((r) => setTimeout(r, 2));
      }
    });
    const { svc, db } = await service(gpu, fakeRuntime().rt);
    await svc.ingest(csv, 'x.csv', () => {});
    const events: StudioEvent[] = [];
    await svc.startRun(config, (e) => events.push(e));
    db.putRun = async () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    await svc.pause();
    await new Promise((r) => setTimeout(r, 20));
    const storage = events.find((e) => e.type === 'storage-error');
    expect(storage && 'message' in storage ? storage.message : '').toMatch(/storage is full, so the run was not saved/);
    await svc.stop();
    await statusOf(events);
  });

  it('shows a run saved as going, but not going here, as interrupted', async () => {
    const { gpu } = fakeGpu(async () => {});
    const { svc, db } = await service(gpu, fakeRuntime().rt);
    const going = {
      id: 'old',
      name: 'old.csv',
      createdAt: 1,
      updatedAt: 1,
      status: 'running' as const,
      schema: { version: 1 as const, rowCount: 0, columns: [] },
      config,
      lastCheckpointRound: 0,
      history: emptyHistory(),
    };
    await db.createRun(going, { fileName: 'old.csv', bytes: new Uint8Array(1) });
    const [listed] = await svc.listRuns();
    expect(listed.status).toBe('interrupted');
    expect(listed.statusMessage).toMatch(/closed or reloaded/);
    expect((await svc.openRun('old')).status).toBe('interrupted');
  });

  it('measures model sizes up to the default once per table, suggests defaults, estimates, and trains on the sample asked for', async () => {
    const { gpu, seen, measured } = fakeGpu(async () => {});
    const { svc } = await service(gpu, fakeRuntime().rt);
    await svc.ingest(new Blob([`a,b\n${Array.from({ length: 50 }, (_, i) => `${i},${i % 2 ? 'p' : 'q'}`).join('\n')}\n`]), 'x.csv', () => {});
    const base = { ...DEFAULT_RUN_CONFIG, preset: 'small' as const };
    const suggestion = await svc.suggestRun(base);
    expect(measured).toEqual(['tiny', 'small']);
    expect(suggestion).toMatchObject({ adapterName: 'fake', availableTrainRows: 40, trainRows: 40 });
    expect(suggestion.config).toMatchObject({ preset: 'small', epochs: 'auto', sftMinutes: 5 });
    const estimate = await svc.estimateRun(suggestion.config, { trainRows: suggestion.trainRows });
    expect(measured).toEqual(['tiny', 'small']);
    expect(estimate.sftStepsPerEpoch).toBe(1);
    expect(estimate.totalSeconds).toBeGreaterThan(0);
    // Another target keeps the measured speed; a column left out changes the sequences, so it is measured again.
    await svc.reviseSchema([], undefined);
    await svc.estimateRun({ ...base, preset: 'tiny' });
    expect(measured).toEqual(['tiny', 'small']);
    await svc.reviseSchema([{ name: 'a', excluded: true }], undefined);
    await svc.estimateRun({ ...base, preset: 'tiny' });
    expect(measured).toEqual(['tiny', 'small', 'tiny']);

    const events: StudioEvent[] = [];
    const run = await svc.startRun({ ...config, rowsPerRound: 64 }, (e) => events.push(e), { trainRows: 7 });
    expect(run.trainRows).toBe(7);
    await expect(svc.estimateRun(base)).rejects.toThrow(/A run is going/);
    await statusOf(events);
    expect(seen[0].train.columns[0]).toHaveLength(7);
    await expect(svc.startRun(config, () => {}, { trainRows: 0 })).rejects.toThrow(/Training rows must be a positive whole number/);
  });

  it('stratifies the holdout by a class target only, not by a numeric one', async () => {
    const { gpu } = fakeGpu(async () => {});
    const { svc } = await service(gpu, fakeRuntime().rt);
    await svc.ingest(csv, 'x.csv', () => {});
    for (const [overrides, target] of [
      [[], 'b'],
      [[{ name: 'a', kind: 'numeric' as const }], 'a'],
    ] as const) {
      const events: StudioEvent[] = [];
      await svc.reviseSchema([...overrides], target);
      await svc.startRun(config, (e) => events.push(e));
      await statusOf(events);
    }
    expect(stratified()).toEqual(['b', undefined]);
  });

  it('says what to do when nothing is loaded or the data layer rejects the file', async () => {
    const { gpu } = fakeGpu(async () => {});
    const { svc } = await service(gpu, fakeRuntime().rt);
    await expect(svc.startRun(config, () => {})).rejects.toThrow(/No table is loaded/);
    await expect(svc.startRun({ ...config, method: 'tabgraa', rowsPerRound: 10 }, () => {})).rejects.toThrow(/groups of 5 rows, fewer than the group size 32/);
    await expect(svc.ingest(new Blob(['a,b\n']), 'bad.csv', () => {})).rejects.toThrow(
      'The file has a header row but no data rows: add at least one row of values under the header.',
    );
  });
});
