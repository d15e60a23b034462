#!/usr/bin/env bash
# Reproduces docs/results.md's molecule tables on this machine: QED and SA with the paper's M = 10 at
# N = 64 (SMC with the paper's alpha = 0.3), then docking on Abl kinase at a budget that fits two cores:
# SVDD against Best-of-N at about the same number of docking calls, and pre-trained samples for their
# quantiles, and the cheap-value-early runs. Writes OUT/<run>/ and OUT/<run>.table (default OUT:
# out/results); about 3 hours on 2 cores.
# The durable oracle archive is off so that every run pays for its own oracle calls.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$home/out/results}"
mkdir -p "$out"
export SVDD_JAVA_OPTS="${SVDD_JAVA_OPTS:--Xmx6g} -Dsvdd.reward.archive-url="
run() { # name, then sample's options
  local name="$1"
  shift
  "$home/bin/svdd" sample --task molecules --out "$out/$name" "$@" 2>/dev/null | tee "$out/$name.table"
}
for reward in qed sa; do
  run "$reward" --seed 1 --reward "$reward" --method pretrained,best-of-n,svdd --particles 64 --candidates 10 --steps 32
  run "$reward-smc" --seed 1 --reward "$reward" --method smc --alpha 0.3 --particles 64 --steps 32
done
# docking: SVDD guides 4 of 32 steps (every 8th): at most 8 x 4 x 4 = 128 docks; Best-of-N draws 8 x 16 = 128
run dock-svdd --seed 1 --reward vina-abl --method svdd --particles 8 --candidates 4 --steps 32 --guide-every 8
run dock-best-of-n --seed 1 --reward vina-abl --method best-of-n --particles 8 --candidates 16 --steps 32
run dock-pretrained --seed 1 --reward vina-abl --method pretrained --particles 32 --steps 32
# a cheap value early (QED), docking on the last quarter of T = 8, against Best-of-N at about equal docks
for seed in 1 2; do
  for m in 8 16 20; do
    run "dock-qed-early-m$m-s$seed" --seed "$seed" --reward vina-abl --method svdd --particles 8 --candidates "$m" \
      --steps 8 --early-reward qed --late-fraction 0.25
    run "dock-best-of-n-m$m-s$seed" --seed "$seed" --reward vina-abl --method best-of-n --particles 8 --candidates "$m" --steps 8
  done
done
run dock-guide-last-m8 --seed 1 --reward vina-abl --method svdd --particles 8 --candidates 8 --steps 8 --guide-last 0.25
run dock-guide-last-m16 --seed 1 --reward vina-abl --method svdd --particles 8 --candidates 16 --steps 8 --guide-last 0.25
run dock-sa-early --seed 1 --reward vina-abl --method svdd --particles 8 --candidates 4 --steps 8 --early-reward sa --late-fraction 0.25
run dock-rollout --seed 1 --reward vina-abl --method svdd --particles 8 --candidates 4 --steps 8 --value rollout --rollouts 1
# tree search, learned values (SVDD-MC with models/molecules/value-vina-abl: the value network early, and
# docking on the last quarter), SVDD-PM docking the last quarter alone, SVDD-R with QED early, and Best-of-N,
# seeds 1-3, all at N = 8, M = 16, T = 8
for seed in 1 2 3; do
  d=(--seed "$seed" --reward vina-abl --particles 8 --candidates 16 --steps 8)
  run "dock-tree-s$seed" "${d[@]}" --method tree
  run "dock-mc-s$seed" "${d[@]}" --method svdd --value mc
  run "dock-mc-late-s$seed" "${d[@]}" --method svdd --value mc --late-fraction 0.25
  run "dock-pm-late-s$seed" "${d[@]}" --method svdd --guide-last 0.25
  run "dock-svdd-r-qed-s$seed" "${d[@]}" --method svdd-r --early-reward qed --late-fraction 0.25
done
run dock-qed-early-m16-s3 --seed 3 --reward vina-abl --method svdd --particles 8 --candidates 16 --steps 8 \
  --early-reward qed --late-fraction 0.25
run dock-best-of-n-m16-s3 --seed 3 --reward vina-abl --method best-of-n --particles 8 --candidates 16 --steps 8
# an oracle-seconds budget: QED early, docking late, stopped after 150 oracle-seconds (timing-dependent)
for seed in 1 2; do
  run "dock-qed-early-150s-s$seed" --seed "$seed" --reward vina-abl --method svdd --particles 8 --candidates 16 \
    --steps 8 --early-reward qed --late-fraction 0.25 --oracle-seconds 150
done
