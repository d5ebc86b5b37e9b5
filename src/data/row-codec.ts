import { digitCount, MAX_DIGITS, scaledMagnitude } from './numbers';
import { randomPermutation } from './rng';
import type { Cell, Schema, Table } from './types';

/**
 * The row codec (method.md §1): one row = [BOS] name value... name value... [EOS], every value drawn
 * from tokens that belong to its column (and position), so every row has the same length and every
 * legal sequence decodes. Column order: a share of the rows (`tableOrderShare`) keeps the table's
 * order, the rest are permuted uniformly at random, which is what lets any column condition any other.
 * A model that saw the table's order samples in it: on Adult and telco_churn one factorisation
 * learned on more rows fit the dependence between columns far better in the same time than a random
 * order per row; on the 275-row penguins table it did not (docs/results/column-order.md).
 *
 * Vocabulary: 0 BOS, 1 EOS, 2..2+C-1 column names (schema order), then value tokens column by
 * column. Categorical: one position, a token per category, then NA. Numeric: an optional sign
 * position ('+', '-'; only if min < 0), then fixed-width digits of round(|v|·10^decimals), 10
 * tokens per position; NA is the last token of the FIRST position's range and, when written,
 * fills every position of the column.
 */

export interface CodecColumn {
  name: string;
  schemaIndex: number;
  nameToken: number;
  width: number;
  /** Legal token ids [lo, hi) per value position. */
  valueRanges: Array<{ lo: number; hi: number }>;
  /** -1 if the column has no missing values. */
  naToken: number;
}

interface SpecBase {
  name: string;
  schemaIndex: number;
  hasNA: boolean;
}
export type CodecColumnSpec =
  | (SpecBase & { kind: 'categorical'; categories: string[] })
  | (SpecBase & { kind: 'numeric'; decimals: number; min: number; max: number });

export interface RowCodecJson {
  version: 1;
  columns: CodecColumnSpec[];
  /** Absent in codecs saved before the option existed: those models saw random orders only. */
  tableOrderShare?: number;
}

/** The order of the columns a sampler draws when nothing is fixed. */
export type ColumnOrder = 'table' | 'random';

/** What a numeric column's tokens mean. */
interface NumberFormat {
  signed: boolean;
  decimals: number;
  min: number;
  max: number;
}

export class RowCodec {
  readonly BOS = 0;
  readonly EOS = 1;
  readonly vocabSize: number;
  readonly seqLen: number;
  readonly valueTokenStart: number;
  readonly columns: CodecColumn[];
  /** Share of encoded rows in the table's column order; the rest get a uniformly random order. */
  readonly tableOrderShare: number;
  private readonly specs: CodecColumnSpec[];
  /** Per column: category → token offset (categorical) or number format (numeric). */
  private readonly categoryIndex: Array<Map<string, number> | undefined>;
  private readonly numberFormat: Array<NumberFormat | undefined>;

  private constructor(specs: CodecColumnSpec[], tableOrderShare: number) {
    if (specs.length === 0) {
      throw new Error('The schema includes no columns, so there is nothing to encode: include at least one column.');
    }
    if (!(tableOrderShare >= 0 && tableOrderShare <= 1)) {
      throw new Error(`tableOrderShare is the share of rows kept in the table's column order, between 0 and 1; got ${tableOrderShare}.`);
    }
    this.specs = specs;
    this.tableOrderShare = tableOrderShare;
    this.valueTokenStart = 2 + specs.length;
    let next = this.valueTokenStart;
    this.categoryIndex = [];
    this.numberFormat = [];
    this.columns = specs.map((spec, c) => {
      const sizes = spec.kind === 'categorical' ? this.addCategorical(spec) : this.addNumeric(spec);
      const valueRanges = sizes.map((size, position) => {
        const lo = next;
        next += size + (position === 0 && spec.hasNA ? 1 : 0);
        return { lo, hi: next };
      });
      const naToken = spec.hasNA ? valueRanges[0].hi - 1 : -1;
      return { name: spec.name, schemaIndex: spec.schemaIndex, nameToken: 2 + c, width: sizes.length, valueRanges, naToken };
    });
    this.vocabSize = next;
    this.seqLen = 2 + this.columns.reduce((sum, column) => sum + 1 + column.width, 0);
  }

