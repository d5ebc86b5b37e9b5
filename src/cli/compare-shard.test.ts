import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CompareCell } from '../align/compare-report';

const ROOT = new URL('../../', import.meta.url).pathname;
const TABLES = join(ROOT, 'fixtures/tables');

function tabgraa(...args: string[]) {
  const result = spawnSync('node', [join(ROOT, 'bin/tabgraa.mjs'), ...args], { encoding: 'utf8', timeout: 300_000 });
  return { code: result.status, err: result.stderr };
}

const GRID = [
  join(TABLES, 'penguins.train.csv'),
  '--holdout',
  join(TABLES, 'penguins.test.csv'),
  '--target',
  'species',
  '--preset',
  'tiny',
  '--sft-lr',
  '0.002',
  '--epochs',
  '1',
  '--rounds',
  '1',
  '--rows',
  '32',
  '--group-size',
  '8',
  '--sft-batch',
  '16',
  '--filter-factor',
  '2',
  '--seeds',
  '1',
  '--pairs',
  'none/na,sft-continue/na,filter/random,tabgraa/classifier',
];

const cellsOf = (dir: string): CompareCell[] =>
  (JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).cells as CompareCell[]).map((c) => ({ ...c, seconds: 0 }));

describe('tabgraa compare --shard and tabgraa merge', () => {
  it('two shards merged equal the one-shard run cell for cell; a rerun skips finished cells; other settings are refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tabgraa-shards-'));
    const [whole, first, second, merged] = ['whole', 'shard0', 'shard1', 'merged'].map((d) => join(dir, d));

    // The SFT phase alone first (the two-phase cluster recipe): it caches the checkpoint and runs no cell.
    const sftOnly = tabgraa('compare', ...GRID, '--out', whole, '--sft-only');
    expect(sftOnly.code, sftOnly.err).toBe(0);
    expect(sftOnly.err).toContain('SFT checkpoint trained and cached');
    expect(existsSync(join(whole, 'sft-seed1.ckpt')) && existsSync(join(whole, 'sft-seed1.json'))).toBe(true);
    expect(existsSync(join(whole, 'cells'))).toBe(false);

    const one = tabgraa('compare', ...GRID, '--out', whole);
    expect(one.err).toContain('SFT checkpoint read from the cache');
    expect(one.err).toContain('Shard 0/1: 5 of 5 cells.');
    expect(one.code, one.err).toBe(0);
    // The first shard trains its own SFT checkpoint in another process (SFT is seeded: the same checkpoint);
    // the second reads the whole run's from the cache.
    const a = tabgraa('compare', ...GRID, '--out', first, '--shard', '0/2');
    expect(a.err).toContain('Shard 0/2: 2 of 5 cells.');
    expect(a.err).toContain('SFT checkpoint trained and cached');
    expect(a.code, a.err).toBe(0);
    const b = tabgraa('compare', ...GRID, '--out', second, '--shard', '1/2', '--sft-cache', whole);
    expect(b.err).toContain('Shard 1/2: 3 of 5 cells.');
    expect(b.err).toContain('SFT checkpoint read from the cache');
    expect(b.code, b.err).toBe(0);
    const merge = tabgraa('merge', first, second, '--out', merged);
    expect(merge.code, merge.err).toBe(0);
    expect(merge.err).toContain('Merged 5 cells from 2 folder(s)');

    const expected = cellsOf(whole);
    expect(expected.map((c) => `${c.method}/${c.reward}`)).toEqual([
      'none/na',
      'sft-continue/na',
      'filter/random',
      'tabgraa/classifier',
      'marginals-baseline/na',
    ]);
    expect(cellsOf(merged)).toEqual(expected);
    // Every model cell starts from the same checkpoint: its round 0 is the `none` row's round 0.
    for (const cell of expected.slice(1, 4)) expect(cell.rounds[0]).toEqual(expected[0].rounds[0]);
    const tabgraaCell = expected[3];
    expect(tabgraaCell.budget).toEqual({ stepsPerRound: 2, rowsPerStep: 16, rowsSampledPerRound: 32 });
    expect(expected[1].budget).toEqual(tabgraaCell.budget);
    expect(tabgraaCell.diagnostics[0].rewardAuc).toBeGreaterThan(0);
    expect(readFileSync(join(merged, 'report.md'), 'utf8')).toContain('## Against `sft-continue`');

    const again = tabgraa('compare', ...GRID, '--out', whole);
    expect(again.code, again.err).toBe(0);
    expect(again.err.match(/done already, skipped/g)).toHaveLength(5);
    expect(again.err).not.toContain('SFT checkpoint');

    const otherBeta = tabgraa('compare', ...GRID, '--out', whole, '--beta', '2');
    expect(otherBeta.code, otherBeta.err).toBe(1);
    expect(otherBeta.err).toMatch(/computed with other settings than this run: config\.beta: 1 vs 2/);
    const cheapEval = tabgraa('compare', ...GRID, '--out', whole, '--eval', 'cheap');
    expect(cheapEval.code, cheapEval.err).toBe(1);
    expect(cheapEval.err).toMatch(/computed with other settings than this run: evaluation: "full" vs "cheap"/);
    const otherSft = tabgraa('compare', ...GRID, '--out', join(dir, 'other'), '--sft-cache', whole, '--sft-lr', '0.001');
    expect(otherSft.code, otherSft.err).toBe(1);
    expect(otherSft.err).toMatch(/trained with other SFT settings: config\.sftLearningRate: 0\.002 vs 0\.001/);
  }, 300_000);
});
