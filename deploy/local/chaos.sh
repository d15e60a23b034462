#!/usr/bin/env bash
# Chaos drill, not part of bin/test: a local cluster (deploy/local/cluster.sh) serves a stream of tRNA jobs
# while every 30-60 s a node, api included, is killed with -9 and started again (each node once per round, in a
# random order; some of the kills are clean stops, SIGTERM, as in a rolling restart; every third time the job
# store's PostgreSQL is stopped for SVDD_DB_DOWN seconds, 10 by default, instead, and a worker is killed and
# started again meanwhile, which must wait for the store; with two api nodes every other time the second api node,
# which must answer on its own once the store is back), and RNAfold crashes on 5 % and hangs on 5 % of the lines
# it reads. Right after each worker node's kill the latest job is
# cancelled. At the end every cancelled job must be CANCELLED, every other one DONE, and its
# samples identical to the same spec run again on the calm cluster.
#   deploy/local/chaos.sh [MINUTES (10)] [NODES (4)]
# With SVDD_API_NODES=2 the first two nodes are api nodes on one store and the client knows both: a killed
# api node stays down 20 s, past its jobs' leases, and the other api node takes its jobs over; right before an api
# node's kill, the latest job submitted through it is cancelled through it.
# With SVDD_TASK=molecules the jobs dock with AutoDock Vina on Abl (QED values the early steps, docking the last
# quarter; one Vina slot per node, a job every 30 s) and Vina and Open Babel crash on 5 % of their runs instead (no
# hangs: a dock past its timeout fails by design, which a calm run would not repeat), and each RDKit worker dies
# after 5-120 s.
# With three worker nodes or more, every other worker killed comes back ill-provisioned, its oracle program missing
# (one such node at a time, until it is killed again): it fails every score request whole, and the particles send
# those requests on to another reward node.
# After every kill, the oracle programs the killed node had started, and theirs, must be gone within 6 s (none left to
# init).
# Prints jobs, kills, recoveries and time to recover; exits non-zero if a job is lost, stuck or different, a
# killed node left an oracle program running, or the store keeps an oracle answer that blames an injected crash.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
minutes="${1:-10}"
nodes="${2:-4}"
export SVDD_DEPLOY_DIR="${SVDD_DEPLOY_DIR:-$home/target/chaos}"
export SVDD_API_PORT="${SVDD_API_PORT:-50061}"
export SVDD_BASE_PORT="${SVDD_BASE_PORT:-25620}"
export SVDD_PG_PORT="${SVDD_PG_PORT:-55442}"
export SVDD_METRICS_BASE_PORT="${SVDD_METRICS_BASE_PORT:-9564}"
export SVDD_DASHBOARD_BASE_PORT="${SVDD_DASHBOARD_BASE_PORT:-8180}"
work="$SVDD_DEPLOY_DIR/drill"
[[ "$minutes" =~ ^[1-9][0-9]{0,3}$ ]] || { echo "chaos.sh: MINUTES must be a whole number of at least 1, got '$minutes'" >&2; exit 2; }
[[ "$nodes" =~ ^[0-9]{1,3}$ ]] || { echo "chaos.sh: NODES must be a whole number, got '$nodes'" >&2; exit 2; }
# another drill's cluster (and its files) in the same folder is left alone
if [ -n "$("$home/deploy/local/cluster.sh" status 2>/dev/null | grep ' running$' || true)" ]; then
  echo "chaos.sh: a cluster runs in $SVDD_DEPLOY_DIR (another drill?); stop it first (deploy/local/cluster.sh stop with" \
    "SVDD_DEPLOY_DIR=$SVDD_DEPLOY_DIR), or give this drill its own SVDD_DEPLOY_DIR" >&2
  exit 2
fi
rm -rf "$work" && mkdir -p "$work/results" "$work/reference"
cluster() { "$home/deploy/local/cluster.sh" "$@"; }
log() { echo "chaos: $(date +%H:%M:%S) $*" >&2; }

task="${SVDD_TASK:-trna}"
# the faulty oracles below write each fault they inject here (the nodes inherit the variable), Vina each run too
export SVDD_DRILL_FAULTS="$work/faults.txt"
: >"$SVDD_DRILL_FAULTS"
case "$task" in
  trna)
    # a transiently faulty RNAfold: every line has a 5 % chance to crash the process and 5 % to hang it; asked its
    # version (part of the oracle's identity, which every node must name alike), it crashes 5 % of the time
    cat >"$work/flaky-rnafold" <<'SCRIPT'
