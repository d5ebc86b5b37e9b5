import { describe, expect, it } from 'vitest';
import { applySchema } from './apply-schema';
import { tableToCsv } from './csv-export';
import { readCsvFile } from './csv-file';
import { ingestCsvText } from './csv-ingest';
import { inferSchema } from './schema-infer';
import type { Schema, Table } from './types';

const schema: Schema = {
  version: 1,
  rowCount: 2,
  columns: [
    { name: 'id', kind: 'numeric', missingShare: 0, flags: ['id-like'], integer: true, decimals: 0, min: 1, max: 2, excluded: 'an ID' },
    { name: 'text', kind: 'categorical', missingShare: 0.5, flags: [], categories: [], counts: [] },
    { name: 'x', kind: 'numeric', missingShare: 0, flags: [], integer: false, decimals: 3, min: -1e-3, max: 1e6 },
    { name: 'k', kind: 'categorical', missingShare: 0, flags: ['constant'], categories: ['same'], counts: [2], excluded: 'constant' },
  ],
};

describe('CSV export', () => {
  it('writes the full original header, numbers at precision, missing as empty', () => {
    const table: Table = {
      header: ['text', 'x'],
      columns: [
        ['a', null],
        [0.1 + 0.2, 1e6],
      ],
    };
    expect(tableToCsv(table, schema)).toBe('id,text,x,k\n,a,0.3,same\n,,1000000,same\n');
  });

  it('escapes cells a spreadsheet would run as formulas, but not numbers', () => {
    const cells = ['=SUM(A1)', '+1+2', '-cmd', '@x', '\tlead', '\rlead', '-5', '+3.5', 'plain', 'a,"b"'];
    const table: Table = { header: ['text', 'x'], columns: [cells, cells.map(() => -0.0014)] };
    const lines = tableToCsv(table, schema).trimEnd().split('\n');
    const written = ["'=SUM(A1)", "'+1+2", "'-cmd", "'@x", `"'\tlead"`, `"'\rlead"`, '-5', '+3.5', 'plain', '"a,""b"""'];
    expect(lines.slice(1)).toEqual(written.map((cell) => `,${cell},-0.001,same`));
    expect(tableToCsv({ header: ['=bad', 'x'], columns: [[], []] }, { ...schema, columns: [{ ...schema.columns[1], name: '=bad' }, schema.columns[2]] })).toBe(
      "'=bad,x\n",
    );
  });

  it("quotes fields with a semicolon or a tab, which other locales' spreadsheets split on", () => {
    const cells = ['a;=1+1', 'x\ty', 'a;b', '=1;2'];
    const table: Table = { header: ['text', 'x'], columns: [cells, cells.map(() => 1)] };
    const lines = tableToCsv(table, schema).trimEnd().split('\n');
    expect(lines.slice(1)).toEqual(['"a;=1+1"', '"x\ty"', '"a;b"', `"'=1;2"`].map((cell) => `,${cell},1,same`));
  });

  it('round-trips a real table through export and ingest', async () => {
    for (const name of ['penguins.train', 'telco_churn.slice']) {
      const { raw } = await readCsvFile(new URL(`../../fixtures/tables/${name}.csv`, import.meta.url).pathname);
      const { schema: inferred } = inferSchema(raw);
      const typed = applySchema(raw, inferred);
      const again = await ingestCsvText(tableToCsv(typed, inferred));
      expect(again.raw.header).toEqual(raw.header);
      expect(applySchema(again.raw, inferred)).toEqual(typed);
    }
  });
});
