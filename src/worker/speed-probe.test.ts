import { describe, expect, it } from 'vitest';
import { DEFAULT_RUN_CONFIG, type RunConfig } from '../align/run-config';
import { applySchema } from '../data/apply-schema';
import { loadCsvFile } from '../data/csv-file';
import { testRuntime } from '../kernels/test-gpu';
import { probePresetSpeed, probeRoundWork } from './speed-probe';

const TABLES = new URL('../../fixtures/tables/', import.meta.url).pathname;

async function penguins() {
  const { raw, schema } = await loadCsvFile(`${TABLES}penguins.train.csv`);
  const holdout = (await loadCsvFile(`${TABLES}penguins.test.csv`)).raw;
  return { train: applySchema(raw, schema), holdout: applySchema(holdout, schema), schema: { ...schema, target: 'species' } };
}

const config: RunConfig = { ...DEFAULT_RUN_CONFIG, preset: 'tiny', sftBatch: 16, rowsPerRound: 40, groupSize: 8, reward: 'classifier', target: 'species' };

describe('speed probe', () => {
  it('times SFT steps and one sampled batch of the chosen model on this adapter', async () => {
    const speed = await probePresetSpeed({ rt: await testRuntime(), ...(await penguins()), config });
    expect(speed).toMatchObject({ preset: 'tiny', sftBatch: 16, sampleBatchRows: 40 });
    expect(speed.sftStepMs).toBeGreaterThan(0);
    expect(speed.sampleBatchMs).toBeGreaterThan(0);
  });

  it('times one evaluation and reward scoring on holdout rows, at most the rows per round', async () => {
    const work = await probeRoundWork({ ...(await penguins()), config });
    expect(work.rows).toBe(40);
    expect(work.evalMs).toBeGreaterThan(0);
    expect(work.rewardMs).toBeGreaterThan(0);
  });
});
