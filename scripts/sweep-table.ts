/**
 * One markdown table across compare reports with different settings (scripts/sweep-rows.ts).
 *
 *   node bin/run-ts.mjs scripts/sweep-table.ts DIR1 DIR2 ...   (each DIR holds a report.json)
 */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { messageOf } from '../src/error-message';
import { sweepTable } from './sweep-rows';

const dirs = process.argv.slice(2);
if (!dirs.length) {
  console.error('usage: node bin/run-ts.mjs scripts/sweep-table.ts DIR1 DIR2 ...   (each DIR holds a report.json from tabgraa compare or merge)');
  process.exit(2);
}
try {
  const reports = await Promise.all(dirs.map(async (dir) => ({ name: basename(dir), report: JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) })));
  process.stdout.write(sweepTable(reports));
} catch (error) {
  console.error(`sweep-table: ${messageOf(error)}`);
  process.exit(1);
}
