import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { CheckpointExtra } from '../align/run-session';
import { tableToCsv } from '../data/csv-export';
import { RowCodec, type RowCodecJson } from '../data/row-codec';
import { acquireNodeGpu } from '../kernels/node-gpu';
import { createRuntime } from '../kernels/runtime';
import { decodeCheckpoint } from '../model/checkpoint';
import { GptModel } from '../model/gpt-model';
import { createSampler, sampleTable } from '../model/sampler';
import { readCheckpointFile } from './checkpoint-file';
import { numberOption } from './run-options';

const USAGE = `usage: tabgraa sample --checkpoint DIR|FILE --rows N [--where col=value ...] [--temperature T] [--seed S] --out SYNTH.csv

Samples rows from a checkpoint written by 'tabgraa fit --checkpoint DIR' (DIR/latest.ckpt, or a
.ckpt file). --where fixes a column's value in every row (repeat it for several columns).`;

function parseWhere(items: string[]): Record<string, string> {
  const where: Record<string, string> = {};
  for (const item of items) {
    const at = item.indexOf('=');
    if (at <= 0) throw new Error(`--where takes col=value, got "${item}".`);
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
  const checkpoint = decodeCheckpoint(await readCheckpointFile(values.checkpoint));
  const extra = checkpoint.extra as CheckpointExtra | undefined;
  if (!extra?.schema) throw new Error('This checkpoint carries no schema; it was not written by tabgraa fit.');
  const codec = RowCodec.fromJSON(checkpoint.codec as RowCodecJson);
  const rt = createRuntime(await acquireNodeGpu());
  const model = GptModel.create(rt, checkpoint.config);
  model.uploadParams(checkpoint.params);
  const sampler = createSampler(model, codec, { batch: Math.min(rows, 256) });
  const table = await sampleTable(sampler, codec, rows, {
    seed: numberOption(values, 'seed', true),
    temperature: numberOption(values, 'temperature'),
    where: parseWhere(values.where as string[]),
  });
  await writeFile(values.out, tableToCsv(table, extra.schema));
  console.error(`Wrote ${rows} rows to ${values.out}.`);
  rt.device.destroy();
}