  static fromSchema(schema: Schema, tableOrderShare = 0): RowCodec {
    const specs: CodecColumnSpec[] = [];
    schema.columns.forEach((column, schemaIndex) => {
      if (column.excluded) return;
      const base = { name: column.name, schemaIndex, hasNA: column.missingShare > 0 };
      if (column.kind === 'categorical') specs.push({ ...base, kind: 'categorical', categories: [...column.categories] });
      else specs.push({ ...base, kind: 'numeric', decimals: column.decimals, min: column.min, max: column.max });
    });
    return new RowCodec(specs, tableOrderShare);
  }

  static fromJSON(json: RowCodecJson): RowCodec {
    if (json?.version !== 1 || !Array.isArray(json.columns)) {
      throw new Error('This is not a saved row codec (version 1): save the codec again with this version of the app.');
    }
    return new RowCodec(json.columns, json.tableOrderShare ?? 0);
  }

  toJSON(): RowCodecJson {
    return { version: 1, columns: this.specs.map((spec) => structuredClone(spec)), tableOrderShare: this.tableOrderShare };
  }

  /** Unconditional sampling follows the table's order once the model was trained on it. */
  get sampleOrder(): ColumnOrder {
    return this.tableOrderShare > 0 ? 'table' : 'random';
  }

  /** Throws, naming the column to blame, if the model cannot hold this vocabulary or row length. */
  assertFitsModel(maxVocab: number, maxContext: number): void {
    if (this.vocabSize > maxVocab) {
      const tokens = (column: CodecColumn) => column.valueRanges.reduce((sum, r) => sum + r.hi - r.lo, 0);
      const worst = this.columns.reduce((a, b) => (tokens(b) > tokens(a) ? b : a));
      const spec = this.specs[this.columns.indexOf(worst)];
      const what = spec.kind === 'categorical' ? `${spec.categories.length} categories` : `${worst.width} digit positions`;
      throw new Error(
        `The table needs a vocabulary of ${this.vocabSize} tokens but the model allows ${maxVocab}; column "${worst.name}" alone uses ${tokens(worst)} (${what}). Leave it out, group its rare values, or lower its precision.`,
      );
    }
    if (this.seqLen > maxContext) {
      const worst = this.columns.reduce((a, b) => (b.width > a.width ? b : a));
      throw new Error(
        `A row needs ${this.seqLen} tokens but the model's context holds ${maxContext}; column "${worst.name}" alone uses ${1 + worst.width} (its name and ${worst.width} value positions). Lower its precision, leave columns out, or choose a longer context.`,
      );
    }
  }

  /** Row-major n × seqLen tokens; per row, the table's column order (tableOrderShare of the rows) or a random one, drawn from rng. */
  encodeRows(table: Table, rng: () => number, rows?: number[]): Uint32Array {
    const sources = this.columns.map((column) => {
      const index = table.header.indexOf(column.name);
      if (index < 0) throw new Error(`The table has no column "${column.name}", which the codec expects.`);
      return table.columns[index];
    });
    const rowIds = rows ?? Array.from({ length: sources[0].length }, (_, r) => r);
    const out = new Uint32Array(rowIds.length * this.seqLen);
    const cells: Cell[] = new Array(sources.length);
    const tableOrder = Array.from({ length: sources.length }, (_, c) => c);
    // With no table-order share no draw is spent on it, so random-order streams stay as they were.
    const keepsTableOrder = () => this.tableOrderShare > 0 && rng() < this.tableOrderShare;
    rowIds.forEach((row, k) => {
      for (let c = 0; c < sources.length; c++) cells[c] = sources[c][row];
      this.writeRow(out, k * this.seqLen, cells, keepsTableOrder() ? tableOrder : randomPermutation(sources.length, rng), row);
    });
    return out;
  }

