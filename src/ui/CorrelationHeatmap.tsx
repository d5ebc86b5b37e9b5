import type { AssociationDiff } from '../worker/round-view';
import { useRunStore } from './run-store';

const CELL = 26;
const LABEL = 110;
/** Room right of the grid for the last rotated column label and the colour key. */
const RIGHT = 90;

/** 0 -> near white, 1 -> deep red; differences are absolute, so a one-sided ramp. */
function color(value: number): string {
  const t = Math.min(1, Math.max(0, value));
  const mix = (a: number, b: number) => Math.round(a + (b - a) * t);
  return `rgb(${mix(247, 165)}, ${mix(247, 15)}, ${mix(247, 21)})`;
}

function largest(diff: AssociationDiff): string {
  let best = { i: 0, j: 0, v: -1 };
  diff.values.forEach((row, i) => row.forEach((v, j) => j > i && v > best.v && (best = { i, j, v })));
  return best.v < 0 ? 'no pairs' : `largest difference ${best.v.toFixed(2)} between ${diff.columns[best.i]} and ${diff.columns[best.j]}`;
}

/** For every column pair of the current round, how far the synthetic association is from the real one. */
export function CorrelationHeatmap() {
  const diff = useRunStore((s) => s.view?.associationDiff ?? null);
  const round = useRunStore((s) => s.view?.round);
  if (!diff) return null;
  const n = diff.columns.length;
  const size = LABEL + n * CELL;
  const keyX = size + 24;
  return (
    <figure className="chart heatmap" data-testid="chart-heatmap" data-points={n * n}>
      <figcaption>Correlation difference, real vs synthetic: 1 − pair trend score (round {round}; 0 is best)</figcaption>
      <div className="table-scroll">
        <svg width={size + RIGHT} height={size} viewBox={`0 0 ${size + RIGHT} ${size}`} role="img" aria-label={`Correlation difference heatmap: ${largest(diff)}`}>
          {diff.columns.map((name, i) => (
            <g key={name}>
              <text x={LABEL - 4} y={LABEL + i * CELL + CELL * 0.7} textAnchor="end" fontSize={11}>
                {name.length > 16 ? `${name.slice(0, 15)}…` : name}
              </text>
              <text transform={`translate(${LABEL + i * CELL + CELL * 0.7}, ${LABEL - 4}) rotate(-60)`} fontSize={11}>
                {name.length > 16 ? `${name.slice(0, 15)}…` : name}
              </text>
            </g>
          ))}
          <defs>
            <linearGradient id="heat-key" x1="0" y1="1" x2="0" y2="0">
              <stop offset="0" stopColor={color(0)} />
              <stop offset="1" stopColor={color(1)} />
            </linearGradient>
          </defs>
          <rect x={keyX} y={LABEL} width={12} height={n * CELL} fill="url(#heat-key)" stroke="#d0d7de" />
          <text x={keyX + 16} y={LABEL + 10} fontSize={11}>
            1
          </text>
          <text x={keyX + 16} y={LABEL + n * CELL} fontSize={11}>
            0
          </text>
          {diff.values.map((row, i) =>
            row.map((v, j) => (
              <rect key={`${i}-${j}`} x={LABEL + j * CELL} y={LABEL + i * CELL} width={CELL - 1} height={CELL - 1} fill={color(v)}>
                <title>{`${diff.columns[i]} × ${diff.columns[j]}: ${v.toFixed(3)}`}</title>
              </rect>
            )),
          )}
        </svg>
      </div>
    </figure>
  );
}
