import { createRng } from './rng';

/**
 * Seeded mutated CSV files for the fuzz corpus test: a random, well-formed table, then a few
 * mutations at the table level (odd headers, extreme numbers, huge cells, many categories, ragged
 * rows, broken quoting, another delimiter) and at the byte level (line endings, encodings and
 * BOMs, truncation, byte flips, NUL bytes), with Excel's sep= line now and then. The same seed always gives the same bytes.
 */

export interface FuzzCsv {
  bytes: Uint8Array;
  /** The mutations applied, in order, to name a failing case. */
  mutations: string[];
}

type Rng = () => number;
type Grid = string[][];

const CATEGORY_WORDS = ['red', 'green', 'blue', 'Zürich', '東京', 'a,b', 'say "hi"', 'two\nlines', 'x;y', 'tab\there', '=1+1', '-cmd', '@at', ' padded '];
const EXTREME_NUMBERS = [
  '1e308',
  '1e309',
  '-1e309',
  '1e-400',
  '0e-999',
  '-inf',
  'Infinity',
  'NaN',
  '-0',
  '.5',
  '1.',
  '+7',
  '0x1F',
  '1,5',
  '00123',
  '9007199254740993',
  '1e-300',
];
const ODD_NAMES = ['', ' ', '\u001b[2J\u001b[31mred', 'a\nb', '"quoted"', '=SUM(A1)', '123', '\u202eevil', 'x'.repeat(5000), 'naïve 名前', 'sep=;', 'NA'];

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];
const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));

function column(rng: Rng, rows: number): string[] {
  const kind = pick(rng, ['int', 'float', 'category', 'bool', 'date', 'constant', 'id', 'sparse', 'wide'] as const);
  return Array.from({ length: rows }, (_, r) => {
    switch (kind) {
      case 'int':
        return String(int(rng, -50, 500));
      case 'float':
        return (rng() * 200 - 100).toFixed(int(rng, 0, 6));
      case 'category':
        return pick(rng, CATEGORY_WORDS);
      case 'bool':
        return pick(rng, ['yes', 'no']);
      case 'date':
        return `20${int(rng, 10, 29)}-0${int(rng, 1, 9)}-1${int(rng, 0, 9)}`;
      case 'constant':
        return 'same';
      case 'id':
        return `row-${r}`;
      case 'sparse':
        return rng() < 0.8 ? pick(rng, ['', 'NA', '?']) : String(int(rng, 0, 9));
      case 'wide':
        return (rng() * 1e6).toFixed(12);
    }
  });
}

/** Table-level mutations: they change cells and the shape, and the CSV is written afterwards. */
const TABLE_MUTATIONS: Record<string, (rng: Rng, header: string[], rows: Grid) => void> = {
  'odd header': (rng, header) => {
    header[int(rng, 0, header.length - 1)] = pick(rng, ODD_NAMES);
  },
  'duplicate header': (_, header) => {
    if (header.length > 1) header[1] = header[0];
  },
  'extreme numbers': (rng, _, rows) => {
    const c = int(rng, 0, rows[0]?.length ? rows[0].length - 1 : 0);
    for (let k = int(rng, 1, 3); k > 0 && rows.length; k--) rows[int(rng, 0, rows.length - 1)][c] = pick(rng, EXTREME_NUMBERS);
  },
  'long digit run': (rng, _, rows) => {
    if (rows.length) rows[int(rng, 0, rows.length - 1)][0] = `${'7'.repeat(int(rng, 10_000, 200_000))}${pick(rng, ['x', '', '.5', 'e5'])}`;
  },
  'huge cell': (rng, _, rows) => {
    if (rows.length) rows[int(rng, 0, rows.length - 1)][0] = pick(rng, ['x', 'é', '"', ',', '\n']).repeat(int(rng, 50_000, 300_000));
  },
  'many categories': (rng, _, rows) => {
    const distinct = int(rng, 900, 2500);
    while (rows.length < distinct + 100) rows.push([...(rows[0] ?? ['a', 'b'])]);
    rows.forEach((row, r) => (row[row.length - 1] = `cat-${r % distinct}`));
  },
  'ragged row': (rng, _, rows) => {
    if (!rows.length) return;
    const row = rows[int(rng, 0, rows.length - 1)];
    if (rng() < 0.5) row.pop();
    else row.push('extra');
  },
  'ragged header': (_, header) => {
    header.push('only-in-header');
  },
  'blank lines': (rng, _, rows) => {
    for (let k = int(rng, 1, 4); k > 0; k--) rows.splice(int(rng, 0, rows.length), 0, rows[0]?.map(() => '') ?? []);
  },
  'all constant': (_, __, rows) => {
    rows.forEach((row) => row.fill('k'));
  },
  'header only': (_, __, rows) => {
    rows.length = 0;
  },
  'missing everywhere': (rng, _, rows) => {
    const c = int(rng, 0, (rows[0]?.length ?? 1) - 1);
    rows.forEach((row) => (row[c] = ''));
  },
};

