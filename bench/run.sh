#!/usr/bin/env bash
# bench/run.sh: the gateway's benchmark, one command from a fresh clone (see docs/performance.md).
#
# Builds what it needs, starts each server on 127.0.0.1, warms it up, runs wrk at each connection
# count, and prints one Markdown table (req/s, p50/p99, errors, idle and loaded RSS, time to first
# response) with ratios against the raw-Netty baseline; then the streaming, upload and 1,000
# keep-alive scenarios, and the JMH microbenchmarks. Every server it starts is stopped by PID, also
# on failure or Ctrl-C. Only ratios measured in one run mean anything: absolute figures move.
#
# Usage: bench/run.sh [-d SECONDS] [-c "64 256"] [-s "SERVERS"] [-S "SCENARIOS"] [-w SECONDS] [-o FILE]
#   -d  seconds per wrk run               env BENCH_DURATION   default 15
#   -c  connection counts                 env BENCH_CONNS      default "64 256"
#   -s  servers of the hello table        env BENCH_SERVERS    default "netty thread virtual process gunicorn-sync gunicorn-gevent"
#   -S  scenarios                         env BENCH_SCENARIOS  default "hello stream keepalive jmh"
#   -w  warm-up seconds per server        env BENCH_WARMUP     default 10
#   -o  where to write the report         env BENCH_OUT        default bench/results/latest.md
# Other knobs: BENCH_PORT (first port tried, default 18500), BENCH_WRK_THREADS (default 1),
# BENCH_STREAM_BYTES (default 1073741824), BENCH_TMP (where the 1 GiB file goes, default /tmp),
# BENCH_KEEPALIVE_CONNS (default 1000), GATEWAY_ARGS (extra flags for every gateway),
# BENCH_JMH_ARGS (JMH options, default a short run with -prof gc).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
# shellcheck source=bench/lib.sh
. bench/lib.sh

duration=${BENCH_DURATION:-15}
conns=${BENCH_CONNS:-"64 256"}
servers=${BENCH_SERVERS:-"netty thread virtual process gunicorn-sync gunicorn-gevent"}
scenarios=${BENCH_SCENARIOS:-"hello stream keepalive jmh"}
warmup=${BENCH_WARMUP:-10}
out=${BENCH_OUT:-bench/results/latest.md}
next_port=${BENCH_PORT:-18500}
wrk_threads=${BENCH_WRK_THREADS:-1}
stream_bytes=${BENCH_STREAM_BYTES:-1073741824}
keepalive_conns=${BENCH_KEEPALIVE_CONNS:-1000}

while getopts "d:c:s:S:w:o:h" opt; do
    case $opt in
        d) duration=$OPTARG ;;
        c) conns=$OPTARG ;;
        s) servers=$OPTARG ;;
        S) scenarios=$OPTARG ;;
        w) warmup=$OPTARG ;;
        o) out=$OPTARG ;;
        *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2 ;;
    esac
done

work=$(mktemp -d "${TMPDIR:-/tmp}/gateway-bench.XXXXXX")
logs="$work/logs"
mkdir -p "$logs" "$(dirname "$out")"
report="$work/report.md"

log() { printf '[bench] %s\n' "$*" >&2; }
has() { [[ " $1 " == *" $2 "* ]]; }

# ---------------------------------------------------------------------------------------------
# Processes: every server started is recorded here and stopped by PID, whatever happens.
# ---------------------------------------------------------------------------------------------
started_pids=()
client_pid=
sampler_pid=

cleanup() {
    local pid
    [[ -n $client_pid ]] && kill -TERM "$client_pid" 2>/dev/null
    [[ -n $sampler_pid ]] && kill -TERM "$sampler_pid" 2>/dev/null
    for pid in "${started_pids[@]}"; do
        stop_pid "$pid"
    done
    started_pids=()
    rm -rf "$work"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# ---------------------------------------------------------------------------------------------
# Building and installing what the benchmark needs.
# ---------------------------------------------------------------------------------------------
apt_updated=false
apt_refresh() {
    if ! $apt_updated && [[ $(id -u) -eq 0 ]]; then
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$logs/apt-update.log" 2>&1 || true
        apt_updated=true
    fi
}

apt_install() {
    if [[ $(id -u) -ne 0 ]]; then
        log "not root: cannot apt-get install $*"
        return 1
    fi
    apt_refresh
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >"$logs/apt-install.log" 2>&1
}

apt_candidate() {
    apt_refresh
    apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2}'
}