  /** One row; cells in codec (schema-included) column order, `order` a permutation of column indices. */
  encodeRow(cells: Cell[], order: number[]): Uint32Array {
    const count = this.columns.length;
    const seen = new Set(order);
    if (cells.length !== count || order.length !== count || seen.size !== count || order.some((c) => !(c >= 0 && c < count))) {
      throw new Error(`encodeRow needs ${count} cells and a permutation of 0..${count - 1}; got ${cells.length} cells and order [${order.join(', ')}].`);
    }
    const out = new Uint32Array(this.seqLen);
    this.writeRow(out, 0, cells, order, 0);
    return out;
  }

  /** The typed table of n encoded rows; throws on any sequence the codec could not have written. */
  decodeRows(tokens: Uint32Array, n: number): Table {
    if (tokens.length < n * this.seqLen) {
      throw new Error(`decodeRows: ${n} rows need ${n * this.seqLen} tokens, got ${tokens.length}.`);
    }
    const count = this.columns.length;
    const columns: Cell[][] = this.columns.map(() => new Array<Cell>(n));
    const seen = new Uint8Array(count);
    for (let r = 0; r < n; r++) {
      const base = r * this.seqLen;
      const expect = (ok: boolean, at: number, what: string) => {
        if (!ok) throw new Error(`Row ${r}, position ${at}: expected ${what}, got ${this.describeToken(tokens[base + at])}.`);
      };
      expect(tokens[base] === this.BOS, 0, 'BOS');
      seen.fill(0);
      let at = 1;
      for (let k = 0; k < count; k++) {
        const c = tokens[base + at] - 2;
        expect(c >= 0 && c < count && !seen[c], at, 'the name of a column not yet in this row');
        seen[c] = 1;
        columns[c][r] = this.readValue(c, tokens, base + at + 1, (offset, what) => expect(false, at + 1 + offset, what));
        at += 1 + this.columns[c].width;
      }
      expect(tokens[base + at] === this.EOS, at, 'EOS');
    }
    return { header: this.columns.map((column) => column.name), columns };
  }

  /** A readable name for a token id, for errors and debugging. */
  describeToken(id: number): string {
    if (id === this.BOS) return 'BOS';
    if (id === this.EOS) return 'EOS';
    if (id >= 2 && id < this.valueTokenStart) return `the name of column "${this.columns[id - 2].name}"`;
    for (const [c, column] of this.columns.entries()) {
      if (id === column.naToken) return `the NA token of "${column.name}"`;
      const position = column.valueRanges.findIndex((r) => id >= r.lo && id < r.hi);
      if (position < 0) continue;
      const offset = id - column.valueRanges[position].lo;
      const spec = this.specs[c];
      if (spec.kind === 'categorical') return `category "${spec.categories[offset]}" of "${column.name}"`;
      const signed = this.numberFormat[c]?.signed && position === 0;
      return signed ? `sign '${offset ? '-' : '+'}' of "${column.name}"` : `digit ${offset} at position ${position} of "${column.name}"`;
    }
    return `token ${id} (outside the vocabulary of ${this.vocabSize})`;
  }

  private addCategorical(spec: CodecColumnSpec & { kind: 'categorical' }): number[] {
    const index = new Map(spec.categories.map((category, k) => [category, k]));
    if (index.size !== spec.categories.length) throw new Error(`Column "${spec.name}" lists a category twice: each category must be listed once.`);
    if (index.size === 0) throw new Error(`Column "${spec.name}" has no categories: leave it out of the schema.`);
    this.categoryIndex.push(index);
    this.numberFormat.push(undefined);
    return [spec.categories.length];
  }

