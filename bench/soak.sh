#!/usr/bin/env bash
# bench/soak.sh: the gateway under mixed traffic for a long time; its memory must level off.
#
# Builds what it needs, starts bin/gateway on 127.0.0.1 with a mixed application (bench/apps/SoakRouter:
# /hello, /upload, /stream, /slow, /crash), drives wrk with bench/soak.lua in one-minute slices and
# after each prints: minute, requests, 500s from /crash (expected), other errors (socket errors,
# timeouts, unexpected statuses), the master's RSS in MiB (/proc/PID/status) and the load average.
# The server is stopped by PID, also on failure or Ctrl-C.
#
# With --slowloris it measures instead how much slow clients cost the others: hello req/s with wrk
# alone, then with 400 connections trickling their heads a byte at a time (bench/trickle.py),
# twice each, and prints the ratio (goal: at least 0.8).
#
# Usage: bench/soak.sh [--minutes N] [--slice SECONDS] [--connections C]
#                      [--slowloris [--tricklers N] [--interval SECONDS]]
#   --minutes      slices to run                 env SOAK_MINUTES      default 10
#   --slice        seconds per slice             env SOAK_SLICE        default 60 (slowloris: 15 per run)
#   --connections  wrk connections               env SOAK_CONNECTIONS  default 32
#   --tricklers    slow connections (slowloris)  env SOAK_TRICKLERS    default 400
#   --interval     seconds between two bytes of one trickler  env SOAK_TRICKLE_INTERVAL  default 1
# Server flags: GATEWAY_ARGS (default "-k thread -w 2 --threads 8"); JVM flags: GATEWAY_JAVA_OPTS.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
# shellcheck source=bench/lib.sh
. bench/lib.sh

minutes=${SOAK_MINUTES:-10}
slice=${SOAK_SLICE:-}
connections=${SOAK_CONNECTIONS:-32}
tricklers=${SOAK_TRICKLERS:-400}
interval=${SOAK_TRICKLE_INTERVAL:-1}
gateway_args=${GATEWAY_ARGS:-"-k thread -w 2 --threads 8"}
mode=soak

while [[ $# -gt 0 ]]; do
    case $1 in
        --minutes) minutes=$2; shift 2 ;;
        --slice) slice=$2; shift 2 ;;
        --connections) connections=$2; shift 2 ;;
        --tricklers) tricklers=$2; shift 2 ;;
        --interval) interval=$2; shift 2 ;;
        --slowloris) mode=slowloris; shift ;;
        *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2 ;;
    esac
done
[[ -n $slice ]] || { [[ $mode == slowloris ]] && slice=15 || slice=60; }

