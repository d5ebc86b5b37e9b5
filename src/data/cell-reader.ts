import { ColumnBuilder, detach } from './column-builder';
import { quoteForMessage } from './quote-for-message';
import type { RawColumn } from './raw-column';

/**
 * Turns parsed CSV fields into cells, column by column: trims spaces, reads missing markers as
 * null, hands the cells to typed column builders, and records every change so none is silent.
 */

export const DEFAULT_MISSING_MARKERS: readonly string[] = ['NA', 'N/A', 'n/a', '#N/A', '?', 'null', 'NULL', 'NaN', 'nan'];

/** Distinct values remembered per column for spotting merges. */
const TRACKED_VALUES = 10_000;

/** How a distinct value of a column arrived: with or without spaces around it. */
interface Seen {
  clean: boolean;
  trimmed: boolean;
}

interface ColumnNotes {
  seen: Map<string, Seen>;
  trimmedCells: number;
  markers: Map<string, number>;
}

export class CellReader {
  private columns: ColumnBuilder[] = [];
  private notes: ColumnNotes[] = [];
  private readonly markers: Set<string>;
  private readonly longestMarker: number;

  constructor(
    private readonly trim: boolean,
    markers: readonly string[],
  ) {
    this.markers = new Set(markers);
    this.longestMarker = Math.max(0, ...markers.map((m) => m.length));
  }

  get rowCount(): number {
    return this.columns[0]?.length ?? 0;
  }

  start(columnCount: number): void {
    this.columns = Array.from({ length: columnCount }, () => new ColumnBuilder());
    this.notes = Array.from({ length: columnCount }, () => ({ seen: new Map(), trimmedCells: 0, markers: new Map() }));
  }

  addRow(fields: string[]): void {
    for (let c = 0; c < fields.length; c++) this.columns[c].add(this.cell(c, fields[c]));
  }

  /** The first row turned out to be data, not a header. */
  prependRow(fields: string[]): void {
    fields.forEach((field, c) => this.columns[c].prepend(this.cell(c, field)));
  }

  /** The first `count` cells of column c as read (null where missing). */
  sample(c: number, count: number): (string | null)[] {
    const column = this.columns[c];
    return Array.from({ length: Math.min(count, column.length) }, (_, r) => column.text(r));
  }

  finish(): RawColumn[] {
    return this.columns.map((column) => column.finish());
  }

  warnings(names: string[]): string[] {
    const out: string[] = [];
    this.notes.forEach((note, c) => {
      if (note.trimmedCells > 0) out.push(trimWarning(names[c], note));
      if (note.markers.size > 0) {
        const list = [...note.markers].map(([marker, n]) => `${quoteForMessage(marker)} (${count(n)})`).join(', ');
        out.push(`Column ${quoteForMessage(names[c])}: cells reading ${list} were taken as missing values.`);
      }
    });
    return out;
  }

  private cell(c: number, field: string): string | null {
    const note = this.notes[c];
    const value = this.trim ? field.trim() : field;
    if (value === '') return null;
    if (value.length <= this.longestMarker && this.markers.has(value)) {
      note.markers.set(value, (note.markers.get(value) ?? 0) + 1);
      return null;
    }
    if (!this.trim) return value;
    const trimmed = value !== field;
    if (trimmed) note.trimmedCells++;
    let seen = note.seen.get(value);
    if (seen === undefined) {
      if (note.seen.size >= TRACKED_VALUES) return value;
      seen = { clean: false, trimmed: false };
      note.seen.set(detach(value), seen);
    }
    if (trimmed) seen.trimmed = true;
    else seen.clean = true;
    return value;
  }
}

function trimWarning(name: string, note: ColumnNotes): string {
  const merged = [...note.seen].filter(([, seen]) => seen.clean && seen.trimmed).map(([text]) => text);
  const base = `Column ${quoteForMessage(name)}: ${count(note.trimmedCells)} cells had spaces around them, which were removed`;
  if (merged.length === 0) return `${base}.`;
  const examples = merged
    .slice(0, 3)
    .map((value) => quoteForMessage(value))
    .join(', ');
  return (
    `${base}; this merged values that differed only by spaces into one category (${examples}` +
    `${merged.length > 3 ? `, and ${merged.length - 3} more` : ''}). Load the file with trimming off to keep them apart.`
  );
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
