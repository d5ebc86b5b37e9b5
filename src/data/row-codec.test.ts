import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applySchema } from './apply-schema';
import { loadCsvFile } from './csv-file';
import { ingestCsvText } from './csv-ingest';
import { formatNumber } from './numbers';
import { columnTexts, type RawTable } from './raw-column';
import { createRng } from './rng';
import { RowCodec } from './row-codec';
import { inferSchema } from './schema-infer';
import type { Schema, Table } from './types';

const TABLES = new URL('../../fixtures/tables', import.meta.url).pathname;
const PUBLIC = new URL('../../public', import.meta.url).pathname;
const tableFiles = [
  ...(existsSync(TABLES)
    ? readdirSync(TABLES)
        .filter((f) => f.endsWith('.csv'))
        .map((f) => `${TABLES}/${f}`)
    : []),
  ...(existsSync(`${PUBLIC}/adult.csv`) ? [`${PUBLIC}/adult.csv`] : []),
];

/** encode → decode must give back the typed table cell for cell, and typing must keep every written value. */
function expectRoundTrip(raw: RawTable, schema: Schema, seed = 1): RowCodec {
  const typed = applySchema(raw, schema);
  const codec = RowCodec.fromSchema(schema);
  const rows = typed.columns[0].length;
  const tokens = codec.encodeRows(typed, createRng(seed));
  expect(tokens.length).toBe(rows * codec.seqLen);
  const back = codec.decodeRows(tokens, rows);
  expect(back.header).toEqual(typed.header);
  back.columns.forEach((column, c) => {
    for (let r = 0; r < rows; r++) {
      if (column[r] !== typed.columns[c][r]) throw new Error(`${typed.header[c]} row ${r}: decoded ${column[r]}, typed ${typed.columns[c][r]}`);
    }
  });
  // The schema's normalisation loses nothing the file wrote: precision is the widest written.
  for (const [c, name] of typed.header.entries()) {
    const column = schema.columns.find((s) => s.name === name)!;
    const source = columnTexts(raw.columns[raw.header.indexOf(name)]);
    if (column.kind !== 'numeric' || column.decimals < Math.max(...source.map((t) => String(t ?? '').split('.')[1]?.length ?? 0))) continue;
    source.forEach((text, r) => {
      if (text !== null && Number(text) !== typed.columns[c][r]) throw new Error(`${name} row ${r}: ${text} typed as ${typed.columns[c][r]}`);
    });
  }
  return codec;
}

describe('row codec round trip on real tables', () => {
  it('finds the shipped tables', () => {
    expect(tableFiles.length).toBeGreaterThanOrEqual(4);
  });
  it.each(tableFiles)('%s', async (path) => {
    const { raw, schema } = await loadCsvFile(path);
    expect(schema.columns.filter((c) => c.excluded)).toEqual([]);
    const codec = expectRoundTrip(raw, schema);
    expect(codec.columns.length).toBe(raw.header.length);
  });
});

describe('row codec round trip on generated edge cases', () => {
  it('negative, decimal, huge, tiny and missing values, and a row missing everywhere', async () => {
    const csv = [
      'neg,dec,huge,tiny,sparse,cat,empty',
      '-5,0.25,123456789012345,0.0000001,,a,',
      '3,-1.5,-99999999999999,0.0000123,NA,b,',
      '0,0,1,-0.0000009,7,,',
      '-0.0,12.125,0,0,,a,',
      ',,,,,,',
      '17,3,5e3,1.5e-7,-2,b,',
    ].join('\n');
    const { raw } = await ingestCsvText(csv);
    const { schema } = inferSchema(raw);
    expect(schema.columns.find((c) => c.name === 'empty')?.excluded).toMatch(/no values/);
    expect(schema.columns.find((c) => c.name === 'tiny')).toMatchObject({ kind: 'numeric', decimals: 8, min: -0.0000009, max: 0.0000123 });
    const codec = expectRoundTrip(raw, schema);
    expect(codec.columns.map((c) => c.name)).toEqual(['neg', 'dec', 'huge', 'tiny', 'sparse', 'cat']);
  });

  it('random tables of every precision and range', async () => {
    for (let seed = 1; seed <= 25; seed++) {
      const rng = createRng(seed);
      const columns = 1 + Math.floor(rng() * 5);
      const specs = Array.from({ length: columns }, () => ({
        decimals: Math.floor(rng() * 7),
        scale: 10 ** Math.floor(rng() * 9 - 2),
        offset: rng() < 0.5 ? 0 : -0.5,
        missing: rng() < 0.4 ? rng() * 0.9 : 0,
      }));
      const lines = [[...specs.map((_, c) => `x${c}`), 'label'].join(',')];
      for (let r = 0; r < 120; r++) {
        const cells = specs.map((s) => (rng() < s.missing ? '' : formatNumber((rng() + s.offset) * s.scale, s.decimals)));
        lines.push([...cells, rng() < 0.5 ? 'p' : 'q'].join(','));
      }
      const { raw } = await ingestCsvText(lines.join('\n'));
      const { schema } = inferSchema(raw);
      expectRoundTrip(raw, { ...schema, columns: schema.columns.map(({ excluded: _, ...c }) => c) }, seed);
    }
  });
});

