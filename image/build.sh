#!/usr/bin/env bash
# Builds the container image gateway:VERSION from the release archive: a jlink runtime holding only
# the JDK modules the server needs, the archive's lib/ and conf/, FROM scratch (no base image to
# pull: glibc and the few libraries the JVM links are copied from this machine), a non-root user,
# and a class-data sharing archive made by a training run of the image itself.
#
#   image/build.sh [ARCHIVE]      ARCHIVE defaults to gateway-dist/target/gateway-*.tar.gz (mvn -B package)
#
# Environment:
#   IMAGE_NAME      repository name of the image (default: gateway); the tag is the release's version
#   ADD_MODULES     more JDK modules for your applications, comma-separated (e.g. java.sql,java.desktop)
#   JDK_HOME        the JDK whose jlink makes the runtime (default: the newest JDK >= 21 under /usr/lib/jvm)
#
# An application is added with a two-line Containerfile (docs/deployment.md, section 9):
#   FROM gateway:VERSION
#   COPY app.jar /app/
# and run with the application's class as the command: podman run -p 8000:8000 myapp com.example.App
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
archive=${1:-$(ls "$here"/gateway-dist/target/gateway-*.tar.gz 2>/dev/null | head -1 || true)}
[ -f "$archive" ] || { echo "image/build.sh: no release archive; run mvn -B package first" >&2; exit 1; }
version=$(basename "$archive" .tar.gz)
version=${version#gateway-}
name=${IMAGE_NAME:-gateway}

# The JDK modules the server uses, as `jdeps --print-module-deps` reports them for lib/, plus
# jdk.httpserver (the Prometheus metrics endpoint) and jdk.net (SO_PEERCRED on Unix sockets), which
# the server loads only when configured.
modules=java.base,java.logging,java.management,java.naming,java.net.http,java.xml,jdk.jfr,jdk.unsupported,jdk.httpserver,jdk.net
[ -n "${ADD_MODULES:-}" ] && modules="$modules,$ADD_MODULES"

# podman on these machines: runc (the default runtime fails on hybrid cgroups), explicit ulimits,
# the host's network (no network namespace to set up; the training run listens on loopback only).
run_flags=(--runtime runc --ulimit nofile=4096:4096 --ulimit nproc=4096:4096 --network host)

find_jdk() {
    for home in ${JDK_HOME:-} $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
        home=${home%/}
        [ -x "$home/bin/jlink" ] || continue
        major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null)
        if [ -n "$major" ] && [ "$major" -ge 21 ]; then echo "$home"; return 0; fi
    done
    return 1
}
jdk=$(find_jdk) || { echo "image/build.sh: need a JDK >= 21 with jlink (set JDK_HOME)" >&2; exit 1; }

work=$(mktemp -d)
container=""
cleanup() {
    [ -n "$container" ] && podman rm -f "$container" >/dev/null 2>&1 || true
    podman rmi -f "localhost/$name-base:$version" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

echo "image: runtime from $jdk with $modules" >&2
ctx="$work/context"
mkdir -p "$ctx/rootfs/opt" "$ctx/rootfs/etc" "$ctx/rootfs/tmp" "$ctx/rootfs/app"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
    --compress zip-6 --output "$ctx/rootfs/opt/java"
# The JDK's own class-data archive, the base that the training run's archive extends. Dumped here
# rather than by jlink --generate-cds-archive: with the server's --enable-native-access, which an
# archive records (a mismatch logs an error and turns optimized module handling off), and only for
# heaps under 32 GiB (compressed oops; a larger heap runs without it), which saves 14 MiB.
"$ctx/rootfs/opt/java/bin/java" --enable-native-access=ALL-UNNAMED -Xshare:dump -Xlog:cds=off >/dev/null
tar -xzf "$archive" -C "$work"
mkdir -p "$ctx/rootfs/opt/gateway"
cp -r "$work/gateway-$version/lib" "$work/gateway-$version/conf" "$work/gateway-$version/LICENSE" "$ctx/rootfs/opt/gateway/"

# FROM scratch has no C library: copy what the runtime's and Netty's native libraries link against.
native="$work/native"
mkdir -p "$native"
case $(uname -m) in aarch64|arm64) arch=aarch_64 ;; *) arch=x86_64 ;; esac
(cd "$native" && "$jdk/bin/jar" xf "$ctx/rootfs/opt/gateway/lib/"netty-transport-native-epoll-*-linux-$arch.jar META-INF/native)
find "$ctx/rootfs/opt/java" "$native" -type f \( -name '*.so' -o -path '*/bin/java' \) -print0 \
    | xargs -0 ldd 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// && $2 ~ /^\(/ {print $1}' \
    | grep -v "^$ctx" | sort -u \
    | while read -r lib; do cp -L --parents "$lib" "$ctx/rootfs/"; done
