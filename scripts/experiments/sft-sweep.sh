#!/usr/bin/env bash
# SFT hyper-parameter sweep (issue 14): one `tabgraa fit --rounds 0` per grid cell, resumable
# (a cell whose report exists is skipped). Each report.json holds the per-epoch train and
# validation loss, the SFT seconds and the cheap evaluation of the sampled table.
#
#   scripts/experiments/sft-sweep.sh TRAIN.csv TEST.csv TARGET OUT_DIR [extra fit flags...]
# Grid from the environment (space-separated lists):
#   PRESETS (tiny) LRS (2e-3 5e-3 1e-2) BATCHES (64) EPOCHS (4) SCHEDULES (cosine) SEEDS (1) ROWS (1000)
set -euo pipefail
train=$1 test=$2 target=$3 out=$4
shift 4
mkdir -p "$out"
for preset in ${PRESETS:-tiny}; do for lr in ${LRS:-2e-3 5e-3 1e-2}; do for batch in ${BATCHES:-64}; do
for epochs in ${EPOCHS:-4}; do for schedule in ${SCHEDULES:-cosine}; do for seed in ${SEEDS:-1}; do
  cell="$out/$preset-lr$lr-b$batch-e$epochs-$schedule-s$seed"
  [ -f "$cell.json" ] && continue
  echo "=== $cell ($(date -u +%H:%M:%S))"
  node scripts/with-gpu-env.mjs node bin/tabgraa.mjs fit "$train" --holdout "$test" --target "$target" \
    --preset "$preset" --sft-lr "$lr" --sft-batch "$batch" --epochs "$epochs" --lr-schedule "$schedule" \
    --seed "$seed" --rounds 0 --rows "${ROWS:-1000}" --out "$cell.csv" --report "$cell.json.tmp" "$@" 2>"$cell.log"
  mv "$cell.json.tmp" "$cell.json"
done; done; done; done; done; done
