import { describe, expect, it } from 'vitest';
import { ingestCsvText } from './csv-ingest';
import { CsvInputError } from './input-error';
import { assertSomeColumnModelled, withTarget } from './model-columns';
import { inferSchema } from './schema-infer';

async function schemaOf(csv: string) {
  return inferSchema((await ingestCsvText(csv)).raw).schema;
}
const rows = (n: number, line: (r: number) => string) => Array.from({ length: n }, (_, r) => line(r)).join('\n');

describe('a schema that leaves every column out', () => {
  it("says so with each column's reason, not that the table is empty", async () => {
    const schema = await schemaOf(`k,id,when\n${rows(60, (r) => `same,${r + 1},2024-01-${String((r % 28) + 1).padStart(2, '0')}`)}`);
    let error: Error | undefined;
    try {
      assertSomeColumnModelled(schema);
    } catch (e) {
      error = e as Error;
    }
    expect(error).toBeInstanceOf(CsvInputError);
    expect(error?.message).toMatch(/^Every column of the table \(3\) was left out of the model, so there is nothing to generate:\n/);
    expect(error?.message).toContain('- Column "k" has the same value ("same") in every row');
    expect(error?.message).toContain('- Column "id" looks like a row number');
    expect(error?.message).toContain('- Column "when" holds dates');
    expect(error?.message).not.toMatch(/0 rows/);
  });

  it('lists five reasons and counts the rest', async () => {
    const header = Array.from({ length: 7 }, (_, c) => `c${c}`).join(',');
    const schema = await schemaOf(`${header}\n${rows(30, () => 'a,b,c,d,e,f,g')}`);
    expect(() => assertSomeColumnModelled(schema)).toThrow(/- Column "c4".*\n- and 2 more columns\nInclude at least one column/s);
  });

  it('passes a schema with a column to model', async () => {
    const schema = await schemaOf('a,b\n1,x\n2,x\n');
    expect(() => assertSomeColumnModelled(schema)).not.toThrow();
  });
});

describe('the target column', () => {
  it('names the column and its actual problem', async () => {
    const schema = await schemaOf(
      `y,empty,when,one,\u001b[31mx\n${rows(30, (r) => `${r % 3},,2024-01-${String((r % 28) + 1).padStart(2, '0')},${r === 0 ? '' : 'a'},${r % 2}`)}`,
    );
    expect(() => withTarget(schema, 'empty')).toThrow(
      'The target column "empty" cannot be used: Column "empty" has no values (every cell is missing), so it is left out. Choose another target.',
    );
    expect(() => withTarget(schema, 'when')).toThrow(/^The target column "when" cannot be used: Column "when" holds dates/);
    expect(() => withTarget(schema, 'one')).toThrow(
      'The target column "one" has a single class ("a"): a utility metric needs at least two classes. Choose another target.',
    );
    expect(() => withTarget(schema, 'nope')).toThrow('There is no column "nope" for the target. The columns are: y, empty, when, one, \\e[31mx.');
    expect(() => withTarget(schema, 'nope')).toThrow(CsvInputError);
    expect(withTarget(schema, 'y')).toMatchObject({ target: 'y', task: 'regression' });
    expect(withTarget(schema, '\u001b[31mx')).toMatchObject({ task: 'classification' });
    expect(withTarget(schema, undefined)).toBe(schema);
  });
});
