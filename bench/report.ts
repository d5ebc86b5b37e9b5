import type { Metrics, SuiteResult } from './suite';

const fmt = (v: number | null | undefined, digits = 2) => (v === null || v === undefined ? '—' : v.toFixed(digits));

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')).join('\n');
}

export function matmulTable(result: SuiteResult): string {
  const kernels = Object.keys(result.matmulKernelGflops);
  const shapes = [...new Set(result.matmul.map((r) => r.shape))];
  const rows = [[`matmul GFLOP/s (${result.source})`, 'M×N×K', ...kernels, 'per step']];
  for (const shape of shapes) {
    const rs = result.matmul.filter((r) => r.shape === shape);
    const r0 = rs[0];
    const dims = `${r0.batch > 1 ? `${r0.batch}×` : ''}${r0.M}×${r0.N}×${r0.K}${r0.transA ? ' Aᵀ' : ''}${r0.transB ? ' Bᵀ' : ''}`;
    rows.push([shape, dims, ...kernels.map((k) => fmt(rs.find((r) => r.kernel === k)?.gflops)), String(r0.perStep)]);
  }
  rows.push(['whole training step (weighted)', '', ...kernels.map((k) => fmt(result.matmulKernelGflops[k])), '']);
  return table(rows);
}

const METRIC_ROWS: Array<[keyof Metrics, string, number]> = [
  ['train_tokens_per_s', 'ours: training tokens/s', 0],
  ['peer_tfjs_webgpu_tokens_per_s', 'tfjs-webgpu: training tokens/s', 1],
  ['ratio_vs_tfjs_webgpu', 'ratio ours / tfjs-webgpu (target ≥ 10)', 2],
  ['peer_tfjs_wasm_tokens_per_s', 'tfjs-wasm: training tokens/s', 1],
  ['ratio_vs_tfjs_wasm', 'ratio ours / tfjs-wasm', 2],
  ['train_tokens_per_s_demo', 'ours: training tokens/s at the demo row length', 0],
  ['sample_rows_per_s', 'ours: sampled demo rows/s (KV cache)', 1],
  ['sample_rows_per_s_full_recompute', 'ours: sampled demo rows/s (full recompute)', 2],
  ['ingest_encode_rows_per_s', 'ingest + schema + encode of the demo table, rows/s', 0],
  ['peer_tfjs_webgpu_sample_rows_per_s', 'tfjs-webgpu: sampled rows/s', 2],
  ['sample_ratio_vs_tfjs_webgpu', 'ratio ours / tfjs-webgpu sampling (target ≥ 10)', 2],
  ['matmul_gflops', 'our matmul GFLOP/s over a step (best kernel)', 2],
  ['train_gflops', 'ours: training GFLOP/s', 2],
  ['train_fraction_of_matmul', 'training / matmul GFLOP/s (target ≥ 0.5)', 2],
];

/** The headline table: one column per place the numbers came from. */
export function metricsTable(results: SuiteResult[]): string {
  const rows = [['metric', ...results.map((r) => `${r.source} (${r.mode})`)]];
  for (const [key, label, digits] of METRIC_ROWS) rows.push([label, ...results.map((r) => fmt(r.metrics[key], digits))]);
  return table(rows);
}

/** Where our step's GPU time goes (timestamp queries), how it scales, and what fits. */
export function detailTables(result: SuiteResult): string {
  const parts: string[] = [];
  if (result.profileMs) {
    const total = Object.values(result.profileMs).reduce((a, b) => a + b, 0);
    const rows = [[`kernel (one training step, ${result.source})`, 'ms', 'share']];
    for (const [kind, ms] of Object.entries(result.profileMs).sort((a, b) => b[1] - a[1]))
      rows.push([kind, ms.toFixed(1), `${((100 * ms) / total).toFixed(1)}%`]);
    rows.push(['total', total.toFixed(1), '']);
    parts.push(table(rows));
  }
  if (result.scale.length) {
    const rows = [['scale (vary one)', 'batch', 'context', 'd', 's/step', 'tokens/s']];
    for (const p of result.scale)
      rows.push([p.vary, String(p.batch), String(p.contextLength), String(p.dModel), p.stepSeconds.toFixed(3), p.tokensPerSecond.toFixed(0)]);
    parts.push(table(rows));
  }
  for (const fit of result.fits) {
    const rows = [[`largest batch that fits (${fit.limits}, buffer limits)`, 'batch']];
    for (const [model, batch] of Object.entries(fit.largestBatch)) rows.push([model, batch ? String(batch) : 'model does not fit']);
    parts.push(table(rows));
  }
  return parts.join('\n\n');
}
