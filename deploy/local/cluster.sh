#!/usr/bin/env bash
# A local svdd cluster on 127.0.0.1: a PostgreSQL server for the job store and N svdd nodes.
#   deploy/local/cluster.sh start [NODES]   nodes 1..A: api (A = $SVDD_API_NODES, default 1; node n's gRPC on
#                                            $SVDD_API_PORT+n-1, default 50051; api nodes share the store and take
#                                            over each other's jobs); nodes A+1..N: coordinator+denoiser+reward
#                                            (N defaults to 3); node n serves Prometheus metrics on port
#                                            $SVDD_METRICS_BASE_PORT+n-1 (default 9464); api node n's web
#                                            dashboard on $SVDD_DASHBOARD_BASE_PORT+n-1 (default 8080; -1: off);
#                                            every node serves task $SVDD_TASK (default trna; e.g. molecules);
#                                            refused while a node of the cluster runs
#   deploy/local/cluster.sh stop            stops every node (all but one worker, then that one), then PostgreSQL
#   deploy/local/cluster.sh status          lists nodes and whether they run
#   deploy/local/cluster.sh nodes           the cluster as its api nodes see it: svdd nodes (status, reachability,
#                                            each node's jobs, queued rows, oracle work and load average)
#   deploy/local/cluster.sh kill NODE       kill -9 one node (failure drills)
#   deploy/local/cluster.sh stop-node NODE  stops one node cleanly (SIGTERM): it leaves the cluster and its jobs go
#                                            on elsewhere (a rolling restart: stop-node, then start-node)
#   deploy/local/cluster.sh start-node NODE restarts one node with its original roles
#   deploy/local/cluster.sh restart-db SECS stops PostgreSQL, and starts it again SECS seconds later (drills)
#   deploy/local/cluster.sh sql QUERY       runs QUERY on the job store, printing rows as text (drills)
# State lives in $SVDD_DEPLOY_DIR (default target/deploy): logs and pids; the database files in
# $SVDD_PG_DIR (default $SVDD_DEPLOY_DIR/pg), which the postgres user must be able to reach when run as root.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="${SVDD_DEPLOY_DIR:-$home/target/deploy}"
pg_port="${SVDD_PG_PORT:-55432}"
api_port="${SVDD_API_PORT:-50051}"
base_port="${SVDD_BASE_PORT:-25520}"
metrics_port="${SVDD_METRICS_BASE_PORT:-9464}"
dashboard_port="${SVDD_DASHBOARD_BASE_PORT:-8080}"
api_nodes="${SVDD_API_NODES:-1}"
task="${SVDD_TASK:-trna}"
pg_dir="${SVDD_PG_DIR:-$dir/pg}"
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"

die() { echo "cluster.sh: $*" >&2; exit 1; }

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  [ -n "$pg_bin" ] || die "PostgreSQL is not installed: apt-get install -y --no-install-recommends postgresql"
  mkdir -p "$pg_dir"
  [ "$(id -u)" -eq 0 ] && chown postgres "$pg_dir" && chmod 700 "$pg_dir"
  if [ ! -f "$pg_dir/PG_VERSION" ]; then
    as_postgres "$pg_bin/initdb" -D "$pg_dir" -U svdd --auth=trust >"$pg_dir-init.log" 2>&1 || die "initdb failed: $dir/pg-init.log"
  fi
  if ! as_postgres "$pg_bin/pg_ctl" -D "$pg_dir" status >/dev/null 2>&1; then
    as_postgres "$pg_bin/pg_ctl" -D "$pg_dir" -l "$pg_dir/server.log" -w \
      -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $pg_dir" start >/dev/null || die "PostgreSQL did not start: $pg_dir/server.log"
  fi
  as_postgres "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U svdd -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = 'svdd'" | grep -q 1 \
    || as_postgres "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U svdd svdd
}

roles_of() { if [ "$1" -le "$api_nodes" ]; then echo "api"; else echo "coordinator,denoiser,reward"; fi; }

# Runs the CLI: bin/svdd, or the classes on $SVDD_CLASSPATH when a test drives this script.
launcher() {
  if [ -n "${SVDD_CLASSPATH:-}" ]; then
    # shellcheck disable=SC2086
    DJL_OFFLINE=true OPT_OUT_TRACKING=true exec java ${SVDD_JAVA_OPTS:--Xmx1g} -Dai.djl.offline=true \
      -DOPT_OUT_TRACKING=true -Dai.djl.pytorch.num_threads=1 -Dsvdd.home="$home" -Dconfig.file="$home/application.conf" \
      -Dpekko.cluster.split-brain-resolver.stable-after=5s -cp "$SVDD_CLASSPATH" org.svdd.cli.Main "$@"
  fi
  SVDD_JAVA_OPTS="${SVDD_JAVA_OPTS:--Xmx1g} -Dpekko.cluster.split-brain-resolver.stable-after=5s" \
    SVDD_TORCH_THREADS=1 exec "$home/bin/svdd" "$@"
}

