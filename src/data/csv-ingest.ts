import type { ParseError, ParseStepResult } from 'papaparse';
import Papa from 'papaparse';
import { CellReader, DEFAULT_MISSING_MARKERS } from './cell-reader';
import { detectHeader } from './header-detect';
import { CsvInputError } from './input-error';
import { LineEndings } from './line-endings';
import { quoteForMessage } from './quote-for-message';
import type { RawTable } from './raw-column';
import { RowFeed } from './row-feed';

export { CsvInputError } from './input-error';

/**
 * Streaming CSV ingest: bytes arrive in chunks (a file stream in Node, Blob slices in a browser
 * or Worker), are checked (NUL bytes, UTF-8) and decoded chunk by chunk, line endings are made
 * one kind (a file may mix CRLF and LF), and papaparse turns them into rows one at a time. Only
 * the cells are kept, in typed columns (raw-column.ts), never the whole text.
 */

export interface CsvIngestOptions {
  /** 'auto' (default) decides from the first row; true/false force it. */
  header?: 'auto' | boolean;
  /** Remove spaces around cells (default true); every change is reported in the warnings. */
  trim?: boolean;
  /** Cell texts read as missing, besides the empty cell. */
  missingMarkers?: readonly string[];
  /** Larger files are refused before reading (default 512 MiB). */
  maxBytes?: number;
  /** Size of the pieces read from a Blob (default 1 MiB). */
  chunkBytes?: number;
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
}

export interface CsvIngestResult {
  /** The cells as text (null where missing) in typed columns, header in file order. */
  raw: RawTable;
  warnings: string[];
  delimiter: string;
  /** The delimiter in words, for the schema review: "semicolon", or "semicolon (from the file's sep=; line)". */
  delimiterLabel: string;
  hasHeader: boolean;
  bytes: number;
  /** Pieces of text handed to the parser (the file is never one string). */
  chunks: number;
}

export const DEFAULT_MAX_BYTES = 512 * 2 ** 20;
const DEFAULT_CHUNK_BYTES = 2 ** 20;
/** Data values per column that the header detection looks at; enough to see a column's type. */
const HEADER_SAMPLE = 1000;

const EMPTY_FILE = 'The file is empty: choose a CSV with a header row and at least one data row.';
const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };
/** Excel's first line naming the delimiter ("sep=;"); TextDecoder has already dropped a BOM. */
const SEP_LINE = /^sep=([^\n])\n/i;
/**
 * The start of the file the delimiter is guessed from (and a sep line looked for): papaparse would
 * guess from its whole first piece, parsing it once per candidate, however large its cells.
 */
const GUESS_SAMPLE_CHARS = 64 * 1024;
/** Characters one row may span; past this a quote is almost surely never closed. */
export const MAX_ROW_CHARS = 16 * 2 ** 20;

/** Minimal stand-in for a Node readable stream: papaparse's streaming path accepts it everywhere. */
class TextFeed {
  readonly readable = true;
  private readonly listeners = new Map<string, Array<(arg?: unknown) => void>>();
  read(): void {}
  pause(): void {}
  resume(): void {}
  on(event: string, listener: (arg?: unknown) => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  removeListener(event: string, listener: (arg?: unknown) => void): this {
    this.listeners.set(
      event,
      (this.listeners.get(event) ?? []).filter((l) => l !== listener),
    );
    return this;
  }
  emit(event: string, arg?: unknown): void {
    for (const listener of this.listeners.get(event) ?? []) listener(arg);
  }
}

export async function ingestCsvStream(source: AsyncIterable<Uint8Array>, totalBytes: number, options: CsvIngestOptions = {}): Promise<CsvIngestResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (totalBytes > maxBytes) {
    throw new CsvInputError(
      `The file is ${megabytes(totalBytes)} but the limit is ${megabytes(maxBytes)}: use a sample of its rows ` +
        `(for example the first 500,000) or raise the size limit.`,
    );
  }
  const reader = new CellReader(options.trim ?? true, options.missingMarkers ?? DEFAULT_MISSING_MARKERS);
  let firstRow: string[] | undefined;
  let fileRow = 0;
  let failure: unknown;
  let delimiter = ',';
  let sepLine = false;

  const step = (results: ParseStepResult<string[]>) => {
    const row = results.data;
    delimiter = results.meta.delimiter;
    fileRow++;
    const quoteError = results.errors.find((e) => e.type === 'Quotes');
    if (quoteError) throw quoteProblem(fileRow, quoteError);
    if (row.length === 1 && row[0].trim() === '') return; // blank or whitespace-only line
    if (!firstRow) {
      if (row.length === 1) throw sepLine ? oneColumnDespiteSepLine(row[0], delimiter) : oneColumn(row[0]);
      firstRow = row;
      reader.start(row.length);
      return;
    }
    if (row.length !== firstRow.length) throw ragged(fileRow, row.length, firstRow.length, delimiter);
    reader.addRow(row);
  };

