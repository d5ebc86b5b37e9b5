import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { applySchema } from '../data/apply-schema';
import { readCsvFile } from '../data/csv-file';
import { assertSomeColumnModelled, withTarget } from '../data/model-columns';
import { quoteForMessage } from '../data/quote-for-message';
import type { RawTable } from '../data/raw-column';
import { inferSchema } from '../data/schema-infer';
import type { Schema, Task } from '../data/types';
import { messageOf } from '../error-message';
import { type EvalReport, evaluate } from '../eval/evaluate';

const USAGE = `usage: tabgraa eval --train A.csv --test B.csv --synthetic C.csv --target COL
                    [--task classification|regression] [--full] [--seed N] [--json OUT]

Scores a synthetic table against real train (A) and the real holdout (B): Shape, Trend,
detection (C2ST, logistic and boosted trees), utility (MLE) and privacy (DCR, copies, MIA).
The schema is inferred from the train file. Without --full, a cheap mode subsamples rows
(the report says which).`;

async function readTable(path: string, name: string): Promise<RawTable> {
  try {
    return (await readCsvFile(path)).raw;
  } catch (error) {
    throw new Error(`${name} file: ${messageOf(error)}`);
  }
}

function parseTask(value: string | undefined): Task | undefined {
  if (value === undefined || value === 'classification' || value === 'regression') return value;
  throw new Error(`--task must be classification or regression, got ${quoteForMessage(value)}`);
}

function format(report: EvalReport): string {
  const d = report.details;
  const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
  const mle = Object.entries(d.mle.synthetic)
    .map(([k, v]) => `${k} ${(v as number).toFixed(4)} (real ${(d.mle.real[k as keyof typeof d.mle.real] as number).toFixed(4)})`)
    .join(', ');
  const ms = (k: keyof typeof d.timingsMs) => `${(d.timingsMs[k] / 1000).toFixed(2)} s`;
  return [
    `mode ${d.mode}, seed ${d.seed}, target ${d.target} (${d.task})`,
    `Shape      ${report.shape.toFixed(4)}   error ${d.shape.errorPct.toFixed(2)} %`,
    `Trend      ${report.trend.toFixed(4)}   error ${d.trend.errorPct.toFixed(2)} %`,
    `C2ST (LR)  ${report.c2st.toFixed(4)}   fold AUCs ${d.c2st.foldAucs.map((a) => a.toFixed(3)).join(' ')}`,
    `C2ST (GBT) ${report.c2st_gbdt.toFixed(4)}   fold AUCs ${d.c2stGbdt.foldAucs.map((a) => a.toFixed(3)).join(' ')}`,
    `MLE        ${mle}`,
    `DCR share  ${pct(report.dcr_share)} (ideal 50 %), median DCR ${report.dcr_median.toFixed(4)}, exact copies ${pct(report.exact_copy_rate)}, MIA AUC ${report.mia_auc.toFixed(4)}`,
    `subsampled ${d.subsampled.length ? d.subsampled.join('; ') : 'nothing'}`,
    `time       total ${ms('total')} (shape ${ms('shape')}, trend ${ms('trend')}, c2st ${ms('c2st')}, c2st-gbt ${ms('c2stGbdt')}, mle ${ms('mle')}, privacy ${ms('privacy')})`,
  ].join('\n');
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      train: { type: 'string' },
      test: { type: 'string' },
      synthetic: { type: 'string' },
      target: { type: 'string' },
      task: { type: 'string' },
      full: { type: 'boolean', default: false },
      seed: { type: 'string', default: '0' },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const missing = (['train', 'test', 'synthetic', 'target'] as const).filter((k) => !values[k]);
  if (missing.length) throw new Error(`missing ${missing.map((k) => `--${k}`).join(', ')}\n\n${USAGE}`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${quoteForMessage(values.seed!)}`);
  const task = parseTask(values.task);

  const [trainRaw, testRaw, syntheticRaw] = await Promise.all([
    readTable(values.train!, 'train'),
    readTable(values.test!, 'test'),
    readTable(values.synthetic!, 'synthetic'),
  ]);
  const inferred = inferSchema(trainRaw).schema;
  assertSomeColumnModelled(inferred);
  const targeted = withTarget(inferred, values.target);
  const schema: Schema = { ...targeted, task: task ?? targeted.task };
  const typed = (raw: RawTable, name: string) => {
    try {
      return applySchema(raw, schema);
    } catch (error) {
      throw new Error(`${name} file: ${messageOf(error)}`);
    }
  };
  const report = await evaluate({
    train: typed(trainRaw, 'train'),
    holdout: typed(testRaw, 'test'),
    synthetic: typed(syntheticRaw, 'synthetic'),
    schema,
    mode: values.full ? 'full' : 'cheap',
    seed,
  });
  console.log(format(report));
  if (values.json) {
    await writeFile(values.json, JSON.stringify(report, null, 1));
    console.log(`wrote ${values.json}`);
  }
}
