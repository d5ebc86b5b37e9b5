#!/usr/bin/env bash
# Issue 15 item 3: the tuning sweep on the Adult 5,000-row sample, from the SFT checkpoints the
# Adult frozen comparison cached (SEEDS=2 by default: seeds 1 and 2). One compare folder per setting;
# every folder also holds `none`, so each row of the table is paired against the same checkpoint.
# Resumable like every compare (finished cells are skipped). Afterwards:
#   node bin/run-ts.mjs scripts/sweep-table.ts OUT/*/ > OUT/sweep.md
#
#   scripts/experiments/adult-sweep.sh ADULT_TRAIN.csv ADULT_TEST.csv SFT_CACHE_DIR OUT_DIR
set -euo pipefail
train=$1 test=$2 cache=$3 out=$4
common=(--target income --train-rows 5000 --rounds 3 --rows 500 --sft-cache "$cache" --seeds "${SEEDS:-2}")
run() {
  local name=$1 pairs=$2
  shift 2
  mkdir -p "$out/$name"
  node scripts/with-gpu-env.mjs node bin/tabgraa.mjs compare "$train" --holdout "$test" "${common[@]}" --pairs "$pairs" --out "$out/$name" "$@"
}
# filter: how many rows to draw per kept row, and which reward ranks them
for k in 2 4 8; do
  run "filter-k$k" none/na,filter/classifier,filter/classifier-gbdt,filter/realness --filter-factor "$k"
done
run filter-temperature0.9 none/na,filter/classifier --temperature 0.9
# TabGRAA: beta, rate, and the anchor terms, with the paper's reward and the monotone one
for beta in 1 5; do
  run "tabgraa-beta$beta" none/na,tabgraa/classifier,tabgraa/realness --beta "$beta"
  run "tabgraa-beta$beta-highnll1" none/na,tabgraa/classifier,tabgraa/realness --beta "$beta" --high-nll 1
  run "tabgraa-beta$beta-lr1e-3-kl1-highnll1" none/na,tabgraa/classifier,tabgraa/realness --beta "$beta" --lr 1e-3 --kl 1 --high-nll 1
done
