#!/usr/bin/env bash
# Load test of `tersify serve` with wrk, on loopback only: POST /v1/compress
# with prompts of about 10,000 tokens (NaturalQuestions passages around a
# question, from $TERSIFY_DATA) compressed to 2,000, for a bounded time.
# Prints wrk's throughput and latency percentiles, the responses that were
# not 200, and the server's resident memory every minute (flat, or it
# leaks).
#
#   bash scripts/load-test.sh [SECONDS=60] [CONNECTIONS=8] [THREADS=2]
#
# Builds the release binary first. The server runs with default options on
# a free port and is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
connections=${2:-8}
threads=${3:-2}
command -v wrk >/dev/null || { echo "wrk not found (apt-get install wrk)" >&2; exit 1; }

swift build -c release --product tersify 2>&1 | grep -E "error|Compiling|Build" | tail -2
bin="$(swift build -c release --show-bin-path)/tersify"
work="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

# One request body a prompt, 64 different prompts (wrk takes them in turn).
python3 scripts/batch-requests.py --prompts 64 --tokens 10000 --ratio 1 | python3 -c '
import json, sys
for index, line in enumerate(sys.stdin):
    request = json.loads(line)
    del request["ratio"]
    request["budget"] = 2000
    open(sys.argv[1] + f"/body-{index}.json", "w").write(json.dumps(request))
' "$work"
cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local bodies = {}
for i = 0, 63 do
  local f = io.open("$work/body-" .. i .. ".json", "r")
  bodies[#bodies + 1] = f:read("*a")
  f:close()
end
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, "/v1/compress", nil, bodies[(n % #bodies) + 1])
end
local errors = 0
response = function(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("requests %d, not 200: %d, socket errors: %d\n", summary.requests,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA

"$bin" serve --port 0 2>"$work/serve.log" &
server=$!
for _ in $(seq 100); do grep -q "listening on" "$work/serve.log" 2>/dev/null && break; sleep 0.1; done
port=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$work/serve.log" | grep -o '[0-9]*$')
echo "server on port $port, $connections connections, $threads wrk threads, $seconds s"
( while kill -0 "$server" 2>/dev/null; do
    echo "rss $(( $(awk '/VmRSS/ {print $2}' /proc/$server/status) / 1024 )) MiB at $(date +%T)"; sleep 60
  done ) &
watcher=$!
wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -s "$work/post.lua" "http://127.0.0.1:$port"
echo "rss $(( $(awk '/VmRSS/ {print $2}' /proc/$server/status) / 1024 )) MiB at the end"
kill "$watcher" 2>/dev/null || true
