import { median } from 'simple-statistics';
import { permutation, type Rng, sampleIndices } from '../data/rng';
import type { Cell, ColumnSchema, Table } from '../data/types';
import { fitDistanceEncoder, isPresent } from './features';
import type { NearestKernel } from './nearest';
import { rocAuc } from './prediction-scores';
import { columnOf, rowCount, takeRows } from './table-ops';

export interface PrivacyResult {
  /** Share of synthetic rows closer to the train sample than to the equal-size holdout (ties count half); ideal 0.5. */
  dcrShare: number;
  /** Median distance from a synthetic row to its closest train row. */
  dcrMedian: number;
  /** Share of synthetic rows identical (every evaluated cell) to some train row. */
  exactCopyRate: number;
  /** AUC of telling train rows (members) from holdout rows by closeness to the synthetic table; ideal 0.5. */
  miaAuc: number;
  /** Rows in each of the two equal-size reference sets. */
  referenceRows: number;
  notes: string[];
}

function rowKeys(table: Table, columns: ColumnSchema[]): string[] {
  const cells = columns.map((c) => columnOf(table, c.name, 'given'));
  return Array.from({ length: rowCount(table) }, (_, r) => JSON.stringify(cells.map((column) => normalise(column[r]))));
}

const normalise = (cell: Cell) => (isPresent(cell) ? cell : null);

/**
 * DCR (method.md §5, TabSyn): train is cut to the holdout's size (or the holdout to train's) so a
 * synthetic row that merely resembles the population is equally likely to land nearer either set.
 * Distances: L1 on min-max scaled numerics (ranges from real train + holdout) + one-hot categoricals.
 */
export async function privacy(
  train: Table,
  holdout: Table,
  synthetic: Table,
  columns: ColumnSchema[],
  rng: Rng,
  kernel: NearestKernel,
  /** Members (and as many non-members) scored by the membership attack; the rest are skipped. */
  maxAttackRows = Infinity,
): Promise<PrivacyResult> {
  const notes: string[] = [];
  const size = Math.min(rowCount(train), rowCount(holdout));
  const trainOrder = permutation(rowCount(train), rng);
  const trainRef = takeRows(train, trainOrder.subarray(0, size));
  const trainRest = takeRows(train, trainOrder.subarray(size));
  const holdoutRef = rowCount(holdout) > size ? takeRows(holdout, permutation(rowCount(holdout), rng).subarray(0, size)) : holdout;
  if (rowCount(train) > size) notes.push(`DCR share and MIA use ${size} of ${rowCount(train)} train rows (equal to the holdout)`);
  if (rowCount(holdout) > size) notes.push(`DCR share and MIA use ${size} of ${rowCount(holdout)} holdout rows (equal to train)`);

  const encode = fitDistanceEncoder(columns, [train, holdout], [train, holdout, synthetic]);
  const syn = encode(synthetic);
  const toTrainRef = await kernel.minDistances(syn, encode(trainRef));
  const toHoldout = await kernel.minDistances(syn, encode(holdoutRef));
  const toTrain = rowCount(trainRest) ? await kernel.minDistances(syn, encode(trainRest)) : toTrainRef;
  let closerToTrain = 0;
  for (let i = 0; i < syn.rows; i++) {
    closerToTrain += toTrainRef[i] < toHoldout[i] ? 1 : toTrainRef[i] === toHoldout[i] ? 0.5 : 0;
  }
  const nearestTrain = Float64Array.from(toTrain, (d, i) => Math.min(d, toTrainRef[i]));

  const trainKeys = new Set(rowKeys(train, columns));
  const copies = rowKeys(synthetic, columns).filter((key) => trainKeys.has(key)).length;

  // Membership inference: the closer a real row is to some synthetic row, the likelier it was trained on.
  const attackRows = Math.min(size, maxAttackRows);
  if (attackRows < size) notes.push(`MIA scores ${attackRows} train and ${attackRows} holdout rows`);
  const memberDistances = await kernel.minDistances(
    encode(
      takeRows(
        trainRef,
        Int32Array.from({ length: attackRows }, (_, i) => i),
      ),
    ),
    syn,
  );
  const outsiderDistances = await kernel.minDistances(encode(takeRows(holdoutRef, sampleIndices(size, attackRows, rng))), syn);
  const attackScores = [...Array.from(memberDistances, (d) => -d), ...Array.from(outsiderDistances, (d) => -d)];
  const isMember = attackScores.map((_, i) => i < memberDistances.length);

  return {
    dcrShare: closerToTrain / syn.rows,
    dcrMedian: median(Array.from(nearestTrain)),
    exactCopyRate: copies / rowCount(synthetic),
    miaAuc: rocAuc(attackScores, isMember),
    referenceRows: size,
    notes,
  };
}
