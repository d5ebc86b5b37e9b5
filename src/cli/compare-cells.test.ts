import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { roundResult } from '../align/compare-fixture';
import type { CompareCell } from '../align/compare-report';
import { DEFAULT_RUN_CONFIG } from '../align/run-config';
import { collectCells, finishedCell, writeCell } from './compare-cells';
import { writeCompareReport } from './compare-report-files';
import type { CompareSettings } from './compare-settings';

const { method: _m, reward: _r, seed: _s, ...config } = DEFAULT_RUN_CONFIG;
const settings: CompareSettings = {
  config,
  tables: { train: { name: 't.csv', sha256: 'ab' }, holdout: null, split: 0.2, trainRows: null, target: 'y' },
  evaluation: 'full',
};

function cell(seed: number, shape: number): CompareCell {
  return { method: 'tabgraa', reward: 'classifier', seed, rounds: [roundResult(0, { shape })], diagnostics: [], budget: null, seconds: seed };
}

const folder = () => mkdtempSync(join(tmpdir(), 'tabgraa-cells-'));

describe('compare cells on disk', () => {
  it('finds a finished cell only with the same settings, and says which setting differs', async () => {
    const dir = folder();
    const grid = { seed: 1, method: 'tabgraa', reward: 'classifier' };
    expect(await finishedCell(dir, grid, settings)).toBeUndefined();
    await writeCell(dir, cell(1, 0.9), settings, 'a\n1\n');
    expect(await finishedCell(dir, grid, settings)).toEqual(cell(1, 0.9));
    const otherBeta = { ...settings, config: { ...settings.config, beta: 3 } };
    await expect(finishedCell(dir, grid, otherBeta)).rejects.toThrow(/other settings than this run: config\.beta: 1 vs 3\. Use another --out folder/);
  });

  it('reads a cell written before a setting existed as run with its default, and only with the default', async () => {
    const dir = folder();
    const grid = { seed: 1, method: 'tabgraa', reward: 'classifier' };
    const { klWeight: _kl, ...olderConfig } = settings.config;
    await writeCell(dir, cell(1, 0.9), { ...settings, config: olderConfig as CompareSettings['config'] }, 'a\n1\n');
    expect(await finishedCell(dir, grid, settings)).toEqual(cell(1, 0.9));
    await expect(finishedCell(dir, grid, { ...settings, config: { ...settings.config, klWeight: 0.5 } })).rejects.toThrow(/config\.klWeight: 0 vs 0\.5/);
  });

  it('merges folders: the same cell twice counts once; different numbers for one cell, or different settings, are refused', async () => {
    const [a, b, c, d] = [folder(), folder(), folder(), folder()];
    await writeCell(a, cell(1, 0.9), settings, 'x\n');
    await writeCell(a, cell(2, 0.8), settings, 'x\n');
    // A rerun's copy of seed 2 (only its seconds differ) and a new seed 3.
    await writeCell(b, { ...cell(2, 0.8), seconds: 99 }, settings, 'x\n');
    await writeCell(b, cell(3, 0.7), settings, 'x\n');
    const merged = await collectCells([a, b]);
    expect(merged.cells.map((x) => x.seed).sort()).toEqual([1, 2, 3]);
    expect(merged.settings).toEqual(settings);

    await writeCell(c, cell(2, 0.75), settings, 'x\n');
    await expect(collectCells([a, c])).rejects.toThrow(/same cell with different results.*rounds/);
    await writeCell(d, cell(4, 0.7), { ...settings, tables: { ...settings.tables, train: { name: 't.csv', sha256: 'cd' } } }, 'x\n');
    await expect(collectCells([a, d])).rejects.toThrow(/other settings than .*tables\.train\.sha256: "cd" vs "ab"/);
  });

  it('merges a published folder that holds only its report.json with new cells, under the same checks', async () => {
    const [published, fresh, clash] = [folder(), folder(), folder()];
    await writeCompareReport(published, settings, [cell(1, 0.9), cell(2, 0.8)], ['elsewhere']);
    await writeCell(fresh, cell(3, 0.7), settings, 'x\n');
    const merged = await collectCells([published, fresh]);
    expect(merged.cells.map((x) => x.seed).sort()).toEqual([1, 2, 3]);
    expect(merged.cells.find((x) => x.seed === 2)).toEqual(cell(2, 0.8));
    expect(merged.settings).toEqual(settings);

    await writeCell(clash, cell(2, 0.75), settings, 'x\n');
    await expect(collectCells([published, clash])).rejects.toThrow(/report\.json \(tabgraa-classifier-seed2\) and .* are the same cell with different results/);
    await expect(collectCells([published, folder()])).rejects.toThrow(/has neither a cells\/ folder nor a report\.json/);
    mkdirSync(join(fresh, 'only-report'));
    writeFileSync(join(fresh, 'only-report', 'report.json'), '{"kind": "tabgraa-compare-cell"}');
    await expect(collectCells([join(fresh, 'only-report')])).rejects.toThrow(/is not a compare report \(kind "tabgraa-compare-cell"\)/);
  });

  it('says what is wrong with a folder that holds no cells or a broken cell file', async () => {
    const empty = folder();
    await expect(collectCells([empty])).rejects.toThrow(/has neither a cells\/ folder nor a report\.json: is it the --out folder of a compare run\?/);
    mkdirSync(join(empty, 'cells'));
    await expect(collectCells([empty])).rejects.toThrow(/No cells in/);
    writeFileSync(join(empty, 'cells', 'tabgraa-classifier-seed1.json'), '{"half": ');
    await expect(collectCells([empty])).rejects.toThrow(/is not a readable cell file .*delete it to run the cell again/);
    writeFileSync(join(empty, 'cells', 'tabgraa-classifier-seed1.json'), '{"kind": "something else"}');
    await expect(collectCells([empty])).rejects.toThrow(/is not a compare cell/);
  });
});
