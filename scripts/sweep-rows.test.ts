import { describe, expect, it } from 'vitest';
import { roundResult } from '../src/align/compare-fixture';
import { type CompareCell, summarizeCompare } from '../src/align/compare-report';
import { DEFAULT_RUN_CONFIG } from '../src/align/run-config';
import { settingChanges, sweepTable } from './sweep-rows';

function cell(method: string, seed: number, gbdt: number[]): CompareCell {
  const rounds = gbdt.map((c2st_gbdt, round) => roundResult(round, { c2st_gbdt }));
  return { method, reward: method === 'none' ? 'na' : 'classifier', seed, rounds, diagnostics: [], budget: null, seconds: 1 };
}

function report(config: Record<string, unknown>, gain: number) {
  const cells = [1, 2, 3].flatMap((seed) => [cell('none', seed, [0.5, 0.4, 0.6]), cell('tabgraa', seed, [0.5, 0.5 + gain + seed / 100])]);
  return { settings: { config }, summaries: summarizeCompare(cells) };
}

describe('sweep table', () => {
  const base = { ...DEFAULT_RUN_CONFIG, learningRate: 1e-4 };
  const reports = [
    { name: 'default', report: report(base, 0.1) },
    { name: 'lr-kl', report: report({ ...base, learningRate: 1e-3, klWeight: 1 }, -0.2) },
  ];

  it('names the settings each folder changed against the first', () => {
    expect(settingChanges(reports)).toEqual(['', 'klWeight=1 learningRate=0.001']);
  });

  it('has one row per folder and method, with the final metrics and the paired differences against the references', () => {
    const md = sweepTable(reports);
    const lines = md.trim().split('\n');
    expect(lines).toHaveLength(2 + 4);
    expect(lines[0]).toContain('c2st_gbdt vs none-draws');
    // tabgraa's final boosted C2ST is 0.62 on average; none's draws average 0.5 per seed.
    const tabgraa = lines.find((l) => l.startsWith('| default |') && l.includes('tabgraa / classifier'))!;
    expect(tabgraa).toContain('0.620 ± 0.010');
    expect(tabgraa).toContain('+0.120 (p 0.250)');
    const worse = lines.find((l) => l.startsWith('| lr-kl |') && l.includes('tabgraa'))!;
    expect(worse).toContain('klWeight=1 learningRate=0.001');
    expect(worse).toContain('-0.180 (p 0.250)');
  });

  it('says what is wrong with a report that has no settings or no summaries', () => {
    expect(() => sweepTable([{ name: 'x', report: { summaries: [] } }])).toThrow(/no settings\.config/);
    expect(() => sweepTable([{ name: 'x', report: { settings: { config: {} } } }])).toThrow(/not a compare report/);
    expect(() => sweepTable([])).toThrow(/No reports/);
  });
});