ensure_tools() {
    command -v curl >/dev/null || apt_install curl || { log "curl is required"; exit 1; }
    if ! command -v wrk >/dev/null; then
        log "installing wrk (Debian package)"
        apt_install wrk || { log "wrk is required and could not be installed"; exit 1; }
    fi
    if has "$servers" gunicorn-sync || has "$servers" gunicorn-gevent; then
        if [[ ! -x /usr/bin/gunicorn ]] || ! /usr/bin/python3 -c 'import gevent' 2>/dev/null; then
            local candidate
            candidate=$(apt_candidate gunicorn)
            if [[ -n "$candidate" && "$candidate" != "(none)" ]]; then
                log "installing gunicorn $candidate (and python3-gevent if Debian has it)"
                apt_install gunicorn || log "gunicorn could not be installed: its rows will say so"
                candidate=$(apt_candidate python3-gevent)
                if [[ -n "$candidate" && "$candidate" != "(none)" ]]; then
                    apt_install python3-gevent || log "python3-gevent could not be installed"
                fi
            else
                log "Debian has no gunicorn package here: its rows will say so"
            fi
        fi
    fi
    # wrk -c1000 and the servers need a descriptor per connection.
    ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
}

build() {
    JAVA=$(find_java) || { log "need a JDK 21 or newer (set GATEWAY_JAVA_HOME)"; exit 1; }
    build_gateway "$here" "$logs/build.log" || exit 1
    if has "$servers" netty || has "$scenarios" keepalive; then
        log "building the raw Netty baseline (bench/baseline)"
        mvn -B -q -f bench/baseline/pom.xml package >"$logs/baseline.log" 2>&1 || { tail -30 "$logs/baseline.log" >&2; exit 1; }
    fi
    if has "$scenarios" stream; then
        log "compiling bench/apps"
        compile_bench_apps "$JAVA"
    fi
}

# ---------------------------------------------------------------------------------------------
# Servers. start_server NAME PORT [APP_CLASS] sets $server_pid; the PID is the server's own
# (bin/gateway and gunicorn exec), so signals reach the master.
# ---------------------------------------------------------------------------------------------
hello_app=dev.gateway.testapps.Hello
test_classes=src-test-apps/target/classes

start_server() {
    local name=$1 port=$2 app=${3:-$hello_app} cp=${4:-$test_classes}
    local bind="127.0.0.1:$port"
    local -a cmd extra
    # Debian's gunicorn runs on Debian's python3 (where python3-gevent goes), whatever else is on PATH.
    local gunicorn=/usr/bin/gunicorn
    read -r -a extra <<<"${GATEWAY_ARGS:-}"
    case $name in
        netty) cmd=("$JAVA" --enable-native-access=ALL-UNNAMED -jar bench/baseline/target/netty-baseline.jar "$port" 127.0.0.1) ;;
        thread) cmd=(bin/gateway -b "$bind" -k thread --classpath "$cp" "${extra[@]}" "$app") ;;
        virtual) cmd=(bin/gateway -b "$bind" -k virtual --classpath "$cp" "${extra[@]}" "$app") ;;
        process) cmd=(bin/gateway -b "$bind" -k process -w 2 --classpath "$cp" "${extra[@]}" "$app") ;;
        gunicorn-sync) cmd=("$gunicorn" -w 2 -k sync -b "$bind" --chdir bench/apps --log-level warning hello_wsgi:app) ;;
        gunicorn-gevent) cmd=("$gunicorn" -w 2 -k gevent --worker-connections 1000 -b "$bind" --chdir bench/apps --log-level warning hello_wsgi:app) ;;
        *) log "unknown server $name"; return 1 ;;
    esac
    if [[ $name == gunicorn-* ]]; then
        [[ -x "$gunicorn" ]] || { echo "error: Debian's gunicorn is not installed" > "$logs/$name.log"; return 1; }
        if [[ $name == gunicorn-gevent ]] && ! /usr/bin/python3 -c 'import gevent' 2>/dev/null; then
            echo "error: python3-gevent is not installed" > "$logs/$name.log"
            return 1
        fi
    fi
    start_ms=$(now_ms)
    "${cmd[@]}" >"$logs/$name.log" 2>&1 &
    server_pid=$!
    started_pids+=("$server_pid")
}

