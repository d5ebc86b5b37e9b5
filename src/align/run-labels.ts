import type { Objective, RewardName } from './run-config';

/** How the page names each alignment method and reward (the form's choices, the dashboard's titles). */
export const METHOD_LABELS: Record<Objective, string> = {
  tabgraa: 'TabGRAA (sigmoid)',
  'tabgraa-logsigmoid': 'TabGRAA (log-sigmoid)',
  dpo: 'DPO',
  kto: 'KTO',
  npo: 'NPO',
  'sft-continue': 'SFT-continue',
  filter: 'Filter (keep the best-rewarded rows)',
  resample: "Resample (draw rows by the reward's density ratio)",
  'sft-resample': 'SFT-continue, then resample',
  none: 'None (SFT only)',
};

export const REWARD_LABELS: Record<RewardName, string> = {
  classifier: 'Classifier (real vs synthetic)',
  'classifier-gbdt': 'Classifier, boosted trees',
  realness: 'Realness (P(real), monotone)',
  distance: 'Distance (privacy)',
  proximity: 'Proximity',
  random: 'Random (control)',
};
