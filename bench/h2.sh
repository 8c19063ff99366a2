#!/usr/bin/env bash
# bench/h2.sh: HTTP/2 beside Jetty 12.1's, one command from a fresh clone (see docs/performance.md).
#
# Builds what it needs (the project, bench/jetty-h2, bench/apps), installs h2load (Debian's
# nghttp2-client) when missing, and runs h2load over cleartext HTTP/2 with prior knowledge against
# gateway (thread and virtual workers, --http2-cleartext prior-knowledge) and Jetty: hello and a 1 MiB
# download, at 1 and 64 connections x 100 streams each.
#
# It measures warm servers, side by side in time. All servers start at once (each on its own port),
# each is warmed up on every cell, then the runs go round by round: in each round every cell runs
# once on every server, one server at a time. The JIT needs tens of seconds of load before a server's
# cost per request settles, and this host's speed drifts within minutes; interleaving spreads the
# drift over all servers alike. Prints one Markdown table: per server and cell the median req/s with
# its range over the rounds, the ratio to Jetty's median, the median p99 and server CPU per request.
# Every server it starts is stopped by PID.
#
# Usage: bench/h2.sh [-d SECONDS] [-w SECONDS] [-r ROUNDS] [-s "SERVERS"] [-o FILE]
#   -d  seconds per h2load run                    default 5
#   -w  warm-up seconds per cell and server       default 10
#   -r  rounds                                    default 3
#   -s  servers                                   default "jetty thread virtual"
#   -o  where to write the report                 default bench/results/h2.md
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
# shellcheck source=bench/lib.sh
. bench/lib.sh

duration=5
warmup=10
rounds=3
servers="jetty thread virtual"
out=bench/results/h2.md
while getopts "d:w:r:s:o:h" opt; do
    case $opt in
        d) duration=$OPTARG ;;
        w) warmup=$OPTARG ;;
        r) rounds=$OPTARG ;;
        s) servers=$OPTARG ;;
        o) out=$OPTARG ;;
        *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2 ;;
    esac
done

