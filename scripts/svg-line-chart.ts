/** A line chart with ± bands as a standalone SVG string: no dependencies, for the plots in docs/results. */

export interface ChartPoint {
  x: number;
  mean: number;
  std: number;
}

export interface ChartSeries {
  label: string;
  points: ChartPoint[];
}

export interface LineChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
}

const WIDTH = 760;
const HEIGHT = 380;
const PLOT = { left: 64, top: 40, right: 560, bottom: 330 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Equal up to rounding: no range to draw ticks or a scale over. */
const isFlat = (lo: number, hi: number) => !(hi - lo > 1e-9 * Math.max(1, Math.abs(hi)));

/** Round tick values covering [lo, hi]: steps of 1, 2 or 5 × 10^k. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (isFlat(lo, hi)) return [lo];
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const first = Math.ceil(lo / step);
  const last = Math.floor(hi / step + 1e-9);
  if (!(last >= first) || last - first > 4 * count) return [lo];
  return Array.from({ length: last - first + 1 }, (_, i) => Number(((first + i) * step).toPrecision(12)));
}

const decimalsOf = (ticks: number[]) => (ticks.length > 1 ? Math.max(0, -Math.floor(Math.log10(ticks[1] - ticks[0]))) : 3);

/**
 * One line per series through its means, a translucent band for mean ± std; a series with a single
 * point (a baseline measured once) is drawn as a dashed horizontal line across the chart.
 */
export function lineChartSvg(spec: LineChartSpec): string {
  const all = spec.series.flatMap((s) => s.points);
  if (!all.length) throw new Error(`Chart "${spec.title}": no points to draw.`);
  const xs = all.map((p) => p.x);
  let [yLo, yHi] = [Math.min(...all.map((p) => p.mean - p.std)), Math.max(...all.map((p) => p.mean + p.std))];
  // A flat chart gets a scale of ±5 % of its value around it.
  const pad = isFlat(yLo, yHi) ? Math.abs(yHi) * 0.05 || 0.05 : (yHi - yLo) * 0.05;
  [yLo, yHi] = [yLo - pad, yHi + pad];
  const [xLo, xHi] = [Math.min(...xs), Math.max(...xs)];
  const sx = (x: number) => (xHi > xLo ? PLOT.left + ((x - xLo) / (xHi - xLo)) * (PLOT.right - PLOT.left) : (PLOT.left + PLOT.right) / 2);
  const sy = (y: number) => PLOT.bottom - ((y - yLo) / (yHi - yLo)) * (PLOT.bottom - PLOT.top);
  const f = (v: number) => v.toFixed(1);

  const yTicks = niceTicks(yLo, yHi);
  const yDecimals = decimalsOf(yTicks);
  const xTicks = [...new Set(xs)].sort((a, b) => a - b);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15">${escapeXml(spec.title)}</text>`,
    `<rect x="${PLOT.left}" y="${PLOT.top}" width="${PLOT.right - PLOT.left}" height="${PLOT.bottom - PLOT.top}" fill="none" stroke="#888"/>`,
    ...yTicks.map(
      (t) =>
        `<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${f(sy(t))}" y2="${f(sy(t))}" stroke="#eee"/><text x="${PLOT.left - 6}" y="${f(sy(t) + 4)}" text-anchor="end">${t.toFixed(yDecimals)}</text>`,
    ),
    ...xTicks.map((t) => `<text x="${f(sx(t))}" y="${PLOT.bottom + 16}" text-anchor="middle">${t}</text>`),
    `<text x="${(PLOT.left + PLOT.right) / 2}" y="${PLOT.bottom + 36}" text-anchor="middle">${escapeXml(spec.xLabel)}</text>`,
    `<text transform="translate(16 ${(PLOT.top + PLOT.bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(spec.yLabel)}</text>`,
  ];
  spec.series.forEach((series, i) => {
    const color = COLORS[i % COLORS.length];
    const label = escapeXml(series.label);
    const points = [...series.points].sort((a, b) => a.x - b.x);
    if (points.length === 1) {
      const [p] = points;
      parts.push(
        `<rect class="band" x="${PLOT.left}" y="${f(sy(p.mean + p.std))}" width="${PLOT.right - PLOT.left}" height="${f(sy(p.mean - p.std) - sy(p.mean + p.std))}" fill="${color}" fill-opacity="0.12"><title>${label}</title></rect>`,
        `<path class="line" d="M${PLOT.left},${f(sy(p.mean))} H${PLOT.right}" stroke="${color}" stroke-width="2" stroke-dasharray="6 4" fill="none"><title>${label}</title></path>`,
      );
    } else {
      const upper = points.map((p) => `${f(sx(p.x))},${f(sy(p.mean + p.std))}`);
      const lower = points.map((p) => `${f(sx(p.x))},${f(sy(p.mean - p.std))}`).reverse();
      parts.push(
        `<polygon class="band" points="${[...upper, ...lower].join(' ')}" fill="${color}" fill-opacity="0.15"><title>${label}</title></polygon>`,
        `<path class="line" d="M${points.map((p) => `${f(sx(p.x))},${f(sy(p.mean))}`).join(' L')}" stroke="${color}" stroke-width="2" fill="none"><title>${label}</title></path>`,
        ...points.map(
          (p) =>
            `<circle cx="${f(sx(p.x))}" cy="${f(sy(p.mean))}" r="3" fill="${color}"><title>${label}: ${p.mean.toFixed(4)} ± ${p.std.toFixed(4)}</title></circle>`,
        ),
      );
    }
    const y = PLOT.top + 8 + i * 18;
    parts.push(
      `<line x1="${PLOT.right + 14}" x2="${PLOT.right + 38}" y1="${y}" y2="${y}" stroke="${color}" stroke-width="3"${points.length === 1 ? ' stroke-dasharray="6 4"' : ''}/>`,
      `<text x="${PLOT.right + 44}" y="${y + 4}">${label}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
