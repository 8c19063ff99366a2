#!/usr/bin/env bash
# bench/h2.sh: HTTP/2 beside Jetty 12.1's, one command from a fresh clone (see docs/performance.md).
#
# Builds what it needs (the project, bench/jetty-h2, bench/apps), installs h2load (Debian's
# nghttp2-client) when missing, and runs h2load over cleartext HTTP/2 with prior knowledge against
# gateway (thread and virtual workers, --http2-cleartext prior-knowledge) and Jetty: hello and a 1 MiB
# download, at 1 and 64 connections x 100 streams each. Prints one Markdown table (req/s; mean,
# p99 and max request time; server CPU per request). Every server it starts is stopped by PID.
#
# Usage: bench/h2.sh [-d SECONDS] [-s "SERVERS"] [-o FILE]
#   -d  seconds per h2load run        default 10
#   -s  servers                       default "jetty thread virtual"
#   -o  where to write the report     default bench/results/h2.md
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
# shellcheck source=bench/lib.sh
. bench/lib.sh

duration=10
servers="jetty thread virtual"
out=bench/results/h2.md
while getopts "d:s:o:h" opt; do
    case $opt in
        d) duration=$OPTARG ;;
        s) servers=$OPTARG ;;
        o) out=$OPTARG ;;
        *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2 ;;
    esac
done

log() { printf '[h2] %s\n' "$*" >&2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/gateway-h2.XXXXXX")
mkdir -p "$(dirname "$out")"
server_pid=

trap 'stop_server; rm -rf "$work"' EXIT INT TERM

need_command h2load nghttp2-client "$work/apt.log" || exit 1

JAVA=$(find_java) || { log "need a JDK 21 or newer"; exit 1; }
build_gateway "$here" "$work/build.log"
log "building bench/jetty-h2 and bench/apps"
mvn -B -q -f bench/jetty-h2/pom.xml package >"$work/jetty.log" 2>&1 || { tail -30 "$work/jetty.log" >&2; exit 1; }
compile_bench_apps "$JAVA"

port=18900
start_server() {
    local name=$1
    port=$((port + 1))
    case $name in
        jetty) "$JAVA" -jar bench/jetty-h2/target/jetty-h2.jar "$port" >"$work/$name.log" 2>&1 & ;;
        thread|virtual) bin/gateway -b "127.0.0.1:$port" -k "$name" --http2-cleartext prior-knowledge \
            --http2-max-concurrent-streams 100 --classpath bench/apps/target/classes dev.gateway.bench.apps.H2Bench \
            >"$work/$name.log" 2>&1 & ;;
    esac
    server_pid=$!
    for _ in $(seq 300); do
        curl -s --http2-prior-knowledge -o /dev/null "http://127.0.0.1:$port/" && return 0
        sleep 0.1
    done
    log "$name did not answer"; cat "$work/$name.log" >&2; return 1
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# h2load CONNS STREAMS PATH -> "req/s mean_ms max_ms requests p99"
# h2load prints no percentiles; its --log-file has one line per request, the third column the
# microseconds until the response ended, from which the p99 is taken.
run_h2load() {
    local out_file="$work/h2load.txt" requests_log="$work/requests.tsv"
    rm -f "$requests_log"
    h2load -D "$duration" -c "$1" -m "$2" -t 1 --log-file="$requests_log" "http://127.0.0.1:$port$3" >"$out_file" 2>&1 || true
    local p99
    p99=$(cut -f3 "$requests_log" 2>/dev/null | sort -n | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "-"; exit }
        us = v[int(NR * 0.99 + 0.999999)]
        if (us >= 1000000) printf "%.2fs", us / 1e6; else if (us >= 1000) printf "%.2fms", us / 1e3; else printf "%dus", us }')
    awk -v p99="$p99" '/^finished in/ { for (i = 1; i <= NF; i++) if ($i ~ /req\/s/) rps = $(i-1) }
         /^requests:/ { done = $8 }
         /^time for request:/ { mean = $6; max = $5 }
         END { print rps, mean, max, done, p99 }' "$out_file"
}

{
    echo "Machine: $(nproc) cores, $(uname -r), $("$JAVA" -version 2>&1 | head -1), $(h2load --version | head -1)"
    echo "Run: $(date -u '+%Y-%m-%d %H:%M UTC'), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    echo "| server | path | conns x streams | req/s | mean | p99 | max | server CPU µs/req |"
    echo "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |"
} >"$out"

for server in $servers; do
    start_server "$server"
    h2load -D 3 -c 8 -m 100 -t 1 "http://127.0.0.1:$port/" >/dev/null 2>&1 || true   # warm-up
    for path in / /download; do
        for conns in 1 64; do
            before=$(cpu_ticks "$server_pid")
            read -r rps mean max requests p99 < <(run_h2load "$conns" 100 "$path")
            after=$(cpu_ticks "$server_pid")
            cpu=$(awk -v t=$((after - before)) -v n="${requests:-0}" -v hz="$(getconf CLK_TCK)" \
                'BEGIN { if (n > 0) printf "%.1f", t / hz * 1e6 / n; else print "-" }')
            echo "| $server | $path | $conns x 100 | $rps | $mean | $p99 | $max | $cpu |" >>"$out"
            log "$server $path ${conns}x100: $rps req/s, mean $mean, p99 $p99"
        done
    done
    stop_server
done
echo >>"$out"
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out"
cat "$out"