  private addNumeric(spec: CodecColumnSpec & { kind: 'numeric' }): number[] {
    const { name, decimals, min, max } = spec;
    if (!(Number.isInteger(decimals) && decimals >= 0 && Number.isFinite(min) && Number.isFinite(max) && min <= max)) {
      throw new Error(`Column "${name}" has an invalid numeric schema (decimals ${decimals}, range ${min} .. ${max}): infer the schema again.`);
    }
    const digits = digitCount(scaledMagnitude(Math.max(Math.abs(min), Math.abs(max)), decimals));
    if (digits > MAX_DIGITS) {
      throw new Error(
        `Column "${name}" needs ${digits} digits at ${decimals} decimals, but numbers keep only ${MAX_DIGITS} exactly: lower its precision, treat it as categorical, or leave it out.`,
      );
    }
    const signed = min < 0;
    this.categoryIndex.push(undefined);
    this.numberFormat.push({ signed, decimals, min, max });
    return [...(signed ? [2] : []), ...new Array<number>(digits).fill(10)];
  }

  private writeRow(out: Uint32Array, offset: number, cells: Cell[], order: number[], row: number): void {
    out[offset] = this.BOS;
    let at = offset + 1;
    for (const c of order) {
      out[at] = this.columns[c].nameToken;
      this.writeValue(c, cells[c], out, at + 1, row);
      at += 1 + this.columns[c].width;
    }
    out[at] = this.EOS;
  }

  private writeValue(c: number, cell: Cell, out: Uint32Array, at: number, row: number): void {
    const column = this.columns[c];
    const fail = (why: string) => {
      throw new Error(`Column "${column.name}", row ${row}: ${why}`);
    };
    if (cell === null) {
      if (column.naToken < 0)
        fail('the value is missing, but the schema says this column has no missing values: infer the schema from data that includes this row.');
      out.fill(column.naToken, at, at + column.width);
      return;
    }
    const categories = this.categoryIndex[c];
    if (categories) {
      const k = categories.get(String(cell));
      if (k === undefined) fail(`"${cell}" is not one of the column's categories in the schema.`);
      out[at] = column.valueRanges[0].lo + k!;
      return;
    }
    if (typeof cell !== 'number' || !Number.isFinite(cell)) fail(`expected a number, got ${JSON.stringify(cell)} (type the table with applySchema first).`);
    const format = this.numberFormat[c]!;
    // The codec represents only the schema's range: values outside it are clamped.
    const value = Math.min(format.max, Math.max(format.min, cell as number));
    let scaled = scaledMagnitude(value, format.decimals);
    const first = format.signed ? 1 : 0;
    if (format.signed) out[at] = column.valueRanges[0].lo + (value < 0 && scaled > 0 ? 1 : 0);
    for (let position = column.width - 1; position >= first; position--) {
      out[at + position] = column.valueRanges[position].lo + (scaled % 10);
      scaled = Math.floor(scaled / 10);
    }
  }

  private readValue(c: number, tokens: Uint32Array, at: number, fail: (offset: number, what: string) => void): Cell {
    const column = this.columns[c];
    const first = tokens[at];
    if (first === column.naToken) {
      for (let position = 1; position < column.width; position++) {
        if (tokens[at + position] !== column.naToken) fail(position, `the NA token of "${column.name}" (NA fills every position)`);
      }
      return null;
    }
    const inRange = (position: number, size: number) => {
      const offset = tokens[at + position] - column.valueRanges[position].lo;
      if (!(offset >= 0 && offset < size)) fail(position, `a value token of "${column.name}"`);
      return offset;
    };
    const spec = this.specs[c];
    if (spec.kind === 'categorical') return spec.categories[inRange(0, spec.categories.length)];
    const format = this.numberFormat[c]!;
    const negative = format.signed && inRange(0, 2) === 1;
    let scaled = 0;
    for (let position = format.signed ? 1 : 0; position < column.width; position++) scaled = scaled * 10 + inRange(position, 10);
    const magnitude = scaled / 10 ** format.decimals;
    const value = negative && scaled > 0 ? -magnitude : magnitude;
    return Math.min(format.max, Math.max(format.min, value));
  }
}