describe('row codec layout and checks', () => {
  const schema: Schema = {
    version: 1,
    rowCount: 10,
    columns: [
      { name: 'cat', kind: 'categorical', missingShare: 0.1, flags: [], categories: ['x', 'y'], counts: [5, 4] },
      { name: 'id', kind: 'categorical', missingShare: 0, flags: ['id-like'], categories: [], counts: [], excluded: 'an ID' },
      { name: 'num', kind: 'numeric', missingShare: 0.2, flags: [], integer: false, decimals: 1, min: -2.5, max: 10 },
      { name: 'int', kind: 'numeric', missingShare: 0, flags: [], integer: true, decimals: 0, min: 0, max: 99 },
    ],
  };
  const codec = RowCodec.fromSchema(schema);

  it('lays the vocabulary out as the contract says', () => {
    expect([codec.BOS, codec.EOS, codec.valueTokenStart, codec.vocabSize, codec.seqLen]).toEqual([0, 1, 5, 61, 12]);
    expect(codec.columns).toEqual([
      { name: 'cat', schemaIndex: 0, nameToken: 2, width: 1, valueRanges: [{ lo: 5, hi: 8 }], naToken: 7 },
      {
        name: 'num',
        schemaIndex: 2,
        nameToken: 3,
        width: 4,
        valueRanges: [
          { lo: 8, hi: 11 },
          { lo: 11, hi: 21 },
          { lo: 21, hi: 31 },
          { lo: 31, hi: 41 },
        ],
        naToken: 10,
      },
      {
        name: 'int',
        schemaIndex: 3,
        nameToken: 4,
        width: 2,
        valueRanges: [
          { lo: 41, hi: 51 },
          { lo: 51, hi: 61 },
        ],
        naToken: -1,
      },
    ]);
  });

  it('encodes a row in the given column order, NA filling its column', () => {
    expect([...codec.encodeRow(['y', -2.5, 7], [2, 0, 1])]).toEqual([0, 4, 41, 58, 2, 6, 3, 9, 11, 23, 36, 1]);
    expect([...codec.encodeRow([null, null, 99], [0, 1, 2])]).toEqual([0, 2, 7, 3, 10, 10, 10, 10, 4, 50, 60, 1]);
    expect(() => codec.encodeRow(['x', 1, 2], [0, 0, 1])).toThrow(/a permutation of 0..2/);
    expect(() => codec.encodeRow(['z', 1, 2], [0, 1, 2])).toThrow(/Column "cat", row 0: "z" is not one of the column's categories/);
    expect(() => codec.encodeRow(['x', 1, null], [0, 1, 2])).toThrow(
      /Column "int", row 0: the value is missing, but the schema says this column has no missing values/,
    );
    expect(() => codec.encodeRow(['x', '1', 2], [0, 1, 2])).toThrow(/Column "num", row 0: expected a number, got "1"/);
  });

  it('clamps numbers to the schema range on encode and decode', () => {
    const high = codec.encodeRow(['x', 1e6, -3], [0, 1, 2]);
    expect(codec.decodeRows(high, 1).columns).toEqual([['x'], [10], [0]]);
    const nines = Uint32Array.from([0, 3, 8, 20, 30, 40, 2, 5, 4, 50, 60, 1]); // '+', 9, 9, 9 = 99.9
    expect(codec.decodeRows(nines, 1).columns).toEqual([['x'], [10], [99]]);
  });

  it('refuses sequences it could not have written, saying where', () => {
    const good = [0, 4, 41, 58, 2, 6, 3, 9, 11, 23, 36, 1];
    const bad = (at: number, token: number) => Uint32Array.from(good.map((t, i) => (i === at ? token : t)));
    expect(() => codec.decodeRows(bad(0, 2), 1)).toThrow(/Row 0, position 0: expected BOS, got the name of column "cat"/);
    expect(() => codec.decodeRows(bad(4, 4), 1)).toThrow(/position 4: expected the name of a column not yet in this row/);
    expect(() => codec.decodeRows(bad(2, 51), 1)).toThrow(/position 2: expected a value token of "int", got digit 0 at position 1 of "int"/);
    expect(() => codec.decodeRows(bad(7, 10), 1)).toThrow(/position 8: expected the NA token of "num" \(NA fills every position\)/);
    expect(() => codec.decodeRows(bad(11, 0), 1)).toThrow(/position 11: expected EOS, got BOS/);
    expect(() => codec.decodeRows(bad(5, 99), 1)).toThrow(/got token 99 \(outside the vocabulary of 61\)/);
    expect(() => codec.decodeRows(Uint32Array.from(good), 2)).toThrow(/2 rows need 24 tokens, got 12/);
  });

  const rows = 24_000;
  const constantTable: Table = { header: ['cat', 'num', 'int'], columns: [new Array(rows).fill('x'), new Array(rows).fill(1), new Array(rows).fill(2)] };
  /** How many of the encoded rows list their columns in each order (keyed by the name tokens in order). */
  const orderCounts = (encoder: RowCodec, tokens: Uint32Array) => {
    const orders = new Map<string, number>();
    for (let r = 0; r < rows; r++) {
      const names: number[] = [];
      for (let at = r * encoder.seqLen + 1; names.length < 3; at += 1 + encoder.columns[tokens[at] - 2].width) names.push(tokens[at]);
      const key = names.join();
      orders.set(key, (orders.get(key) ?? 0) + 1);
    }
    return orders;
  };

  it('draws every column order uniformly', () => {
    const tokens = codec.encodeRows(constantTable, createRng(7));
    const orders = orderCounts(codec, tokens);
    // 6 orders, 4000 expected each; binomial sd = sqrt(24000 · 1/6 · 5/6) ≈ 57.7; allow 5 sd.
    expect(orders.size).toBe(6);
    for (const n of orders.values()) expect(Math.abs(n - rows / 6)).toBeLessThan(5 * 57.7);
    expect(codec.encodeRows(constantTable, createRng(7), [3, 5])).toEqual(tokens.slice(0, 2 * codec.seqLen));
  });

  it("keeps the table's column order in its share of the rows, and orders the rest uniformly at random", () => {
    const mixed = RowCodec.fromSchema(schema, 0.5);
    const orders = orderCounts(mixed, mixed.encodeRows(constantTable, createRng(7)));
    // Table order: half the rows plus a sixth of the random half (14,000); each other order 2,000.
    // Binomial sd ≤ sqrt(24000 · 0.25) ≈ 77.5; allow 5 sd.
    const tableKey = mixed.columns.map((c) => c.nameToken).join();
    expect(orders.size).toBe(6);
    for (const [key, n] of orders) expect(Math.abs(n - (key === tableKey ? 14_000 : 2_000))).toBeLessThan(5 * 77.5);
    const tableOnly = RowCodec.fromSchema(schema, 1).encodeRows(constantTable, createRng(7), [0, 1]);
    expect(tableOnly).toEqual(Uint32Array.from([...codec.encodeRow(['x', 1, 2], [0, 1, 2]), ...codec.encodeRow(['x', 1, 2], [0, 1, 2])]));
    // No share spends no draw: a random-order codec's stream is the one it always was.
    expect(RowCodec.fromSchema(schema, 0).encodeRows(constantTable, createRng(7), [0, 1])).toEqual(codec.encodeRows(constantTable, createRng(7), [0, 1]));
    expect([codec.sampleOrder, mixed.sampleOrder]).toEqual(['random', 'table']);
    expect(() => RowCodec.fromSchema(schema, 1.5)).toThrow(/between 0 and 1; got 1.5/);
  });

  it('saves as plain JSON and comes back identical', () => {
    const again = RowCodec.fromJSON(JSON.parse(JSON.stringify(codec)));
    expect(again.columns).toEqual(codec.columns);
    expect([again.vocabSize, again.seqLen]).toEqual([codec.vocabSize, codec.seqLen]);
    expect(again.encodeRow(['y', -2.5, 7], [2, 0, 1])).toEqual(codec.encodeRow(['y', -2.5, 7], [2, 0, 1]));
    expect(() => RowCodec.fromJSON({ version: 2 } as never)).toThrow(/not a saved row codec/);
    expect(RowCodec.fromJSON(JSON.parse(JSON.stringify(RowCodec.fromSchema(schema, 0.25)))).tableOrderShare).toBe(0.25);
    // A codec saved before the table-order option: its model saw random orders only.
    const { tableOrderShare: _, ...old } = codec.toJSON();
    expect(RowCodec.fromJSON(old).sampleOrder).toBe('random');
  });

  it('names the column to blame when the model is too small', () => {
    expect(() => codec.assertFitsModel(60, 100)).toThrow(/vocabulary of 61 tokens but the model allows 60; column "num" alone uses 33 \(4 digit positions\)/);
    expect(() => codec.assertFitsModel(1000, 11)).toThrow(/A row needs 12 tokens but the model's context holds 11; column "num" alone uses 5/);
    expect(() => codec.assertFitsModel(61, 12)).not.toThrow();
  });

  it('refuses a numeric column wider than 15 digits and a schema with nothing in it', () => {
    const wide: Schema = { ...schema, columns: [{ ...schema.columns[3], name: 'big', max: 1e16 } as Schema['columns'][number]] };
    expect(() => RowCodec.fromSchema(wide)).toThrow(/Column "big" needs 17 digits at 0 decimals.*treat it as categorical, or leave it out/);
    expect(() => RowCodec.fromSchema({ ...schema, columns: [schema.columns[1]] })).toThrow(/includes no columns/);
  });
});
