import { describe, expect, it } from 'vitest';
import { DICTIONARY_LIMIT } from './column-builder';
import { CsvInputError, ingestCsvBlob, ingestCsvStream, ingestCsvText, MAX_ROW_CHARS } from './csv-ingest';
import { columnTexts, type RawTable } from './raw-column';

const bytesOf = (text: string) => new TextEncoder().encode(text);
const cellsOf = (raw: RawTable) => raw.columns.map((column) => columnTexts(column));
async function* chunksOf(...parts: Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* parts;
}

describe('CSV ingest: formats', () => {
  it('reads quoted fields with commas, quotes and newlines, CRLF, a BOM and trailing empty lines', async () => {
    const text = '\uFEFFname,note,n\r\n"Smith, J","said ""hi""\r\nthen left",1\r\nLee,plain,2\r\n\r\n\r\n';
    const { raw, hasHeader, delimiter } = await ingestCsvText(text);
    expect(hasHeader).toBe(true);
    expect(delimiter).toBe(',');
    expect(raw.header).toEqual(['name', 'note', 'n']);
    expect(cellsOf(raw)).toEqual([
      ['Smith, J', 'Lee'],
      ['said "hi"\nthen left', 'plain'],
      ['1', '2'],
    ]);
  });

  it.each([
    [';', 'a;b\n1,5;x\n2,5;y\n'],
    ['\t', 'a\tb\n1,5\tx\n2,5\ty\n'],
    ['|', 'a|b\n1,5|x\n2,5|y\n'],
  ])('detects the %j delimiter', async (delimiter, text) => {
    const result = await ingestCsvText(text);
    expect(result.delimiter).toBe(delimiter);
    expect(cellsOf(result.raw)).toEqual([
      ['1,5', '2,5'],
      ['x', 'y'],
    ]);
  });

  it('reads the common missing markers as null and says so per column', async () => {
    const { raw, warnings } = await ingestCsvText('a,b\n,x\nNA,y\nN/A,z\n?,w\nnull,v\nNaN,u\n5,""\n');
    expect(columnTexts(raw.columns[0])).toEqual([null, null, null, null, null, null, '5']);
    expect(columnTexts(raw.columns[1])).toEqual(['x', 'y', 'z', 'w', 'v', 'u', null]);
    expect(warnings.join('\n')).toMatch(/Column "a": cells reading "NA" \(1\), "N\/A" \(1\), "\?" \(1\), "null" \(1\), "NaN" \(1\) were taken as missing/);
  });

  it('trims spaces and reports it, naming categories that merged', async () => {
    const { raw, warnings } = await ingestCsvText('sex,n\n Male,1\nMale,2\nFemale ,3\n');
    expect(columnTexts(raw.columns[0])).toEqual(['Male', 'Male', 'Female']);
    expect(warnings).toEqual([
      'Column "sex": 2 cells had spaces around them, which were removed; this merged values that differed only by spaces into one category ("Male"). Load the file with trimming off to keep them apart.',
    ]);
    const kept = await ingestCsvText('sex,n\n Male,1\nMale,2\n', { trim: false });
    expect(columnTexts(kept.raw.columns[0])).toEqual([' Male', 'Male']);
    expect(kept.warnings).toEqual([]);
  });

  it('names the columns itself when the first row is data, and keeps that row', async () => {
    const { raw, hasHeader, warnings } = await ingestCsvText('1,2.5,x\n3,4.5,y\n');
    expect(hasHeader).toBe(false);
    expect(raw.header).toEqual(['column_1', 'column_2', 'column_3']);
    expect(columnTexts(raw.columns[0])).toEqual(['1', '3']);
    expect(warnings[0]).toMatch(/first row looks like data/);
    expect((await ingestCsvText('1,2\n3,4\n', { header: true })).raw.header).toEqual(['1', '2']);
    expect((await ingestCsvText('red,small\nblue,big\nred,big\n')).hasHeader).toBe(false);
    expect((await ingestCsvText('color,size\nred,small\nblue,big\n')).hasHeader).toBe(true);
  });

  it('gives the same table whatever the chunk boundaries (multi-byte characters and quoted newlines split)', async () => {
    const text = 'ville,note,n\n"Zürich, CH","a\nb",1\nSão Paulo,"x ""y""",2\n東京,z,3\n';
    const whole = await ingestCsvText(text);
    for (const chunkBytes of [1, 2, 3, 7, 16]) {
      const progress: number[] = [];
      const sliced = await ingestCsvBlob(new Blob([text]), { chunkBytes, onProgress: (done) => progress.push(done) });
      expect(sliced.raw).toEqual(whole.raw);
      expect(progress.at(-1)).toBe(bytesOf(text).length);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
    }
  });
});

