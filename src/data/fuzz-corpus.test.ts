import { describe, expect, it } from 'vitest';
import { applySchema } from './apply-schema';
import { tableToCsv } from './csv-export';
import { ingestCsvStream, ingestCsvText } from './csv-ingest';
import { fuzzCsv } from './fuzz-csv';
import { CsvInputError } from './input-error';
import { assertSomeColumnModelled } from './model-columns';
import { createRng } from './rng';
import { RowCodec } from './row-codec';
import { inferSchema } from './schema-infer';
import type { Cell } from './types';

/**
 * Every mutated file either goes the whole way (ingest → schema → codec round trip → export →
 * re-ingest, which gives the same typed table) or is refused with a CsvInputError whose message
 * says what is wrong; none hangs. A crash of any other kind, or a slow file, fails the test.
 */

const FILES = 600;
/** Seconds one file may take; a quadratic path on a 200,000-character cell takes far longer. */
const MAX_SECONDS_PER_FILE = 5;
/** Control characters (line breaks aside) never reach a message raw. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f]/;

async function* inChunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

function refused(error: unknown, what: string): 'refused' {
  if (!(error instanceof CsvInputError)) throw new Error(`${what} threw ${String(error)} instead of a CsvInputError`, { cause: error });
  expect(error.message.length).toBeGreaterThan(20);
  expect(error.message).not.toMatch(RAW_CONTROL);
  // Outside the quoted user text, no placeholder of a value that went missing.
  expect(error.message.replace(/"[^"]*"/g, '""')).not.toMatch(/\bundefined\b|\bNaN\b/);
  return 'refused';
}

/** The exported cell read back: the same, or behind the apostrophe export puts before formula-like text. */
function sameCell(back: Cell, typed: Cell): boolean {
  return back === typed || (typeof typed === 'string' && back === `'${typed}`);
}

async function throughPipeline(bytes: Uint8Array, seed: number): Promise<'ingested' | 'refused' | 'all left out'> {
  const chunkBytes = [64, 1000, 4096, 2 ** 20][seed % 4];
  let ingest: Awaited<ReturnType<typeof ingestCsvStream>>;
  try {
    ingest = await ingestCsvStream(inChunks(bytes, chunkBytes), bytes.length);
  } catch (error) {
    return refused(error, 'ingest');
  }
  const { schema, warnings } = inferSchema(ingest.raw);
  expect([...ingest.warnings, ...warnings].join(' ')).not.toMatch(RAW_CONTROL);
  try {
    assertSomeColumnModelled(schema);
  } catch (error) {
    refused(error, 'the column check');
    return 'all left out';
  }
  const typed = applySchema(ingest.raw, schema);
  const rows = typed.columns[0].length;

  const codec = RowCodec.fromSchema(schema);
  const decoded = codec.decodeRows(codec.encodeRows(typed, createRng(seed)), rows);
  expect(decoded.columns).toEqual(typed.columns);

  const again = await ingestCsvText(tableToCsv(typed, schema), { header: true });
  const names = schema.columns.map((column) => column.name);
  expect(again.raw.header.map((name, c) => name === names[c] || name === `'${names[c]}`)).not.toContain(false);
  const retyped = applySchema({ ...again.raw, header: names }, schema);
  retyped.columns.forEach((column, c) => {
    for (let r = 0; r < rows; r++) {
      if (!sameCell(column[r], typed.columns[c][r]))
        throw new Error(`column ${typed.header[c]}, row ${r}: exported ${String(typed.columns[c][r])}, read back ${String(column[r])}`);
    }
  });
  return 'ingested';
}

describe('fuzz corpus: mutated CSV files through ingest, schema, codec, export and back', () => {
  it(`${FILES} seeded files each go through or are refused with a message, in seconds`, { timeout: 120_000 }, async () => {
    const outcomes = { ingested: 0, refused: 0, 'all left out': 0 };
    let slowest = 0;
    for (let seed = 1; seed <= FILES; seed++) {
      const { bytes, mutations } = fuzzCsv(seed);
      const started = performance.now();
      try {
        outcomes[await throughPipeline(bytes, seed)]++;
      } catch (error) {
        throw new Error(`seed ${seed} (${mutations.join(', ') || 'no mutation'}): ${(error as Error).message}`, { cause: error });
      }
      const seconds = (performance.now() - started) / 1000;
      slowest = Math.max(slowest, seconds);
      expect(seconds, `seed ${seed} (${mutations.join(', ')}) took ${seconds.toFixed(1)} s`).toBeLessThan(MAX_SECONDS_PER_FILE);
    }
    // The corpus exercises both ways out, not only one.
    expect(outcomes.ingested).toBeGreaterThan(FILES / 5);
    expect(outcomes.refused).toBeGreaterThan(FILES / 10);
    console.log(`fuzz corpus: ${JSON.stringify(outcomes)}, slowest file ${slowest.toFixed(2)} s`);
  });

  it('the generator is deterministic and varied', () => {
    expect(fuzzCsv(7)).toEqual(fuzzCsv(7));
    const mutations = new Set(Array.from({ length: 200 }, (_, k) => fuzzCsv(k + 1).mutations).flat());
    for (const name of [
      'odd header',
      'extreme numbers',
      'huge cell',
      'many categories',
      'truncate',
      'byte flips',
      'other encoding',
      'mixed line endings',
      'delimiter ";"',
      'quoting broken',
      'sep line',
      'wrong sep line',
    ]) {
      expect(mutations).toContain(name);
    }
  });
});
