// Child process of ingest-memory.ts: ingests one CSV file the way the studio and the CLI do (parse,
// then infer the schema) and prints its peak resident memory as JSON on the last line.
import { readCsvFile } from '../src/data/csv-file';
import { inferSchema } from '../src/data/schema-infer';

const path = process.argv[2];
if (!path) throw new Error('usage: ingest-memory-child.ts FILE.csv');
const started = performance.now();
const ingest = await readCsvFile(path);
const { schema } = inferSchema(ingest.raw);
const seconds = (performance.now() - started) / 1000;
// maxRSS is in KiB: the whole process, runtime and loader included.
const peakRssBytes = process.resourceUsage().maxRSS * 1024;
console.log(JSON.stringify({ rows: schema.rowCount, columns: schema.columns.length, seconds, peakRssBytes }));
