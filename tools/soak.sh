#!/usr/bin/env bash
# A long-lived node under a stream of small jobs: whether it keeps its speed and its memory. Starts one
# `svdd serve` (all roles, 127.0.0.1, a fresh H2 store in a temporary folder, the dashboard on DASHBOARD_PORT),
# submits JOBS tRNA jobs (N = 8, M = 4, T = 16, rna-mfe, a new seed each, so new designs reach RNAfold and the
# archive grows) through the dashboard's JSON API, four at a time, cancels every seventh, deletes each group once
# it has ended, and every 50 jobs prints their wall time and the node's heap after a full GC, RSS, threads, open
# files and child processes. Stops the node at the end.
#   tools/soak.sh [JOBS] [DASHBOARD_PORT]   (default 400 jobs, about 10 minutes on 2 cores; port 18080)
set -euo pipefail
jobs="${1:-400}"
port="${2:-18080}"
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || { echo "soak.sh: JOBS must be a whole number of at least 1, got '$jobs'" >&2; exit 2; }
for tool in curl jcmd python3; do
  command -v "$tool" >/dev/null || { echo "soak.sh: $tool is missing" >&2; exit 2; }
done
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
node=""
finish() {
  if [[ -n "$node" ]]; then
    kill "$node" 2>/dev/null || true
    wait "$node" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap finish EXIT
export DJL_OFFLINE=true OPT_OUT_TRACKING=true
"$root/bin/svdd" serve --port 0 --api-port 0 --dashboard-port "$port" --store-url "jdbc:h2:file:$work/jobs" \
  >"$work/serve.log" 2>&1 &
node=$!
api="http://127.0.0.1:$port/api/jobs"
for _ in $(seq 1 120); do
  curl -sf "$api" >/dev/null 2>&1 && break
  kill -0 "$node" 2>/dev/null || { echo "soak.sh: the node did not start:" >&2; tail -5 "$work/serve.log" >&2; exit 1; }
  sleep 1
done
jvm="$(pgrep -f "svdd-run.*serve.*$work" | head -1)"
[[ -n "$jvm" ]] || { echo "soak.sh: cannot find the node's JVM" >&2; exit 1; }
field() { python3 -c "import sys, json; print(json.load(sys.stdin).get('$1', ''))"; }
report() {
  jcmd "$jvm" GC.run >/dev/null
  local heap rss
  heap="$(jcmd "$jvm" GC.heap_info | grep -oE 'used [0-9]+K' | head -1 | grep -oE '[0-9]+')"
  rss="$(awk '/VmRSS/ {print $2}' "/proc/$jvm/status")"
  printf '%5d jobs  %6.1f s for the last %d  heap %4d MB  RSS %4d MB  threads %3d  open files %3d  children %d\n' \
    "$1" "$2" "$3" $((heap / 1024)) $((rss / 1024)) "$(ls "/proc/$jvm/task" | wc -l)" "$(ls "/proc/$jvm/fd" | wc -l)" \
    "$(pgrep -P "$jvm" | wc -l)"
}
report 0 0 0
group=()
since=$(date +%s.%N)
last=0
for ((i = 1; i <= jobs; i++)); do
  id="$(curl -sf -X POST "$api" -d "{\"particles\": 8, \"candidates\": 4, \"steps\": 16, \"seed\": $i}" | field jobId)"
  group+=("$id")
  ((i % 7 == 0)) && curl -sf -X POST "$api/$id/cancel" >/dev/null
  if ((i % 4 == 0 || i == jobs)); then
    for id in "${group[@]}"; do
      while [[ "$(curl -sf "$api/$id" | field state)" =~ ^(QUEUED|RUNNING)$ ]]; do sleep 0.2; done
      curl -sf -X POST "$api/$id/delete" >/dev/null
    done
    group=()
  fi
  if ((i % 50 == 0 || i == jobs)); then
    now=$(date +%s.%N)
    report "$i" "$(echo "$now - $since" | bc)" $((i - last))
    since=$now
    last=$i
  fi
done
