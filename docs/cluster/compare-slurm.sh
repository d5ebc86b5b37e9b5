#!/bin/bash
# tabgraa compare as a Slurm job array: array task K of N runs `--shard K/N` of the grid.
# Submit from the repository root (after `npm ci`), with the results folder on a shared filesystem:
#   sbatch --array=0-7 docs/cluster/compare-slurm.sh
# Resubmitting the same array resumes: finished cells are skipped. See README.md in this folder.
#SBATCH --job-name=tabgraa-compare
#SBATCH --gres=gpu:1
#SBATCH --cpus-per-task=8
#SBATCH --mem=32G
#SBATCH --time=12:00:00
#SBATCH --output=logs/compare-%A-%a.log
set -euo pipefail

# N = the array's size. SLURM_ARRAY_TASK_COUNT exists since Slurm 18.08; older versions: set SHARDS by hand.
SHARDS="${SHARDS:-${SLURM_ARRAY_TASK_COUNT:?set SHARDS to the number of array tasks}}"
# Array indices must run 0..N-1 (e.g. --array=0-7 for N = 8).
SHARD="${SLURM_ARRAY_TASK_ID:?run this script with sbatch --array=0-<N-1>}"
DATA="${DATA:-$HOME/tables}"
OUT="${OUT:-$HOME/results/adult}"
# More compare options, e.g. EXTRA=--sft-only for the SFT phase of the two-phase variant (README.md).
EXTRA="${EXTRA:-}"

exec node bin/tabgraa.mjs compare "$DATA/adult.train.csv" --holdout "$DATA/adult.test.csv" --target income \
  --train-rows 5000 --preset small --epochs auto --rounds 5 --rows 2000 \
  --seeds 8 --pairs none/na,sft-continue/na,filter/classifier,tabgraa/classifier,tabgraa/random \
  --out "$OUT" --shard "$SHARD/$SHARDS" $EXTRA
