#!/usr/bin/env bash
# Issue 15's frozen comparison on one table: every method from the same SFT checkpoint per seed,
# scored by the full evaluator every round, then the per-round plots. Resumable: `compare` skips
# finished cells and reads cached SFT checkpoints, so rerunning the same command picks up where it stopped.
#
#   scripts/experiments/frozen-compare.sh TRAIN.csv TEST.csv TARGET OUT_DIR [extra compare flags...]
# From the environment: SEEDS (8), PAIRS (none, sft-continue, filter/classifier, resample with the realness and random rewards)
set -euo pipefail
train=$1 test=$2 target=$3 out=$4
shift 4
pairs=${PAIRS:-none/na,sft-continue/na,filter/classifier,resample/realness,resample/random}
mkdir -p "$out"
node scripts/with-gpu-env.mjs node bin/tabgraa.mjs compare "$train" --holdout "$test" --target "$target" \
  --seeds "${SEEDS:-8}" --pairs "$pairs" --out "$out" "$@"
node bin/run-ts.mjs scripts/plot-compare.ts "$out/report.json" "$out/plots"