# Every node lists the first three nodes as seeds: a restarted node 1 joins the running cluster
# through nodes 2 and 3 instead of forming a cluster of its own (Pekko's first seed forms a new
# cluster only when no other seed answers).
seeds() {
  local total="$1" list="" k
  for k in $(seq 1 $((total < 3 ? total : 3))); do list="$list${list:+,}127.0.0.1:$((base_port + k - 1))"; done
  echo "$list"
}

start_node() {
  local n="$1" port=$((base_port + $1 - 1)) total
  total="$(cat "$dir/nodes" 2>/dev/null || echo "$n")"
  api_nodes="$(cat "$dir/api-nodes" 2>/dev/null || echo "$api_nodes")"
  task="$(cat "$dir/task" 2>/dev/null || echo "$task")"
  mkdir -p "$dir/logs"
  # the api's ports only on api nodes (a node without the role refuses them)
  local api_options=()
  if [ "$(roles_of "$n")" = api ]; then
    api_options=(--api-port $((api_port + n - 1))
      --dashboard-port "$([ "$dashboard_port" -lt 0 ] && echo -1 || echo $((dashboard_port + n - 1)))")
  fi
  (SVDD_STORE_URL="jdbc:postgresql://127.0.0.1:$pg_port/svdd" SVDD_STORE_USER=svdd \
    launcher serve --task "$task" --roles "$(roles_of "$n")" --port "$port" "${api_options[@]}" \
      --metrics-port $((metrics_port + n - 1)) \
      --seed-nodes "$(seeds "$total")" >>"$dir/logs/node-$n.log" 2>&1) &
  echo $! >"$dir/node-$n.pid"
  echo "$(roles_of "$n")" >"$dir/node-$n.roles"
}

# Whether node $1's process runs (a killed one not yet reaped does not).
running() {
  local pid
  pid="$(cat "$dir/node-$1.pid" 2>/dev/null)" || return 1
  [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] && ! grep -q ') Z ' "/proc/$pid/stat" 2>/dev/null
}

