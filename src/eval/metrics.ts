/** Metrics of one evaluation (method.md §5); keys match `tabgraa eval --json`. */
export interface EvalMetrics {
  shape: number;
  trend: number;
  c2st: number;
  c2st_gbdt: number;
  /** Trained on synthetic rows, tested on the real holdout; `real`: the headline score of the same model trained on real rows. */
  mle: { auc?: number; rmse?: number; f1?: number; accuracy?: number; r2?: number; real: number };
  dcr_share: number;
  dcr_median: number;
  exact_copy_rate: number;
  mia_auc: number;
}

/**
 * MLE as one number: AUC for binary targets, macro-F1 for multi-class, RMSE for regression (lower is
 * better there). The same score as `mle.real`, so synthetic and real compare like for like.
 */
export function headlineMle(m: EvalMetrics): number | undefined {
  return m.mle.auc ?? m.mle.f1 ?? m.mle.rmse;
}
