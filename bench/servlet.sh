#!/usr/bin/env bash
# bench/servlet.sh: the Spring MVC example on gateway beside Tomcat 11 and Jetty 12.1, one command
# from a fresh clone (see docs/performance.md).
#
# Builds what it needs (the project, bench/servlet-peers), installs wrk (Debian's) when missing, and
# runs wrk against the same Spring application (examples/ dev.gateway.examples.spring, deployed by
# SpringServletContainerInitializer on each server) on Tomcat 11 embedded, Jetty 12.1 (EE 11
# servlets), and gateway with thread and virtual workers (gateway-servlet,
# ServletApplication:fromClasspath): GET /hello (text) and GET /hello.json (Jackson), at 64 and 256
# connections. Prints one Markdown table (req/s, p99, server CPU per request). Every server it
# starts is stopped by PID.
#
# Usage: bench/servlet.sh [-d SECONDS] [-w SECONDS] [-s "SERVERS"] [-c "CONNS"] [-o FILE]
#   -d  seconds per wrk run           default 10
#   -w  seconds of warm-up per path   default 8 (both paths are warmed before any is measured: JIT)
#   -s  servers                       default "tomcat jetty thread virtual"
#   -c  connection counts             default "64 256"
#   -o  where to write the report     default bench/results/servlet.md
# Environment: GATEWAY_THREADS (threads of the thread worker, default 16).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
# shellcheck source=bench/lib.sh
. bench/lib.sh

duration=10
warmup=8
servers="tomcat jetty thread virtual"
conn_list="64 256"
out=bench/results/servlet.md
threads=${GATEWAY_THREADS:-16}
while getopts "d:w:s:c:o:h" opt; do
    case $opt in
        d) duration=$OPTARG ;;
        w) warmup=$OPTARG ;;
        s) servers=$OPTARG ;;
        c) conn_list=$OPTARG ;;
        o) out=$OPTARG ;;
        *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2 ;;
    esac
done

log() { printf '[servlet] %s\n' "$*" >&2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/gateway-servlet.XXXXXX")
mkdir -p "$(dirname "$out")"
server_pid=

trap 'stop_server; rm -rf "$work"' EXIT INT TERM

need_command wrk wrk "$work/apt.log" || exit 1

JAVA=$(find_java) || { log "need a JDK 21 or newer"; exit 1; }
build_gateway "$here" "$work/build.log"
if [[ ! -f gateway-servlet/target/gateway-servlet.jar || ! -d examples/target/classes/dev/gateway/examples/spring ]]; then
    log "building the project (mvn -B -q -DskipTests package)"
    mvn -B -q -DskipTests package >"$work/build.log" 2>&1 || { tail -30 "$work/build.log" >&2; exit 1; }
fi
log "building bench/servlet-peers"
mvn -B -q -f bench/servlet-peers/pom.xml package >"$work/peers.log" 2>&1 || { tail -30 "$work/peers.log" >&2; exit 1; }

# gateway's class path: the application (the example's classes, Spring, Jackson) and gateway-servlet
# with the Servlet API, without the peers' containers.
mkdir -p "$work/spring"
for jar in bench/servlet-peers/target/lib/*.jar; do
    case $(basename "$jar") in tomcat-*|jetty-*|jakarta.servlet-api-*) ;; *) ln -s "$here/$jar" "$work/spring/" ;; esac
done
gateway_cp="examples/target/classes:gateway-servlet/target/gateway-servlet.jar:gateway-servlet/target/lib/*:$work/spring/*"
peers_cp="bench/servlet-peers/target/servlet-peers.jar:bench/servlet-peers/target/lib/*:examples/target/classes"

port=19350
# The next port nothing listens on (other benchmarks may run on this machine).
next_port() {
    port=$((port + 1))
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
}

start_server() {
    local name=$1
    next_port
    case $name in
        tomcat) "$JAVA" -cp "$peers_cp" dev.gateway.bench.servlet.TomcatMain "$port" >"$work/$name.log" 2>&1 & ;;
        jetty) "$JAVA" -cp "$peers_cp" dev.gateway.bench.servlet.JettyMain "$port" >"$work/$name.log" 2>&1 & ;;
        thread) bin/gateway -b "127.0.0.1:$port" -k thread --threads "$threads" --classpath "$gateway_cp" \
            dev.gateway.servlet.ServletApplication:fromClasspath >"$work/$name.log" 2>&1 & ;;
        virtual) bin/gateway -b "127.0.0.1:$port" -k virtual --classpath "$gateway_cp" \
            dev.gateway.servlet.ServletApplication:fromClasspath >"$work/$name.log" 2>&1 & ;;
        *) log "unknown server $name"; return 1 ;;
    esac
    server_pid=$!
    for _ in $(seq 600); do
        [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/hello" || true) == 200 ]] && return 0
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    log "$name did not answer"; cat "$work/$name.log" >&2; return 1
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# run_wrk CONNS PATH -> "req/s p99 requests"
run_wrk() {
    local file="$work/wrk.txt"
    wrk -t1 -c"$1" -d"${duration}s" --timeout 10s --latency "http://127.0.0.1:$port$2" >"$file" 2>&1 || true
    awk '/^Requests\/sec:/ { rps = $2 }
         /^ +99%/ { p99 = $2 }
         /requests in/ { done = $1 }
         /Non-2xx or 3xx/ { bad = $5 }
         END { printf "%s %s %s %s\n", rps, p99, done, bad + 0 }' "$file"
}

{
    echo "Machine: $(nproc) cores, $(uname -r), $("$JAVA" -version 2>&1 | head -1), $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
    echo "Run: $(date -u '+%Y-%m-%d %H:%M UTC'), ${duration} s per point after ${warmup} s of warm-up per path, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    echo "| server | path | conns | req/s | p99 | server CPU µs/req |"
    echo "| --- | --- | ---: | ---: | ---: | ---: |"
} >"$out"

for server in $servers; do
    start_server "$server"
    for path in /hello /hello.json; do
        wrk -t1 -c64 -d"${warmup}s" "http://127.0.0.1:$port$path" >/dev/null 2>&1 || true   # warm-up: JIT, pools
    done
    for path in /hello /hello.json; do
        for conns in $conn_list; do
            before=$(cpu_ticks "$server_pid")
            read -r rps p99 requests bad < <(run_wrk "$conns" "$path")
            after=$(cpu_ticks "$server_pid")
            cpu=$(awk -v t=$((after - before)) -v n="${requests:-0}" -v hz="$(getconf CLK_TCK)" \
                'BEGIN { if (n > 0) printf "%.1f", t / hz * 1e6 / n; else print "-" }')
            [[ ${bad:-0} -eq 0 ]] || log "$server $path: $bad answers were not 2xx"
            label=$server
            [[ $server == thread || $server == virtual ]] && label="gateway $server"
            echo "| $label | $path | $conns | $rps | $p99 | $cpu |" >>"$out"
            log "$label $path c$conns: $rps req/s, p99 $p99, $cpu µs CPU/req"
        done
    done
    stop_server
done
echo >>"$out"
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out"
cat "$out"
