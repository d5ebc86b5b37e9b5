import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_RUN_CONFIG, type RunConfig } from '../align/run-config';
import type { RunEvent } from '../align/run-events';
import type { Table } from '../data/types';
import type { GpuRuntime } from '../kernels/runtime';
import type { StudioEvent } from './protocol';
import { RunDb } from './run-db';
import { emptyHistory } from './run-history';
import type { AlignmentControl, AlignmentInputs, StudioCore } from './studio-core';
import { StudioService } from './studio-service';

/** A stand-in core: CSV as lines of commas, every column categorical, a scripted "alignment". */
function fakeCore(script: (inputs: AlignmentInputs, emit: (e: RunEvent) => void, signal: AbortSignal, paused: () => Promise<void>) => Promise<void>) {
  const seen: AlignmentInputs[] = [];
  const measured: string[] = [];
  const stratified: Array<string | undefined> = [];
  const core: StudioCore<Table> = {
    async parseCsv(file, onProgress) {
      const lines = (await file.text())
        .trim()
        .split('\n')
        .map((l) => l.split(','));
      if (lines.length < 2) throw new Error('The file has a header but no rows.');
      onProgress({ bytesRead: file.size, totalBytes: file.size });
      return { raw: { header: lines[0], columns: lines[0].map((_, c) => lines.slice(1).map((l) => l[c])) }, warnings: [], delimiter: 'comma' };
    },
    inferSchema: (raw) => ({
      warnings: ['a note'],
      schema: {
        version: 1,
        rowCount: raw.columns[0].length,
        columns: raw.header.map((name, c) => {
          const categories = [...new Set(raw.columns[c].map(String))];
          return { name, kind: 'categorical', categories, counts: categories.map(() => 1), missingShare: 0, flags: [] };
        }),
      },
    }),
    overrideColumn: (_raw, schema, name, o) => ({
      ...schema,
      columns: schema.columns.map((c) =>
        c.name !== name
          ? c
          : o.kind === 'numeric'
            ? { name, kind: 'numeric', integer: true, decimals: 0, min: 1, max: 3, missingShare: 0, flags: [] }
            : { ...c, excluded: o.excluded ?? undefined },
      ),
    }),
    applySchema: (raw) => raw,
    splitTable: (t, _seed, stratifyBy) => {
      stratified.push(stratifyBy);
      return { train: t, holdout: t };
    },
    sampleRows: (t, n) => ({ header: t.header, columns: t.columns.map((c) => c.slice(0, n)) }),
    tableToCsv: (t, schema) => {
      const sources = schema.columns.map((c) => t.header.indexOf(c.name));
      return [schema.columns.map((c) => c.name).join(','), ...t.columns[0].map((_, r) => sources.map((i) => (i < 0 ? '' : t.columns[i][r])).join(','))].join(
        '\n',
      );
    },
    associationDiff: () => null,
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
  };
  return { core, seen, measured, stratified };
}

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
const csv = new Blob(['a,b\n1,p\n2,q\n3,p\n']);
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
async function service(core: StudioCore<Table>, rt: GpuRuntime) {
  const db = await RunDb.open(`svc-${n++}`);
  dbs.push(db);
  return { svc: new StudioService(core, db, async () => rt), db };
}
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
    const { core, seen } = fakeCore(async (_i, emit) => {
      emit({ type: 'phase', phase: 'sft', message: 'SFT' });
      for (let s = 1; s <= 3; s++) emit({ type: 'sft-step', step: s, totalSteps: 3, loss: 3 - s / 2, msPerStep: 5, epoch: 1, lr: 0.001 });
      for (let round = 1; round <= 2; round++) {
        emit({ type: 'round-samples', round, rows, rewards: [0.9, 0.1], groups: ['high', 'low'], rewardMean: 0.5, rewardStd: 0.4 });
        emit({ type: 'round-eval', round, metrics, seconds: 1 });
        emit({ type: 'checkpoint', round, bytes: new Uint8Array([round]) });
      }
      emit({ type: 'phase', phase: 'done', message: 'done' });
    });
    const { rt } = fakeRuntime();
    const { svc, db } = await service(core, rt);
    const progress: number[] = [];
    const ingested = await svc.ingest(csv, 'tiny.csv', (p) => progress.push(p.bytesRead));
    expect(ingested.rowCount).toBe(3);
    expect(ingested.warnings).toEqual(['a note']);
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
    expect(out.split('\n')).toEqual(['b', 'y', 'y']);
    await expect(svc.sampleCsv(started.id, { rows: 0 })).rejects.toThrow(/positive whole number/);
    expect((await svc.listRuns()).map((r) => r.id)).toEqual([started.id]);
    const report = await svc.report(started.id);
    expect(JSON.parse(report.json).rounds).toHaveLength(2);
    expect(report.markdown).toContain('| round | shape | trend');
  });

  it('pauses between steps, resumes, and stops with the run kept', async () => {
    let steps = 0;
    const { core } = fakeCore(async (_i, emit, signal, paused) => {
      for (;;) {
        await paused();
        if (signal.aborted) throw signal.reason;
        emit({ type: 'sft-step', step: ++steps, totalSteps: 1e9, loss: 1, msPerStep: 1, epoch: 1, lr: 0.001 });
        await new Promise((r) => setTimeout(r, 2));
      }
    });
    const { svc, db } = await service(core, fakeRuntime().rt);
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
    const { core, seen } = fakeCore(async (inputs, emit, signal) => {
      if (inputs.resumeFrom) return;
      emit({ type: 'checkpoint', round: 0, bytes: new Uint8Array([0]) });
      emit({ type: 'round-eval', round: 1, metrics, seconds: 1 });
      emit({ type: 'checkpoint', round: 1, bytes: new Uint8Array([7, 7]) });
      emit({ type: 'round-eval', round: 2, metrics, seconds: 1 });
      device.loseDevice('The GPU device was lost (unknown: test). Your run is saved up to its last checkpoint; reload to resume.');
      await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    });
    const { svc, db } = await service(core, device.rt);
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
    const { core, seen } = fakeCore(async (inputs, emit, signal) => {
      if (inputs.resumeFrom) return;
      emit({ type: 'sft-step', step: 2, totalSteps: 8, loss: 2, msPerStep: 1, epoch: 1, lr: 0.001 });
      emit({ type: 'sft-epoch', epoch: 1, maxEpochs: 4, step: 2, totalSteps: 8, trainLoss: 2, validationLoss: 3, bestEpoch: 1, bestValidationLoss: 3 });
      await saveProgress.current?.({ epoch: 1, checkpoint: new Uint8Array([1]), best: new Uint8Array([2]) });
      emit({ type: 'sft-step', step: 4, totalSteps: 8, loss: 1.5, msPerStep: 1, epoch: 2, lr: 0.001 });
      await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    });
    const saveProgress: { current?: AlignmentControl['saveSftProgress'] } = {};
    const runAlignment = core.runAlignment;
    core.runAlignment = (inputs, onEvent, control) => {
      saveProgress.current = control.saveSftProgress;
      return runAlignment(inputs, onEvent, control);
    };
    const { svc, db } = await service(core, fakeRuntime().rt);
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
    const { core } = fakeCore(async (_i, emit) => {
      emit({ type: 'checkpoint', round: 0, bytes: new Uint8Array([5]) });
    });
    const { svc, db } = await service(core, fakeRuntime().rt);
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

  it('shows a run saved as going, but not going here, as interrupted', async () => {
    const { core } = fakeCore(async () => {});
    const { svc, db } = await service(core, fakeRuntime().rt);
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
    const { core, seen, measured } = fakeCore(async () => {});
    const { svc } = await service(core, fakeRuntime().rt);
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
    const { core, stratified } = fakeCore(async () => {});
    const { svc } = await service(core, fakeRuntime().rt);
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
    expect(stratified).toEqual(['b', undefined]);
  });

  it('says what to do when nothing is loaded or the data layer rejects the file', async () => {
    const { core } = fakeCore(async () => {});
    const { svc } = await service(core, fakeRuntime().rt);
    await expect(svc.startRun(config, () => {})).rejects.toThrow(/No table is loaded/);
    await expect(svc.startRun({ ...config, rowsPerRound: 10 }, () => {})).rejects.toThrow(/groups of 5 rows, fewer than the group size 32/);
    await expect(svc.ingest(new Blob(['a,b\n']), 'bad.csv', () => {})).rejects.toThrow('The file has a header but no rows.');
  });
});