/** Byte-level mutations of the written file. */
const BYTE_MUTATIONS: Record<string, (rng: Rng, bytes: Uint8Array) => Uint8Array> = {
  truncate: (rng, bytes) => bytes.slice(0, int(rng, 0, bytes.length)),
  'byte flips': (rng, bytes) => {
    const out = bytes.slice();
    for (let k = int(rng, 1, 8); k > 0 && out.length; k--) out[int(rng, 0, out.length - 1)] ^= 1 << int(rng, 0, 7);
    return out;
  },
  'utf-8 BOM': (_, bytes) => concat(Uint8Array.of(0xef, 0xbb, 0xbf), bytes),
  'other encoding': (rng, bytes) => {
    const text = new TextDecoder().decode(bytes);
    const encoding = pick(rng, ['utf-16le', 'utf-16be', 'latin-1'] as const);
    if (encoding === 'latin-1') return Uint8Array.from(text, (c) => Math.min(c.charCodeAt(0), 0xff));
    const le = concat(Uint8Array.of(0xff, 0xfe), utf16le(text));
    return encoding === 'utf-16le' ? le : le.map((_, i, a) => a[i ^ 1]);
  },
  'NUL byte': (rng, bytes) => {
    const out = bytes.slice();
    if (out.length) out[int(rng, 0, out.length - 1)] = 0;
    return out;
  },
  'mixed line endings': (rng, bytes) => {
    const text = new TextDecoder().decode(bytes);
    return new TextEncoder().encode(text.replace(/\n/g, () => pick(rng, ['\n', '\r\n', '\r'])));
  },
};

export function fuzzCsv(seed: number): FuzzCsv {
  const rng = createRng(seed);
  const columns = int(rng, 2, 8);
  const rowCount = int(rng, 1, 150);
  const header = Array.from({ length: columns }, (_, c) => `col${c}`);
  const cells = Array.from({ length: columns }, () => column(rng, rowCount));
  const rows: Grid = Array.from({ length: rowCount }, (_, r) => cells.map((col) => col[r]));
  const mutations: string[] = [];
  for (let k = int(rng, 0, 2); k > 0; k--) {
    const name = pick(rng, Object.keys(TABLE_MUTATIONS));
    TABLE_MUTATIONS[name](rng, header, rows);
    mutations.push(name);
  }
  const delimiter = pick(rng, [',', ',', ';', '\t', '|']);
  const quoting = pick(rng, ['minimal', 'minimal', 'all', 'all', 'all', 'broken'] as const);
  if (delimiter !== ',') mutations.push(`delimiter ${JSON.stringify(delimiter)}`);
  if (quoting !== 'minimal') mutations.push(`quoting ${quoting}`);
  const field = (text: string) => {
    if (quoting === 'broken' && rng() < 0.05) return pick(rng, [`"${text}`, `${text}"x`, `"${text}"junk`]);
    const needs = quoting === 'all' || /["\r\n]/.test(text) || text.includes(delimiter);
    return needs ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const newline = pick(rng, ['\n', '\r\n']);
  // Excel's first line naming the delimiter: usually the right one, sometimes not.
  const sep = rng() < 0.15 ? (rng() < 0.8 ? delimiter : pick(rng, [',', ';'])) : undefined;
  if (sep !== undefined) mutations.push(sep === delimiter ? 'sep line' : 'wrong sep line');
  const lines = [...(sep === undefined ? [] : [`sep=${sep}`]), ...[header, ...rows].map((row) => row.map(field).join(delimiter))];
  const text = lines.join(newline) + (rng() < 0.8 ? newline : '');
  let bytes: Uint8Array = new TextEncoder().encode(text);
  for (let k = pick(rng, [0, 0, 0, 1, 1, 2]); k > 0; k--) {
    const name = pick(rng, Object.keys(BYTE_MUTATIONS));
    bytes = BYTE_MUTATIONS[name](rng, bytes);
    mutations.push(name);
  }
  return { bytes, mutations };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function utf16le(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    out[2 * i] = text.charCodeAt(i) & 0xff;
    out[2 * i + 1] = text.charCodeAt(i) >> 8;
  }
  return out;
}
