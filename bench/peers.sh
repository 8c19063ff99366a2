#!/usr/bin/env bash
# bench/peers.sh: gateway beside the Java servers one would pick instead of it (raw Netty, Undertow,
# Vert.x, Jetty, Helidon SE, Tomcat), one command from a fresh clone (see docs/performance.md).
#
# Builds what it needs (the project, bench/baseline, bench/peers, bench/apps) and installs wrk
# (Debian's) when missing. Every server answers the same three endpoints with the same bytes
# (bench/peers/payload): / (Hello, World!), /json (1,057 bytes built per request) and /blocking
# (sleeps 50 ms off the event loop, then hello). In N rounds, each fresh-starting every server once, it
# measures the time from exec to the first 200 on / (polled with curl) and the idle RSS; then, after
# a short warm-up of each endpoint, runs wrk -t1 on hello and JSON at each connection count and on
# /blocking at the blocking count, and records req/s, p50, p99, server CPU per request (utime+stime
# of the server's whole process tree over the wrk run, over the requests it answered) and loaded RSS.
# The report has one Markdown table per scenario, a row per server, each cell the median of the
# starts with their spread (min-max). Before each run it records the load average, and during it the
# CPU that processes other than the server and this script used: a row whose runs saw more than
# BENCH_OTHERS_LIMIT cores of it is marked with *. Every process it starts is stopped by PID, also
# on failure or Ctrl-C.
#
# Usage: bench/peers.sh [-d SECONDS] [-w SECONDS] [-c "CONNS"] [-b CONNS] [-s "SERVERS"] [-n STARTS] [-o FILE]
#   -d  seconds per wrk run                        default 8
#   -w  warm-up seconds per endpoint, each start   default 10 (gateway's JIT needs tens of seconds
#                                                  of load before its cost per request settles)
#   -c  connection counts of hello and JSON        default "64 256"
#   -b  connections of /blocking                   default 256
#   -s  servers                                    default "netty undertow vertx jetty jetty-virtual helidon
#                                                  tomcat gateway-thread gateway-virtual gateway-process
#                                                  gateway-loop"
#       gateway-loop: thread workers, with an application that declares itself non-blocking
#       (bench/apps PeersBenchOnEventLoop): hello and JSON run on the event loops (one per core, the
#       default for such an application), as Vert.x and Undertow run them; it has no /blocking.
#   -n  fresh starts per server                    default 3
#   -o  where to write the report                  default bench/results/peers.md (every run: peers.tsv beside it)
# The defaults take about 42 minutes (about 75 s per start, 33 starts, the priming starts; a fresh
# clone adds the build of the project, 2 to 3 minutes).
# Environment: BENCH_JAVA_OPTS (more JVM flags, the same for every server, gateway included),
# BENCH_PORT (first port tried, default 19400), BENCH_OTHERS_LIMIT (cores, default 0.10).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
# shellcheck source=bench/lib.sh
. bench/lib.sh

duration=8
warmup=10
conns="64 256"
blocking_conns=256
servers="netty undertow vertx jetty jetty-virtual helidon tomcat gateway-thread gateway-virtual gateway-process gateway-loop"
starts=3
out=bench/results/peers.md
next_port=${BENCH_PORT:-19400}
others_limit=${BENCH_OTHERS_LIMIT:-0.10}
while getopts "d:w:c:b:s:n:o:h" opt; do
    case $opt in
        d) duration=$OPTARG ;;
        w) warmup=$OPTARG ;;
        c) conns=$OPTARG ;;
        b) blocking_conns=$OPTARG ;;
        s) servers=$OPTARG ;;
        n) starts=$OPTARG ;;
        o) out=$OPTARG ;;
        *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2 ;;
    esac
done

log() { printf '[peers] %s\n' "$*" >&2; }
has() { [[ " $1 " == *" $2 "* ]]; }

work=$(mktemp -d "${TMPDIR:-/tmp}/gateway-peers.XXXXXX")
mkdir -p "$(dirname "$out")"
runs="${out%.md}.tsv"
server_pid=
client_pid=
sampler_pid=

