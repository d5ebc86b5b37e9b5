import { parseArgs } from 'node:util';
import { collectCells } from './compare-cells';
import { writeCompareReport } from './compare-report-files';

const USAGE = `usage: tabgraa merge DIR... [--out DIR]

Builds report.json and report.md from the cells (DIR/cells/*.json) of any number of compare
output folders, e.g. the shards of one grid run on several machines. A folder without cells/
contributes the cells of its report.json, so published results (docs/results/...) merge with new
seeds. Cells must share their settings (table, preset, rounds, ...); a cell found in two folders
must hold the same numbers.

  --out DIR     where to write the report (default: the first DIR)`;

export async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!positionals.length) throw new Error(`name at least one compare output folder.\n\n${USAGE}`);
  const { settings, cells } = await collectCells(positionals);
  const out = values.out ?? positionals[0];
  await writeCompareReport(out, settings, cells, positionals);
  console.error(`Merged ${cells.length} cells from ${positionals.length} folder(s) into ${out}/report.json and ${out}/report.md.`);
}
