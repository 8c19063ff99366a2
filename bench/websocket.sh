#!/usr/bin/env bash
# bench/websocket.sh: WebSocket echo throughput and many idle sockets, one command from a fresh clone
# (see docs/performance.md, "WebSockets").
#
# Builds the project when needed and serves dev.gateway.testapps.Sockets (an echo) on one worker;
# bench/ws/WsLoad.java, run from source, is the client: blocking sockets on virtual threads, each
# sending a 64-byte text message and waiting for its echo, again and again (closed loop), at 64 and
# 1,000 sockets; then 10,000 sockets opened and left idle on one virtual worker, with the server's RSS
# and file descriptors, and the latency of a plain HTTP request meanwhile. Optionally Jetty 12.1's
# WebSocket server (bench/jetty-ws) beside it, same client, same machine. Prints one Markdown report.
# Every server and client it starts is stopped by PID.
#
# Usage: bench/websocket.sh [-d SECONDS] [-s "SERVERS"] [-i IDLE] [-o FILE]
#   -d  seconds per echo run                  default 10
#   -s  servers: virtual, thread, jetty       default "virtual thread"
#   -i  idle sockets to hold (0: skip)        default 10000
#   -o  where to write the report             default bench/results/websocket.md
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
# shellcheck source=bench/lib.sh
. bench/lib.sh

duration=10
servers="virtual thread"
idle=10000
out=bench/results/websocket.md
while getopts "d:s:i:o:h" opt; do
    case $opt in
        d) duration=$OPTARG ;;
        s) servers=$OPTARG ;;
        i) idle=$OPTARG ;;
        o) out=$OPTARG ;;
        *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2 ;;
    esac
done

log() { printf '[ws] %s\n' "$*" >&2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/gateway-ws.XXXXXX")
mkdir -p "$(dirname "$out")"
server_pid=
client_pid=

cleanup() { stop_pid "$client_pid"; stop_server; rm -rf "$work"; }
trap cleanup EXIT INT TERM

# Every socket is a descriptor on both sides.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
JAVA=$(find_java) || { log "need a JDK 21 or newer"; exit 1; }
build_gateway "$here" "$work/build.log"
if [[ " $servers " == *" jetty "* ]]; then
    log "building bench/jetty-ws"
    mvn -B -q -f bench/jetty-ws/pom.xml package >"$work/jetty.log" 2>&1 || { tail -30 "$work/jetty.log" >&2; exit 1; }
fi
load() { "$JAVA" -Xss256k bench/ws/WsLoad.java "$@"; }

port=18950
start_server() {
    local name=$1
    port=$((port + 1))
    case $name in
        jetty) "$JAVA" -jar bench/jetty-ws/target/jetty-ws.jar "$port" >"$work/$name.log" 2>&1 & ;;
        virtual) bin/gateway -b "127.0.0.1:$port" -k virtual -w 1 --worker-connections 20000 --max-connections 20000 --backlog 4096 \
            --classpath src-test-apps/target/classes dev.gateway.testapps.Sockets >"$work/$name.log" 2>&1 & ;;
        thread) bin/gateway -b "127.0.0.1:$port" -k thread -w 1 --threads 1100 --max-connections 20000 --backlog 4096 \
            --classpath src-test-apps/target/classes dev.gateway.testapps.Sockets >"$work/$name.log" 2>&1 & ;;
    esac
    server_pid=$!
    for _ in $(seq 300); do
        curl -s -o /dev/null "http://127.0.0.1:$port/" && return 0
        sleep 0.1
    done
    log "$name did not answer"; cat "$work/$name.log" >&2; return 1
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mib() { mib "$(rss_kib "$1")"; }
fds() { ls "/proc/$1/fd" | wc -l; }

{
    echo "Machine: $(nproc) cores, $(uname -r), $("$JAVA" -version 2>&1 | head -1); client and server on the same cores"
    echo "Run: $(date -u '+%Y-%m-%d %H:%M UTC'), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    echo "Echo, 64-byte text messages, each socket waiting for its echo before the next ($duration s after 2 s of warm-up):"
    echo
    echo "| server | sockets | messages/s | p50 | p99 | max | server CPU µs/msg | errors |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
} >"$out"

for server in $servers; do
    start_server "$server"
    load echo "$port" /echo 16 2 64 >/dev/null 2>&1 || true   # JIT warm-up
    for sockets in 64 1000; do
        before=$(cpu_ticks "$server_pid")
        read -r _ msgs rate p50 p99 max errors < <(load echo "$port" /echo "$sockets" "$duration" 64)
        after=$(cpu_ticks "$server_pid")
        cpu=$(awk -v t=$((after - before)) -v n="${msgs:-0}" -v hz="$(getconf CLK_TCK)" \
            'BEGIN { if (n > 0) printf "%.1f", t / hz * 1e6 / n; else print "-" }')
        echo "| $server | $sockets | $rate | ${p50} µs | ${p99} µs | ${max} µs | $cpu | $errors |" >>"$out"
        log "$server $sockets sockets: $rate msg/s, p99 $p99 µs"
    done
    stop_server
done

if [[ $idle -gt 0 ]]; then
    start_server virtual
    rss_before=$(rss_mib "$server_pid"); fds_before=$(fds "$server_pid")
    mkfifo "$work/hold"
    load idle "$port" /echo "$idle" <"$work/hold" >"$work/idle.out" 2>"$work/idle.err" &
    client_pid=$!
    exec 3>"$work/hold"   # the client holds its sockets until this closes
    for _ in $(seq 1200); do grep -q '^open' "$work/idle.out" 2>/dev/null && break; sleep 0.1; done
    opened=$(awk '/^open/ { print $2 }' "$work/idle.out")
    sleep 2
    rss_after=$(rss_mib "$server_pid"); fds_after=$(fds "$server_pid")
    http=$(curl -s -o /dev/null -w '%{http_code} in %{time_total} s' "http://127.0.0.1:$port/")
    echo_ok=$(load echo "$port" /echo 1 2 64 | awk '{ print $3 " msg/s, p99 " $5 " µs" }')
    {
        echo
        echo "Idle sockets on one virtual worker (-w 1 --worker-connections 20000 --max-connections 20000):"
        echo
        echo "| sockets open | server RSS before → after | file descriptors before → after | a plain HTTP request meanwhile | one more socket's echo meanwhile |"
        echo "| ---: | ---: | ---: | --- | --- |"
        echo "| ${opened:-0} of $idle | $rss_before MiB → $rss_after MiB | $fds_before → $fds_after | $http | $echo_ok |"
    } >>"$out"
    exec 3>&-
    stop_pid "$client_pid"; client_pid=
    stop_server
fi
echo >>"$out"
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out"
cat "$out"
