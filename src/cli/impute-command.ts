import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CELL_MISSING, filledTexts, readCodecCells } from '../data/codec-cells';
import { rawTableToCsv } from '../data/csv-export';
import { readCsvFile } from '../data/csv-file';
import { quoteForMessage } from '../data/quote-for-message';
import { imputeCells, imputeTemperature } from '../model/sampler/imputer';
import { createSampler } from '../model/sampler/sampler';
import { printCellProblems } from './cell-problems';
import { loadCheckpointModel } from './checkpoint-model';
import { numberOption } from './run-options';

const USAGE = `usage: tabgraa impute TABLE.csv --checkpoint DIR|FILE --out FILLED.csv [--draws K] [--seed S] [--temperature T]

Fills the missing cells of TABLE.csv (a table with the training table's columns) from the model:
in every row the observed cells are given to the model first and the missing ones are drawn after
them, so each fill comes from p(missing | observed): its most likely value for one table, a draw from it
for each of K tables. Every other cell is written back as it was.

  --draws K        multiple imputation: K completed tables, FILLED-1.csv … FILLED-K.csv
                   (independent draws; the spread between them is the imputation uncertainty).
                   Default 1: FILLED.csv
  --seed S         seed of the draws (default 1)
  --temperature T  0: the most likely value, drawn greedily cell by cell (the default for one
                   table); 1: a draw from the model's distribution (the default with --draws K > 1)

Cells the model cannot represent (an unknown category, text in a numeric column, a number outside
the trained range) are listed and written back unchanged: they are neither used nor replaced.`;

export async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      checkpoint: { type: 'string' },
      out: { type: 'string' },
      draws: { type: 'string', default: '1' },
      seed: { type: 'string', default: '1' },
      temperature: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (positionals.length !== 1 || !values.checkpoint || !values.out) throw new Error(`give one TABLE.csv, --checkpoint and --out.\n\n${USAGE}`);
  const draws = numberOption(values, 'draws', true);
  if (draws < 1) throw new Error(`--draws must be at least 1, got ${draws}.`);
  const seed = numberOption(values, 'seed', true);
  const temperature = values.temperature === undefined ? imputeTemperature(draws) : numberOption(values, 'temperature');
  const { raw } = await readCsvFile(positionals[0]);
  const loaded = await loadCheckpointModel(values.checkpoint);
  try {
    const cells = readCodecCells(raw, loaded.codec);
    printCellProblems(cells.problems, 'written back unchanged, not imputed');
    const sampler = createSampler(loaded.model, loaded.codec, { batch: Math.max(1, Math.min(cells.rows, 256)) });
    const { fills, rows, unfilled } = await imputeCells(sampler, loaded.codec, cells, { seed, temperature, draws });
    const outputs = draws === 1 ? [values.out] : fills.map((_, d) => numberedPath(values.out!, d + 1));
    await Promise.all(outputs.map((path, d) => writeFile(path, rawTableToCsv(filledTexts(raw, loaded.codec, fills[d])))));
    for (const cell of unfilled.slice(0, 10))
      console.error(
        `  draw ${cell.draw + 1}, line ${cell.row + 2}, column ${quoteForMessage(cell.column)}: still missing after repeated draws (the model finds a missing value there very likely).`,
      );
    const missing = cells.status.filter((s) => s === CELL_MISSING).length;
    console.error(`Filled ${fills[0].size} of ${missing} missing cells (in ${rows.length} of ${cells.rows} rows); wrote ${outputs.join(', ')}.`);
  } finally {
    loaded.close();
  }
}

/** FILLED.csv → FILLED-3.csv. */
function numberedPath(path: string, k: number): string {
  const dot = path.lastIndexOf('.');
  const slash = path.lastIndexOf('/');
  return dot > slash + 1 ? `${path.slice(0, dot)}-${k}${path.slice(dot)}` : `${path}-${k}`;
}
