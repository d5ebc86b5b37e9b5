import { describe, expect, it } from 'vitest';
import { applySchema } from './apply-schema';
import { DICTIONARY_LIMIT } from './column-builder';
import { ingestCsvText } from './csv-ingest';
import { RowCodec } from './row-codec';
import { inferSchema, overrideColumn } from './schema-infer';

async function infer(csv: string, maxCategories?: number) {
  const { raw } = await ingestCsvText(csv);
  return { raw, ...inferSchema(raw, { maxCategories }) };
}
const rows = (n: number, line: (r: number) => string) => Array.from({ length: n }, (_, r) => line(r)).join('\n');

describe('schema inference', () => {
  it('infers kinds, precision, range, categories with counts and missing share', async () => {
    const { schema, warnings } = await infer('age,price,delta,color,ok\n30,1.50,-2,red,yes\n41,2.125,3,blue,no\n,3,0,red,yes\n35,-0.5,1,,no\n');
    expect(warnings).toEqual([]);
    expect(schema).toEqual({
      version: 1,
      rowCount: 4,
      columns: [
        { name: 'age', kind: 'numeric', missingShare: 0.25, flags: [], integer: true, decimals: 0, min: 30, max: 41 },
        { name: 'price', kind: 'numeric', missingShare: 0, flags: [], integer: false, decimals: 3, min: -0.5, max: 3 },
        { name: 'delta', kind: 'numeric', missingShare: 0, flags: [], integer: true, decimals: 0, min: -2, max: 3 },
        { name: 'color', kind: 'categorical', missingShare: 0.25, flags: [], categories: ['red', 'blue'], counts: [2, 1] },
        { name: 'ok', kind: 'categorical', missingShare: 0, flags: ['boolean'], categories: ['no', 'yes'], counts: [2, 2] },
      ],
    });
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });

  it('leaves out ID-like, constant, date and all-missing columns, saying why', async () => {
    const csv = `id,code,const,when,nothing,y\n${rows(30, (r) => `${r + 1},C${r * 7},k,2024-01-${String((r % 28) + 1).padStart(2, '0')},,${r % 2}`)}`;
    const { schema, warnings } = await infer(csv);
    const byName = Object.fromEntries(schema.columns.map((c) => [c.name, c]));
    expect(byName.id).toMatchObject({ kind: 'numeric', flags: ['id-like'], excluded: expect.stringMatching(/looks like a row number/) });
    expect(byName.code).toMatchObject({ flags: ['id-like'], excluded: expect.stringMatching(/different value in every row/) });
    expect(byName.const).toMatchObject({ flags: ['constant'], excluded: expect.stringMatching(/same value \("k"\) in every row/) });
    expect(byName.when).toMatchObject({ flags: ['date'], excluded: expect.stringMatching(/holds dates.*convert it to a number/) });
    expect(byName.nothing).toMatchObject({ flags: ['all-missing'], excluded: 'Column "nothing" has no values (every cell is missing), so it is left out.' });
    expect(byName.y).toMatchObject({ kind: 'categorical', flags: ['boolean'] });
    expect(byName.y.excluded).toBeUndefined();
    expect(warnings).toHaveLength(5);
  });

  it('leaves out a 100,000-category column with a message', async () => {
    const csv = `city,n\n${rows(200_000, (r) => `c${r % 100_000},${r % 3}`)}`;
    const { schema, warnings } = await infer(csv);
    expect(schema.columns[0]).toMatchObject({ flags: ['high-cardinality'], categories: [], counts: [] });
    expect(warnings[0]).toBe(
      'Column "city" has 100,000 distinct values, more than the 1,000 categories allowed, so it is left out. To model it, group its rare values (for example into "other") in the file and load it again.',
    );
  });

  it('keeps leading-zero codes and mostly-numeric columns as text, and says why', async () => {
    const { schema, warnings } = await infer(`zip,score\n${rows(40, (r) => `0${1000 + (r % 5)},${r === 3 ? 'unknown' : r % 9}`)}`);
    expect(schema.columns.map((c) => c.kind)).toEqual(['categorical', 'categorical']);
    expect(warnings).toEqual([
      'Column "zip" is read as categories because some values have leading zeros (e.g. "01000"), which a number would lose.',
      'Column "score" is read as categories because some values are not numbers ("unknown"). If they mean "missing", add them to the missing markers and load again.',
    ]);
  });

  it('rounds a column that would need more than 15 digits, or leaves it out if it cannot', async () => {
    const { schema, warnings } = await infer('a,b,c\n123456.123456789012,1e20,x\n1,2,y\n');
    expect(schema.columns[0]).toMatchObject({ decimals: 9, max: 123456.123456789 });
    expect(warnings[0]).toMatch(/Column "a" has values with 12 decimals.*kept at 9 decimals/);
    expect(schema.columns[1].excluded).toMatch(/Column "b" has values up to 100000000000000000000, which need 21 digits/);
  });
});

