import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvInputError } from '../data/input-error';
import { sampleRows } from '../data/split';
import { loadTables } from './load-tables';

async function csvFile(text: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'tabgraa-load-')), 'table.csv');
  await writeFile(path, text);
  return path;
}
const rows = (n: number, line: (r: number) => string) => Array.from({ length: n }, (_, r) => line(r)).join('\n');

describe('loadTables: what is wrong with the table or the target', () => {
  it('a table whose every column is left out says so and why, not that it has 0 rows', async () => {
    const train = await csvFile(`k,n\n${rows(60, () => 'same,1')}\n`);
    const error = await loadTables({ train, split: 0.2, seed: 1 }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(CsvInputError);
    expect((error as Error).message).toMatch(
      /^Every column of the table \(2\) was left out of the model.*Column "k" has the same value \("same"\).*Column "n" has the same value \("1"\)/s,
    );
    expect((error as Error).message).not.toMatch(/0 rows/);
  });

  it.each([
    ['an all-missing column', 'empty', /^The target column "empty" cannot be used: Column "empty" has no values \(every cell is missing\)/],
    ['a date column', 'when', /^The target column "when" cannot be used: Column "when" holds dates/],
  ])('--target on %s names the column and the problem', async (_, target, message) => {
    const train = await csvFile(`y,empty,when\n${rows(60, (r) => `${r % 3},,2024-02-${String((r % 28) + 1).padStart(2, '0')}`)}\n`);
    const error = await loadTables({ train, split: 0.2, seed: 1, target }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toMatch(/undefined/);
  });

  it('reads a semicolon file with a sep line and mixed line endings', async () => {
    const train = await csvFile(`sep=;\r\nx;label\r\n${rows(40, (r) => `${r % 7},${r % 3};${r % 2 ? 'a' : 'b'}`)}\n`);
    const { train: table, holdout, schema } = await loadTables({ train, split: 0.25, seed: 1, target: 'label' });
    expect(schema.columns.map((c) => c.kind)).toEqual(['categorical', 'categorical']);
    expect(table.columns[0].length + holdout.columns[0].length).toBe(40);
  });
});

describe('loadTables: --train-rows', () => {
  it("trains on the seeded sample of the split's training rows that the studio takes too", async () => {
    const train = await csvFile(`id,kind\n${rows(200, (r) => `${r},${r % 3 === 0 ? 'a' : 'b'}`)}\n`);
    const whole = await loadTables({ train, split: 0.2, seed: 4 });
    const sampled = await loadTables({ train, split: 0.2, seed: 4, trainRows: 50 });
    expect(sampled.train.columns[0]).toHaveLength(50);
    expect(sampled.train).toEqual(sampleRows(whole.train, 50, 4));
    expect(sampled.holdout).toEqual(whole.holdout);
    expect(sampled.notes).toContain('Training on a seeded sample of 50 rows (seed 4).');
  });
});

describe('the CLI prints user data escaped', () => {
  it('a header name with terminal escape codes does not reach the terminal raw', async () => {
    const train = await csvFile('\u001b[2J\u001b[31mred,\u001b[2J\u001b[31mred\n1,2\n');
    const bin = new URL('../../bin/tabgraa.mjs', import.meta.url).pathname;
    const result = spawnSync(process.execPath, [bin, 'fit', train, '--target', '\u001b[0m'], { encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('The column name "\\e[2J\\e[31mred" appears twice');
    expect(result.stderr).not.toContain('\u001b');
  });
});
