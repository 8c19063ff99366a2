#!/usr/bin/env bash
# bench/profile.sh: where each server's CPU goes per request, split by thread group and into user and
# kernel time, for servers already running side by side. CPU per request alone (bench/peers.sh) says
# which server costs more; this says on which threads, and whether in its own code or in system calls.
#
# It attaches async-profiler (tools.profiler:async-profiler from Maven Central, fetched once into
# bench/target) to each server's JVM with jcmd, samples CPU time every 200 us with the thread of each
# sample while wrk -t1 loads the server, and divides the samples by the requests wrk completed. The
# servers are profiled in interleaved rounds, one after the other, so that a host that slows down
# slows every server alike; the report gives each figure's median over the rounds and their spread.
# Each sample's stack is kept (DIR/NAME-ROUND.collapsed, the format flame graph tools read).
# Sampling costs the server some CPU of its own, so the totals run above bench/peers.sh's figures:
# compare servers within one report.
#
# Usage: bench/profile.sh [-d SECONDS] [-w SECONDS] [-c CONNS] [-p PATH] [-r ROUNDS] [-o DIR] NAME=PID:PORT[/PATH]...
#   NAME=PID:PORT  a server to profile: a label, the PID of its JVM (for gateway, bin/gateway's PID:
#                  it execs the JVM; with -k process, profile a worker's PID) and its HTTP port on 127.0.0.1;
#                  a path after the port is requested instead of -p's (one server may be named twice,
#                  e.g. undertow=PID:PORT undertow-dispatched=PID:PORT/dispatched)
#   -d  seconds of load per profile           default 6
#   -w  warm-up seconds per server first      default 20
#   -c  wrk connections                       default 64
#   -p  path requested                        default /
#   -r  rounds                                default 3
#   -o  where to write the report and stacks  default bench/results/profile
# Example, gateway beside Vert.x (bench/peers.sh builds the peers):
#   bin/gateway -b 127.0.0.1:8101 --classpath bench/apps/target/classes -k thread --threads 8 dev.gateway.bench.apps.PeersBench &
#   java -jar bench/peers/vertx/target/peer-vertx.jar 8102 127.0.0.1 &
#   bench/profile.sh gateway=$(pgrep -f 'dev.gateway.bench.apps.PeersBench$'):8101 vertx=$!:8102
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lib.sh
. "$here/bench/lib.sh"

PROFILER_VERSION=4.2
duration=6
warmup=20
conns=64
path=/
rounds=3
out=$here/bench/results/profile
while getopts "d:w:c:p:r:o:h" opt; do
    case $opt in
        d) duration=$OPTARG ;;
        w) warmup=$OPTARG ;;
        c) conns=$OPTARG ;;
        p) path=$OPTARG ;;
        r) rounds=$OPTARG ;;
        o) out=$OPTARG ;;
        *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[[ $# -gt 0 ]] || { echo "[profile] name at least one server: NAME=PID:PORT (-h for help)" >&2; exit 2; }

log() { printf '[profile] %s\n' "$*" >&2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/gateway-profile.XXXXXX")
client_pid=
cleanup() {
    [[ -n $client_pid ]] && kill -TERM "$client_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

need_command wrk wrk "$work/apt.log" || exit 1
command -v python3 >/dev/null || { log "python3 is required for the report"; exit 1; }
JAVA=$(find_java) || { log "need a JDK 21 or newer (set GATEWAY_JAVA_HOME)"; exit 1; }
jcmd="$(dirname "$JAVA")/jcmd"

# The profiler's native library, from its Maven Central jar (linux-x64).
profiler_library() {
    local dir="$here/bench/target/async-profiler-$PROFILER_VERSION" jar
    if [[ ! -f $dir/libasyncProfiler.so ]]; then
        log "fetching async-profiler $PROFILER_VERSION from Maven Central"
        mkdir -p "$dir"
        mvn -B -q dependency:copy -Dartifact="tools.profiler:async-profiler:$PROFILER_VERSION:jar:linux-x64" \
            -DoutputDirectory="$work" >"$work/fetch.log" 2>&1 || { tail -20 "$work/fetch.log" >&2; return 1; }
        jar=$(ls "$work"/async-profiler-*.jar)
        (cd "$work" && "$(dirname "$JAVA")/jar" xf "$jar" linux-x64/libasyncProfiler.so)
        mv "$work/linux-x64/libasyncProfiler.so" "$dir/"
    fi
    echo "$dir/libasyncProfiler.so"
}
library=$(profiler_library)

# profiler PID COMMAND: one async-profiler command in the JVM (jcmd's quotes keep its commas and =).
profiler() {
    "$jcmd" "$1" JVMTI.agent_load "$library" "\"$2\"" >>"$work/jcmd.log" 2>&1
}

declare -a names pids ports paths
for spec in "$@"; do
    [[ $spec =~ ^([A-Za-z0-9._-]+)=([0-9]+):([0-9]+)(/[^[:space:]]*)?$ ]] || { log "not NAME=PID:PORT[/PATH]: $spec"; exit 2; }
    names+=("${BASH_REMATCH[1]}"); pids+=("${BASH_REMATCH[2]}"); ports+=("${BASH_REMATCH[3]}")
    paths+=("${BASH_REMATCH[4]:-$path}")
    kill -0 "${BASH_REMATCH[2]}" 2>/dev/null || { log "no process ${BASH_REMATCH[2]} ($spec)"; exit 2; }
done

mkdir -p "$out"
rm -f "$out"/*.collapsed
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u '+%Y-%m-%d %H:%M UTC')
: >"$work/runs.tsv"
for i in "${!names[@]}"; do
    log "warming ${names[$i]} for ${warmup}s"
    run_client wrk -t1 -c"$conns" -d"${warmup}s" "http://127.0.0.1:${ports[$i]}${paths[$i]}" >/dev/null
done
for round in $(seq "$rounds"); do
    for i in "${!names[@]}"; do
        name=${names[$i]} stacks="$out/${names[$i]}-$round.collapsed"
        profiler "${pids[$i]}" "start,event=cpu,interval=200us,threads"
        run_client wrk -t1 -c"$conns" -d"${duration}s" --latency "http://127.0.0.1:${ports[$i]}${paths[$i]}" >"$work/wrk.txt"
        profiler "${pids[$i]}" "stop,file=$stacks,collapsed"
        wrk_summary "$work/wrk.txt"
        [[ -s $stacks ]] || { log "$name: no profile written (see $work/jcmd.log and the server's output)"; cat "$work/jcmd.log" >&2; exit 1; }
        log "round $round, $name: $rps req/s, $requests requests, $errors errors"
        printf '%s\t%s\t%s\t%s\n' "$name" "$round" "$requests" "$stacks" >>"$work/runs.tsv"
    done
done

{
    echo "# Where the CPU goes per request"
    echo
    echo "Run: $started, $rounds round(s), wrk -t1 -c$conns -d${duration}s, path $path unless a server names its own, async-profiler $PROFILER_VERSION (cpu, 200 us);"
    echo "load average before the warm-up: $load_before."
    echo
    python3 "$here/bench/profile_summary.py" "$work/runs.tsv"
} >"$out/report.md"
cat "$out/report.md"
log "report: $out/report.md; stacks: $out/*.collapsed"