cleanup() {
    [[ -n $client_pid ]] && kill -TERM "$client_pid" 2>/dev/null
    [[ -n $sampler_pid ]] && kill -TERM "$sampler_pid" 2>/dev/null
    stop_server
    rm -rf "$work"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# ---------------------------------------------------------------------------------------------
# Building.
# ---------------------------------------------------------------------------------------------
build() {
    need_command wrk wrk "$work/apt.log" || exit 1
    command -v curl >/dev/null || { log "curl is required"; exit 1; }
    ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
    JAVA=$(find_java) || { log "need a JDK 21 or newer (set GATEWAY_JAVA_HOME)"; exit 1; }
    java_major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$(dirname "$(dirname "$JAVA")")/release")
    build_gateway "$here" "$work/build.log" || exit 1
    log "compiling bench/apps"
    compile_bench_apps "$JAVA"
    if has "$servers" netty; then
        log "building the raw Netty baseline (bench/baseline)"
        mvn -B -q -f bench/baseline/pom.xml package >"$work/baseline.log" 2>&1 || { tail -30 "$work/baseline.log" >&2; exit 1; }
    fi
    log "building the peers (bench/peers)"
    mvn -B -q -f bench/peers/pom.xml package >"$work/peers.log" 2>&1 || { tail -30 "$work/peers.log" >&2; exit 1; }
}

# ---------------------------------------------------------------------------------------------
# Servers. Every JVM runs with the flags bin/gateway gives the gateway: -Xms16m and a class-data
# sharing archive written by the first run that serves (primed below, so that no row pays for it),
# then BENCH_JAVA_OPTS.
# ---------------------------------------------------------------------------------------------

# The flags of a peer's JVM; its archive lives beside its jar and goes when the jar is newer.
peer_java_opts() {
    local name=$1 jar=$2 archive
    archive="$(dirname "$jar")/$name-jdk$java_major.jsa"
    if [[ -f $archive && -n $(find "$jar" "$(dirname "$jar")/lib" -newer "$archive" 2>/dev/null | head -1) ]]; then
        rm -f "$archive"
    fi
    echo "--enable-native-access=ALL-UNNAMED -Xms16m -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=$archive" \
        "-Xlog:cds=off -Xlog:cds+dynamic=off$([[ $java_major -ge 25 ]] && echo " -Xlog:aot=off") ${BENCH_JAVA_OPTS:-}"
}

# start_server NAME PORT: sets $server_pid (the JVM's own: bin/gateway execs) and $start_ms.
start_server() {
    local name=$1 port=$2 jar variant= opts
    local -a cmd gateway=(bin/gateway -b "127.0.0.1:$port" --classpath bench/apps/target/classes)
    case $name in
        netty) jar=bench/baseline/target/netty-baseline.jar ;;
        jetty) jar=bench/peers/jetty/target/peer-jetty.jar; variant=platform ;;
        jetty-virtual) jar=bench/peers/jetty/target/peer-jetty.jar; variant=virtual ;;
        undertow|vertx|helidon|tomcat) jar=bench/peers/$name/target/peer-$name.jar ;;
        gateway-thread) cmd=("${gateway[@]}" -k thread --threads 8) ;;
        gateway-virtual) cmd=("${gateway[@]}" -k virtual) ;;
        gateway-process) cmd=("${gateway[@]}" -k process -w 2) ;;
        gateway-loop) cmd=("${gateway[@]}" -k thread --threads 8) ;;
        *) log "unknown server $name"; return 1 ;;
    esac
    if [[ $name == gateway-loop ]]; then
        cmd+=(dev.gateway.bench.apps.PeersBenchOnEventLoop)
    elif [[ $name == gateway-* ]]; then
        cmd+=(dev.gateway.bench.apps.PeersBench)
    else
        read -r -a opts <<<"$(peer_java_opts "$name" "$jar")"
        cmd=("$JAVA" "${opts[@]}" -jar "$jar" "$port" 127.0.0.1 ${variant:+"$variant"})
    fi
    start_ms=$(now_ms)
    GATEWAY_JAVA_OPTS=${BENCH_JAVA_OPTS:-} "${cmd[@]}" >>"$work/$name.log" 2>&1 &
    server_pid=$!
}

# Starts and stops each server once: the first run writes the class-data sharing archive.
prime() {
    local name
    for name in $servers; do
        pick_port
        start_server "$name" "$port" && await_first_response "$port" || log "$name: the priming start failed"
        stop_server
    done
}

# ---------------------------------------------------------------------------------------------
# Measuring.
# ---------------------------------------------------------------------------------------------
hz=$(getconf CLK_TCK)

# CPU ticks (utime + stime) of process $1 and its descendants (process workers).
tree_ticks() {
    local total=0 pid ticks
    for pid in "$1" $(descendants "$1"); do
        # Fields after "pid (comm) ": utime and stime are the 12th and 13th.
        ticks=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{print $12 + $13}')
        total=$((total + ${ticks:-0}))
    done
    echo "$total"
}

# CPU ticks of this script and every child it reaped (wrk, curl, the RSS sampler).
self_ticks() { sed 's/^.*) //' "/proc/$$/stat" | awk '{print $12 + $13 + $14 + $15}'; }

# Ticks all CPUs spent in user and system mode.
busy_ticks() { awk '$1 == "cpu" {print $2 + $3 + $4; exit}' /proc/stat; }