#!/bin/sh
if [ "${1:-}" = --version ]; then
  r=$(od -An -N1 -tu1 /dev/urandom | tr -d ' ')
  if [ "$r" -lt 13 ]; then echo "RNAfold crash asked its version" >>"$SVDD_DRILL_FAULTS"; exit 3; fi
  exec RNAfold --version
fi
while IFS= read -r line; do
  r=$(od -An -N1 -tu1 /dev/urandom | tr -d ' ')
  if [ "$r" -lt 13 ]; then echo "RNAfold crash" >>"$SVDD_DRILL_FAULTS"; exit 3; fi
  if [ "$r" -lt 26 ]; then echo "RNAfold hang" >>"$SVDD_DRILL_FAULTS"; exec sleep 600; fi # one process: it dies with its node
  printf '%s\n' "$line" | setpriv --pdeathsig KILL -- RNAfold --noPS # dies with this wrapper
done
SCRIPT
    chmod +x "$work/flaky-rnafold"
    export SVDD_JAVA_OPTS="-Xmx1g -Dsvdd.reward.rnafold.binary=$work/flaky-rnafold -Dsvdd.reward.rnafold.retries=8 \
  -Dsvdd.reward.rnafold.timeout=3s -Dsvdd.store.checkpoint-every=4"
    missing="-Dsvdd.reward.rnafold.binary=$work/missing-rnafold"
    submit_every=15
    ;;
  molecules)
    # a transiently faulty Vina: 5 % of its runs crash before docking anything
    cat >"$work/flaky-vina" <<'SCRIPT'
#!/bin/sh
echo "Vina run" >>"$SVDD_DRILL_FAULTS"
r=$(od -An -N1 -tu1 /dev/urandom | tr -d ' ')
if [ "$r" -lt 13 ]; then echo "Vina crash" >>"$SVDD_DRILL_FAULTS"; exit 3; fi
exec vina "$@"
SCRIPT
    chmod +x "$work/flaky-vina"
    # a transiently faulty Open Babel (each ligand's PDBQT before it docks): 5 % of its runs crash
    cat >"$work/flaky-obabel" <<'SCRIPT'
#!/bin/sh
r=$(od -An -N1 -tu1 /dev/urandom | tr -d ' ')
if [ "$r" -lt 13 ]; then echo "Open Babel crash" >>"$SVDD_DRILL_FAULTS"; echo 'Segmentation fault' >&2; exit 139; fi
exec obabel "$@"
SCRIPT
    chmod +x "$work/flaky-obabel"
    # a transiently faulty RDKit worker (QED, and the 3-D conformers Vina docks): each dies after 5 to 120 s of
    # work, in the middle of whatever line it was on
    cat >"$work/flaky-rdkit" <<'SCRIPT'
#!/bin/bash
[ "${2:-}" = --check ] && exec /usr/bin/python3 "$@"
# each program dies with its parent, as the node's own programs do (util-linux's setpriv)
setpriv --pdeathsig KILL -- timeout -s KILL $((5 + RANDOM % 116)) setpriv --pdeathsig KILL -- /usr/bin/python3 "$@"
code=$?
[ "$code" -eq 137 ] && echo "RDKit worker crash" >>"$SVDD_DRILL_FAULTS"
exit "$code"
SCRIPT
    chmod +x "$work/flaky-rdkit"
    export SVDD_JAVA_OPTS="-Xmx1g -Dsvdd.reward.vina.binary=$work/flaky-vina -Dsvdd.reward.vina.retries=8 \
  -Dsvdd.reward.vina.slots=1 -Dsvdd.reward.vina.obabel=$work/flaky-obabel -Dsvdd.reward.rdkit.binary=$work/flaky-rdkit -Dsvdd.reward.rdkit.retries=8 \
  -Dsvdd.store.checkpoint-every=2"
    missing="-Dsvdd.reward.vina.binary=$work/missing-vina"
    submit_every=30
    ;;
  *) echo "chaos.sh: SVDD_TASK must be trna or molecules, got '$task'" >&2; exit 2 ;;
esac
export SVDD_TASK="$task"

api_nodes="${SVDD_API_NODES:-1}"
servers="127.0.0.1:$SVDD_API_PORT"
for n in $(seq 2 "$api_nodes"); do servers="$servers,127.0.0.1:$((SVDD_API_PORT + n - 1))"; done