stop_server() {
    local pid=$1 kept=() p
    stop_pid "$pid"
    for p in "${started_pids[@]}"; do
        [[ $p == "$pid" ]] || kept+=("$p")
    done
    started_pids=("${kept[@]+"${kept[@]}"}")
}

# ---------------------------------------------------------------------------------------------
# wrk: runs once, parses req/s, p50, p99 (ms) and errors (socket errors + non-2xx/3xx).
# ---------------------------------------------------------------------------------------------
run_wrk() {
    local port=$1 c=$2 secs=$3 file=$4
    run_client wrk -t"$wrk_threads" -c"$c" -d"${secs}s" --timeout 10s --latency "http://127.0.0.1:$port/" >"$file" 2>&1 || true
    wrk_summary "$file"
}

# ---------------------------------------------------------------------------------------------
# Scenario "hello": the main table.
# ---------------------------------------------------------------------------------------------
declare -A result_rps result_p99 result_idle result_first
hello_rows=()
failures=()

bench_hello_server() {
    local name=$1 conn_list=$2 idle loaded port c
    pick_port
    if ! start_server "$name" "$port" || ! await_first_response "$port"; then
        log "$name: failed to start (log: $(tail -3 "$logs/$name.log" 2>/dev/null | tr '\n' ' '))"
        for c in $conn_list; do
            hello_rows+=("| $name | $c | failed to start | - | - | - | - | - | - |")
        done
        failures+=("$name failed to start: $( (grep -m1 -i -E 'error|exception' "$logs/$name.log" || tail -1 "$logs/$name.log") 2>/dev/null | cut -c1-200)")
        [[ -n "${server_pid:-}" ]] && stop_server "$server_pid"
        server_pid=
        return 0
    fi
    sleep 1
    idle=$(mib "$(rss_kib "$server_pid")")
    log "$name: first response after $first_ms ms, idle RSS $idle MiB; warming up ${warmup}s"
    run_wrk "$port" "${conn_list%% *}" "$warmup" "$logs/$name-warmup.txt"
    for c in $conn_list; do
        start_sampling "$server_pid" "$work/rss.txt"
        run_wrk "$port" "$c" "$duration" "$logs/$name-$c.txt"
        stop_sampling
        loaded=$(mib "$(max_of "$work/rss.txt")")
        if ! kill -0 "$server_pid" 2>/dev/null; then
            log "$name died during the run at $c connections (log: $logs/$name.log)"
            hello_rows+=("| $name | $c | died during the run | - | - | - | $idle | $loaded | $first_ms |")
            failures+=("$name: died at $c connections: $(tail -1 "$logs/$name.log" 2>/dev/null | cut -c1-200)")
            break
        fi
        if [[ $rps == 0 ]]; then
            rps="0 (wrk: $(grep -m1 -v -E '^(Running|  )' "$logs/$name-$c.txt" | cut -c1-80))"
        fi
        result_rps[$name/$c]=${rps%% *}
        result_idle[$name]=$idle
        result_first[$name]=$first_ms
        result_p99[$name/$c]=$p99
        log "$name @ $c: $rps req/s, p50 $p50 ms, p99 $p99 ms, errors $errors, RSS $loaded MiB"
        hello_rows+=("| $name | $c | $rps | $p50 | $p99 | $errors | $idle | $loaded | $first_ms |")
    done
    stop_server "$server_pid"
    server_pid=
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0 || a == "") print "-"; else printf "%.2f", a / b }'; }

