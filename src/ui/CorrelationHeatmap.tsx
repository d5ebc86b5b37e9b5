import type { AssociationDiff } from '../worker/round-view';
import { useRunStore } from './run-store';

const CELL = 26;
const LABEL = 110;
const LABEL_CHARS = 16;
/** Room right of the grid for the last rotated column label. */
const RIGHT = 40;
/** The colour scale under the grid: its height, the gap above it, and room for its numbers. */
const KEY_HEIGHT = 12;
const KEY_GAP = 16;
const KEY_TEXT = 30;
const KEY_TICKS = [0, 0.25, 0.5, 0.75, 1];

/** 0 -> near white, 1 -> deep red; differences are absolute, so a one-sided ramp. */
function color(value: number): string {
  const t = Math.min(1, Math.max(0, value));
  const mix = (a: number, b: number) => Math.round(a + (b - a) * t);
  return `rgb(${mix(247, 165)}, ${mix(247, 15)}, ${mix(247, 21)})`;
}

function largest(diff: AssociationDiff): string {
  let best = { i: 0, j: 0, v: -1 };
  diff.values.forEach((row, i) => {
    row.forEach((v, j) => {
      if (j > i && v > best.v) best = { i, j, v };
    });
  });
  return best.v < 0 ? 'no pairs' : `largest difference ${best.v.toFixed(2)} between ${diff.columns[best.i]} and ${diff.columns[best.j]}`;
}

const short = (name: string) => (name.length > LABEL_CHARS ? `${name.slice(0, LABEL_CHARS - 1)}…` : name);

/**
 * For every column pair of the current round, how far the synthetic association is from the real one.
 * The drawing scales to the panel's width, so every column stays in view however many there are.
 */
export function CorrelationHeatmap() {
  const diff = useRunStore((s) => s.view?.associationDiff ?? null);
  const round = useRunStore((s) => s.view?.round);
  if (!diff) return null;
  const n = diff.columns.length;
  const grid = n * CELL;
  const width = LABEL + grid + RIGHT;
  const keyY = LABEL + grid + KEY_GAP;
  const height = keyY + KEY_HEIGHT + KEY_TEXT;
  return (
    <figure className="chart heatmap" data-testid="chart-heatmap" data-points={n * n}>
      <figcaption>Correlation difference, real vs synthetic: 1 − pair trend score (round {round}; 0 is best)</figcaption>
      <svg
        width="100%"
        viewBox={`0 0 ${width} ${height}`}
        style={{ maxWidth: `${width}px` }}
        role="img"
        aria-label={`Correlation difference heatmap of ${n} columns: ${largest(diff)}`}
      >
        {diff.columns.map((name, i) => (
          <g key={name}>
            <text x={LABEL - 4} y={LABEL + i * CELL + CELL * 0.7} textAnchor="end" fontSize={11}>
              {short(name)}
            </text>
            <text transform={`translate(${LABEL + i * CELL + CELL * 0.7}, ${LABEL - 4}) rotate(-60)`} fontSize={11}>
              {short(name)}
            </text>
          </g>
        ))}
        {diff.values.map((row, i) =>
          row.map((v, j) => (
            <rect key={`${diff.columns[i]} × ${diff.columns[j]}`} x={LABEL + j * CELL} y={LABEL + i * CELL} width={CELL - 1} height={CELL - 1} fill={color(v)}>
              <title>{`${diff.columns[i]} × ${diff.columns[j]}: ${v.toFixed(3)}`}</title>
            </rect>
          )),
        )}
        <g data-testid="heatmap-scale">
          <defs>
            <linearGradient id="heat-key">
              <stop offset="0" stopColor={color(0)} />
              <stop offset="1" stopColor={color(1)} />
            </linearGradient>
          </defs>
          <text x={LABEL - 4} y={keyY + KEY_HEIGHT - 1} textAnchor="end" fontSize={11}>
            difference
          </text>
          <rect x={LABEL} y={keyY} width={grid} height={KEY_HEIGHT} fill="url(#heat-key)" stroke="#d0d7de" />
          {KEY_TICKS.map((t) => (
            <text key={t} x={LABEL + t * grid} y={keyY + KEY_HEIGHT + 14} textAnchor="middle" fontSize={11}>
              {t}
            </text>
          ))}
        </g>
      </svg>
    </figure>
  );
}
