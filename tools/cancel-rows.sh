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
server=127.0.0.1:50103
"$svdd" serve --task fashion --roles api,coordinator,denoiser,reward --port 25743 --api-port 50103 \
  --dashboard-port -1 --metrics-port 9493 --store-url "jdbc:h2:file:$work/jobs" > "$work/serve.log" 2>&1 &
node=$!
for _ in $(seq 180); do "$svdd" nodes --server "$server" > /dev/null 2>&1 && break; sleep 1; done
"$svdd" nodes --server "$server" > /dev/null || { echo "cancel-rows.sh: the node did not start:" >&2; tail "$work/serve.log" >&2; exit 1; }
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
