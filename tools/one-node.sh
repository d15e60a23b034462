# Sourced by the tools that try one `svdd serve` node: start_node NAME TASK PORT API_PORT METRICS_PORT starts one
# with every role, its own H2 store under $work (the caller's temporary folder, also its HOME), and waits until its
# api answers (3 minutes at most; otherwise prints the node's log and exits). Sets $node (its pid, for the caller's
# trap) and $server (host:port of its api).
start_node() {
  local name="$1" task="$2" port="$3" api_port="$4" metrics_port="$5"
  server="127.0.0.1:$api_port"
  "$svdd" serve --task "$task" --roles api,coordinator,denoiser,reward --port "$port" --api-port "$api_port" \
    --dashboard-port -1 --metrics-port "$metrics_port" --store-url "jdbc:h2:file:$work/jobs" > "$work/serve.log" 2>&1 &
  node=$!
  for _ in $(seq 180); do "$svdd" nodes --server "$server" > /dev/null 2>&1 && break; sleep 1; done
  "$svdd" nodes --server "$server" > /dev/null 2>&1 \
    || { echo "$name: the node did not start:" >&2; tail "$work/serve.log" >&2; exit 1; }
}