print_hello() {
    local name c base_rps base_p99 r_rps r_p99 verdict best_guni g
    {
        echo "### Hello world (wrk -t$wrk_threads, ${duration} s per point, ${warmup} s warm-up)"
        echo
        echo "| server | conns | req/s | p50 ms | p99 ms | errors | idle RSS MiB | loaded RSS MiB | first response ms |"
        echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
        printf '%s\n' "${hello_rows[@]}"
        echo
        for name in "${failures[@]+"${failures[@]}"}"; do
            echo "- $name"
        done
        [[ ${#failures[@]} -eq 0 ]] || echo
        echo "Ratios against raw Netty in this run (target for thread and virtual: req/s >= 0.85, p99 <= 2.0):"
        echo
        echo "| server | conns | req/s vs netty | p99 vs netty | req/s vs best gunicorn | meets target |"
        echo "| --- | ---: | ---: | ---: | ---: | --- |"
        for name in $servers; do
            [[ $name == netty ]] && continue
            for c in $conns; do
                base_rps=${result_rps[netty/$c]:-}
                base_p99=${result_p99[netty/$c]:-}
                [[ -n "${result_rps[$name/$c]:-}" ]] || continue
                r_rps=$(ratio "${result_rps[$name/$c]}" "$base_rps")
                r_p99=$(ratio "${result_p99[$name/$c]}" "$base_p99")
                best_guni=0
                for g in gunicorn-sync gunicorn-gevent; do
                    [[ -n "${result_rps[$g/$c]:-}" ]] && (( ${result_rps[$g/$c]} > best_guni )) && best_guni=${result_rps[$g/$c]}
                done
                verdict=-
                if [[ $name == thread || $name == virtual ]] && [[ $r_rps != - ]]; then
                    verdict=$(awk -v r="$r_rps" -v p="$r_p99" 'BEGIN { print (r >= 0.85 && p != "-" && p <= 2.0) ? "yes" : "no" }')
                fi
                [[ $name == gunicorn-* ]] && best_guni=0
                echo "| $name | $c | $r_rps | $r_p99 | $(ratio "${result_rps[$name/$c]}" "$best_guni") | $verdict |"
            done
        done
        echo
    } >> "$report"
}

# ---------------------------------------------------------------------------------------------
# Scenario "stream": 1 GiB down (file body, iterable chunks) and up (drain, SHA-256 upload).
# ---------------------------------------------------------------------------------------------
stream_rows=()
declare -A stream_mbs stream_growth

# One transfer on a fresh `-k thread` gateway: curl measures MB/s, /proc the RSS growth.
# bench_transfer KEY LABEL PATH [FILE_TO_UPLOAD]
bench_transfer() {
    local key=$1 label=$2 path=$3 upload=${4:-} before peak port result speed bytes code growth mbs
    pick_port
    if ! start_server thread "$port" dev.gateway.bench.apps.StreamingBench \
            "bench/apps/target/classes:$test_classes" || ! await_first_response "$port" "/stream?bytes=1"; then
        stream_rows+=("| $label | failed to start | - | - | - | - |")
        [[ -n "${server_pid:-}" ]] && stop_server "$server_pid"
        return 0
    fi
    sleep 1
    before=$(rss_kib "$server_pid")
    start_sampling "$server_pid" "$work/rss.txt"
    if [[ -n $upload ]]; then
        run_client curl -s -o "$work/body.txt" -H 'Expect:' -T "$upload" -X POST \
            -w '%{speed_upload} %{size_upload} %{http_code}' "http://127.0.0.1:$port$path" >"$work/curl.txt" || true
    else
        run_client curl -s -o /dev/null -w '%{speed_download} %{size_download} %{http_code}' \
            "http://127.0.0.1:$port$path" >"$work/curl.txt" || true
    fi
    result=$(cat "$work/curl.txt")
    stop_sampling
    peak=$(max_of "$work/rss.txt")
    read -r speed bytes code <<<"$result"
    mbs=$(awk -v s="${speed:-0}" 'BEGIN { printf "%.0f", s / 1e6 }')
    growth=$(mib $(( ${peak:-$before} > before ? ${peak:-$before} - before : 0 )))
    if [[ -n $upload ]] && ! grep -q "\"bytes\": $stream_bytes" "$work/body.txt" 2>/dev/null; then
        code="$code, app saw: $(head -c 120 "$work/body.txt" 2>/dev/null)"
    fi
    stream_mbs[$key]=$mbs
    stream_growth[$key]=$growth
    if [[ ${bytes:-0} != "$stream_bytes" ]]; then
        code="$code, INCOMPLETE: ${bytes:-0} of $stream_bytes bytes"
        mbs="- ($mbs)"
        stream_mbs[$key]=0
        stream_growth[$key]=-
    fi
    log "$label: $mbs MB/s, $bytes bytes, HTTP $code, RSS $(mib "$before") -> peak $(mib "${peak:-0}") MiB"
    stream_rows+=("| $label | $mbs | $bytes | $code | $(mib "$before") | $(mib "${peak:-0}") | $growth |")
    stop_server "$server_pid"
    server_pid=
}

bench_stream() {
    bigfile="${BENCH_TMP:-/tmp}/gateway-bench-$stream_bytes.bin"
    export GATEWAY_BENCH_FILE=$bigfile   # read by StreamingBench's /file
    if [[ ! -f $bigfile || $(stat -c %s "$bigfile") -ne $stream_bytes ]]; then
        log "writing a $stream_bytes-byte file to $bigfile (kept for the next run)"
        head -c "$stream_bytes" /dev/urandom > "$bigfile.tmp" && mv "$bigfile.tmp" "$bigfile"
    fi
    cat "$bigfile" > /dev/null   # page cache: measure the server, not the disk
    bench_transfer file "file body (FileBody, zero copy)" /file
    bench_transfer chunks "iterable chunks (64 KiB)" "/stream?bytes=$stream_bytes&chunk=65536"
    bench_transfer reused "iterable chunks (64 KiB), one array yielded again" "/chunks?bytes=$stream_bytes&chunk=65536"
    bench_transfer drain "upload, app drains input" /drain "$bigfile"
    bench_transfer upload "upload, app SHA-256 (test app Upload)" /upload "$bigfile"
    {
        echo "### Streaming $(mib $((stream_bytes / 1024))) MiB on \`-k thread\` (curl, one transfer each; targets: file >= 1000 MB/s, chunks >= 500 MB/s, upload >= 500 MB/s, RSS growth < 64 MiB)"
        echo
        echo "| scenario | MB/s | bytes | HTTP | RSS before MiB | RSS peak MiB | growth MiB |"
        echo "| --- | ---: | ---: | --- | ---: | ---: | ---: |"
        printf '%s\n' "${stream_rows[@]}"
        echo
    } >> "$report"
}

# ---------------------------------------------------------------------------------------------
# Scenario "keepalive": 1,000 concurrent keep-alive connections on -k virtual (netty for scale).
# ---------------------------------------------------------------------------------------------
bench_keepalive() {
    local saved_rows=("${hello_rows[@]+"${hello_rows[@]}"}") name
    hello_rows=()
    for name in netty virtual; do
        bench_hello_server "$name" "$keepalive_conns"
    done
    {
        echo "### $keepalive_conns concurrent keep-alive connections (Hello, wrk -t$wrk_threads -c$keepalive_conns, ${duration} s)"
        echo
        echo "| server | conns | req/s | p50 ms | p99 ms | errors | idle RSS MiB | loaded RSS MiB | first response ms |"
        echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
        printf '%s\n' "${hello_rows[@]}"
        echo
        echo "virtual vs netty at $keepalive_conns: req/s $(ratio "${result_rps[virtual/$keepalive_conns]:-}" "${result_rps[netty/$keepalive_conns]:-}"), p99 $(ratio "${result_p99[virtual/$keepalive_conns]:-}" "${result_p99[netty/$keepalive_conns]:-}")"
        echo
    } >> "$report"
    hello_rows=("${saved_rows[@]+"${saved_rows[@]}"}")
}

# ---------------------------------------------------------------------------------------------
# Scenario "jmh": environ building and response-head encoding, ns/op and B/op.
# ---------------------------------------------------------------------------------------------
bench_jmh() {
    log "JMH microbenchmarks (bench/jmh.sh)"
    if run_client bench/jmh.sh > "$logs/jmh.txt" 2>&1; then
        {
            echo "### JMH (bench/jmh.sh, ${BENCH_JMH_ARGS:-"-f 1 -wi 3 -w 1s -i 5 -r 1s"}, -prof gc)"
            echo
            echo "| benchmark | ns/op | B/op |"
            echo "| --- | ---: | ---: |"
            jmh_table < "$logs/jmh.txt"
            echo
        } >> "$report"
    else
        tail -20 "$logs/jmh.txt" >&2
        echo "JMH failed: see bench/jmh.sh" >> "$report"
    fi
}

# JMH's result lines to "| name | ns/op | B/op |" rows (score is the field before ±, else before the unit).
jmh_table() {
    awk '$2 == "avgt" {
            score = $(NF - 1)
            for (i = 3; i <= NF; i++) if ($i == "±") score = $(i - 1)
            name = $1; sub(/^.*\.(jmh|http)\./, "", name)
            if (name ~ /:gc\.alloc\.rate\.norm$/) { sub(/:.*/, "", name); bop[name] = score }
            else if (name !~ /:/) { ns[name] = score; order[++n] = name }
         }
         END { for (i = 1; i <= n; i++) printf "| %s | %.0f | %.0f |\n", order[i], ns[order[i]], bop[order[i]] }'
}

# ---------------------------------------------------------------------------------------------
# The targets of the Performance issue, each with what this run measured.
# ---------------------------------------------------------------------------------------------
check() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN {
    if (v == "" || v == "-") { print "-"; exit }
    ok = (op == ">=") ? v + 0 >= t + 0 : (op == "<=") ? v + 0 <= t + 0 : v + 0 < t + 0
    print ok ? "yes" : "**no**" }'; }

print_targets() {
    local name c r p g best key
    {
        echo "### Targets"
        echo
        echo "| target | measured | met |"
        echo "| --- | ---: | --- |"
        for name in thread virtual; do
            for c in $conns; do
                [[ -n "${result_rps[$name/$c]:-}" && -n "${result_rps[netty/$c]:-}" ]] || continue
                r=$(ratio "${result_rps[$name/$c]}" "${result_rps[netty/$c]}")
                p=$(ratio "${result_p99[$name/$c]}" "${result_p99[netty/$c]}")
                echo "| $name @ $c conns: req/s >= 0.85 x netty | $r | $(check "$r" ">=" 0.85) |"
                echo "| $name @ $c conns: p99 <= 2 x netty | $p | $(check "$p" "<=" 2.0) |"
            done
            for c in $conns; do
                best=0
                for g in gunicorn-sync gunicorn-gevent; do
                    [[ -n "${result_rps[$g/$c]:-}" ]] && (( ${result_rps[$g/$c]} > best )) && best=${result_rps[$g/$c]}
                done
                [[ -n "${result_rps[$name/$c]:-}" && $best -gt 0 ]] || continue
                r=$(ratio "${result_rps[$name/$c]}" "$best")
                echo "| $name @ $c conns: req/s >= 5 x best gunicorn | $r | $(check "$r" ">=" 5) |"
            done
        done
        if [[ -n "${result_idle[thread]:-}" ]]; then
            echo "| thread -w 1: idle RSS <= 100 MiB | ${result_idle[thread]} MiB | $(check "${result_idle[thread]}" "<=" 100) |"
            echo "| thread -w 1: first response < 1 s | ${result_first[thread]} ms | $(check "${result_first[thread]}" "<" 1000) |"
        fi
        for key in file:1000 chunks:500 reused:500 drain:500; do
            [[ -n "${stream_mbs[${key%%:*}]:-}" ]] || continue
            echo "| ${key%%:*}: >= ${key#*:} MB/s | ${stream_mbs[${key%%:*}]} MB/s | $(check "${stream_mbs[${key%%:*}]}" ">=" "${key#*:}") |"
            echo "| ${key%%:*}: RSS growth < 64 MiB | ${stream_growth[${key%%:*}]} MiB | $(check "${stream_growth[${key%%:*}]}" "<" 64) |"
        done
        echo
    } >> "$report"
}

machine() {
    local cpu jdk
    cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
    jdk=$("$JAVA" -version 2>&1 | head -1)
    echo "Machine: $(nproc) cores ($cpu), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), Linux $(uname -r), $jdk, $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
    echo "Run: $(date -u '+%Y-%m-%d %H:%M UTC'), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "First start after the build (writes the class-data sharing archive): ${cds_cold_ms:-?} ms to the first response"
}

# The launcher's class-data sharing archive is written by the first serving run after a build
# (bin/gateway). A deployed server starts many times per build, so the table measures starts with
# the archive in place: one gateway is started and stopped here first, and its time is reported.
prime_cds_archive() {
    local port
    pick_port
    if start_server thread "$port" && await_first_response "$port"; then
        log "class-data sharing archive: the run that writes it answered after $first_ms ms"
        cds_cold_ms=$first_ms
    fi
    [[ -n "${server_pid:-}" ]] && stop_server "$server_pid"
    server_pid=
}

main() {
    ensure_tools
    build
    prime_cds_archive
    machine > "$report"
    echo >> "$report"
    local name
    if has "$scenarios" hello; then
        for name in $servers; do
            bench_hello_server "$name" "$conns"
        done
        print_hello
    fi
    has "$scenarios" stream && bench_stream
    has "$scenarios" keepalive && bench_keepalive
    has "$scenarios" jmh && bench_jmh
    print_targets
    echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$report"
    cp "$report" "$out"
    cat "$report"
    log "report written to $out"
}

main
