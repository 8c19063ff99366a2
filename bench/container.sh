#!/usr/bin/env bash
# bench/container.sh: the container image (image/build.sh) at start-up and at rest, with and without
# its class-data sharing archive. For each of N rounds, alternating, it starts a container of the
# image plus the Hello example (two-line Containerfile) on a loopback port and prints:
#   - first response: from `podman run` until the first 200 (container set-up, JVM start, boot),
#   - idle RSS: the server's resident memory (/proc/PID/status of the container's PID 1 on the host),
#     3 s after 20 requests.
# "no CDS" runs the same image with JAVA_TOOL_OPTIONS=-Xshare:off. Containers and the images this
# script built are removed by name at the end, also on failure or Ctrl-C.
#
# Usage: bench/container.sh [ROUNDS]      (default 5; builds the archive and the image when missing)
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
rounds=${1:-5}
run_flags=(--runtime runc --ulimit nofile=4096:4096 --ulimit nproc=4096:4096 --network host)
name="gateway-bench-$$"
app_image="localhost/$name-app:1"
container=""

cleanup() {
    [ -n "$container" ] && podman rm -f "$container" >/dev/null 2>&1 || true
    podman rmi -f "$app_image" "localhost/$name:$version" >/dev/null 2>&1 || true
    rm -rf "${work:-/nonexistent}"
}
trap cleanup EXIT

archive=$(ls gateway-dist/target/gateway-*.tar.gz 2>/dev/null | head -1 || true)
if [ -z "$archive" ] || [ ! -f examples/target/gateway-examples-*.jar ]; then
    echo "[bench] building the release (mvn -B -q -DskipTests package)" >&2
    mvn -B -q -DskipTests package >/dev/null
    archive=$(ls gateway-dist/target/gateway-*.tar.gz | head -1)
fi
version=$(basename "$archive" .tar.gz)
version=${version#gateway-}
echo "[bench] building the image (image/build.sh)" >&2
IMAGE_NAME=$name image/build.sh "$archive" >/dev/null
work=$(mktemp -d)
cp examples/target/gateway-examples-*.jar "$work/app.jar"
printf 'FROM localhost/%s:%s\nCOPY app.jar /app/\n' "$name" "$version" > "$work/Containerfile"
podman build -q -t "$app_image" "$work" >/dev/null

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
now_ms() { date +%s%3N; }

# Prints "first-response-ms idle-rss-mib" for one container run.
measure() {
    local tool_options=$1 started url pid rss
    container="$name-run"
    started=$(now_ms)
    podman run -d "${run_flags[@]}" --name "$container" ${tool_options:+-e "JAVA_TOOL_OPTIONS=$tool_options"} \
        "$app_image" --bind "127.0.0.1:$port" --workers 2 --threads 4 dev.gateway.examples.Hello >/dev/null
    url="http://127.0.0.1:$port/"
    for _ in $(seq 1 600); do
        curl -fs -o /dev/null "$url" 2>/dev/null && break
        sleep 0.01
    done
    local first=$(( $(now_ms) - started ))
    for _ in $(seq 1 20); do curl -fs -o /dev/null "$url"; done
    sleep 3
    pid=$(podman inspect -f '{{.State.Pid}}' "$container")
    rss=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")
    podman stop -t 30 "$container" >/dev/null
    podman rm "$container" >/dev/null
    container=""
    echo "$first $rss"
}

printf '%-8s %-8s %20s %14s\n' round archive "first response (ms)" "idle RSS (MiB)"
for round in $(seq 1 "$rounds"); do
    read -r ms rss < <(measure "")
    printf '%-8s %-8s %20s %14s\n' "$round" CDS "$ms" "$rss"
    read -r ms rss < <(measure "-Xshare:off")
    printf '%-8s %-8s %20s %14s\n' "$round" "no CDS" "$ms" "$rss"
done
