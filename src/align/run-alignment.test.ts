import { describe, expect, it } from 'vitest';
import { applySchema } from '../data/apply-schema';
import { loadCsvFile } from '../data/csv-file';
import type { Schema } from '../data/types';
import { testRuntime } from '../kernels/test-gpu';
import { runAlignment } from './run-alignment';
import { DEFAULT_RUN_CONFIG, type RunConfig } from './run-config';
import type { RunEvent } from './run-events';
import { RunSession, roundSeed } from './run-session';

const DATA = new URL('../../fixtures/tables/', import.meta.url).pathname;

async function penguins() {
  const { raw, schema: inferred } = await loadCsvFile(`${DATA}penguins.train.csv`);
  const schema: Schema = { ...inferred, target: 'species', task: 'classification' };
  const holdoutRaw = (await loadCsvFile(`${DATA}penguins.test.csv`)).raw;
  return { train: applySchema(raw, schema), holdout: applySchema(holdoutRaw, schema), schema };
}

const TINY: RunConfig = {
  ...DEFAULT_RUN_CONFIG,
  method: 'tabgraa',
  preset: 'tiny',
  epochs: 1,
  rounds: 2,
  rowsPerRound: 64,
  groupSize: 8,
  sftBatch: 16,
  learningRate: 1e-3,
  target: 'species',
};

describe('the generate–score–align loop', () => {
  it('runs SFT and two TabGRAA rounds end to end, reporting every stage', async () => {
    const rt = await testRuntime();
    const events: RunEvent[] = [];
    const result = await runAlignment({ rt, ...(await penguins()), config: TINY }, (e) => events.push(e));
    const types = events.map((e) => e.type);
    expect(types).toContain('sft-step');
    expect(events.filter((e) => e.type === 'round-eval').map((e) => (e as { round: number }).round)).toEqual([0, 1, 2]);
    expect(events.filter((e) => e.type === 'checkpoint').map((e) => (e as { round: number }).round)).toEqual([0, 1, 2]);
    const samples = events.filter((e) => e.type === 'round-samples');
    expect(samples).toHaveLength(2);
    for (const s of samples) {
      if (s.type !== 'round-samples') continue;
      expect(s.groups.filter((g) => g === 'high')).toHaveLength(32);
      expect(s.rewards.every((r) => r >= 0 && r <= 1)).toBe(true);
    }
    const steps = events.filter((e) => e.type === 'align-step');
    expect(steps.length).toBeGreaterThan(0);
    for (const key of ['shape', 'trend', 'c2st', 'c2st_gbdt', 'dcr_share', 'exact_copy_rate', 'mia_auc'] as const) {
      expect(Number.isFinite(result.final[key])).toBe(true);
    }
    expect(result.samples.table.columns[0]).toHaveLength(64);
    expect(result.samples.table.header).toEqual(['species', 'island', 'bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g', 'sex', 'year']);
  });

  it("TabGRAA steps push the high group's log-ratio above the low group's", async () => {
    const rt = await testRuntime();
    const session = new RunSession(rt, await penguins(), { ...TINY, rounds: 1, learningRate: 3e-3, beta: 1 });
    await session.trainSftAndFreeze(() => {}, {});
    session.startAlignment();
    const samples = await session.sampleRows(64, roundSeed(1, 0));
    const steps: Array<{ step: number; loss: number; highLogRatio: number; lowLogRatio: number }> = [];
    // Three passes over the same groups: the gap must open up and the loss must fall.
    for (let pass = 0; pass < 3; pass++) {
      await session.alignRound(
        1,
        samples,
        (e) => {
          if (e.type === 'align-step') steps.push(e);
        },
        {},
      );
    }
    const last = steps[steps.length - 1];
    // The first step of a round always reports, and its policy is still the reference.
    expect(steps[0].step).toBe(1);
    expect(steps[0].highLogRatio).toBeCloseTo(0, 4);
    expect(steps[0].lowLogRatio).toBeCloseTo(0, 4);
    expect(last.highLogRatio - last.lowLogRatio).toBeGreaterThan(0.05);
    expect(last.loss).toBeLessThan(steps[0].loss);
  });

  it('refuses a checkpoint saved for another schema', async () => {
    const rt = await testRuntime();
    const data = await penguins();
    const session = new RunSession(rt, data, TINY);
    const checkpoint = await session.saveCheckpoint(0);
    const otherSchema: Schema = { ...data.schema, columns: data.schema.columns.map((c) => (c.name === 'year' ? { ...c, excluded: 'left out' } : c)) };
    const other = new RunSession(
      rt,
      { ...data, schema: otherSchema, train: applySchemaSubset(data.train, 'year'), holdout: applySchemaSubset(data.holdout, 'year') },
      TINY,
    );
    expect(() => other.restore(checkpoint)).toThrow(/another schema/);
  });
});

function applySchemaSubset(table: { header: string[]; columns: unknown[][] }, drop: string) {
  const keep = table.header.map((h, i) => [h, i] as const).filter(([h]) => h !== drop);
  return { header: keep.map(([h]) => h), columns: keep.map(([, i]) => table.columns[i]) } as never;
}
