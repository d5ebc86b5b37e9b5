import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { roundResult } from '../src/align/compare-fixture';
import { type CompareCell, summarizeCompare } from '../src/align/compare-report';
import { comparePlots, plotCompare } from './compare-plots';
import { escapeXml, lineChartSvg, niceTicks } from './svg-line-chart';

function cell(method: string, reward: string, seed: number, shapes: number[], withDiagnostics: boolean): CompareCell {
  return {
    method,
    reward,
    seed,
    rounds: shapes.map((shape, round) => roundResult(round, { shape })),
    diagnostics: withDiagnostics
      ? shapes.slice(1).map((_, i) => ({
          round: i + 1,
          highReward: 0.8,
          lowReward: 0.3,
          highLogRatio: 0.1 * (i + 1),
          lowLogRatio: -0.1,
          klToReference: 0.01,
          rewardAgreement: 0.7,
          rewardAuc: 0.8,
        }))
      : [],
    budget: null,
    seconds: 1,
  };
}

// A small synthetic report: tabgraa climbs over 3 rounds, none stays flat, the marginals floor is one point.
const cells = [1, 2, 3].flatMap((seed) => [
  cell('none', 'na', seed, [0.9, 0.9, 0.9, 0.9], false),
  cell('tabgraa', 'classifier<&>', seed, [0.9, 0.92, 0.94, 0.96 + seed / 1000], true),
  { ...cell('marginals-baseline', 'na', seed, [0.95], false), rounds: [roundResult(3, { shape: 0.95 })] },
]);
const report = { summaries: summarizeCompare(cells) };

const circlesY = (svg: string, label: string) =>
  [...svg.matchAll(new RegExp(`<circle cx="[\\d.]+" cy="([\\d.]+)" r="3" fill="[^"]+"><title>${label}:`, 'g'))].map((m) => Number(m[1]));

describe('compare plots', () => {
  it('draws one SVG per metric and per measured diagnostic, one line per method/reward with a ± band', () => {
    const files = comparePlots(report);
    expect(files.map((f) => f.name)).toEqual([
      'shape.svg',
      'trend.svg',
      'c2st.svg',
      'c2st_gbdt.svg',
      'mle.svg',
      'dcr_share.svg',
      'exact_copy_rate.svg',
      'diagnostics-highReward.svg',
      'diagnostics-lowReward.svg',
      'diagnostics-highLogRatio.svg',
      'diagnostics-lowLogRatio.svg',
      'diagnostics-klToReference.svg',
      'diagnostics-rewardAgreement.svg',
      'diagnostics-rewardAuc.svg',
    ]);
    const shape = files[0].svg;
    expect(shape.match(/class="line"/g)).toHaveLength(3);
    expect(shape.match(/class="band"/g)).toHaveLength(3);
    // Labels are escaped; the one-point marginals floor is a dashed line across.
    expect(shape).toContain('tabgraa / classifier&lt;&amp;&gt;');
    expect(shape).toMatch(/<path class="line" d="M64,[\d.]+ H560" [^>]*stroke-dasharray="6 4"/);
    // tabgraa's points rise round after round: higher values sit higher (smaller y) on the chart.
    const ys = circlesY(shape, escapeXml('tabgraa / classifier<&>'));
    expect(ys).toHaveLength(4);
    expect([...ys].sort((a, b) => b - a)).toEqual(ys);
    const flat = circlesY(shape, 'none / na');
    expect(new Set(flat).size).toBe(1);
    // Diagnostics only for the method that measured them.
    expect(files.find((f) => f.name === 'diagnostics-highLogRatio.svg')!.svg.match(/class="line"/g)).toHaveLength(1);
  });

  it('writes the files and says what is wrong with a file that is no report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tabgraa-plots-'));
    writeFileSync(join(dir, 'report.json'), JSON.stringify(report));
    const written = await plotCompare(join(dir, 'report.json'), join(dir, 'plots'));
    expect(readdirSync(join(dir, 'plots')).sort()).toEqual(written.map((p) => p.split('/').pop()).sort());
    writeFileSync(join(dir, 'cells.json'), JSON.stringify({ cells: [] }));
    await expect(plotCompare(join(dir, 'cells.json'), join(dir, 'x'))).rejects.toThrow(/not a compare report/);
    await expect(plotCompare(join(dir, 'missing.json'), join(dir, 'x'))).rejects.toThrow(/Cannot read .*missing\.json as JSON/);
  });

  it('picks round ticks and refuses an empty chart', () => {
    expect(niceTicks(0.81, 0.88)).toEqual([0.82, 0.84, 0.86, 0.88]);
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(2, 2)).toEqual([2]);
    // Rounding noise is no range: one tick, not billions.
    expect(niceTicks(0.9, 0.9 + 2e-16)).toEqual([0.9]);
    const flat = lineChartSvg({
      title: 't',
      xLabel: 'x',
      yLabel: 'y',
      series: [{ label: 'a', points: [0, 1, 2].map((x) => ({ x, mean: 0.9000000000000001, std: 1e-16 })) }],
    });
    expect(flat).toContain('>0.90<');
    expect(() => lineChartSvg({ title: 't', xLabel: 'x', yLabel: 'y', series: [] })).toThrow(/no points/);
  });
});
