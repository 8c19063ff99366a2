#!/usr/bin/env bash
# bench/jmh.sh: builds and runs the JMH microbenchmarks of bench/jmh (environ building, response head
# writing and encoding, a whole hello exchange through the server's pipeline) with the GC profiler,
# so each line has ns/op and B/op (gc.alloc.rate.norm).
#
# Usage: bench/jmh.sh [JMH OPTIONS...]    e.g. bench/jmh.sh EnvironBench -f 2 -i 10
# With no options: every benchmark, a short run ($BENCH_JMH_ARGS, default "-f 1 -wi 3 -w 1s -i 5 -r 1s").
# -prof gc is always added.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"

java=$(find_java) || { echo "[bench] need a JDK 21 or newer (set GATEWAY_JAVA_HOME)" >&2; exit 1; }
log=$(mktemp "${TMPDIR:-/tmp}/gateway-jmh-build.XXXXXX")
trap 'rm -f "$log"' EXIT

build_gateway "$root" "$log"
# Always rebuilt (a few seconds): it compiles against the gateway jars just built.
echo "[bench] building bench/jmh" >&2
mvn -B -q -f "$root/bench/jmh/pom.xml" package >"$log" 2>&1 || { tail -30 "$log" >&2; exit 1; }

cp="$root/bench/jmh/target/classes:$root/bench/jmh/target/lib/*:$root/gateway-server/target/gateway-server.jar:$root/gateway-server/target/lib/*"
if [[ $# -eq 0 ]]; then
    # shellcheck disable=SC2086
    set -- ${BENCH_JMH_ARGS:--f 1 -wi 3 -w 1s -i 5 -r 1s}
fi
exec "$java" --enable-native-access=ALL-UNNAMED -cp "$cp" org.openjdk.jmh.Main -prof gc "$@"