  const feed = new TextFeed();
  const startParser = (delimiter: string) =>
    Papa.parse(
      feed as unknown as NodeJS.ReadableStream,
      {
        header: false,
        // Blank lines reach step, which skips them: they count in the row numbers of messages, and a
        // lone unclosed quote (a row of one empty field) is reported, not skipped as blank.
        skipEmptyLines: false,
        newline: '\n',
        delimiter,
        step,
        complete: () => {},
        error: (error: unknown) => {
          failure ??= error;
        },
      } as Papa.ParseLocalConfig<string[], NodeJS.ReadableStream>,
    );

  const decoder = new TextDecoder('utf-8', { fatal: true });
  const lineEndings = new LineEndings();
  const rowFeed = new RowFeed();
  let bytesDone = 0;
  let chunks = 0;
  /** The start of the file, held back until the delimiter is known; null once parsing. */
  let head: string | null = '';
  const push = (decoded: string, last = false) => {
    let text = lineEndings.normalise(decoded, last);
    if (head !== null) {
      head += text;
      if (!last && head.length < GUESS_SAMPLE_CHARS) return;
      const sep = SEP_LINE.exec(head);
      if (sep) {
        sepLine = true;
        fileRow = 1;
      }
      text = sep ? head.slice(sep[0].length) : head;
      startParser(sep ? sep[1] : guessDelimiter(text.slice(0, GUESS_SAMPLE_CHARS)));
      head = null;
    }
    const pieces = rowFeed.take(text);
    if (last) pieces.push(rowFeed.rest());
    if (rowFeed.waiting > MAX_ROW_CHARS) throw endlessRow(fileRow + 1);
    for (const piece of pieces) {
      if (piece === '' || failure) continue;
      chunks++;
      feed.emit('data', piece);
    }
  };
  for await (const bytes of source) {
    if (bytesDone === 0) rejectUtf16(bytes);
    const nul = bytes.indexOf(0);
    if (nul >= 0) throw binary(bytesDone + nul);
    push(decodeChunk(decoder, bytes, bytesDone));
    bytesDone += bytes.length;
    options.onProgress?.(bytesDone, totalBytes);
    if (failure) break;
  }
  if (!failure) {
    push(decodeChunk(decoder, new Uint8Array(0), bytesDone, true), true);
    feed.emit('end');
  }
  if (failure) throw failure;
  if (!firstRow) throw new CsvInputError(EMPTY_FILE);

  const header = options.header ?? 'auto';
  const hasHeader =
    header === 'auto'
      ? detectHeader(
          firstRow,
          firstRow.map((_, c) => reader.sample(c, HEADER_SAMPLE)),
        )
      : header;
  const warnings: string[] = [];
  let names: string[];
  if (hasHeader) {
    names = checkedNames(firstRow.map((name) => name.trim()));
    if (reader.rowCount === 0) {
      throw new CsvInputError('The file has a header row but no data rows: add at least one row of values under the header.');
    }
  } else {
    names = firstRow.map((_, c) => `column_${c + 1}`);
    reader.prependRow(firstRow);
    if (header === 'auto') {
      warnings.push(
        `The first row looks like data (numbers where the columns hold numbers), so the columns were named ` +
          `column_1 to column_${names.length}. If the first row is a header, load the file again with the header option on.`,
      );
    }
  }
  warnings.push(...reader.warnings(names));
  const delimiterName = DELIMITER_NAMES[delimiter] ?? quoteForMessage(delimiter);
  const delimiterLabel = sepLine ? `${delimiterName} (from the file's sep=${delimiter} line)` : delimiterName;
  return { raw: { header: names, columns: reader.finish() }, warnings, delimiter, delimiterLabel, hasHeader, bytes: bytesDone, chunks };
}

/** Browser or Worker: read a File/Blob in slices, never as one string. */
export function ingestCsvBlob(blob: Blob, options: CsvIngestOptions = {}): Promise<CsvIngestResult> {
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  async function* slices(): AsyncGenerator<Uint8Array> {
    for (let start = 0; start < blob.size; start += chunkBytes) {
      yield new Uint8Array(await blob.slice(start, start + chunkBytes).arrayBuffer());
    }
  }
  return ingestCsvStream(slices(), blob.size, options);
}

