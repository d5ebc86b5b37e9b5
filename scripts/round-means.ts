/**
 * The rounds-1..T means of a compare report as a markdown table (scripts/round-means-rows.ts).
 *
 *   node bin/run-ts.mjs scripts/round-means.ts DIR/report.json
 */
import { readFile } from 'node:fs/promises';
import { messageOf } from '../src/error-message';
import { roundMeansTable } from './round-means-rows';

const [path] = process.argv.slice(2);
if (!path) {
  console.error('usage: node bin/run-ts.mjs scripts/round-means.ts DIR/report.json   (from tabgraa compare or merge)');
  process.exit(2);
}
try {
  process.stdout.write(roundMeansTable(JSON.parse(await readFile(path, 'utf8'))));
} catch (error) {
  console.error(`round-means: ${messageOf(error)}`);
  process.exit(1);
}