# Cluster members node $1 sees Up, from its metrics endpoint (empty while it does not answer).
members_up() {
  local port=$((metrics_port + $1 - 1)) line
  { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || return 0
  printf 'GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
  line="$(grep -m1 '^svdd_cluster_members' <&3 || true)"
  exec 3<&-
  [ -z "$line" ] || printf '%.0f' "${line##* }"
}

# The last warnings and errors in node $1's log, and svdd's own lines (a node that stops prints its reason as
# "svdd: ..."), for a start that failed.
log_tail() {
  local log="$dir/logs/node-$1.log"
  echo "--- node $1 ($log), last warnings and errors:"
  grep -E 'WARN|ERROR|Exception|rror:|svdd: ' "$log" 2>/dev/null | tail -n 8 | cut -c1-400 || true
}

# Fails the start, naming the reason and showing every node's recent warnings.
start_failed() {
  local n
  { echo "cluster.sh: $*"; for n in $(seq 1 "$nodes"); do log_tail "$n"; done
    echo "cluster.sh: the nodes that started still run: once the cause is fixed, start the others with start-node N," \
      "or stop them all with stop"; } >&2
  exit 1
}

# Checks that $2 names a node of the cluster in $dir, for command $1 (a number past the cluster's adds a worker).
node_arg() {
  [ -f "$dir/nodes" ] || die "no cluster was started in $dir (start one first: $0 start)"
  [[ "${2:-}" =~ ^[1-9][0-9]{0,2}$ ]] || die "$1 needs a node number, 1 to $(cat "$dir/nodes") in this cluster; got '${2:-}'"
}

# The numbers of the nodes with a pid file in $dir (started, running or not), in order.
node_numbers() {
  local f
  for f in "$dir"/node-*.pid; do if [ -f "$f" ]; then basename "$f" .pid | sed 's/^node-//'; fi; done | sort -n
}

# Stops nodes "$@" together (SIGTERM), waiting up to 30 s for each to exit before killing it.
stop_nodes() {
  local n
  for n in "$@"; do if running "$n"; then kill "$(cat "$dir/node-$n.pid")" 2>/dev/null || true; fi; done
  for n in "$@"; do
    for _ in $(seq 1 300); do running "$n" || break; sleep 0.1; done
    if running "$n"; then kill -9 "$(cat "$dir/node-$n.pid")"; fi
    rm -f "$dir/node-$n.pid"
  done
}

# Fails the start at once when node $1's process has exited.
alive_or_fail() {
  running "$1" || start_failed "node $1 exited during start"
}

case "${1:-}" in
  start)
    [[ "${2:-3}" =~ ^[0-9]{1,3}$ ]] || die "start takes the number of nodes (a whole number), got '$2'"
    # a second start would take over the pid files and logs of the nodes running, which no stop could then reach
    for n in $(node_numbers); do
      if running "$n"; then
        die "node $n is running (pid $(cat "$dir/node-$n.pid")): the cluster in $dir is started already; stop it first ($0 stop)"
      fi
    done
    nodes="${2:-3}"
    [ "$nodes" -gt "$api_nodes" ] || die "a local cluster needs a worker node besides its $api_nodes api node(s)"
    [ -n "${SVDD_CLASSPATH:-}" ] || [ -f "$home/target/svdd.jar" ] || (cd "$home" && mvn -q -B -ntp package -DskipTests)
    start_postgres
    mkdir -p "$dir"
    echo "$nodes" >"$dir/nodes"
    echo "$api_nodes" >"$dir/api-nodes"
    echo "$task" >"$dir/task"
    rm -f "$dir"/logs/node-*.log
    for n in $(seq 1 "$nodes"); do start_node "$n"; done
    for _ in $(seq 1 600); do # 120 s
      grep -q "job API on" "$dir/logs/node-1.log" 2>/dev/null && break
      for n in $(seq 1 "$nodes"); do alive_or_fail "$n"; done
      sleep 0.2
    done
    grep -q "job API on" "$dir/logs/node-1.log" || start_failed "node 1 did not come up: $dir/logs/node-1.log"
    # every node a member (Up) in every node's view before the cluster counts as started: a node still
    # joining is not counted by the split-brain resolver, so losing a node then could down the survivors
    for n in $(seq 1 "$nodes"); do
      for _ in $(seq 1 600); do # 120 s
        [ "$(members_up "$n")" = "$nodes" ] && break
        for k in $(seq 1 "$nodes"); do alive_or_fail "$k"; done
        sleep 0.2
      done
      [ "$(members_up "$n")" = "$nodes" ] || start_failed "node $n sees $(members_up "$n") of $nodes nodes up"
    done
    apis="127.0.0.1:$api_port"
    for n in $(seq 2 "$api_nodes"); do apis="$apis, 127.0.0.1:$((api_port + n - 1))"; done
    echo "svdd cluster of $nodes nodes on 127.0.0.1; job API on $apis; logs in $dir/logs; what each node does: $0 nodes"
    ;;
  start-node)
    node_arg start-node "${2:-}"
    if running "$2"; then
      die "node $2 is running (pid $(cat "$dir/node-$2.pid")); stop it first (kill $2, or stop)"
    fi
    start_node "$2"
    ;;
  stop-node)
    node_arg stop-node "${2:-}"
    running "$2" || die "node $2 is not running"
    kill "$(cat "$dir/node-$2.pid")"
    for _ in $(seq 1 300); do running "$2" || break; sleep 0.1; done
    if running "$2"; then die "node $2 did not stop within 30 s: $dir/logs/node-$2.log"; fi
    ;;
  kill)
    node_arg kill "${2:-}"
    running "$2" || die "node $2 is not running"
    kill -9 "$(cat "$dir/node-$2.pid")"
    for _ in $(seq 1 50); do running "$2" || break; sleep 0.2; done
    ;;
  restart-db)
    [[ "${2:-10}" =~ ^[0-9]{1,4}$ ]] || die "restart-db takes the seconds PostgreSQL stays down (a whole number), got '$2'"
    as_postgres "$pg_bin/pg_ctl" -D "$pg_dir" -m fast stop >/dev/null || die "PostgreSQL did not stop: $pg_dir/server.log"
    sleep "${2:-10}"
    start_postgres
    ;;
  sql)
    [ -n "${2:-}" ] || die "sql needs a query, e.g. $0 sql 'SELECT count(*) FROM svdd_jobs'"
    as_postgres "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U svdd -d svdd -tAc "$2"
    ;;
  status)
    for f in "$dir"/node-*.pid; do
      [ -f "$f" ] || continue
      n="$(basename "$f" .pid)"
      if running "${n#node-}"; then s=running; else s=stopped; fi
      echo "$n $(cat "$dir/$n.roles") $s"
    done
    ;;
  nodes)
    apis="127.0.0.1:$api_port"
    for n in $(seq 2 "$(cat "$dir/api-nodes" 2>/dev/null || echo "$api_nodes")"); do
      apis="$apis,127.0.0.1:$((api_port + n - 1))"
    done
    launcher nodes --server "$apis"
    ;;
  stop)
    # Every node but one worker together, then that worker. Were every worker to leave at once, none would be
    # left to take over the shards and singleton of the workers' role, and one would wait out Pekko's 10-s
    # cluster-exiting timeout; with one kept, each leaves in about a second, and the last, alone, at once.
    numbers="$(node_numbers)"
    kept=""
    for n in $numbers; do
      if [ -z "$kept" ] && running "$n" && grep -q coordinator "$dir/node-$n.roles" 2>/dev/null; then kept="$n"; fi
    done
    others="$(for n in $numbers; do [ "$n" = "$kept" ] || echo "$n"; done)"
    # shellcheck disable=SC2086
    stop_nodes $others
    # shellcheck disable=SC2086
    stop_nodes $kept
    if [ -n "$pg_bin" ] && [ -f "$pg_dir/PG_VERSION" ]; then
      as_postgres "$pg_bin/pg_ctl" -D "$pg_dir" -m fast stop >/dev/null 2>&1 || true
    fi
    echo "svdd cluster stopped"
    ;;
  *)
    sed -n '2,/^set /{/^#/p}' "$0" | sed 's/^# \{0,1\}//' # the comment above: every command
    exit 2
    ;;
esac
