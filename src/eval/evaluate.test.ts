import { describe, expect, it } from 'vitest';
import type { Table } from '../data/types';
import type { EvalReport } from './evaluate';
import { evaluate } from './evaluate';
import { holdoutSample, shuffledColumns, uniformNoise } from './reference-cases';
import { drawPopulation, POPULATION_SCHEMA } from './test-population';

// Train and holdout have equal sizes, so no DCR set is cut and a copy of train is closer to train for every row.
const train = drawPopulation(1500, 1);
const holdout = drawPopulation(1500, 2);
const fresh = drawPopulation(3000, 3);
const schema = POPULATION_SCHEMA;
const run = (synthetic: Table, seed = 0) => evaluate({ train, holdout, synthetic, schema, mode: 'cheap', seed });

describe('evaluate: reference cases on a population with known dependence', async () => {
  const [real, copy, shuffled, noise] = await Promise.all([
    run(holdoutSample(fresh, 1500, 1)),
    run(train),
    run(shuffledColumns(train, 2)),
    run(uniformNoise(schema, 1500, 3)),
  ]);

  it('fresh real rows score near the top on fidelity and detection, and near 0.5 on privacy', () => {
    // 1500 vs 1500 rows: KS and TV sampling noise is ~0.02-0.03 per column, Pearson's ~0.03 per pair.
    expect(real.shape).toBeGreaterThan(0.95);
    expect(real.trend).toBeGreaterThan(0.95);
    // Detection of real vs real: per-fold AUC noise ~0.02, clipped at 0.5, so the score stays near 1.
    expect(real.c2st).toBeGreaterThan(0.85);
    expect(real.c2st_gbdt).toBeGreaterThan(0.85);
    // Binomial standard error of a share over 1500 rows is 0.013; 0.06 is ~4.5 SE.
    expect(Math.abs(real.dcr_share - 0.5)).toBeLessThan(0.06);
    expect(Math.abs(real.mia_auc - 0.5)).toBeLessThan(0.06);
    // Independent draws can coincide on every cell (x1 and x2 have 3 decimals): about 0.3 such rows are expected.
    expect(real.exact_copy_rate).toBeLessThan(0.005);
    // y depends strongly on x1: a model trained on real rows predicts it well on the holdout.
    expect(real.mle.auc).toBeGreaterThan(0.8);
    expect(Math.abs(real.mle.auc! - real.mle.real)).toBeLessThan(0.03);
  });

  it('a copy of train is caught by every privacy metric and by nothing else', () => {
    expect(copy.dcr_share).toBe(1);
    expect(copy.exact_copy_rate).toBe(1);
    expect(copy.dcr_median).toBe(0);
    expect(copy.mia_auc).toBeGreaterThan(0.99);
    expect(copy.shape).toBe(1);
    expect(copy.trend).toBe(1);
  });

  it('shuffled columns keep Shape exactly but lose Trend and the boosted detector', () => {
    expect(shuffled.shape).toBe(1); // identical marginals: every KS and TV distance is 0
    expect(shuffled.trend).toBeLessThan(real.trend - 0.05);
    expect(shuffled.c2st_gbdt).toBeLessThan(0.5);
    expect(shuffled.c2st_gbdt).toBeLessThan(real.c2st_gbdt - 0.4);
    expect(shuffled.mle.auc).toBeLessThan(0.65);
    expect(shuffled.exact_copy_rate).toBeLessThan(0.01);
  });

  it('uniform noise scores poorly on everything', () => {
    // The noise spans the schema's wide [min, max] and the binary columns are near 50/50, so Shape stays ~0.85.
    expect(noise.shape).toBeLessThan(real.shape - 0.1);
    expect(noise.trend).toBeLessThan(0.8);
    // Not the logistic C2ST: this noise has the real means (symmetric spread around them), and a linear
    // detector only sees shifts of means, so it scores ~0.9 here; on Adult the noise shifts means and it scores 0.
    expect(noise.c2st_gbdt).toBeLessThan(0.2);
    expect(noise.mle.auc).toBeLessThan(real.mle.auc! - 0.1);
    expect(noise.dcr_median).toBeGreaterThan(5 * real.dcr_median);
  });

  it('reports the contract keys, the pair matrix, notes and timings', () => {
    const keys: Array<keyof EvalReport> = ['shape', 'trend', 'c2st', 'c2st_gbdt', 'mle', 'dcr_share', 'dcr_median', 'exact_copy_rate', 'mia_auc', 'details'];
    expect(Object.keys(real).sort()).toEqual([...keys].sort());
    expect(real.details.trend.matrix).toHaveLength(schema.columns.length);
    expect(real.details.shape.columns).toHaveLength(schema.columns.length);
    expect(real.details.mle.positiveClass).toBeDefined();
    expect(real.details.timingsMs.total).toBeGreaterThan(0);
    expect(real.details.subsampled).toEqual([]); // 1500-row tables fit under the cheap caps
  });

  it('is deterministic for a seed', async () => {
    const strip = (r: EvalReport) => JSON.stringify({ ...r, details: { ...r.details, timingsMs: null } });
    expect(strip(await run(shuffledColumns(train, 2)))).toBe(strip(shuffled));
  });
});

describe('evaluate: awkward inputs', () => {
  it('handles categories only the synthetic table has, missing targets, and says what it subsampled', async () => {
    const synthetic = holdoutSample(fresh, 2500, 4);
    synthetic.columns[4] = synthetic.columns[4].map((cell, r) => (r % 10 === 0 ? 'never-seen' : cell));
    synthetic.columns[5] = synthetic.columns[5].map((cell, r) => (r % 50 === 0 ? null : cell));
    const report = await run(synthetic);
    const c2 = report.details.shape.columns.find((c) => c.column === 'c2')!;
    expect(c2.score).toBeLessThan(0.92); // 10 % of its mass sits on a category real data lacks
    expect(Number.isFinite(report.c2st) && Number.isFinite(report.mle.auc!)).toBe(true);
    expect(report.details.subsampled.some((note) => note.includes('2000 of 2500'))).toBe(true);
  });

  it('multi-class and regression targets report their own MLE metrics', async () => {
    const multi = await evaluate({ train, holdout, synthetic: fresh, schema, target: 'c2', mode: 'cheap', seed: 1 });
    expect(multi.mle.auc).toBeUndefined();
    expect(multi.mle.f1).toBeGreaterThan(0.4);
    expect(multi.mle.accuracy).toBeGreaterThan(0.5);
    expect(multi.mle.real).toBe(multi.details.mle.real.f1);
    const regression = await evaluate({ train, holdout, synthetic: fresh, schema, target: 'x2', mode: 'cheap', seed: 1 });
    expect(regression.details.task).toBe('regression');
    // x2 = 0.8 x1 + N(0, 0.6^2): the best RMSE is 0.6 and R^2 about 0.64.
    expect(regression.mle.rmse).toBeLessThan(0.7);
    expect(regression.mle.r2).toBeGreaterThan(0.5);
  });

  it('refuses a synthetic table without a schema column, naming it', async () => {
    const broken = { header: train.header.slice(1), columns: train.columns.slice(1) };
    await expect(run(broken)).rejects.toThrow(/synthetic table has no column "x1"/);
  });

  it('refuses a classification target with hundreds of distinct values', async () => {
    await expect(evaluate({ train, holdout, synthetic: fresh, schema, target: 'x1', task: 'classification', mode: 'cheap', seed: 1 })).rejects.toThrow(
      /too many classes/,
    );
  });
});
