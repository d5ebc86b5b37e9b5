import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/**
 * Peak memory of ingesting a large CSV (issue 16): the demo table's rows repeated into a file of
 * about 200 MB (1.94 M rows × 15 columns; a small one with --quick), ingested in a fresh child
 * process so nothing else the bench holds counts. The figure is peak RSS / file size.
 */

export interface IngestMemoryResult {
  fileBytes: number;
  rows: number;
  columns: number;
  seconds: number;
  peakRssBytes: number;
  ingest_peak_rss_ratio: number;
}

const FULL_ROWS = 1_940_000;
const QUICK_ROWS = 50_000;

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function measureIngestMemory(quick: boolean): Promise<IngestMemoryResult> {
  const dir = await mkdtemp(join(tmpdir(), 'tabgraa-ingest-memory-'));
  try {
    const path = join(dir, 'adult-repeated.csv');
    await writeRepeatedDemo(path, quick ? QUICK_ROWS : FULL_ROWS);
    const fileBytes = (await stat(path)).size;
    const child = await runChild(path);
    return { fileBytes, ...child, ingest_peak_rss_ratio: child.peakRssBytes / fileBytes };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The header of public/adult.csv, then its data rows over and over until `rows` are written. */
async function writeRepeatedDemo(path: string, rows: number): Promise<void> {
  const lines: string[] = [];
  for await (const line of createInterface({ input: createReadStream(join(repoRoot, 'public', 'adult.csv')) })) if (line) lines.push(line);
  const [header, ...data] = lines;
  const out = createWriteStream(path);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', resolve)));
  await write(`${header}\n`);
  for (let written = 0; written < rows; ) {
    const take = Math.min(data.length, rows - written);
    await write(`${data.slice(0, take).join('\n')}\n`);
    written += take;
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

function runChild(path: string): Promise<Omit<IngestMemoryResult, 'fileBytes' | 'ingest_peak_rss_ratio'>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'run-ts.mjs'), join(repoRoot, 'bench', 'ingest-memory-child.ts'), path], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0) reject(new Error(`the ingest-memory child exited with code ${code}: ${stdout.trim()}`));
      else resolve(JSON.parse(last));
    });
  });
}

// `node bin/run-ts.mjs bench/ingest-memory.ts [--quick]`: this measurement alone.
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  console.log(JSON.stringify(await measureIngestMemory(process.argv.includes('--quick'))));
}
