import { describe, expect, it } from 'vitest';
import { DEFAULT_RUN_CONFIG } from '../align/run-config';
import type { GpuRuntime } from '../kernels/runtime';
import { AnyOrderHost, type AnyOrderHostDeps, type AnyOrderJobs } from './any-order-host';
import type { ImputeResult, LeastLikelyResult, RunRecord } from './protocol';
import { emptyHistory } from './run-history';

const record = (id: string): RunRecord => ({
  id,
  name: 'table.csv',
  createdAt: 0,
  updatedAt: 0,
  status: 'done',
  schema: { version: 1, rowCount: 1, columns: [] },
  config: { ...DEFAULT_RUN_CONFIG, temperature: 0.7 },
  lastCheckpointRound: 1,
  history: emptyHistory(),
});

/** A host over fakes: the raw table is the CSV's text, jobs echo what they were given. */
function host(overrides: Partial<AnyOrderHostDeps<string>> = {}) {
  const log: string[] = [];
  const loads: Array<{ rt: number; checkpoint: string; temperature: number }> = [];
  let runtimes = 0;
  const jobs = (rt: number): AnyOrderJobs<string> => ({
    impute: async (raw, seed) => ({ csv: `rt${rt} ${raw} seed ${seed}` }) as ImputeResult,
    leastLikely: async (raw, count) => ({ header: [raw], totalRows: count }) as LeastLikelyResult,
    rebalance: async (request, rows, seed) => ({ csv: `${request.column} ${rows} seed ${seed}`, groups: [] }),
  });
  const deps: AnyOrderHostDeps<string> = {
    load: (rt, _schema, checkpoint, temperature) => {
      loads.push({ rt: (rt as unknown as { id: number }).id, checkpoint: new TextDecoder().decode(checkpoint), temperature });
      return jobs((rt as unknown as { id: number }).id);
    },
    gpu: async () => ({ id: ++runtimes }) as unknown as GpuRuntime,
    release: (rt) => log.push(`release rt${(rt as unknown as { id: number }).id}`),
    openRun: async (runId) => record(runId),
    checkpoint: async (runId) => new TextEncoder().encode(`checkpoint of ${runId}`),
    parseCsv: async (file) => `parsed ${await file.text()}`,
    source: async (runId) => new TextEncoder().encode(`source of ${runId}`),
    dataset: () => null,
    ...overrides,
  };
  return { host: new AnyOrderHost(deps), log, loads };
}

describe('AnyOrderHost', () => {
  it("loads a run's latest checkpoint once, at its temperature, and draws with a fresh seed each time", async () => {
    const { host: h, loads } = host();
    expect((await h.impute('run-1')).csv).toBe('rt1 parsed source of run-1 seed 1');
    expect((await h.impute('run-1')).csv).toBe('rt1 parsed source of run-1 seed 2');
    expect((await h.rebalance('run-1', { column: 'y', shares: [] }, 50)).csv).toBe('y 50 seed 3');
    expect(loads).toEqual([{ rt: 1, checkpoint: 'checkpoint of run-1', temperature: 0.7 }]);
  });

  it('works on a file given instead of the run table, and releases the previous model for another run', async () => {
    const { host: h, log, loads } = host();
    await h.impute('run-1');
    const ranked = await h.leastLikely('run-2', 5, new Blob(['other.csv text']));
    expect(ranked.header).toEqual(['parsed other.csv text']);
    expect(log).toEqual(['release rt1']);
    expect(loads.map((l) => l.checkpoint)).toEqual(['checkpoint of run-1', 'checkpoint of run-2']);
    h.drop('run-1');
    expect(log).toEqual(['release rt1']);
    h.drop('run-2');
    expect(log).toEqual(['release rt1', 'release rt2']);
  });

  it("falls back to this session's table, and says what to do when the run's table is gone", async () => {
    const gone = { source: async () => undefined };
    const { host: withDataset } = host({ ...gone, dataset: () => ({ fileName: 'table.csv', raw: 'the loaded table' }) });
    expect((await withDataset.impute('run-1')).csv).toBe('rt1 the loaded table seed 1');
    const { host: without } = host({ ...gone, dataset: () => ({ fileName: 'another.csv', raw: 'x' }) });
    await expect(without.impute('run-1')).rejects.toThrow(/"table.csv" of this run is no longer in the browser storage: choose the file/);
  });

  it('refuses a bad row count', async () => {
    const { host: h } = host();
    await expect(h.leastLikely('run-1', 0)).rejects.toThrow(/positive whole number, got 0/);
  });

  it('releases the runtime when loading fails', async () => {
    const { host: h, log } = host({
      load: () => {
        throw new Error('bad checkpoint');
      },
    });
    await expect(h.impute('run-1')).rejects.toThrow('bad checkpoint');
    expect(log).toEqual(['release rt1']);
  });
});
