#!/usr/bin/env bash
# Reproduces docs/results.md's tRNA tables on this machine: for each model (MODEL_DIRS, default the bundled
# models/trna) and each reward (rna-mfe, cloverleaf), pre-trained sampling, Best-of-N, SMC and SVDD at
# N = 128, M = 4, T = 96, seed 21, every row with the held-out judge's columns (Infernal cmsearch against
# the tRNA covariance model, pass = E < 1e-3), and the held-out natural tRNAs scored the same way.
# Writes OUT/<model>-<reward>/ and .table files (default OUT: out/trna-results); about 10 minutes per
# model on 2 cores. The durable oracle archive is off so that every run pays for its own oracle calls.
#   tools/trna-results.sh [OUT] [MODEL_DIR...]
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$home/out/trna-results}"
shift || true
models=("$@")
[ ${#models[@]} -gt 0 ] || models=("$home/models/trna")
mkdir -p "$out"
export SVDD_JAVA_OPTS="${SVDD_JAVA_OPTS:--Xmx4g} -Dsvdd.reward.archive-url="
for model in "${models[@]}"; do
  name="$(basename "$model")"
  for reward in rna-mfe cloverleaf; do
    "$home/bin/svdd" sample --task trna --model "$model" --reward "$reward" \
      --method pretrained,best-of-n,smc,svdd --particles 128 --candidates 4 --steps 96 --seed 21 \
      --out "$out/$name-$reward" 2>/dev/null | tee "$out/$name-$reward.table"
    "$home/bin/svdd" eval --task trna --model "$model" --reward "$reward" --label natural 2>/dev/null \
      | tail -n 2 | tee -a "$out/$name-$reward.table"
  done
done