# run_cell NAME START SCENARIO PATH CONNS: one wrk run, one line of $runs.
run_cell() {
    local name=$1 start=$2 scenario=$3 path=$4 c=$5 file="$work/$1-$2-$3.txt"
    local load tree0 self0 busy0 ms0 tree1 self1 busy1 ms1 cpu others loaded
    load=$(cut -d' ' -f1 /proc/loadavg)
    tree0=$(tree_ticks "$server_pid"); self0=$(self_ticks); busy0=$(busy_ticks); ms0=$(now_ms)
    start_sampling "$server_pid" "$work/rss.txt"
    run_client wrk -t1 -c"$c" -d"${duration}s" --timeout 10s --latency "http://127.0.0.1:$port$path" >"$file" 2>&1 || true
    tree1=$(tree_ticks "$server_pid")
    stop_sampling
    self1=$(self_ticks); busy1=$(busy_ticks); ms1=$(now_ms)
    wrk_summary "$file"
    loaded=$(mib "$(max_of "$work/rss.txt")")
    cpu=$(awk -v t=$((tree1 - tree0)) -v n="$requests" -v hz="$hz" 'BEGIN { if (n > 0) printf "%.1f", t / hz * 1e6 / n; else print "-" }')
    others=$(awk -v b=$((busy1 - busy0 - (tree1 - tree0) - (self1 - self0))) -v ms=$((ms1 - ms0)) -v hz="$hz" \
        'BEGIN { v = b / hz / (ms / 1000); printf "%.2f", v < 0 ? 0 : v }')
    if ! kill -0 "$server_pid" 2>/dev/null; then
        log "$name died during $scenario (log: $(tail -1 "$work/$name.log" | cut -c1-160))"
        rps=0 errors=died
    fi
    [[ $rps != 0 ]] || log "$name $scenario: no answer ($(grep -m1 -v -E '^(Running|  )' "$file" | cut -c1-80))"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
        "$name" "$start" "$scenario" "$rps" "$p50" "$p99" "$cpu" "$loaded" "$errors" "$load" "$others" >>"$runs"
    log "$name #$start $scenario: $rps req/s, p50 $p50 ms, p99 $p99 ms, $cpu us CPU/req, RSS $loaded MiB, errors $errors, load $load, others ${others} cores"
}

# The scenarios, "NAME PATH CONNS" a line, in the order of the report.
scenarios() {
    local c
    for c in $conns; do echo "hello-$c / $c"; done
    for c in $conns; do echo "json-$c /json $c"; done
    echo "blocking-$blocking_conns /blocking $blocking_conns"
}

# One fresh start of NAME: first response, idle RSS, warm-up, then every scenario.
measure_start() {
    local name=$1 start=$2 idle scenario path c
    pick_port
    if ! start_server "$name" "$port" || ! await_first_response "$port"; then
        log "$name #$start: failed to start (log: $(tail -3 "$work/$name.log" 2>/dev/null | tr '\n' ' ' | cut -c1-300))"
        printf '%s\t%s\tstart\t-\t-\t-\t-\t-\tfailed\t%s\t-\n' "$name" "$start" "$(cut -d' ' -f1 /proc/loadavg)" >>"$runs"
        stop_server
        return 0
    fi
    # Idle means settled: a JVM gives back what start-up took from malloc only once its JIT compilers
    # are done and it trims its C heap (gateway's launcher asks every 2 s): gateway's RSS stayed at
    # 83 MiB for 5.5 s after the first response, then fell to 77 MiB.
    sleep 10
    idle=$(mib "$(rss_kib "$server_pid")")
    printf '%s\t%s\tstart\t%s\t-\t-\t-\t%s\t0\t%s\t-\n' "$name" "$start" "$first_ms" "$idle" "$(cut -d' ' -f1 /proc/loadavg)" >>"$runs"
    log "$name #$start: first response after $first_ms ms, idle RSS $idle MiB; warming up"
    # /blocking first: a server with few threads still owes the sleeps of the requests wrk left
    # behind; the hello warm-up waits until it answers again, and only then the runs begin.
    [[ $name == gateway-loop ]] || run_client wrk -t1 -c"$blocking_conns" -d"${warmup}s" "http://127.0.0.1:$port/blocking" >/dev/null 2>&1 || true
    run_client curl -s -o /dev/null --max-time 60 "http://127.0.0.1:$port/" || true
    run_client wrk -t1 -c"${conns%% *}" -d"${warmup}s" "http://127.0.0.1:$port/" >/dev/null 2>&1 || true
    run_client wrk -t1 -c"${conns%% *}" -d"${warmup}s" "http://127.0.0.1:$port/json" >/dev/null 2>&1 || true
    while read -r scenario path c; do
        kill -0 "$server_pid" 2>/dev/null || break
        [[ $name == gateway-loop && $scenario == blocking-* ]] && continue # it has no /blocking
        run_cell "$name" "$start" "$scenario" "$path" "$c"
    done < <(scenarios)
    stop_server
}

