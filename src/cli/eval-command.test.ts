import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { run } from './eval-command';

const data = new URL('../../fixtures/tables', import.meta.url).pathname;

describe('tabgraa eval', () => {
  it('scores CSV files and writes the JSON with the contract keys', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'tabgraa-eval-')), 'report.json');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await run([
      '--train',
      `${data}/penguins.train.csv`,
      '--test',
      `${data}/penguins.test.csv`,
      '--synthetic',
      `${data}/penguins.test.csv`,
      '--target',
      'species',
      '--json',
      out,
    ]);
    log.mockRestore();
    const report = JSON.parse(await readFile(out, 'utf8'));
    for (const key of ['shape', 'trend', 'c2st', 'c2st_gbdt', 'mle', 'dcr_share', 'dcr_median', 'exact_copy_rate', 'mia_auc'])
      expect(report).toHaveProperty(key);
    // Three species: multi-class, so macro-F1 and accuracy, no AUC; the reference sits under `real`.
    expect(report.mle.f1).toBeGreaterThan(0.8);
    expect(report.mle.real).toBeGreaterThan(0.8);
    // The synthetic file is the holdout itself: every synthetic row is at distance 0 from the holdout.
    expect(report.dcr_share).toBeLessThan(0.1);
  });

  it('names the target column and what is wrong with it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tabgraa-eval-'));
    const path = join(dir, 'dated.csv');
    await writeFile(path, `y,when\n${Array.from({ length: 30 }, (_, r) => `${r % 3},2024-03-${String((r % 28) + 1).padStart(2, '0')}`).join('\n')}\n`);
    await expect(run(['--train', path, '--test', path, '--synthetic', path, '--target', 'when'])).rejects.toThrow(
      /^The target column "when" cannot be used: Column "when" holds dates/,
    );
  });

  it('names the missing options', async () => {
    await expect(run(['--train', 'a.csv'])).rejects.toThrow(/missing --test, --synthetic, --target/);
  });
});
