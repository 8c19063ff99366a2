# shellcheck shell=bash
# bench/lib.sh: shared by the scripts of bench/ (sourced, not run).

# Prints the path of a java >= 21, searched like bin/gateway does (the default java may be 17):
# $GATEWAY_JAVA_HOME, $JAVA_HOME, java on PATH, then /usr/lib/jvm/*.
find_java() {
    local c major home
    for c in ${GATEWAY_JAVA_HOME:+"$GATEWAY_JAVA_HOME/bin/java"} ${JAVA_HOME:+"$JAVA_HOME/bin/java"} \
             "$(command -v java 2>/dev/null || true)" /usr/lib/jvm/*/bin/java; do
        [[ -n "$c" && -x "$c" ]] || continue
        c=$(readlink -f "$c")
        home=$(dirname "$(dirname "$c")")
        major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null || true)
        if [[ -n "$major" && "$major" -ge 21 ]]; then
            echo "$c"
            return 0
        fi
    done
    return 1
}

# Builds the gateway (mvn -B -q -DskipTests package at the root) when its jars are missing or older
# than a source file or pom: a benchmark of stale jars would measure the wrong code.
build_gateway() {
    local root=$1 log=$2 jar="$1/gateway-server/target/gateway-server.jar"
    local stale=
    if [[ ! -f $jar || ! -d "$root/gateway-server/target/lib" || ! -d "$root/src-test-apps/target/classes" \
          || ! -f "$root/gateway-spi/target/gateway-spi-0.1.0-SNAPSHOT.jar" ]]; then
        stale=missing
    else
        stale=$(cd "$root" && find pom.xml gateway-spi gateway-server src-test-apps \
            \( -path '*/src/main/*' -o -name pom.xml \) -newer "$jar" -print -quit 2>/dev/null)
    fi
    if [[ -n $stale ]]; then
        echo "[bench] building the project (mvn -B -q -DskipTests package)" >&2
        (cd "$root" && mvn -B -q -DskipTests package) >"$log" 2>&1 || { tail -30 "$log" >&2; return 1; }
    fi
}

# The PIDs of the descendants of process $1 (process workers, their children), one a line.
descendants() {
    local child
    for child in $(pgrep -P "$1" 2>/dev/null || true); do
        echo "$child"
        descendants "$child"
    done
}

# Stops one process started by the script: TERM, up to 10 s, then KILL; reaps it, then KILLs what is
# left of its descendants (a master's workers, when the master had to be killed).
stop_pid() {
    local pid=$1 tree p
    [[ -n $pid ]] || return 0
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    tree=$(descendants "$pid")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
        echo "[bench] pid $pid ignored SIGTERM for 10 s: SIGKILL" >&2
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
    for p in $tree; do
        kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null
    done
    return 0
}

# Stops the server the script started last ($server_pid) and forgets it.
stop_server() { stop_pid "${server_pid:-}"; server_pid=; }

# Installs Debian's PACKAGE when COMMAND is missing (as root only; the apt output goes to LOG).
need_command() {
    local command=$1 package=$2 log=$3
    command -v "$command" >/dev/null && return 0
    echo "[bench] installing $command (Debian's $package)" >&2
    [[ $(id -u) -eq 0 ]] || { echo "[bench] $command is missing and this is not root" >&2; return 1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >"$log" 2>&1 \
        || { apt-get update -qq >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >"$log" 2>&1; }
}

# Compiles bench/apps/src (the gateway's benchmark applications) with bench/peers/payload (the
# bytes they share with the Java peers) into bench/apps/target/classes, with the javac beside JAVA.
compile_bench_apps() {
    local java=$1 sources
    rm -rf bench/apps/target && mkdir -p bench/apps/target/classes
    mapfile -t sources < <(find bench/apps/src bench/peers/payload -name '*.java')
    "$(dirname "$java")/javac" --release 21 -d bench/apps/target/classes \
        -cp "gateway-spi/target/classes:src-test-apps/target/classes" "${sources[@]}"
}

# Runs a client (wrk, curl, JMH) in the background and waits for it, so that a signal is handled at
# once instead of after the client ends (bash defers traps while a foreground command runs). The
# client's PID is in $client_pid meanwhile, for the script's trap.
run_client() {
    "$@" &
    client_pid=$!
    local status=0
    wait "$client_pid" || status=$?
    client_pid=
    return "$status"
}

# Resident memory of a process and all its descendants, in KiB (workers count for process models).
rss_kib() {
    local total=0 pid kib
    for pid in "$1" $(descendants "$1"); do
        kib=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
        total=$((total + ${kib:-0}))
    done
    echo "$total"
}

mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Sets $port to the first free port from $next_port on, and moves $next_port past it.
pick_port() {
    while ! port_free "$next_port"; do
        next_port=$((next_port + 1))
    done
    port=$next_port
    next_port=$((next_port + 1))
}

# Polls until the server answers 200 on PATH (sets $first_ms, ms since $start_ms) or gives up after
# 60 s or when $server_pid exits.
await_first_response() {
    local port=$1 path=${2:-/} code
    while :; do
        if ! kill -0 "$server_pid" 2>/dev/null; then
            return 1
        fi
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port$path" 2>/dev/null || true)
        if [[ $code == 200 ]]; then
            first_ms=$(( $(now_ms) - start_ms ))
            return 0
        fi
        (( $(now_ms) - start_ms > 60000 )) && return 1
        sleep 0.01
    done
}

# A wrk latency (850.00us, 1.20ms, 2.00s, 1.00m) in milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0
        if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000
        printf "%.2f", n }'
}

# Reads the output of `wrk --latency` in FILE into $rps, $p50 and $p99 (ms), $requests, and $errors
# (socket errors and answers that are not 2xx or 3xx).
wrk_summary() {
    local file=$1
    rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$file")
    p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$file")")
    p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$file")")
    requests=$(awk '/ requests in / {print $1}' "$file")
    errors=$(awk '/Socket errors:/ {gsub(",", ""); n += $4 + $6 + $8 + $10} /Non-2xx or 3xx/ {n += $5} END {print n + 0}' "$file")
    rps=${rps:-0}
    requests=${requests:-0}
}

# Samples rss_kib of $1 every 0.25 s into file $2 until stop_sampling (the
# sampler's PID is in $sampler_pid meanwhile, for the script's trap).
start_sampling() {
    : > "$2"
    while :; do
        rss_kib "$1" >> "$2"
        sleep 0.25
    done &
    sampler_pid=$!
}

stop_sampling() {
    kill "$sampler_pid" 2>/dev/null || true
    wait "$sampler_pid" 2>/dev/null || true
    sampler_pid=
}

max_of() { sort -n "$1" 2>/dev/null | tail -1; }