describe('CSV ingest: bad input gets a message that says what is wrong and what to do', () => {
  const cases: Array<[string, string | Uint8Array, RegExp]> = [
    ['an empty file', '', /^The file is empty: choose a CSV with a header row and at least one data row\.$/],
    ['a file of blank lines', '\n  \n\r\n', /^The file is empty/],
    ['a header only', 'a,b,c\n', /header row but no data rows: add at least one row/],
    ['ragged rows', 'a,b,c\n1,2,3\n4,5\n', /Row 3 of the file has 2 fields but the first row has 3: .*extra or missing comma/],
    ['a ragged row after blank lines', 'a,b,c\n\n1,2,3\n\n4,5\n', /^Row 5 of the file has 2 fields/],
    ['one column', 'only\n1\n2\n', /only one column \("only"\): a synthetic table needs at least two.*comma, semicolon, tab or pipe/],
    ['duplicate column names', 'a,b,a\n1,2,3\n', /"a" appears twice \(columns 1 and 3\): rename one/],
    ['an empty column name', 'a,,c\n1,2,3\n', /Column 2 has an empty name in the header row: give every column a name/],
    ['an unclosed quote', 'a,b\n1,"open\n2,3\n', /quoted field that is not closed properly/],
    ['a lone quote', '"', /^Row 1 of the file has a quoted field that is not closed properly/],
    [
      'non-UTF-8 bytes',
      Uint8Array.from([...bytesOf('name,city\nA,Z'), 0xfc, ...bytesOf('rich\n')]),
      /not valid UTF-8 text \(a bad byte near byte 13\).*CSV UTF-8/,
    ],
    ['a binary file renamed .csv', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), /NUL byte \(at byte 5\).*binary file.*Export it as CSV/],
    ['UTF-16 text', Uint8Array.from([0xff, 0xfe, 0x61, 0x00, 0x2c, 0x00]), /UTF-16 text: save it as UTF-8/],
  ];
  it.each(cases)('%s', async (_, input, message) => {
    const bytes = typeof input === 'string' ? bytesOf(input) : input;
    await expect(ingestCsvStream(chunksOf(bytes), bytes.length)).rejects.toThrow(message);
  });

  it('a file over the size limit is refused before it is read', async () => {
    let read = false;
    async function* source(): AsyncGenerator<Uint8Array> {
      read = true;
      yield bytesOf('a,b\n1,2\n');
    }
    await expect(ingestCsvStream(source(), 3 * 2 ** 20, { maxBytes: 2 ** 20 })).rejects.toThrow(/The file is 3 MB but the limit is 1 MB: use a sample/);
    expect(read).toBe(false);
  });
});

