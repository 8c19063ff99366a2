#!/usr/bin/env bash
# bench/metrics.sh: what counting requests costs (the statistics behind `gateway ctl show stats` and
# --metrics-bind), in hello-world req/s. Alternates, in one session, fresh servers with counting off
# (--no-control-socket, no --metrics-bind: no request is recorded) and on (--metrics-bind and the
# control socket), ROUNDS times, through bench/run.sh's hello
# scenario (its build, its wrk, its stop by PID), and prints one Markdown table.
#
# Usage: bench/metrics.sh [ROUNDS]   env BENCH_DURATION (default 8), BENCH_WARMUP (default 4),
#                                    BENCH_CONNS (default "64 256"), BENCH_SERVERS (default "thread")
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
rounds=${1:-3}
duration=${BENCH_DURATION:-8}
warmup=${BENCH_WARMUP:-4}
conns=${BENCH_CONNS:-"64 256"}
servers=${BENCH_SERVERS:-thread}
work=$(mktemp -d "${TMPDIR:-/tmp}/gateway-bench-metrics.XXXXXX")
trap 'rm -rf "$work"' EXIT
metrics_port=${BENCH_METRICS_PORT:-18590}

echo "| server | round | counting | conns | req/s | p50 ms | p99 ms | errors |"
echo "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |"
for ((round = 1; round <= rounds; round++)); do
    for mode in off on; do
        if [[ $mode == off ]]; then
            args="--no-control-socket"
        else
            args="--metrics-bind 127.0.0.1:$metrics_port --control-socket $work/ctl"
        fi
        out="$work/$round-$mode.md"
        GATEWAY_ARGS="$args" bench/run.sh -S hello -s "$servers" -d "$duration" -w "$warmup" -c "$conns" -o "$out" \
            >"$work/$round-$mode.log" 2>&1 || { tail -20 "$work/$round-$mode.log" >&2; exit 1; }
        # The hello table's rows: | server | conns | req/s | p50 | p99 | errors | ...
        awk -F'|' -v r="$round" -v m="$mode" '
            NF == 11 && /^\| (thread|virtual|process) +\| [0-9]+ / {
                gsub(/ /, "", $2); gsub(/ /, "", $3); gsub(/ /, "", $4); gsub(/ /, "", $5); gsub(/ /, "", $6); gsub(/ /, "", $7)
                printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $2, r, m, $3, $4, $5, $6, $7 }' "$out"
    done
done
