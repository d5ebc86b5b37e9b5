/**
 * Turns parsed CSV fields into cells, column by column: trims spaces, reads missing markers as
 * null, shares one string per repeated value, and records every change so none is silent.
 */

export const DEFAULT_MISSING_MARKERS: readonly string[] = ['NA', 'N/A', 'n/a', '#N/A', '?', 'null', 'NULL', 'NaN', 'nan'];

/** Distinct values remembered per column for sharing strings and spotting merges. */
const TRACKED_VALUES = 10_000;
/** V8 keeps a substring of 13+ characters as a view into its parent string (a whole chunk). */
const SLICE_MIN_LENGTH = 13;

/** A distinct value of a column: one shared string, and how it arrived (with or without spaces). */
interface Seen {
  text: string;
  clean: boolean;
  trimmed: boolean;
}

interface ColumnNotes {
  seen: Map<string, Seen>;
  trimmedCells: number;
  markers: Map<string, number>;
}

export class CellReader {
  columns: (string | null)[][] = [];
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
    this.columns = Array.from({ length: columnCount }, () => []);
    this.notes = Array.from({ length: columnCount }, () => ({ seen: new Map(), trimmedCells: 0, markers: new Map() }));
  }

  addRow(fields: string[]): void {
    for (let c = 0; c < fields.length; c++) this.columns[c].push(this.cell(c, fields[c]));
  }

  /** The first row turned out to be data, not a header. */
  prependRow(fields: string[]): void {
    fields.forEach((field, c) => this.columns[c].unshift(this.cell(c, field)));
  }

  warnings(names: string[]): string[] {
    const out: string[] = [];
    this.notes.forEach((note, c) => {
      if (note.trimmedCells > 0) out.push(trimWarning(names[c], note));
      if (note.markers.size > 0) {
        const list = [...note.markers].map(([marker, n]) => `"${marker}" (${count(n)})`).join(', ');
        out.push(`Column "${names[c]}": cells reading ${list} were taken as missing values.`);
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
    const trimmed = value !== field;
    if (trimmed) note.trimmedCells++;
    let seen = note.seen.get(value);
    if (seen === undefined) {
      if (note.seen.size >= TRACKED_VALUES) return detach(value);
      seen = { text: detach(value), clean: false, trimmed: false };
      note.seen.set(seen.text, seen);
    }
    if (trimmed) seen.trimmed = true;
    else seen.clean = true;
    return seen.text;
  }
}

/** A copy that does not pin the chunk it was cut from, so the file's text is never held twice. */
function detach(text: string): string {
  return text.length < SLICE_MIN_LENGTH ? text : (' ' + text).slice(1);
}

function trimWarning(name: string, note: ColumnNotes): string {
  const merged = [...note.seen.values()].filter((value) => value.clean && value.trimmed).map((value) => value.text);
  const base = `Column "${name}": ${count(note.trimmedCells)} cells had spaces around them, which were removed`;
  if (merged.length === 0) return `${base}.`;
  const examples = merged.slice(0, 3).map((value) => `"${value}"`).join(', ');
  return (
    `${base}; this merged values that differed only by spaces into one category (${examples}` +
    `${merged.length > 3 ? `, and ${merged.length - 3} more` : ''}). Load the file with trimming off to keep them apart.`
  );
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
