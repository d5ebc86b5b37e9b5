import { isNumberText } from './numbers';

/**
 * Whether the first row is a header, from it and the first data values of each column: each column votes. Where the data below are numbers, a text
 * cell on top says "header" and a number says "data"; where they are text, a first-row value that
 * recurs below says "data". Ties (and tables of free text) count as a header, the usual case.
 */
export function detectHeader(firstRow: readonly string[], samples: ReadonlyArray<ReadonlyArray<string | null>>): boolean {
  let votes = 0;
  firstRow.forEach((field, c) => {
    const top = field.trim();
    const sample = samples[c].filter((v): v is string => v !== null);
    if (top === '' || sample.length === 0) return;
    const numericShare = sample.filter(isNumberText).length / sample.length;
    if (numericShare >= 0.9) votes += isNumberText(top) ? -1 : 1;
    else if (sample.includes(top)) votes -= 1;
  });
  return votes >= 0;
}