# The user the server runs as, so that the JVM has a name and a home for it.
printf 'root:x:0:0:root:/root:/sbin/nologin\ngateway:x:10001:10001:gateway:/app:/sbin/nologin\n' > "$ctx/rootfs/etc/passwd"
printf 'root:x:0:\ngateway:x:10001:\n' > "$ctx/rootfs/etc/group"
chmod 1777 "$ctx/rootfs/tmp"

jvm_flags='"--enable-native-access=ALL-UNNAMED", "-Xms16m", "-XX:SharedArchiveFile=/opt/gateway/gateway.jsa"'
cat > "$ctx/Containerfile" <<CONTAINERFILE
FROM scratch
COPY rootfs/ /
ENV PATH=/opt/java/bin \\
    PORT=8000 \\
    JAVA_HOME=/opt/java
USER 10001:10001
WORKDIR /app
EXPOSE 8000
# The master stops gracefully on TERM: requests in flight get graceful_timeout (30 s) to finish.
STOPSIGNAL SIGTERM
# Listens on 0.0.0.0:\$PORT unless --bind is given; the application's jars are /app/*; the command
# (CMD, or the arguments of podman run) names the application's class and any other settings.
ENTRYPOINT ["/opt/java/bin/java", $jvm_flags, "-jar", "/opt/gateway/lib/gateway-server-$version.jar", "--classpath", "/app/*"]
CONTAINERFILE
podman build -q -t "localhost/$name-base:$version" "$ctx" >/dev/null

# Training run: the image serves the TrainingApplication of the server's jar (bin/gateway-train's) on
# loopback, and the class-data sharing archive of everything a serving server loaded is written when
# it stops (ArchiveClassesAtExit). It is made inside the image so that the JDK and the jar paths it
# records are the image's own.
mkdir -p "$work/cds"
chmod 777 "$work/cds"
container="$name-train-$version"
podman run -d "${run_flags[@]}" --name "$container" -v "$work/cds:/cds" \
    --entrypoint /opt/java/bin/java "localhost/$name-base:$version" \
    --enable-native-access=ALL-UNNAMED -Xms16m -XX:ArchiveClassesAtExit=/cds/gateway.jsa -Xlog:cds=off -Xlog:cds+dynamic=off \
    -jar "/opt/gateway/lib/gateway-server-$version.jar" --bind 127.0.0.1:0 --workers 2 --threads 4 \
    dev.gateway.server.app.TrainingApplication >/dev/null
url=""
for _ in $(seq 1 300); do
    url=$(podman logs "$container" 2>&1 | sed -n 's/.*Listening at: \(http:[^ ]*\).*/\1/p' | head -1)
    [ -n "$url" ] && break
    sleep 0.1
done
[ -n "$url" ] || { podman logs "$container" >&2; echo "image/build.sh: the training run did not start" >&2; exit 1; }
for _ in $(seq 1 200); do curl -fsS "$url/" >/dev/null && curl -fsS -d "uploaded" "$url/again" >/dev/null; done
podman stop -t 60 "$container" >/dev/null
status=$(podman inspect -f '{{.State.ExitCode}}' "$container")
[ "$status" = 0 ] && [ -s "$work/cds/gateway.jsa" ] \
    || { podman logs "$container" >&2; echo "image/build.sh: the training run exited $status without an archive" >&2; exit 1; }
podman rm "$container" >/dev/null
container=""

# The archive is a layer of its own on top of the runtime and the server.
mkdir -p "$work/final"
cp "$work/cds/gateway.jsa" "$work/final/gateway.jsa"
chmod 644 "$work/final/gateway.jsa"
printf 'FROM localhost/%s-base:%s\nCOPY gateway.jsa /opt/gateway/gateway.jsa\n' "$name" "$version" > "$work/final/Containerfile"
podman build -q -t "localhost/$name:$version" "$work/final" >/dev/null

mib() { du -sb "$1" | awk '{printf "%.1f MiB", $1 / 1048576}'; }
image_size=$(podman image inspect -f '{{.Size}}' "localhost/$name:$version" | awk '{printf "%.1f MiB", $1 / 1048576}')
echo "image: localhost/$name:$version ($image_size): runtime $(mib "$ctx/rootfs/opt/java"), server $(mib "$ctx/rootfs/opt/gateway"), CDS archive $(mib "$work/final/gateway.jsa")" >&2
echo "localhost/$name:$version"