/** Small inputs already in memory (pasted text, tests). */
export function ingestCsvText(text: string, options: CsvIngestOptions = {}): Promise<CsvIngestResult> {
  const bytes = new TextEncoder().encode(text);
  async function* once(): AsyncGenerator<Uint8Array> {
    yield bytes;
  }
  return ingestCsvStream(once(), bytes.length, options);
}

/**
 * Papaparse's guess (the candidate that splits the first rows most evenly), from the whole rows at
 * the start of the sample: a row cut in its middle would split unevenly whatever the delimiter.
 */
function guessDelimiter(sample: string): string {
  const wholeRows = new RowFeed().take(sample).join('') || sample;
  return Papa.parse<string[]>(wholeRows, { preview: 10, newline: '\n', skipEmptyLines: true }).meta.delimiter || ',';
}

function decodeChunk(decoder: TextDecoder, bytes: Uint8Array, offset: number, last = false): string {
  try {
    return decoder.decode(bytes, { stream: !last });
  } catch {
    const at = last ? offset : offset + firstInvalidUtf8(bytes);
    throw new CsvInputError(
      `The file is not valid UTF-8 text (a bad byte near byte ${at.toLocaleString('en-US')}): it is probably in ` +
        `another encoding such as Latin-1 or Windows-1252. Save it as "CSV UTF-8" (Excel) or convert it ` +
        `(for example: iconv -f latin1 -t utf-8 in.csv > out.csv) and try again.`,
    );
  }
}

/** Smallest prefix length that a fresh strict decoder refuses (binary search; only on the error path). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid + 1), { stream: true });
      lo = mid + 1;
    } catch {
      hi = mid;
    }
  }
  return lo;
}

function rejectUtf16(bytes: Uint8Array): void {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new CsvInputError('The file is UTF-16 text: save it as UTF-8 ("CSV UTF-8" in Excel) and try again.');
  }
}

function binary(at: number): CsvInputError {
  return new CsvInputError(
    `The file contains a NUL byte (at byte ${at.toLocaleString('en-US')}), so it is not CSV text: it looks like a ` +
      `binary file (a spreadsheet, zip or image renamed .csv). Export it as CSV from the program that made it and try again.`,
  );
}

function oneColumn(name: string): CsvInputError {
  return new CsvInputError(
    `The file has only one column (${quoteForMessage(name.trim())}): a synthetic table needs at least two. If it has more, ` +
      `its fields are not separated by a comma, semicolon, tab or pipe: save it with one of those.`,
  );
}

function oneColumnDespiteSepLine(name: string, delimiter: string): CsvInputError {
  const sep = DELIMITER_NAMES[delimiter] ?? quoteForMessage(delimiter);
  return new CsvInputError(
    `The file's first line "sep=${delimiter}" says its fields are separated by a ${sep}, but the header row has none ` +
      `(${quoteForMessage(name.trim())}). Correct the sep= line to the file's delimiter, or remove it to have the delimiter detected.`,
  );
}

function ragged(fileRow: number, got: number, want: number, delimiter: string): CsvInputError {
  const sep = DELIMITER_NAMES[delimiter] ?? quoteForMessage(delimiter);
  return new CsvInputError(
    `Row ${fileRow} of the file has ${got} fields but the first row has ${want}: every row needs the same number ` +
      `of fields. Check that row for an extra or missing ${sep}, or a field with a ${sep} that is not in double quotes.`,
  );
}

function endlessRow(fileRow: number): CsvInputError {
  return new CsvInputError(
    `Row ${fileRow} of the file runs on for more than ${megabytes(MAX_ROW_CHARS)} without ending: a double quote that opens a field ` +
      `is probably never closed (a quote inside a field is written twice, ""), or a cell holds a whole document. Fix that row or shorten the cell.`,
  );
}

function quoteProblem(fileRow: number, error: ParseError): CsvInputError {
  return new CsvInputError(
    `Row ${fileRow} of the file has a quoted field that is not closed properly (${error.message}). In CSV a field ` +
      `with commas, quotes or line breaks is wrapped in double quotes, and a quote inside it is written twice (""). Fix that row and try again.`,
  );
}

function checkedNames(names: string[]): string[] {
  const empty = names.indexOf('');
  if (empty >= 0) {
    throw new CsvInputError(`Column ${empty + 1} has an empty name in the header row: give every column a name and try again.`);
  }
  const seen = new Map<string, number>();
  names.forEach((name, c) => {
    const first = seen.get(name);
    if (first !== undefined) {
      throw new CsvInputError(
        `The column name ${quoteForMessage(name)} appears twice (columns ${first + 1} and ${c + 1}): rename one so every column name is unique.`,
      );
    }
    seen.set(name, c);
  });
  return names;
}

function megabytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MB`;
}
