import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const DATA = join(ROOT, 'fixtures/tables');
const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;

function tabgraa(...args: string[]) {
  const result = spawnSync('node', [join(ROOT, 'bin/tabgraa.mjs'), ...args], { encoding: 'utf8', timeout: 600_000 });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('tabgraa CLI', () => {
  it('fit (tiny, two rounds) writes the table, a report and checkpoints; sample honours --where', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tabgraa-cli-'));
    const fit = tabgraa(
      'fit',
      join(DATA, 'penguins.train.csv'),
      '--holdout',
      join(DATA, 'penguins.test.csv'),
      '--target',
      'species',
      '--preset',
      'tiny',
      '--epochs',
      '1',
      '--rounds',
      '2',
      '--rows',
      '64',
      '--group-size',
      '8',
      '--sft-batch',
      '16',
      '--out',
      join(dir, 'synth.csv'),
      '--report',
      join(dir, 'report.json'),
      '--checkpoint',
      join(dir, 'ckpt'),
    );
    expect(fit.err).toContain('round 2 eval');
    expect(fit.code).toBe(0);
    const csv = readFileSync(join(dir, 'synth.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('species,island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex,year');
    expect(csv).toHaveLength(65);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report.rounds.map((r: { round: number }) => r.round)).toEqual([0, 1, 2]);
    for (const key of ['shape', 'trend', 'c2st', 'c2st_gbdt', 'mle', 'dcr_share', 'dcr_median', 'exact_copy_rate', 'mia_auc']) {
      expect(report.final).toHaveProperty(key);
    }
    for (const file of ['sft.ckpt', 'round-1.ckpt', 'round-2.ckpt', 'latest.ckpt']) expect(existsSync(join(dir, 'ckpt', file))).toBe(true);

    const sample = tabgraa('sample', '--checkpoint', join(dir, 'ckpt'), '--rows', '20', '--where', 'island=Dream', '--out', join(dir, 'dream.csv'));
    expect(sample.code).toBe(0);
    const rows = readFileSync(join(dir, 'dream.csv'), 'utf8').trim().split('\n').slice(1);
    expect(rows).toHaveLength(20);
    expect(rows.every((row) => row.split(',')[1] === 'Dream')).toBe(true);
  });

  it('says what is wrong with the target, the split or the checkpoint', () => {
    const penguins = join(DATA, 'penguins.train.csv');
    const noTarget = tabgraa('fit', penguins, '--target', 'wingspan', '--preset', 'tiny');
    expect(noTarget.code).toBe(1);
    expect(noTarget.err).toMatch(/no column "wingspan".*columns are: species, island/s);

    const badOrderShare = tabgraa('fit', penguins, '--table-order-share', '2', '--preset', 'tiny');
    expect(badOrderShare.code).toBe(1);
    expect(badOrderShare.err).toMatch(/tableOrderShare must be between 0 \(random orders only\) and 1 \(the table's order only\), got 2/);

    const oneClass = tabgraa('fit', join(FIXTURES, 'one-class.csv'), '--target', 'label');
    expect(oneClass.code).toBe(1);
    expect(oneClass.err).toMatch(/single class/);

    const tooSmall = tabgraa('fit', join(FIXTURES, 'one-class.csv'));
    expect(tooSmall.code).toBe(1);
    expect(tooSmall.err).toMatch(/Both need at least 10 rows/);

    const noCheckpoint = tabgraa('sample', '--checkpoint', join(FIXTURES, 'missing-dir'), '--rows', '5', '--out', '/dev/null');
    expect(noCheckpoint.code).toBe(1);
    expect(noCheckpoint.err).toMatch(/no checkpoint at/);
  });
});
