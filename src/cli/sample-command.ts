import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { tableToCsv } from '../data/csv-export';
import { quoteForMessage } from '../data/quote-for-message';
import { parseRebalance, rebalanceGroups, sampleRebalanced } from '../data/rebalance';
import { deriveSeed } from '../data/rng';
import { createSampler, sampleTable } from '../model/sampler/sampler';
import { loadCheckpointModel } from './checkpoint-model';
import { numberOption } from './run-options';

const USAGE = `usage: tabgraa sample --checkpoint DIR|FILE --rows N [--where col=value ...] [--rebalance COL=VALUE:SHARE[,VALUE:SHARE...]]
                      [--temperature T] [--seed S] --out SYNTH.csv

Samples rows from a checkpoint written by 'tabgraa fit --checkpoint DIR' (DIR/latest.ckpt, or a
.ckpt file). --where fixes a column's value in every row (repeat it for several columns).
--rebalance sets the shares of a categorical column's values (e.g. income=>50K:0.5): listed values
get exactly their share of the rows (rounded to whole rows), the column's other values keep their
proportions in the training data, renormalised to the share left, and every other column is
sampled conditionally on the value. Rows of a rebalanced column are never missing.`;

function parseWhere(items: string[]): Record<string, string> {
  const where: Record<string, string> = {};
  for (const item of items) {
    const at = item.indexOf('=');
    if (at <= 0) throw new Error(`--where takes col=value, got ${quoteForMessage(item)}.`);
    where[item.slice(0, at)] = item.slice(at + 1);
  }
  return where;
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      checkpoint: { type: 'string' },
      rows: { type: 'string' },
      where: { type: 'string', multiple: true, default: [] },
      rebalance: { type: 'string' },
      temperature: { type: 'string', default: '1' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.checkpoint || !values.rows || !values.out) throw new Error(`--checkpoint, --rows and --out are required.\n\n${USAGE}`);
  const rows = numberOption(values, 'rows', true);
  if (rows < 1) throw new Error(`--rows must be at least 1, got ${rows}.`);
  const seed = numberOption(values, 'seed', true);
  const where = parseWhere(values.where as string[]);
  const rebalance = values.rebalance === undefined ? undefined : parseRebalance(values.rebalance);
  if (rebalance && rebalance.column in where)
    throw new Error(`--where already fixes ${quoteForMessage(rebalance.column)}: rebalance another column or drop the --where.`);
  const loaded = await loadCheckpointModel(values.checkpoint);
  try {
    const groups = rebalance && rebalanceGroups(loaded.schema, rebalance, rows);
    const temperature = numberOption(values, 'temperature');
    const sampler = createSampler(loaded.model, loaded.codec, { batch: Math.min(rows, 256) });
    const sample = (n: number, s: number, w: Record<string, string>) => sampleTable(sampler, loaded.codec, n, { seed: s, temperature, where: w });
    const table = groups
      ? await sampleRebalanced(groups, (n, value, g) => sample(n, deriveSeed(seed, g), { ...where, [rebalance!.column]: value }), seed)
      : await sample(rows, seed, where);
    await writeFile(values.out, tableToCsv(table, loaded.schema));
    console.error(`Wrote ${rows} rows to ${values.out}.`);
    if (groups) {
      for (const g of groups)
        console.error(`  ${rebalance!.column}=${g.value}: ${g.rows} rows (${pct(g.rows / rows)}; ${pct(g.realShare)} in the training data)`);
    }
  } finally {
    loaded.close();
  }
}

function pct(share: number): string {
  return `${(100 * share).toFixed(1)} %`;
}