# the CLI: bin/svdd, or the classes on $SVDD_CLASSPATH (as cluster.sh runs the nodes)
svdd() {
  if [ -n "${SVDD_CLASSPATH:-}" ]; then
    DJL_OFFLINE=true OPT_OUT_TRACKING=true java -Dsvdd.home="$home" -cp "$SVDD_CLASSPATH" org.svdd.cli.Main "$@"
  else
    "$home/bin/svdd" "$@"
  fi
}

# a client call, retried while no api node answers; SVDD_FIRST_API (1, 2, ...) picks the api node tried first,
# so that submissions spread over the api nodes and each holds leases
client() {
  local tries=0 order="$servers" first="${SVDD_FIRST_API:-1}"
  if [ "$first" -gt 1 ]; then
    order="$(echo "$servers" | tr ',' '\n' | tail -n +"$first" | paste -sd,),$(echo "$servers" | tr ',' '\n' | head -n $((first - 1)) | paste -sd,)"
  fi
  until svdd "$@" --server "$order" 2>>"$work/client.log"; do
    tries=$((tries + 1))
    [ "$tries" -lt 120 ] || return 1
    sleep 2
  done
}

spec_of() { # job number -> sampling flags
  local k="$1" methods=(svdd smc best-of-n svdd tree) method
  method="${methods[$((k % 5))]}"
  if [ "$task" = molecules ]; then
    local early="--early-reward qed --late-fraction 0.25"
    { [ "$method" = best-of-n ] || [ "$method" = tree ]; } && early=""
    echo "--reward vina-abl --method $method --particles 4 --candidates 4 --steps 8 $early --seed $k"
  else
    echo "--method $method --particles 8 --candidates 4 --steps 24 --seed $k"
  fi
}

# the programs node $1 started (its oracles: RNAfold, Vina, Open Babel, RDKit workers) and the programs they
# started in turn (the faulty wrappers' own children), by pid
children_of() {
  local pid
  pid="$(cat "$SVDD_DEPLOY_DIR/node-$1.pid" 2>/dev/null)" || return 0
  descendants_of "$pid" | xargs || true
}
descendants_of() {
  local child
  for child in $(pgrep -P "$1"); do
    echo "$child"
    descendants_of "$child"
  done
}

# asks job $1 to stop, retried while no api node answers; says how it went: cancelled, ended (it ended first), or
# failed with the reason
cancel_job() {
  local tries=0 out
  until out="$(svdd cancel "$1" --server "$servers" 2>&1)"; do
    case "$out" in *"already ended"*) echo ended; return 0 ;; esac
    tries=$((tries + 1))
    [ "$tries" -lt 30 ] || { echo "failed: $(echo "$out" | tail -n 1)"; return 0; }
    sleep 2
  done
  echo cancelled
}

# whether node $1's process runs
running_node() { # (grep -q would stop reading, and the status pipe's SIGPIPE fail the test under pipefail)
  local s
  s="$(cluster status)"
  grep -q "^node-$1 .* running\$" <<<"$s"
}

# whether api node $1 answers a status call on its own port within a minute
api_answers() {
  local tries
  for tries in $(seq 1 30); do
    svdd status --server "127.0.0.1:$((SVDD_API_PORT + $1 - 1))" >/dev/null 2>>"$work/client.log" && return 0
    sleep 2
  done
  return 1
}

# whether job $1 was cancelled by the drill
cancelled() { grep -q " $1 cancelled\$" "$work/cancels.txt"; }

# whether pid $1 runs (a zombie does not, nor a program that ends while it is read)
alive() { local stat; stat="$(cat "/proc/$1/stat" 2>/dev/null)" && [ -n "$stat" ] && [[ "$stat" != *") Z "* ]]; }

# how many of these pids still run 5 s on: the kill reaches a program down its chain of parents (each dies with its
# own), which on two busy cores can take a moment past the first second
still_running() {
  local n c tries cmd
  for tries in $(seq 1 10); do
    n=0
    for c in "$@"; do if alive "$c"; then n=$((n + 1)); fi; done
    [ "$n" -gt 0 ] || break
    sleep 0.5
  done
  # counted again as they are named: one that ends in between is neither named nor counted
  n=0
  for c in "$@"; do
    cmd="$(tr '\0' ' ' 2>/dev/null <"/proc/$c/cmdline")" || continue
    if alive "$c"; then
      n=$((n + 1))
      log "left running: $(echo "$cmd" | cut -c1-120)"
    fi
  done
  echo "$n"
}

