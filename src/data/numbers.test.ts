import { describe, expect, it } from 'vitest';
import { ingestCsvText } from './csv-ingest';
import { decimalsOf, isFiniteNumericValue, isNumberText, isNumericValue, MAX_DECIMALS } from './numbers';
import { inferSchema } from './schema-infer';

describe('number recognition', () => {
  it('reads plain and scientific notation, and refuses the rest', () => {
    for (const text of ['0', '-12', '+3.5', '1.', '.5', '1e5', '2.5E-3', '007']) expect(isNumberText(text)).toBe(true);
    for (const text of ['', '.', '-', '1..2', '1e', 'e5', '1,5', '0x10', 'Infinity', '-inf', 'NaN', '1 2']) expect(isNumberText(text)).toBe(false);
    expect(isNumericValue('007')).toBe(false);
    expect(isFiniteNumericValue('1e308')).toBe(true);
    expect(isFiniteNumericValue('1e309')).toBe(false);
  });

  it('takes linear time on a long digit run that fails at its last character', () => {
    // The old pattern (\d+\.?\d*) tried every split of the run: 36 s for this text.
    const text = `${'7'.repeat(200_000)}x`;
    const started = performance.now();
    for (let k = 0; k < 10; k++) {
      expect(isNumberText(text)).toBe(false);
      expect(isNumericValue(text)).toBe(false);
      expect(decimalsOf(text)).toBe(0);
    }
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('ingests and types a file holding such a cell in well under a second', async () => {
    const started = performance.now();
    const numbers = Array.from({ length: 30 }, (_, r) => `${r % 12},${r % 3}`).join('\n');
    const { raw } = await ingestCsvText(`a,b\n${'7'.repeat(200_000)}x,1\n${numbers}\n`);
    const { schema, warnings } = inferSchema(raw);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(schema.columns[0].kind).toBe('categorical');
    // The 200,001-character value is cut in the message.
    expect(warnings.join('\n')).toContain('…" (200,001 characters)');
  });

  it('counts written decimals, at most MAX_DECIMALS', () => {
    expect(decimalsOf('1.50')).toBe(2);
    expect(decimalsOf('1.5e-3')).toBe(4);
    expect(decimalsOf('1.5e3')).toBe(0);
    expect(decimalsOf('0e-999')).toBe(MAX_DECIMALS);
    expect(decimalsOf(`0.${'0'.repeat(500)}1`)).toBe(MAX_DECIMALS);
  });
});
