import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { rawRows, rawTexts, readCodecCells } from '../data/codec-cells';
import { rawTableToCsv } from '../data/csv-export';
import { readCsvFile } from '../data/csv-file';
import { createRng, randomPermutation } from '../data/rng';
import { percentileRanks } from '../eval/percentile';
import { scoreCells } from '../model/row-likelihood';
import { RowLogProbs } from '../model/row-log-probs';
import { printCellProblems } from './cell-problems';
import { type CheckpointModel, loadCheckpointModel } from './checkpoint-model';
import { numberOption } from './run-options';

const USAGE = `usage: tabgraa score TABLE.csv --checkpoint DIR|FILE --out SCORED.csv [--orders K] [--seed S]
                     [--reference TRAIN.csv] [--reference-rows N]

Appends to every row of TABLE.csv how likely the model finds it:
  log_likelihood   the mean, over K random column orders, of the log-probability of the row's
                   value tokens (nats; higher = more typical; name tokens are forced, not scored)
  percentile       with --reference: the share (0–100) of the reference table's rows the model
                   finds less likely (so a row at 1 is less likely than 99 % of the training rows)

The checkpoint stores the model, not its training rows: give the training table as --reference to
get percentiles (a seeded sample of --reference-rows of its rows is scored, default 2000).
Rows with a cell the model cannot represent (an unknown category, a number outside the trained
range, text in a numeric column, a missing cell in a column that never had one) are listed and
left unscored.

  --orders K   column orders averaged per row (default 8)
  --seed S     seed of the column orders (default 1)`;

const SCORE_BATCH = 128;

export async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      checkpoint: { type: 'string' },
      out: { type: 'string' },
      orders: { type: 'string', default: '8' },
      seed: { type: 'string', default: '1' },
      reference: { type: 'string' },
      'reference-rows': { type: 'string', default: '2000' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (positionals.length !== 1 || !values.checkpoint || !values.out) throw new Error(`give one TABLE.csv, --checkpoint and --out.\n\n${USAGE}`);
  const orders = numberOption(values, 'orders', true);
  const seed = numberOption(values, 'seed', true);
  const referenceRows = numberOption(values, 'reference-rows', true);
  if (orders < 1) throw new Error(`--orders must be at least 1, got ${orders}.`);
  if (referenceRows < 1) throw new Error(`--reference-rows must be at least 1, got ${referenceRows}.`);
  const { raw } = await readCsvFile(positionals[0]);
  for (const name of ['log_likelihood', 'percentile']) {
    if (raw.header.includes(name)) throw new Error(`The table already has a column "${name}": rename or remove it, so the score does not overwrite it.`);
  }
  const loaded = await loadCheckpointModel(values.checkpoint);
  try {
    const scorer = new RowLogProbs(loaded.model, { batch: SCORE_BATCH, seqLen: loaded.codec.seqLen, valueTokenStart: loaded.codec.valueTokenStart });
    const { logLikelihood, problems } = await scoreCells(scorer, loaded.codec, readCodecCells(raw, loaded.codec), { orders, seed });
    printCellProblems(problems, 'their rows are left unscored');
    const scored = Array.from(logLikelihood).filter((v) => !Number.isNaN(v));
    const columns = [...rawTexts(raw).columns, Array.from(logLikelihood, (v) => (Number.isNaN(v) ? null : v.toFixed(4)))];
    const header = [...raw.header, 'log_likelihood'];
    if (values.reference) {
      const reference = await referenceScores(loaded, scorer, values.reference, referenceRows, { orders, seed });
      const ranks = percentileRanks(reference, logLikelihood);
      columns.push(Array.from(logLikelihood, (v, r) => (Number.isNaN(v) ? null : ranks[r].toFixed(2))));
      header.push('percentile');
      console.error(`Percentiles against ${reference.length} rows of ${values.reference}.`);
    } else {
      console.error('No --reference given: percentiles need the training table, so only log_likelihood is written.');
    }
    await writeFile(values.out, rawTableToCsv({ header, columns }));
    const mean = scored.reduce((a, b) => a + b, 0) / Math.max(1, scored.length);
    console.error(
      `Scored ${scored.length} of ${logLikelihood.length} rows (${orders} column orders each; mean log-likelihood ${mean.toFixed(3)} nats); wrote ${values.out}.`,
    );
  } finally {
    loaded.close();
  }
}

async function referenceScores(
  loaded: CheckpointModel,
  scorer: RowLogProbs,
  path: string,
  maxRows: number,
  options: { orders: number; seed: number },
): Promise<Float64Array> {
  const { raw } = await readCsvFile(path);
  const rows = raw.columns[0]?.length ?? 0;
  const picked =
    rows > maxRows
      ? rawRows(
          raw,
          randomPermutation(rows, createRng(options.seed))
            .slice(0, maxRows)
            .sort((a, b) => a - b),
        )
      : raw;
  const { logLikelihood } = await scoreCells(scorer, loaded.codec, readCodecCells(picked, loaded.codec), options);
  const scores = logLikelihood.filter((v) => !Number.isNaN(v));
  if (scores.length === 0) throw new Error(`No row of the reference table ${path} could be scored: is it the table the model was trained on?`);
  return scores;
}