log() { printf '[h2] %s\n' "$*" >&2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/gateway-h2.XXXXXX")
mkdir -p "$(dirname "$out")"
trap 'stop_servers; rm -rf "$work"' EXIT INT TERM

need_command h2load nghttp2-client "$work/apt.log" || exit 1

JAVA=$(find_java) || { log "need a JDK 21 or newer"; exit 1; }
build_gateway "$here" "$work/build.log"
log "building bench/jetty-h2 and bench/apps"
mvn -B -q -f bench/jetty-h2/pom.xml package >"$work/jetty.log" 2>&1 || { tail -30 "$work/jetty.log" >&2; exit 1; }
compile_bench_apps "$JAVA"

declare -A pid_of port_of
stop_servers() {
    local name
    for name in "${!pid_of[@]}"; do stop_pid "${pid_of[$name]}"; done
    pid_of=()
}

port=18900
start_server() {
    local name=$1
    port=$((port + 1))
    case $name in
        jetty) "$JAVA" -jar bench/jetty-h2/target/jetty-h2.jar "$port" >"$work/$name.log" 2>&1 & ;;
        thread|virtual) bin/gateway -b "127.0.0.1:$port" -k "$name" --http2-cleartext prior-knowledge \
            --http2-max-concurrent-streams 100 --classpath bench/apps/target/classes dev.gateway.bench.apps.H2Bench \
            >"$work/$name.log" 2>&1 & ;;
        *) log "unknown server $name"; return 1 ;;
    esac
    pid_of[$name]=$!
    port_of[$name]=$port
    for _ in $(seq 300); do
        curl -s --http2-prior-knowledge -o /dev/null "http://127.0.0.1:$port/" && return 0
        sleep 0.1
    done
    log "$name did not answer"; cat "$work/$name.log" >&2; return 1
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# run_h2load PORT CONNS STREAMS PATH -> "req/s mean_ms max_ms requests p99"
# h2load prints no percentiles; its --log-file has one line per request, the third column the
# microseconds until the response ended, from which the p99 is taken.
run_h2load() {
    local out_file="$work/h2load.txt" requests_log="$work/requests.tsv"
    rm -f "$requests_log"
    h2load -D "$duration" -c "$2" -m "$3" -t 1 --log-file="$requests_log" "http://127.0.0.1:$1$4" >"$out_file" 2>&1 || true
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

cells="/:1 /:64 /download:1 /download:64"
runs="$work/runs.tsv"   # server, cell, req/s, p99 (as printed), p99 in µs, CPU µs per request
: >"$runs"

for server in $servers; do
    start_server "$server"
done
log "warming up: $warmup s per cell and server"
for server in $servers; do
    for cell in $cells; do
        h2load -D "$warmup" -c "${cell#*:}" -m 100 -t 1 "http://127.0.0.1:${port_of[$server]}${cell%:*}" >/dev/null 2>&1 || true
    done
done

to_us() { awk -v v="$1" 'BEGIN { if (v ~ /ms$/) print v * 1000; else if (v ~ /us$/) print v + 0; else if (v ~ /s$/) print v * 1e6; else print 0 }'; }

for round in $(seq "$rounds"); do
    for cell in $cells; do
        path=${cell%:*} conns=${cell#*:}
        for server in $servers; do
            pid=${pid_of[$server]}
            before=$(cpu_ticks "$pid")
            read -r rps mean max requests p99 < <(run_h2load "${port_of[$server]}" "$conns" 100 "$path")
            after=$(cpu_ticks "$pid")
            cpu=$(awk -v t=$((after - before)) -v n="${requests:-0}" -v hz="$(getconf CLK_TCK)" \
                'BEGIN { if (n > 0) printf "%.1f", t / hz * 1e6 / n; else print "-" }')
            printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$server" "$path ${conns}x100" "${rps:-0}" "$p99" "$(to_us "$p99")" "$cpu" >>"$runs"
            log "round $round $server $path ${conns}x100: $rps req/s, mean $mean, p99 $p99, $cpu µs CPU/req"
        done
    done
done

{
    echo "Machine: $(nproc) cores, $(uname -r), $("$JAVA" -version 2>&1 | head -1), $(h2load --version | head -1)"
    echo "Run: $(date -u '+%Y-%m-%d %H:%M UTC'), $rounds rounds of ${duration} s per cell and server after ${warmup} s of warm-up per cell; load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    echo "| cell | server | req/s (median) | range | vs jetty | p99 (median) | server CPU µs/req (median) |"
    echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
    # Medians per server and cell; the ratio is to Jetty's median in the same cell.
    sort -t$'\t' -k2,2 -k1,1 -k3,3n "$runs" | awk -F'\t' '
        function median(list,   n, a, i, j, t) {
            n = split(list, a, " ")
            for (i = 2; i <= n; i++) { t = a[i]; j = i - 1; while (j > 0 && a[j] + 0 > t + 0) { a[j + 1] = a[j]; j-- } a[j + 1] = t }
            return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
        }
        { key = $2 "\t" $1; if (!(key in rps)) order[++k] = key
          rps[key] = rps[key] " " $3; p99[key] = p99[key] " " $5; cpu[key] = cpu[key] " " $6
          v = $3 + 0; if (!(key in lo) || v < lo[key]) lo[key] = v; if (v > hi[key] + 0) hi[key] = v }
        END {
            for (i = 1; i <= k; i++) { split(order[i], c, "\t"); if (c[2] == "jetty") jetty[c[1]] = median(rps[order[i]]) }
            for (i = 1; i <= k; i++) {
                split(order[i], c, "\t"); m = median(rps[order[i]]); us = median(p99[order[i]])
                ratio = (c[1] in jetty && jetty[c[1]] > 0) ? sprintf("%.2f", m / jetty[c[1]]) : "-"
                p = us >= 1e6 ? sprintf("%.2f s", us / 1e6) : us >= 1000 ? sprintf("%.2f ms", us / 1000) : sprintf("%d µs", us)
                printf "| %s | %s | %.0f | %.0f-%.0f | %s | %s | %.1f |\n", c[1], c[2], m, lo[order[i]], hi[order[i]], ratio, p, median(cpu[order[i]])
            }
        }'
} >"$out"
cat "$out"
