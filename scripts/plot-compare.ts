/**
 * Per-round curves of a compare report as SVG files (scripts/compare-plots.ts).
 *
 *   node bin/run-ts.mjs scripts/plot-compare.ts DIR/report.json OUT_DIR
 */
import { messageOf } from '../src/error-message';
import { plotCompare } from './compare-plots';

const [reportPath, outDir] = process.argv.slice(2);
if (!reportPath || !outDir) {
  console.error('usage: node bin/run-ts.mjs scripts/plot-compare.ts DIR/report.json OUT_DIR');
  process.exit(2);
}
try {
  const written = await plotCompare(reportPath, outDir);
  console.error(`Wrote ${written.length} plots to ${outDir}: ${written.map((p) => p.split('/').pop()).join(', ')}`);
} catch (error) {
  console.error(`plot-compare: ${messageOf(error)}`);
  process.exit(1);
}
