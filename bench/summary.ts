import type { AnyOrderBenchResult } from './any-order-bench';
import type { IngestMemoryResult } from './ingest-memory';
import type { Metrics, SuiteResult } from './suite';

export interface Summary extends Metrics {
  adapter: string;
  mode: 'quick' | 'full';
  /** Peak RSS of ingesting the 200 MB CSV over its size (null with --quick, whose small file only smoke-tests the path). */
  ingest_peak_rss_ratio: number | null;
  ingest_memory: IngestMemoryResult;
  /** Rows a second: the target drawn given the other cells / the K-order log-likelihood (Node, demo rows). */
  impute_rows_per_s: number;
  score_rows_per_s: number;
  any_order: AnyOrderBenchResult;
  /** Where each headline number came from: node (Dawn) or browser (Chromium). */
  sources: Partial<Record<keyof Metrics, 'node' | 'browser'>>;
  /** Why a number is null. */
  pending: Record<string, string>;
  notes: string[];
  config: SuiteResult['config'];
  batch: number;
  matmul_gflops_by_kernel: Record<string, number | null>;
  best_matmul_kernel: string | null;
  profile_ms: Record<string, number> | null;
  node: SuiteResult;
  browser: SuiteResult | { error: string } | null;
}

/** Headline numbers from Node where it measured them, else from the browser; both runs in full below. */
export function buildSummary(
  node: SuiteResult,
  browser: SuiteResult | { error: string } | undefined,
  ingestMemory: IngestMemoryResult,
  anyOrder: AnyOrderBenchResult,
): Summary {
  const fromBrowser = browser && !('error' in browser) ? browser : undefined;
  const metrics = { ...node.metrics };
  const sources: Summary['sources'] = {};
  const pending: Record<string, string> = {};
  for (const key of Object.keys(metrics) as Array<keyof Metrics>) {
    if (metrics[key] !== null) sources[key] = 'node';
    else if (fromBrowser && fromBrowser.metrics[key] !== null) {
      metrics[key] = fromBrowser.metrics[key];
      sources[key] = 'browser';
    } else if (node.pending[key]) pending[key] = node.pending[key];
  }
  for (const [key, why] of Object.entries(node.pending)) if (!(key in metrics)) pending[key] = why;
  if (browser && 'error' in browser) pending.browser = browser.error;
  if (node.mode === 'quick') pending.ingest_peak_rss_ratio = '--quick ingests a small file, where the runtime dominates the peak; see ingest_memory';
  return {
    ...metrics,
    adapter: node.adapter.name,
    mode: node.mode,
    ingest_peak_rss_ratio: node.mode === 'full' ? ingestMemory.ingest_peak_rss_ratio : null,
    ingest_memory: ingestMemory,
    impute_rows_per_s: anyOrder.impute_rows_per_s,
    score_rows_per_s: anyOrder.score_rows_per_s,
    any_order: anyOrder,
    sources,
    pending,
    notes: node.notes,
    config: node.config,
    batch: node.batch,
    matmul_gflops_by_kernel: node.matmulKernelGflops,
    best_matmul_kernel: node.bestMatmulKernel,
    profile_ms: node.profileMs,
    node,
    browser: browser ?? null,
  };
}