[ -n "${SVDD_CLASSPATH:-}" ] || [ -f "$home/target/svdd.jar" ] || (cd "$home" && mvn -q -B -ntp package -DskipTests)
"$home/bin/install-deps" --test >/dev/null
# stopped at the end, or when the drill fails or is stopped (Ctrl-C, kill): nothing it started outlives it
cleanup() {
  if [ -n "${submitter:-}" ]; then kill "$submitter" 2>/dev/null || true; fi
  cluster stop >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
cluster start "$nodes" >/dev/null
log "cluster of $nodes nodes up; $minutes minutes of jobs and kills"

end=$(($(date +%s) + minutes * 60))
(
  k=0
  while [ "$(date +%s)" -lt "$end" ]; do
    # shellcheck disable=SC2046
    id="$(SVDD_FIRST_API=$((1 + k % api_nodes)) client submit $(spec_of "$k") | tail -n 1)" && echo "$k $id" >>"$work/jobs.txt"
    k=$((k + 1))
    sleep "$submit_every"
  done
) &
submitter=$!

: >"$work/cancels.txt"
kills=0
stops=0   # of the kills, clean stops (SIGTERM)
unclean=0 # clean stops that did not end within 30 s
order=() # the nodes still to kill this round
orphaned=0
db_down="${SVDD_DB_DOWN:-10}"
db_restarts=0
started_in_outage=0
up_after_outage=0
events=0
worker_kills=0
ill=""       # the worker node started with its oracle program missing, if one runs so now
ill_starts=0
recover_total=0
recover_max=0
while [ "$(date +%s)" -lt "$end" ]; do
  sleep $((30 + RANDOM % 31))
  [ "$(date +%s)" -lt "$end" ] || break
  events=$((events + 1))
  if [ $((events % 3)) -eq 0 ]; then
    log "PostgreSQL stopped for $db_down s"
    cluster restart-db "$db_down" >/dev/null &
    db=$!
    # a node killed and started again while the store is down must wait for it (svdd.store.start-wait), not exit:
    # a worker, or with two api nodes every other time the last api node, which serves no client until the store
    # answers (the client fails over to the other) and must answer on its own once it does
    sleep 2
    late=$((api_nodes + 1 + RANDOM % (nodes - api_nodes)))
    [ "$api_nodes" -gt 1 ] && [ $((db_restarts % 2)) -eq 1 ] && late=$api_nodes
    started="$(children_of "$late")"
    cluster kill "$late" || true
    sleep 1
    # shellcheck disable=SC2086
    orphaned=$((orphaned + $(still_running $started)))
    cluster start-node "$late"
    [ "$late" != "$ill" ] || ill=""
    log "node $late killed and started again while PostgreSQL is down"
    wait "$db"
    client status >/dev/null || true
    db_restarts=$((db_restarts + 1))
    started_in_outage=$((started_in_outage + 1))
    sleep 5
    if ! running_node "$late"; then
      log "node $late did not outlive the outage"
    elif [ "$late" -le "$api_nodes" ] && ! api_answers "$late"; then
      log "api node $late outlived the outage but its job API does not answer"
    else
      up_after_outage=$((up_after_outage + 1))
    fi
    log "PostgreSQL back"
    continue
  fi
  [ "${#order[@]}" -gt 0 ] || mapfile -t order < <(shuf -i "1-$nodes")
  victim="${order[0]}"
  order=("${order[@]:1}")
  # with two api nodes, a job cancelled through its own api node right before that node dies: the other api node
  # must end it once the dead node's lease on it lapses
  if [ "$victim" -le "$api_nodes" ] && [ "$api_nodes" -gt 1 ]; then
    read -r ck cid <<<"$(awk -v n="$api_nodes" -v v="$victim" '1 + $1 % n == v' "$work/jobs.txt" 2>/dev/null | tail -n 1)"
    if [ -n "${cid:-}" ] && ! grep -q " $cid " "$work/cancels.txt"; then
      outcome="$(servers="127.0.0.1:$((SVDD_API_PORT + victim - 1))" cancel_job "$cid")"
      echo "$ck $cid $outcome" >>"$work/cancels.txt"
      log "cancel of job $ck through api node $victim right before its kill: $outcome"
    fi
  fi
  started="$(children_of "$victim")"
  # shellcheck disable=SC2086
  names="$( { [ -z "$started" ] || ps -o comm= -p "$(echo $started | tr ' ' ',')"; } 2>/dev/null | sort | uniq -c | xargs || true)"
  if [ $((events % 4)) -eq 2 ]; then
    # now and then a clean stop (SIGTERM, what a rolling restart sends) instead: the node leaves the cluster, its
    # jobs go on elsewhere, and the programs it started stop with it
    log "SIGTERM node $victim (a clean stop)"
    stops=$((stops + 1))
    cluster stop-node "$victim" || { unclean=$((unclean + 1)); log "node $victim did not stop cleanly"; cluster kill "$victim" || true; }
  else
    log "kill -9 node $victim"
    cluster kill "$victim" || true
  fi
  killed_at=$(date +%s)
  sleep 1
  # shellcheck disable=SC2086
  left="$(still_running $started)"
  orphaned=$((orphaned + left))
  log "node $victim had $(echo $started | wc -w) programs running (${names:-none}); $left of them outlived it"
  # a cancel while the killed worker's jobs move to another node must not be lost
  if [ "$victim" -gt "$api_nodes" ]; then
    read -r ck cid <<<"$(tail -n 1 "$work/jobs.txt" 2>/dev/null || true)"
    if [ -n "${cid:-}" ] && ! grep -q " $cid " "$work/cancels.txt"; then
      outcome="$(cancel_job "$cid")"
      echo "$ck $cid $outcome" >>"$work/cancels.txt"
      log "cancel of job $ck right after the kill: $outcome"
    fi
  fi
  # with two api nodes, a killed api node stays down past its jobs' leases (15 s), so the other takes them over
  if [ "$victim" -le "$api_nodes" ] && [ "$api_nodes" -gt 1 ]; then sleep 20; else sleep 3; fi
  [ "$victim" != "$ill" ] || ill=""
  [ "$victim" -le "$api_nodes" ] || worker_kills=$((worker_kills + 1))
  if [ "$victim" -gt "$api_nodes" ] && [ $((nodes - api_nodes)) -ge 3 ] && [ -z "$ill" ] \
      && [ $((worker_kills % 2)) -eq 0 ]; then
    # ill-provisioned: its oracle program missing (the later -D wins), so it fails each score request whole
    SVDD_JAVA_OPTS="$SVDD_JAVA_OPTS $missing" cluster start-node "$victim"
    ill="$victim"
    ill_starts=$((ill_starts + 1))
    log "node $victim started again without its oracle program"
  else
    cluster start-node "$victim"
  fi
  client status >/dev/null || true
  took=$(($(date +%s) - killed_at))
  kills=$((kills + 1))
  recover_total=$((recover_total + took))
  [ "$took" -gt "$recover_max" ] && recover_max=$took
  log "node $victim back, api answering after ${took}s"
done
wait "$submitter" || true
submitter="" # ended: its pid is no longer this drill's to signal

# how many of this drill's jobs (jobs.txt; the store may hold earlier drills' too) are in the states given
ours() {
  awk -v states=" $* " 'NR == FNR { mine[$2]; next } ($1 in mine) && index(states, " " $2 " ") { n++ } END { print n + 0 }' \
    "$work/jobs.txt" "$work/status.txt"
}

log "no more kills; waiting for every job to end"
jobs=$(wc -l <"$work/jobs.txt")
deadline=$(($(date +%s) + 900))
while :; do
  client status >"$work/status.txt"
  unfinished=$(ours QUEUED RUNNING)
  [ "$unfinished" -eq 0 ] && break
  [ "$(date +%s)" -lt "$deadline" ] || break
  sleep 10
done
done_jobs=$(ours DONE)
asked=$(grep -c " cancelled$" "$work/cancels.txt" || true)
cancel_failures=$(grep -c " failed: " "$work/cancels.txt" || true)
cancelled_jobs=$(awk 'NR == FNR { if ($3 == "cancelled") mine[$2]; next } ($1 in mine) && $2 == "CANCELLED" { n++ }
  END { print n + 0 }' "$work/cancels.txt" "$work/status.txt")
expected=$((jobs - asked))

# the same specs again on the calm cluster, all at once, then compare samples job by job
while read -r k id; do
  cancelled "$id" && continue
  # shellcheck disable=SC2046
  echo "$k $(client submit $(spec_of "$k") | tail -n 1)" >>"$work/reference.txt"
done <"$work/jobs.txt"
deadline=$(($(date +%s) + 1800))
while client status >"$work/status-ref.txt" && grep -q -E ' (QUEUED|RUNNING) ' "$work/status-ref.txt" \
    && [ "$(date +%s)" -lt "$deadline" ]; do
  sleep 10
done
identical=0
while read -r k id; do
  cancelled "$id" && continue
  ref="$(awk -v k="$k" '$1 == k { print $2 }' "$work/reference.txt")"
  ended="$(awk -v id="$id" '$1 == id { $3 = $4 = $5 = $6 = $7 = $8 = ""; $1 = ""; print; exit }' "$work/status.txt" | tr -s ' ' | sed 's/^ //; s/ $//')"
  if [ "${ended%% *}" != DONE ]; then
    log "job $k ($id) ended ${ended:-without a status}" # no results to compare (and none worth retrying for)
    continue
  fi
  client results "$id" >"$work/results/$k.fasta" || true
  client results "$ref" >"$work/reference/$k.fasta" || true
  if [ -s "$work/results/$k.fasta" ] && cmp -s "$work/results/$k.fasta" "$work/reference/$k.fasta"; then
    identical=$((identical + 1))
  else
    log "job $k ($id) differs from its calm run ($ref)"
  fi
done <"$work/jobs.txt"

# an injected crash is the program's fault, never the design's: no stored oracle answer may blame one
blamed=$(cluster sql "SELECT count(*) FROM svdd_rewards WHERE detail LIKE '%exit%' OR detail LIKE '%crash%'
  OR detail LIKE '%Segmentation%'" || echo unknown)

mean=0
[ "$kills" -gt 0 ] && mean=$((recover_total / kills))
takeovers=$(cat "$SVDD_DEPLOY_DIR"/logs/node-*.log | grep -c "taking over job" || true)
failed_whole=$(cat "$SVDD_DEPLOY_DIR"/logs/node-*.log | grep -c "failed whole" || true)
waits=$(cat "$SVDD_DEPLOY_DIR"/logs/node-*.log | grep -c "waiting up to .* for another" || true)
# a cancel through the api node that does not follow the job: read from the store by the one that does (its message
# to the coordinator may have been lost), or, that one dead, the job ended by another api node
cancels_read=$(cat "$SVDD_DEPLOY_DIR"/logs/node-*.log | grep -c "cancelled through another api node" || true)
cancels_ended=$(cat "$SVDD_DEPLOY_DIR"/logs/node-*.log | grep -c "it was cancelled, and its api node was lost" || true)
echo "chaos drill ($task): $minutes min, $nodes nodes ($api_nodes api), $jobs jobs, $kills kills (api included; $stops of them clean stops, $unclean of those overran 30 s), $kills recoveries," \
  "$db_restarts PostgreSQL restarts ($db_down s down; a node started meanwhile each time, up (an api node answering)" \
  "once it was back: $up_after_outage/$started_in_outage);" \
  "api answering again after ${mean}s mean, ${recover_max}s max (3 s down by design, 20 s for a second api node);" \
  "jobs cancelled right after a kill $cancelled_jobs/$asked (cancels that failed: $cancel_failures);" \
  "other jobs DONE $done_jobs/$expected, unfinished $unfinished, samples identical to a calm run $identical/$expected;" \
  "jobs taken over from a dead api node $takeovers; cancels read from the store by the following api node" \
  "$cancels_read, cancelled jobs ended for a lost api node $cancels_ended; oracle faults injected: $(sort "$SVDD_DRILL_FAULTS" | uniq -c | xargs);" \
  "worker nodes started without their oracle program $ill_starts (warnings of score requests failed whole $failed_whole)" \
  "(particles that waited for another reward node $waits);" \
  "oracle programs a killed node left running $orphaned; stored oracle answers that blame a crash $blamed"
[ "$done_jobs" -eq "$expected" ] && [ "$identical" -eq "$expected" ] && [ "$cancelled_jobs" -eq "$asked" ] \
  && [ "$cancel_failures" -eq 0 ] && [ "$orphaned" -eq 0 ] && [ "$unclean" -eq 0 ] && [ "$blamed" = 0 ] && [ "$up_after_outage" -eq "$started_in_outage" ]
