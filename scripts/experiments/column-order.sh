#!/usr/bin/env bash
# Column order at equal SFT time (issue 14): one `tabgraa fit --rounds 0` per (table-order share, seed),
# then `tabgraa eval --full` of its table. Resumable: a cell whose eval JSON exists is skipped.
#
#   scripts/experiments/column-order.sh TRAIN.csv TEST.csv TARGET OUT_DIR [extra fit flags...]
# Grid from the environment: SHARES (0 0.5 1) SEEDS (1) MINUTES (8) ROWS (5000)
set -euo pipefail
train=$1 test=$2 target=$3 out=$4
shift 4
mkdir -p "$out"
for share in ${SHARES:-0 0.5 1}; do for seed in ${SEEDS:-1}; do
  cell="$out/share$share-s$seed"
  [ -f "$cell.eval.json" ] && continue
  echo "=== $cell ($(date -u +%H:%M:%S))"
  node scripts/with-gpu-env.mjs node bin/tabgraa.mjs fit "$train" --holdout "$test" --target "$target" \
    --table-order-share "$share" --sft-minutes "${MINUTES:-8}" --seed "$seed" --rounds 0 --rows "${ROWS:-5000}" \
    --out "$cell.csv" --report "$cell.report.json" "$@" >"$cell.fit.log" 2>&1
  node scripts/with-gpu-env.mjs node bin/tabgraa.mjs eval --train "$train" --test "$test" --synthetic "$cell.csv" \
    --target "$target" --full --json "$cell.eval.json.tmp" >"$cell.eval.log" 2>&1
  mv "$cell.eval.json.tmp" "$cell.eval.json"
done; done