describe('CSV ingest: streaming', () => {
  it('parses a 30 MB stream chunk by chunk without keeping its text', async () => {
    // Columns are typed arrays of 4-byte codes into one string per distinct value: 4 cells cost
    // 16 bytes (up to twice that while the arrays grow) for ~110 bytes of text per row.
    // Holding the text as well would add 30 MB. The 18-character "session" values are new every
    // 500 rows, so a cell cut from each chunk would pin that whole chunk if it were not copied.
    const rows = 350_000;
    const chunkRows = 10_000;
    const payments = ['Bank transfer (automatic)', 'Credit card (automatic)', 'Mailed check', 'Electronic check'];
    const notes = [
      'Customer asked twice about the fibre upgrade but no decision yet',
      'Moved from the old plan after the price change in spring',
      'No contact',
    ];
    const encoder = new TextEncoder();
    const makeChunk = (start: number) => {
      let text = start === 0 ? 'age,payment,note,session\n' : '';
      for (let r = start; r < start + chunkRows; r++) {
        text += `${r % 97},${payments[r % 4]},${notes[r % 3]},session-${String(Math.floor(r / 500)).padStart(6, '0')}-ab\n`;
      }
      return encoder.encode(text);
    };
    let total = 0;
    for (let start = 0; start < rows; start += chunkRows) total += makeChunk(start).length;
    async function* source(): AsyncGenerator<Uint8Array> {
      for (let start = 0; start < rows; start += chunkRows) yield makeChunk(start);
    }
    const gc = await import('node:v8').then((v8) => {
      v8.setFlagsFromString('--expose-gc');
      return import('node:vm').then((vm) => vm.runInNewContext('gc') as () => void);
    });
    // Typed arrays live outside the JS heap: count both. V8 frees array buffers on a background
    // thread after a collection, which a loaded CPU can delay: collect and yield until they are gone.
    const used = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const settled = async () => {
      for (let i = 0; i < 5; i++) {
        gc();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return used();
    };
    const before = await settled();
    let progressCalls = 0;
    const result = await ingestCsvStream(source(), total, { onProgress: () => progressCalls++ });
    const grown = (await settled()) - before;
    expect(total).toBeGreaterThan(25 * 2 ** 20);
    expect(result.raw.columns[0].length).toBe(rows);
    expect(columnTexts(result.raw.columns[3]).at(-1)).toBe('session-000699-ab');
    expect(result.chunks).toBeGreaterThanOrEqual(rows / chunkRows);
    expect(progressCalls).toBe(rows / chunkRows);
    expect(grown).toBeLessThan(0.3 * total);
  });
});

describe('CSV ingest: line endings and delimiters', () => {
  it('accepts CRLF, LF and CR mixed in one file, also when a CRLF is split between chunks', async () => {
    const text = 'a,b\r\n1,x\r\n2,y\n3,z\r4,w\r\n';
    for (const chunkBytes of [1, 2, 5, 1024]) {
      const { raw } = await ingestCsvBlob(new Blob([text]), { chunkBytes });
      expect(cellsOf(raw)).toEqual([
        ['1', '2', '3', '4'],
        ['x', 'y', 'z', 'w'],
      ]);
    }
    const untrimmed = await ingestCsvText('a,b\r\n1,"x"\r\n2,y\n', { trim: false });
    expect(cellsOf(untrimmed.raw)).toEqual([
      ['1', '2'],
      ['x', 'y'],
    ]);
  });

  it.each([
    ['sep=;\n', ';', "semicolon (from the file's sep=; line)"],
    ['SEP=|\r\n', '|', "pipe (from the file's sep=| line)"],
    ['\uFEFFsep=,\r\n', ',', "comma (from the file's sep=, line)"],
  ])("honours Excel's %j first line", async (line, delimiter, label) => {
    // Every candidate delimiter is in every row: only the sep line says which one splits them.
    const body = ['a;b,c|d', '1;2,5|x', '3;4,5|y'].join('\r\n');
    const result = await ingestCsvText(`${line}${body}\r\n`);
    expect(result.delimiter).toBe(delimiter);
    expect(result.delimiterLabel).toBe(label);
    expect(result.raw.header).toEqual(line.includes(';') ? ['a', 'b,c|d'] : delimiter === '|' ? ['a;b,c', 'd'] : ['a;b', 'c|d']);
    expect(result.raw.columns[0].length).toBe(2);
  });

  it('counts rows from the sep line when one is ragged', async () => {
    await expect(ingestCsvText('sep=;\na;b\n1;2\n3\n')).rejects.toThrow(/^Row 4 of the file has 1 fields but the first row has 2: .*missing semicolon/);
  });

  it('names the detected delimiter in words', async () => {
    expect((await ingestCsvText('a;b\n1,5;x\n2,5;y\n')).delimiterLabel).toBe('semicolon');
    expect((await ingestCsvText('a\tb\n1\tx\n2\ty\n')).delimiterLabel).toBe('tab');
    expect((await ingestCsvText('a,b\n1,x\n2,y\n')).delimiterLabel).toBe('comma');
  });
});

describe('CSV ingest: user text in messages is escaped', () => {
  it('a header name with terminal escape codes', async () => {
    const error = await ingestCsvText('\u001b[2J\u001b[31mred,\u001b[2J\u001b[31mred\n1,2\n').catch((e: Error) => e);
    expect(error).toBeInstanceOf(CsvInputError);
    expect((error as Error).message).toBe('The column name "\\e[2J\\e[31mred" appears twice (columns 1 and 2): rename one so every column name is unique.');
    const { warnings } = await ingestCsvText('\u001b[31mname,b\n x ,1\nx,2\n');
    expect(warnings.join('\n')).toContain('Column "\\e[31mname": 1 cells had spaces around them');
    expect(warnings.join('\n')).not.toContain('\u001b');
  });
});

describe('CSV ingest: typed columns', () => {
  it('keeps a column of many distinct numbers as numbers, and turns it back to text at a word', async () => {
    const count = DICTIONARY_LIMIT + 2;
    const lines = Array.from({ length: count }, (_, r) => `${r / 4},${r}`);
    const { raw } = await ingestCsvText(`x,y\n${lines.join('\n')}\n`);
    expect(raw.columns.map((c) => c.kind)).toEqual(['number', 'number']);
    expect(raw.columns[0]).toMatchObject({ decimals: 2, length: count });
    const mixed = await ingestCsvText(`x,y\n${lines.join('\n')}\nword,1.50\n`);
    expect(mixed.raw.columns.map((c) => c.kind)).toEqual(['text', 'number']);
    expect(columnTexts(mixed.raw.columns[0]).slice(-3)).toEqual([String((count - 2) / 4), String((count - 1) / 4), 'word']);
  });

  it('puts a first row that is data back in front of a typed column', async () => {
    const { raw, hasHeader } = await ingestCsvText('1,2.5\n3,4.5\n5,x\n');
    expect(hasHeader).toBe(false);
    expect(cellsOf(raw)).toEqual([
      ['1', '3', '5'],
      ['2.5', '4.5', 'x'],
    ]);
  });
});

describe('CSV ingest: long rows', () => {
  it('reads a 2 MB quoted cell arriving in 1 KB chunks in linear time', async () => {
    // The parser re-reads an unfinished row with every chunk: fed as it came, this took minutes.
    const cell = '"'.repeat(1_000_000);
    const text = `a,b\n"${cell.replace(/"/g, '""')}",1\nx,2\n`;
    const started = performance.now();
    const { raw } = await ingestCsvBlob(new Blob([text]), { chunkBytes: 1024 });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(columnTexts(raw.columns[0])[0]).toBe(cell);
    expect(columnTexts(raw.columns[1])).toEqual(['1', '2']);
  });

  it('refuses a row that runs on past MAX_ROW_CHARS (a quote never closed)', async () => {
    const text = `a,b\n1,2\n"${'x'.repeat(MAX_ROW_CHARS + 10)},3\n`;
    await expect(ingestCsvBlob(new Blob([text]))).rejects.toThrow(
      /^Row 3 of the file runs on for more than 16 MB without ending: a double quote that opens a field is probably never closed/,
    );
  });
});
