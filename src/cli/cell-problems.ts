import type { CellProblem } from '../data/codec-cells';
import { quoteForMessage } from '../data/quote-for-message';

const SHOWN = 10;

/** Lists cells the model cannot represent on stderr (the first few, then a count). */
export function printCellProblems(problems: readonly CellProblem[], consequence: string): void {
  if (problems.length === 0) return;
  const rows = new Set(problems.map((p) => p.row)).size;
  console.error(`${problems.length} cell(s) in ${rows} row(s) do not fit the model's schema (${consequence}):`);
  // Data row r is line r + 2 of the file (after the header).
  for (const p of problems.slice(0, SHOWN)) console.error(`  line ${p.row + 2}, column ${quoteForMessage(p.column)}: ${p.reason}`);
  if (problems.length > SHOWN) console.error(`  … and ${problems.length - SHOWN} more.`);
}
