/**
 * Why a round did or did not help (issue: log-ratio drift, reward noise, reward accuracy, KL).
 * null = does not apply to this method (no scored rows, or a policy that never moved).
 */
export interface RoundDiagnostics {
  round: number;
  /** Mean reward of the round's high and low group (filter: kept and dropped rows). */
  highReward: number | null;
  lowReward: number | null;
  /** Mean Δ = log πθ − log πref over the round's high / low rows, after the round's updates. */
  highLogRatio: number | null;
  lowLogRatio: number | null;
  /**
   * Mean Δ of the rows sampled from the policy after the round: an estimate of KL(π‖πref). Δ uses the
   * models' unmasked log-probs while the sampler masks illegal tokens, so the estimate can go below 0:
   * then the update moved probability onto masked tokens and every legal row lost likelihood.
   */
  klToReference: number | null;
  /** Share of scored rows that get the same group when the reward is scored again with another seed (other folds, trees and real rows). */
  rewardAgreement: number | null;
  /** The reward classifier's out-of-fold AUC, real vs this round's rows (classifier reward only; 0.5 = it cannot tell). */
  rewardAuc: number | null;
}

export const DIAGNOSTIC_KEYS = ['highReward', 'lowReward', 'highLogRatio', 'lowLogRatio', 'klToReference', 'rewardAgreement', 'rewardAuc'] as const;
export type DiagnosticKey = (typeof DIAGNOSTIC_KEYS)[number];
