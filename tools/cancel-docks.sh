#!/usr/bin/env bash
# Whether cancelling a docking job starts any Vina after the cancel: one molecules node (all roles, its own
# H2 store and HOME under a temporary folder, ports 25733 and 50093), and per seed an 8-particle vina-abl job
# cancelled 3 s after its first two Vinas run. A wrapper on PATH logs every Vina start; each line says how
# many started after the cancel was asked (the cancel command's JVM start included), and whether any still
# runs 4 s later. Every start after the cancel lands in the last half second of the command, as it
# reaches the node.
#   tools/cancel-docks.sh [SEED...]   (default seeds 41..50; about 15 s each)
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seeds=("$@")
[ ${#seeds[@]} -gt 0 ] || seeds=($(seq 41 50))
for s in "${seeds[@]}"; do
  [[ "$s" =~ ^[0-9]+$ ]] || { echo "cancel-docks.sh: a SEED is a whole number, got '$s'" >&2; exit 2; }
done
vina="$(command -v vina)" || { echo "cancel-docks.sh: vina is missing: bin/install-deps --test" >&2; exit 2; }
work="$(mktemp -d)"
node=""
trap '[ -z "$node" ] || kill "$node" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/bin"
printf '#!/bin/sh\necho "$(date +%%s.%%N)" >> %s/starts\nexec %s "$@"\n' "$work" "$vina" > "$work/bin/vina"
chmod +x "$work/bin/vina"
export HOME="$work" PATH="$work/bin:$PATH"
svdd="$home/bin/svdd"
source "$home/tools/one-node.sh"
start_node cancel-docks.sh molecules 25733 50093 0
for seed in "${seeds[@]}"; do
  : > "$work/starts"
  id=$("$svdd" submit --server "$server" --task molecules --reward vina-abl -n 8 -m 4 --seed "$seed" 2>&1 \
    | grep -oE '[0-9a-f]{8}-[0-9a-f-]{27}' | head -1)
  for _ in $(seq 600); do [ "$(pgrep -x vina | wc -l)" -ge 2 ] && break; sleep 0.2; done
  sleep 3
  asked=$(date +%s.%N)
  "$svdd" cancel --server "$server" "$id" > /dev/null 2>&1
  sleep 4
  after=$(awk -v t="$asked" '$1 > t' "$work/starts" | wc -l)
  echo "seed $seed: Vina runs before the cancel $(awk -v t="$asked" '$1 <= t' "$work/starts" | wc -l)," \
    "after it $after, running 4 s later $(pgrep -x vina | wc -l)"
done