log() { printf '[soak] %s\n' "$*" >&2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/gateway-soak.XXXXXX")
server_pid=
trickle_pid=

stop_pid() {
    local pid=$1 i
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
    stop_pid "$trickle_pid"
    stop_pid "$server_pid"
    log "logs kept in $work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_server() {
    local java jdk port=$1
    java=$(find_java) || { log "need a JDK >= 21 (set GATEWAY_JAVA_HOME)"; exit 1; }
    jdk=$(dirname "$(dirname "$java")")
    [[ -x $jdk/bin/javac ]] || { log "$jdk has no javac: SoakRouter cannot be compiled"; exit 1; }
    mkdir -p "$work/classes"
    "$jdk/bin/javac" --release 21 -d "$work/classes" \
        -cp gateway-spi/target/classes:src-test-apps/target/classes bench/apps/SoakRouter.java
    # shellcheck disable=SC2086
    GATEWAY_JAVA_HOME=$jdk bin/gateway -b "127.0.0.1:$port" $gateway_args \
        --classpath "$work/classes:src-test-apps/target/classes" dev.gateway.bench.SoakRouter \
        >"$work/server.log" 2>&1 &
    server_pid=$!
    local i
    for ((i = 0; i < 600; i++)); do
        kill -0 "$server_pid" 2>/dev/null || { tail -20 "$work/server.log" >&2; log "the server died"; exit 1; }
        curl -sf -o /dev/null "http://127.0.0.1:$port/hello" && return 0
        sleep 0.1
    done
    log "the server did not answer within 60 s"
    exit 1
}

rss_mib() {
    awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$server_pid/status" 2>/dev/null || echo "?"
}

load_average() {
    cut -d' ' -f1 /proc/loadavg
}

# Prints the requests/s figure of one wrk run on /hello.
hello_rps() {
    wrk -t1 -c"$connections" -d"$1"s --timeout 10s "$url/hello" | awk '/^Requests\/sec:/ { print $2 }'
}

run_soak() {
    local m out line requests status500 crash_sent unexpected socket timeout other total=0 errors=0
    printf '| minute | requests | 500s from /crash | other errors | master RSS MiB | load avg |\n'
    printf '|---:|---:|---:|---:|---:|---:|\n'
    printf '| 0 | 0 | 0 | 0 | %s | %s |\n' "$(rss_mib)" "$(load_average)"
    for ((m = 1; m <= minutes; m++)); do
        out=$(wrk -t1 -c"$connections" -d"$slice"s --timeout 10s -s bench/soak.lua "$url") || true
        line=$(grep '^SOAK ' <<<"$out" || true)
        if [[ -z $line ]]; then
            log "wrk gave no result: $out"
            exit 1
        fi
        requests=$(sed 's/.*requests=\([0-9]*\).*/\1/' <<<"$line")
        status500=$(sed 's/.*status500=\([0-9]*\).*/\1/' <<<"$line")
        crash_sent=$(sed 's/.*crash_sent=\([0-9]*\).*/\1/' <<<"$line")
        unexpected=$(sed 's/.*unexpected=\([0-9]*\).*/\1/' <<<"$line")
        socket=$(sed 's/.*socket=\([0-9]*\).*/\1/' <<<"$line")
        timeout=$(sed 's/.*timeout=\([0-9]*\).*/\1/' <<<"$line")
        # A 500 beyond the /crash requests sent came from somewhere else: an error.
        other=$((unexpected + socket + timeout + (status500 > crash_sent ? status500 - crash_sent : 0)))
        total=$((total + requests))
        errors=$((errors + other))
        printf '| %d | %d | %d | %d | %s | %s |\n' "$m" "$requests" "$status500" "$other" "$(rss_mib)" "$(load_average)"
    done
    log "total: $total requests, $errors other errors, server flags: $gateway_args, wrk connections: $connections"
    kill -0 "$server_pid" 2>/dev/null || { log "the server died"; exit 1; }
}

run_slowloris() {
    local alone=0 slowed=0 r round
    log "warming up ($slice s)"
    hello_rps "$slice" >/dev/null
    for round in 1 2; do
        r=$(hello_rps "$slice")
        log "round $round: hello alone: $r req/s"
        alone=$(awk -v a="$alone" -v b="$r" 'BEGIN { print a + b }')
        python3 bench/trickle.py 127.0.0.1 "$port" "$tricklers" "$interval" >"$work/trickle.out" 2>>"$work/trickle.err" &
        trickle_pid=$!
        for ((i = 0; i < 300; i++)); do
            grep -q ready "$work/trickle.out" 2>/dev/null && break
            sleep 0.1
        done
        r=$(hello_rps "$slice")
        log "round $round: hello with $tricklers tricklers: $r req/s (RSS $(rss_mib) MiB)"
        slowed=$(awk -v a="$slowed" -v b="$r" 'BEGIN { print a + b }')
        stop_pid "$trickle_pid"
        trickle_pid=
    done
    cat "$work/trickle.err" >&2
    awk -v a="$alone" -v s="$slowed" -v n="$tricklers" -v c="$connections" -v i="$interval" 'BEGIN {
        printf "hello req/s alone: %.0f, with %d trickling connections (a byte each every %s s): %.0f, ratio %.3f (wrk -c%d, 2 rounds)\n",
            a / 2, n, i, s / 2, s / a, c }'
}

command -v wrk >/dev/null || { log "wrk is missing (apt-get install wrk)"; exit 1; }
build_gateway "$here" "$work/build.log"
port=$(free_port)
url="http://127.0.0.1:$port"
start_server "$port"
log "server PID $server_pid on $url ($gateway_args), load average $(load_average)"
if [[ $mode == slowloris ]]; then
    run_slowloris
else
    run_soak
fi