# ---------------------------------------------------------------------------------------------
# The report.
# ---------------------------------------------------------------------------------------------

# cell NAME SCENARIO COLUMN DECIMALS: "median (min-max)" of COLUMN over the starts, "-" if none.
cell() {
    awk -F'\t' -v n="$1" -v s="$2" -v c="$3" '$1 == n && $3 == s && $c != "-" && $c != "" {print $c}' "$runs" | sort -g |
        awk -v d="$4" '{ v[NR] = $1 }
            END {
                if (NR == 0) { print "-"; exit }
                m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
                f = "%." d "f"
                if (NR == 1) printf f "\n", m
                else printf f " (" f "-" f ")\n", m, v[1], v[NR] }'
}

# The mark of a row: * when a run of it saw other processes use more than $others_limit cores.
mark() {
    awk -F'\t' -v n="$1" -v s="$2" -v l="$others_limit" '$1 == n && $3 == s && $11 != "-" && $11 + 0 > l { m = "*" } END { print m }' "$runs"
}

# Load averages (1 min) before the runs of a row, as "a/b/c".
loads() { awk -F'\t' -v n="$1" -v s="$2" '$1 == n && $3 == s { l = l (l == "" ? "" : "/") $10 } END { print l }' "$runs"; }

# Errors of a row: the sum over its runs ("died" when the server died in one).
errors_of() { awk -F'\t' -v n="$1" -v s="$2" '$1 == n && $3 == s { if ($9 == "died" || $9 == "failed") d = $9; else e += $9 } END { print d != "" ? d : e + 0 }' "$runs"; }

report() {
    local name scenario path c ideal title median
    {
        echo "### Java peers side by side (bench/peers.sh)"
        echo
        echo "Machine: $(nproc) cores ($(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)), Linux $(uname -r), $("$JAVA" -version 2>&1 | head -1), $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
        echo "Run: $(date -u '+%Y-%m-%d %H:%M UTC'), $starts round(s) of fresh starts, each server once per round, wrk -t1 for ${duration} s per point after ${warmup} s of warm-up per endpoint;" \
            "JVM flags of every server: -Xms16m, a class-data sharing archive (primed) ${BENCH_JAVA_OPTS:-}"
        echo "Each cell: the median of the starts (min-max). * : during a run of that row, other processes used more than $others_limit cores (load averages before each run in the last column)."
        echo
        echo "#### Start"
        echo
        echo "| server | first response ms | idle RSS MiB |"
        echo "| --- | ---: | ---: |"
        for name in $servers; do
            echo "| $name | $(cell "$name" start 4 0) | $(cell "$name" start 8 0) |"
        done
        echo
        while read -r scenario path c; do
            title="${scenario%-*} ($path) at $c connections"
            [[ $scenario == blocking-* ]] && ideal=$((c * 1000 / 50)) && title="$title (ideal: $c / 0.05 s = $ideal req/s)"
            echo "#### ${title^}"
            echo
            if [[ $scenario == blocking-* ]]; then
                echo "| server | req/s | of ideal | p50 ms | p99 ms | CPU µs/req | loaded RSS MiB | errors | load before |"
                echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
            else
                echo "| server | req/s | p50 ms | p99 ms | CPU µs/req | loaded RSS MiB | errors | load before |"
                echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
            fi
            for name in $servers; do
                median=$(cell "$name" "$scenario" 4 0)
                printf '| %s | %s%s ' "$name" "$median" "$(mark "$name" "$scenario")"
                if [[ $scenario == blocking-* ]]; then
                    printf '| %s ' "$(awk -v r="${median%% *}" -v i="$ideal" 'BEGIN { if (r == "-") print "-"; else printf "%.2f", r / i }')"
                fi
                printf '| %s | %s | %s | %s | %s | %s |\n' "$(cell "$name" "$scenario" 5 2)" "$(cell "$name" "$scenario" 6 2)" \
                    "$(cell "$name" "$scenario" 7 1)" "$(cell "$name" "$scenario" 8 0)" "$(errors_of "$name" "$scenario")" "$(loads "$name" "$scenario")"
            done
            echo
        done < <(scenarios)
        echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
    } >"$out"
}

main() {
    local name start
    build
    printf 'server\tstart\tscenario\treq/s (first response ms)\tp50 ms\tp99 ms\tCPU us/req\tRSS MiB (idle, loaded)\terrors\tload1 before\tothers cores\n' >"$runs"
    log "priming: one start of each server writes its class-data sharing archive"
    prime
    # Round by round, each server once per round: the host's speed drifts within the half hour a
    # run takes (by half on 2026-12-06), and server after server would give the drift to whichever
    # servers come last.
    for ((start = 1; start <= starts; start++)); do
        for name in $servers; do
            measure_start "$name" "$start"
        done
    done
    report
    cat "$out"
    log "report written to $out, every run to $runs"
}

main