describe('schema overrides', () => {
  it('changes kind, precision and inclusion, and refuses what the data cannot take', async () => {
    const { raw, schema } = await infer(`n,label,id\n${rows(30, (r) => `${(r % 4) + 0.25},${r % 3 ? 'a' : 'b'},${r}`)}`);
    const asText = overrideColumn(raw, schema, 'n', { kind: 'categorical' });
    expect(asText.columns[0]).toMatchObject({ kind: 'categorical', categories: ['0.25', '1.25', '2.25', '3.25'] });
    const coarse = overrideColumn(raw, schema, 'n', { decimals: 1 });
    expect(coarse.columns[0]).toMatchObject({ kind: 'numeric', decimals: 1, min: 0.3, max: 3.3 });
    expect(schema.columns[2].excluded).toBeDefined();
    expect(overrideColumn(raw, schema, 'id', { excluded: null }).columns[2].excluded).toBeUndefined();
    expect(overrideColumn(raw, schema, 'label', { excluded: 'not wanted' }).columns[1].excluded).toBe('not wanted');
    expect(() => overrideColumn(raw, schema, 'label', { kind: 'numeric' })).toThrow(/Column "label" cannot be numeric: "b" is not a number/);
    expect(() => overrideColumn(raw, schema, 'n', { decimals: -1 })).toThrow(/decimals must be a whole number from 0 to 100, got -1/);
    expect(() => overrideColumn(raw, schema, 'nope', {})).toThrow(/no column "nope"/);
  });
});

describe('extreme numbers give a schema the codec takes, or say what to do', () => {
  const zeros = rows(30, () => '0');
  it.each([
    ['0e-999', { kind: 'numeric', decimals: 100, min: 0, max: 0 }],
    ['1e-400', { kind: 'numeric', decimals: 100, min: 0, max: 0 }],
    ['1e-300', { kind: 'numeric', decimals: 100 }],
    ['-inf', { kind: 'categorical' }],
    ['Infinity', { kind: 'categorical' }],
    ['1e309', { kind: 'categorical' }],
  ])('a column of 0 with one %s', async (extreme, expected) => {
    const { schema } = await infer(
      `x,y\n${zeros
        .split('\n')
        .map((v, r) => `${r === 7 ? extreme : v},${r % 2}`)
        .join('\n')}`,
    );
    const column = schema.columns[0];
    expect(column).toMatchObject(expected);
    if (column.kind === 'numeric') {
      expect(Number.isFinite(column.min) && Number.isFinite(column.max)).toBe(true);
      expect(column.decimals).toBeLessThanOrEqual(100);
    }
    expect(() => RowCodec.fromSchema(schema)).not.toThrow();
  });

  it('explains why a number too large for a double makes the column categorical', async () => {
    const { warnings } = await infer(`x,y\n${rows(30, (r) => `${r === 3 ? '1e309' : r % 12},${r % 2}`)}`);
    expect(warnings).toEqual([
      'Column "x" is read as categories because some values are too large for a number ("1e309"; the largest is about 1.8e308). Mark them as missing, or rescale the column, to keep it numeric.',
    ]);
  });

  it('leaves out a column of 1e308 saying it needs too many digits; reads NaN as missing', async () => {
    const { schema, warnings } = await infer(`x,y,z\n${rows(30, (r) => `${r === 3 ? '1e308' : r % 12},${r % 2},${r === 5 ? 'NaN' : r % 3}`)}`);
    expect(schema.columns[0].excluded).toMatch(/^Column "x" has values up to 1e\+308, which need 309 digits at 0 decimals/);
    expect(schema.columns[2]).toMatchObject({ kind: 'numeric', missingShare: 1 / 30 });
    expect(warnings.some((w) => /Column "z": cells reading "NaN" \(1\)/.test(w))).toBe(false); // ingest reports markers, not inference
    expect(() => RowCodec.fromSchema(schema)).not.toThrow();
  });
});

describe('columns kept as numbers (too many distinct values for a dictionary)', () => {
  it('infers range, precision and ID-likeness from the numbers, and types and overrides them', async () => {
    const count = DICTIONARY_LIMIT + 10;
    const { raw, schema } = await infer(`id,x,label\n${rows(count, (r) => `${r + 1},${r === 3 ? '' : (r * 0.125).toFixed(3)},${r % 2 ? 'a' : 'b'}`)}`);
    expect(raw.columns.map((c) => c.kind)).toEqual(['number', 'number', 'text']);
    expect(schema.columns[0]).toMatchObject({
      kind: 'numeric',
      integer: true,
      min: 1,
      max: count,
      flags: ['id-like'],
      excluded: expect.stringMatching(/row number/),
    });
    expect(schema.columns[1]).toMatchObject({ kind: 'numeric', decimals: 3, min: 0, max: (count - 1) * 0.125, missingShare: 1 / count });
    const typed = applySchema(raw, schema);
    expect(typed.columns[0].slice(0, 5)).toEqual([0, 0.125, 0.25, null, 0.5]);
    const asText = overrideColumn(raw, schema, 'x', { kind: 'categorical' });
    expect(asText.columns[1].kind).toBe('categorical');
    expect(asText.columns[1].excluded).toBeUndefined();
    expect((asText.columns[1] as { categories: string[] }).categories).toHaveLength(count - 1);
    expect(overrideColumn(raw, schema, 'x', { decimals: 1 }).columns[1]).toMatchObject({ decimals: 1, max: 8193.1 });
  });
});
