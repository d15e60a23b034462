#!/usr/bin/env bash
# Reproduces docs/results.md's SVDD-MC tables: on the bundled tRNA model (reward rna-mfe, RNAfold) and
# promoter model (reward promoter), SVDD valued by the learned value network (MC) against SVDD valued by
# the reward of x0-hat (PM), at equal oracle calls: MC alone (one oracle call per design, like pre-trained
# sampling) and MC with the reward on the last 10 % of the steps against PM guiding those steps only
# (--budget pays for exactly them); Best-of-N and full PM for scale. N = 64, M = 8, seeds 1-3. Writes OUT/<task>/...
# and OUT/<task>.table (default OUT: out/results-mc); about 30 minutes on 2 cores.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$home/out/results-mc}"
mkdir -p "$out"
export SVDD_JAVA_OPTS="${SVDD_JAVA_OPTS:--Xmx6g} -Dsvdd.reward.archive-url="
run() { # task reward steps label args...
  local task=$1 reward=$2 steps=$3 label=$4; shift 4
  for seed in 1 2 3; do
    "$home/bin/svdd" sample --task "$task" --reward "$reward" --particles 64 --candidates 8 --steps "$steps" \
      --seed "$seed" --out "$out/$task/$label-$seed" "$@" 2>/dev/null | grep -v "^method\|^judged" \
      | sed "s/^[a-z-]*/$label seed=$seed/" | tee -a "$out/$task.table"
  done
}
for spec in "trna rna-mfe 96" "promoter promoter 100"; do
  set -- $spec
  task=$1 reward=$2 steps=$3
  : > "$out/$task.table"
  run "$task" "$reward" "$steps" pretrained --method pretrained
  run "$task" "$reward" "$steps" mc --method svdd --value mc
  run "$task" "$reward" "$steps" best-of-n --method best-of-n
  late=$(((steps + 9) / 10))   # the steps --late-fraction 0.1 leaves to the reward
  run "$task" "$reward" "$steps" mc-late-10 --method svdd --value mc --late-fraction 0.1
  run "$task" "$reward" "$steps" pm-budget-late-10 --method svdd --budget $((64 * 8 * late))
  run "$task" "$reward" "$steps" pm --method svdd
done
