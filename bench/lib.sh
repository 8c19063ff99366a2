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

# Stops one process started by the script: TERM, up to 10 s, then KILL; reaps it.
stop_pid() {
    local pid=$1
    [[ -n $pid ]] || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
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
