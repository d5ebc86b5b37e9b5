/**
 * Known-answer tests of the any-order uses of the model (issue 18), on one tiny model trained once
 * on a table made by a known rule (rule-table-fixture.ts).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RUN_CONFIG } from '../align/run-config';
import type { CheckpointExtra } from '../align/run-session';
import { CELL_INVALID, filledTexts, rawOf, readCodecCells } from '../data/codec-cells';
import { parseRebalance, rebalanceGroups, sampleRebalanced } from '../data/rebalance';
import { deriveSeed } from '../data/rng';
import type { Table } from '../data/types';
import { rocAuc } from '../eval/prediction-scores';
import { shuffledColumns } from '../eval/reference-cases';
import { saveCheckpoint } from '../model/checkpoint';
import { meanRowLogLikelihood, scoreCells } from '../model/row-likelihood';
import { RowLogProbs } from '../model/row-log-probs';
import { K_GIVEN_A, K_VALUES, RULE_HEADER, type RuleModel, type RuleRow, ruleC, ruleCsv, ruleRaw, ruleRows, trainRuleModel } from '../model/rule-table-fixture';
import { imputeCells } from '../model/sampler/imputer';
import { createSampler, type Sampler, sampleTable } from '../model/sampler/sampler';
import { run as impute } from './impute-command';
import { run as sample } from './sample-command';
import { run as score } from './score-command';

// 99.9 % quantiles of chi-square by degrees of freedom: a correct sampler fails one with probability 0.001.
const CHI2_999: Record<number, number> = { 1: 10.828, 2: 13.816 };
/** Half-width of a 99.9 % binomial confidence interval on a share p of n draws. */
const binomialHalfWidth = (p: number, n: number) => 3.29 * Math.sqrt((p * (1 - p)) / n);

let rule: RuleModel;
let sampler: Sampler;
let scorer: RowLogProbs;

beforeAll(async () => {
  rule = await trainRuleModel();
  sampler = createSampler(rule.model, rule.codec, { batch: 512 });
  scorer = new RowLogProbs(rule.model, { batch: 256, seqLen: rule.codec.seqLen, valueTokenStart: rule.codec.valueTokenStart });
}, 600_000);

const column = (table: Table, name: string) => table.columns[table.header.indexOf(name)];
const share = (cells: readonly unknown[], value: unknown) => cells.filter((c) => c === value).length / cells.length;
const kIndex = (k: unknown) => K_VALUES.indexOf(k as 'p');

