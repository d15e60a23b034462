#!/usr/bin/env bash
# Denoise rows computed after a big image job's cancel: one fashion node (all roles, its own H2 store, HOME and
# metrics under a temporary folder, ports 25743, 50103 and 9493), and per seed an SVDD job of N = 512, M = 4
# (2,048 rows a step) cancelled 8 s after its submission. Each line gives the rows the node's denoisers had
# computed when the cancel command returned and in the 5 s after (svdd_denoise_batch_rows_sum).
#   tools/cancel-rows.sh [SEED...]   (default seeds 1..3; about 20 s each)
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seeds=("$@")
[ ${#seeds[@]} -gt 0 ] || seeds=(1 2 3)
for s in "${seeds[@]}"; do
  [[ "$s" =~ ^[0-9]+$ ]] || { echo "cancel-rows.sh: a SEED is a whole number, got '$s'" >&2; exit 2; }
done
work="$(mktemp -d)"
node=""
trap '[ -z "$node" ] || kill "$node" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
export HOME="$work"
svdd="$home/bin/svdd"
source "$home/tools/one-node.sh"
start_node cancel-rows.sh fashion 25743 50103 9493
rows() { curl -s http://127.0.0.1:9493/metrics | awk '/^svdd_denoise_batch_rows_sum/ {s += $2} END {printf "%d", s}'; }
for seed in "${seeds[@]}"; do
  id=$("$svdd" submit --server "$server" --task fashion -n 512 -m 4 --steps 20 --seed "$seed" 2>&1 \
    | grep -oE '[0-9a-f]{8}-[0-9a-f-]{27}' | head -1)
  sleep 8
  "$svdd" cancel --server "$server" "$id" > /dev/null 2>&1
  before=$(rows)
  sleep 5
  echo "seed $seed: rows computed when the cancel returned $before (all jobs so far), in the 5 s after $(($(rows) - before))"
done