describe('imputation', () => {
  it('recovers c from a and the range of y from k, far above chance, leaving observed cells alone', async () => {
    const truth = ruleRows(600, 11);
    const blanked = truth.map((row, i): Record<string, string | number | null> => (i % 2 === 0 ? { ...row, c: null } : { ...row, y: null }));
    const raw = await ruleRaw(blanked);
    const cells = readCodecCells(raw, rule.codec);
    const { fills, rows, unfilled } = await imputeCells(sampler, rule.codec, cells, { seed: 4, temperature: 1 });
    expect(rows).toHaveLength(600);
    expect(unfilled).toEqual([]);
    const filled = filledTexts(raw, rule.codec, fills[0]);
    const at = (name: string, r: number) => column(filled, name)[r];
    const even = truth.map((_, r) => r).filter((r) => r % 2 === 0);
    const odd = truth.map((_, r) => r).filter((r) => r % 2 === 1);
    // c is the rule with 5 % noise, so a model that learned it draws the rule's value ~95 % of the time; chance is 50 %.
    const cAccuracy = share(
      even.map((r) => at('c', r) === ruleC(truth[r].a)),
      true,
    );
    expect(cAccuracy).toBeGreaterThan(0.85);
    // y lies in 10·index(k) + 0..4: a draw ignoring k would land there about a third of the time.
    const yOffset = odd.map((r) => Number(at('y', r)) - 10 * kIndex(truth[r].k));
    const yInRange = share(
      yOffset.map((offset) => offset >= 0 && offset <= 4),
      true,
    );
    expect(yInRange).toBeGreaterThan(0.9);
    for (const r of [...even, ...odd]) {
      expect(at('a', r)).toBe(truth[r].a);
      expect(at('k', r)).toBe(truth[r].k);
    }
    expect(even.every((r) => Number(at('y', r)) === truth[r].y)).toBe(true);
  });

  it('reports cells the model cannot represent and neither uses nor replaces them', async () => {
    const rows: Array<Record<string, string | number | null>> = [
      { a: 'L', c: null, k: 'zzz', y: 3 },
      { a: 'L', c: 'down', k: 'p', y: 99 },
      { a: 'L', c: 'down', k: 'q', y: 'abc' },
    ];
    const raw = await ruleRaw(rows);
    const cells = readCodecCells(raw, rule.codec);
    expect(cells.problems.map((p) => [p.row, p.column])).toEqual([
      [0, 'k'],
      [1, 'y'],
      [2, 'y'],
    ]);
    expect(cells.problems[0].reason).toMatch(/"zzz" is not a category the model was trained on \("\w", "\w", "\w"\)/);
    expect(cells.problems[1].reason).toMatch(/99 is outside the range the model was trained on \(0 to \d/);
    expect(cells.problems[2].reason).toMatch(/"abc" is not a number/);
    expect(cells.status[2]).toBe(CELL_INVALID);
    const { fills } = await imputeCells(sampler, rule.codec, cells, { seed: 1, temperature: 1 });
    const filled = filledTexts(raw, rule.codec, fills[0]);
    expect(column(filled, 'k')[0]).toBe('zzz');
    expect(['up', 'down']).toContain(column(filled, 'c')[0]);
    expect(column(filled, 'y').slice(1)).toEqual(['99', 'abc']);
    const { logLikelihood, problems } = await scoreCells(scorer, rule.codec, cells, { orders: 2, seed: 1 });
    expect(Array.from(logLikelihood).every(Number.isNaN)).toBe(true);
    expect(problems).toHaveLength(4);
  });
});

describe('conditional sampling', () => {
  it('--rebalance gives the requested shares and samples the other columns conditionally', async () => {
    const groups = rebalanceGroups(rule.schema, parseRebalance('c=up:0.8'), 1000);
    const table = await sampleRebalanced(
      groups,
      (rows, value, g) => sampleTable(sampler, rule.codec, rows, { seed: deriveSeed(9, g), temperature: 1, where: { c: value } }),
      9,
    );
    const c = column(table, 'c');
    expect(c).toHaveLength(1000);
    expect(Math.abs(share(c, 'up') - 0.8)).toBeLessThan(binomialHalfWidth(0.8, 1000));
    // Conditioned on c, a follows the rule within the row (the noise is 5 %).
    const consistent = share(
      c.map((value, r) => value === ruleC(column(table, 'a')[r])),
      true,
    );
    expect(consistent).toBeGreaterThan(0.85);
  });

  it('--where matches rejection sampling from the unconditional model (chi-square on k | a = R)', async () => {
    // Forcing a first samples p(a) p(rest | a) with a in the first place; so does the unconditional
    // sampler in the rows whose random order starts with a. (Rows of other orders need not agree: an
    // any-order model is not exactly consistent between orders, least of all a briefly trained one.)
    const rows = 6000;
    const S = rule.codec.seqLen;
    const aName = rule.codec.columns[RULE_HEADER.indexOf('a')].nameToken;
    const tokens = await sampler.sample(rows, { seed: 21, temperature: 1 });
    const unconditional = rule.codec.decodeRows(tokens, rows);
    const a = column(unconditional, 'a');
    const rejected = column(unconditional, 'k').filter((_, r) => tokens[r * S + 1] === aName && a[r] === 'R');
    const conditional = column(await sampleTable(sampler, rule.codec, 1500, { seed: 22, temperature: 1, where: { a: 'R' } }), 'k');
    const counts = [rejected, conditional].map((ks) => K_VALUES.map((k) => ks.filter((x) => x === k).length));
    const total = counts[0].reduce((s, x) => s + x, 0) + counts[1].reduce((s, x) => s + x, 0);
    let statistic = 0;
    counts.forEach((row) => {
      const rowTotal = row.reduce((s, x) => s + x, 0);
      row.forEach((observed, j) => {
        const expected = (rowTotal * (counts[0][j] + counts[1][j])) / total;
        statistic += (observed - expected) ** 2 / expected;
      });
    });
    expect(rejected.length).toBeGreaterThan(600);
    expect(statistic, `rejection ${counts[0]} vs where ${counts[1]}`).toBeLessThan(CHI2_999[2]);
    // And the conditional follows the rule the table was made by: P(k | a = R).
    K_VALUES.forEach((k, j) => expect(Math.abs(share(conditional, k) - K_GIVEN_A.R[j])).toBeLessThan(0.06));
  });
});

describe('row likelihood', () => {
  it('ranks planted outliers (y swapped between rows of different k) in the lowest decile', async () => {
    const real = ruleRows(380, 31);
    const donors = ruleRows(400, 32);
    const outliers: RuleRow[] = [];
    for (const row of ruleRows(200, 33)) {
      const donor = donors.find((d) => Math.abs(kIndex(d.k) - kIndex(row.k)) === 2);
      if (outliers.length < 20 && donor) outliers.push({ ...row, y: donor.y });
    }
    const raw = await ruleRaw([...real, ...outliers]);
    const { logLikelihood } = await scoreCells(scorer, rule.codec, readCodecCells(raw, rule.codec), { orders: 4, seed: 1 });
    const ranked = Array.from(logLikelihood.keys()).sort((x, y) => logLikelihood[x] - logLikelihood[y]);
    const lowestDecile = new Set(ranked.slice(0, 40));
    expect(outliers.map((_, i) => lowestDecile.has(380 + i))).toEqual(new Array(20).fill(true));
    expect(
      rocAuc(
        Array.from(logLikelihood, (v) => -v),
        Array.from(logLikelihood, (_, r) => r >= 380),
      ),
    ).toBeGreaterThan(0.99);
  });

  it("gives a row the same K-order score whatever the file's column order", async () => {
    const rows = ruleRows(50, 41);
    const scores = await Promise.all(
      [RULE_HEADER, [...RULE_HEADER].reverse()].map(async (header) => {
        const raw = await ruleRaw(rows, header);
        return (await scoreCells(scorer, rule.codec, readCodecCells(raw, rule.codec), { orders: 6, seed: 3 })).logLikelihood;
      }),
    );
    expect(Array.from(scores[1])).toEqual(Array.from(scores[0]));
    expect(scores[0].every((v) => Number.isFinite(v) && v < 0)).toBe(true);
  });
});

describe('the mean held-out log-likelihood per row (the fit report)', () => {
  it('is higher for real rows than for the same rows with each column shuffled on its own', async () => {
    const rows = ruleRows(300, 61);
    const table: Table = { header: [...RULE_HEADER], columns: RULE_HEADER.map((h) => rows.map((row) => row[h as keyof RuleRow])) };
    const [real, shuffled] = [rawOf(table), rawOf(shuffledColumns(table, 5))];
    const options = { orders: 2, seed: 1, maxRows: 200 };
    const [ofReal, ofShuffled] = await Promise.all([real, shuffled].map((table) => meanRowLogLikelihood(rule.model, rule.codec, table, options)));
    expect(ofReal).toMatchObject({ rows: 200, skipped: 0, orders: 2 });
    // Shuffling keeps every marginal and breaks c | a and y | k: about ln 2 + ln 3 nats a row worse or more.
    expect(ofReal.mean - ofShuffled.mean).toBeGreaterThan(1);
  });
});

describe('the score, impute and sample --rebalance commands', () => {
  it('read a checkpoint, write the tables, and report what they did', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tabgraa-any-order-'));
    const extra: CheckpointExtra = { round: 0, runConfig: DEFAULT_RUN_CONFIG, schema: rule.schema };
    writeFileSync(join(dir, 'latest.ckpt'), await saveCheckpoint(rule.model, rule.trainer.adamw, rule.codec.toJSON(), extra));
    const rows = ruleRows(40, 51);
    writeFileSync(join(dir, 'train.csv'), ruleCsv(ruleRows(300, 52)));
    writeFileSync(join(dir, 'table.csv'), ruleCsv(rows.map((row, i) => (i < 10 ? { ...row, c: null } : row))));
    const lines = (file: string) => readFileSync(join(dir, file), 'utf8').trim().split('\n');

    await score([join(dir, 'table.csv'), '--checkpoint', dir, '--out', join(dir, 'scored.csv'), '--reference', join(dir, 'train.csv'), '--orders', '2']);
    const scored = lines('scored.csv');
    expect(scored[0]).toBe('a,c,k,y,log_likelihood,percentile');
    // The rows with c missing cannot be scored (c never had a missing value): empty cells, not guesses.
    expect(scored.slice(1, 11).every((line) => line.endsWith(',,'))).toBe(true);
    const percentiles = scored.slice(11).map((line) => Number(line.split(',')[5]));
    expect(percentiles.every((p) => p >= 0 && p <= 100)).toBe(true);

    await impute([join(dir, 'table.csv'), '--checkpoint', dir, '--out', join(dir, 'filled.csv'), '--draws', '2']);
    for (const file of ['filled-1.csv', 'filled-2.csv']) {
      const filled = lines(file);
      expect(filled).toHaveLength(41);
      expect(filled.slice(1).every((line) => /^[LR],(up|down),[pqr],\d+$/.test(line))).toBe(true);
      expect(filled.slice(11)).toEqual(lines('table.csv').slice(11));
    }

    await sample(['--checkpoint', dir, '--rows', '100', '--rebalance', 'k=r:0.5,q:0.2', '--out', join(dir, 'rebalanced.csv')]);
    const ks = lines('rebalanced.csv')
      .slice(1)
      .map((line) => line.split(',')[2]);
    expect([ks.filter((k) => k === 'r').length, ks.filter((k) => k === 'q').length, ks.filter((k) => k === 'p').length]).toEqual([50, 20, 30]);
    await expect(sample(['--checkpoint', dir, '--rows', '10', '--rebalance', 'y=1:0.5', '--out', join(dir, 'x.csv')])).rejects.toThrow(/numeric/);
  });
});
