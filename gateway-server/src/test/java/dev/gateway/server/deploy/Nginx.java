package dev.gateway.server.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import dev.gateway.server.support.Await;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real nginx (Debian's package; .ci/run installs it) running one of the documented configurations
 * of docs/deploy/ on loopback, so the file users copy is the file the tests run. Paths and the port
 * are substituted: {@code unix:/run/gateway/NAME} becomes {@code unix:DIR/NAME}, {@code listen 80}
 * a free loopback port, the pid file, logs and temporary folders move into DIR.
 */
final class Nginx implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/sbin/nginx");

    /** Strings every documented configuration holds, so a substitution cannot silently miss. */
    private static final List<String> REQUIRED = List.of("listen 80;", "/run/nginx.pid", "unix:/run/gateway/");

    private final Process process;
    private final Path dir;
    private final URI base;

    private Nginx(Process process, Path dir, URI base) {
        this.process = process;
        this.dir = dir;
        this.base = base;
    }

    /**
     * Skips the calling test when nginx is not installed, except in CI ({@code CI=true}, set by
     * .ci/run), where it fails instead: a missing install must not hide a failure.
     */
    static void assumeInstalled() {
        if (!Files.isExecutable(BINARY)) {
            if ("true".equals(System.getenv("CI"))) {
                fail("nginx is not installed; .ci/run must install it (apt-get install nginx-light)");
            }
            Assumptions.abort("nginx is not installed here (apt-get install nginx-light); CI runs this test");
        }
    }

    /**
     * Starts nginx with {@code docs/deploy/<file>}, its sockets and files in {@code dir}, and waits
     * until it listens.
     */
    static Nginx start(String file, Path dir) throws Exception {
        assumeInstalled();
        Files.createDirectories(dir.resolve("logs"));
        int port = freePort();
        Path config = dir.resolve("nginx.conf");
        Files.writeString(config, configure(file, dir, port));
        Process process = new ProcessBuilder(BINARY.toString(), "-p", dir.toString(), "-c", config.toString(), "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(dir.resolve("logs/nginx.out").toFile()).start();
        Nginx nginx = new Nginx(process, dir, URI.create("http://127.0.0.1:" + port + "/"));
        try {
            nginx.awaitPort(port);
        } catch (Exception | Error e) {
            nginx.close();
            throw e;
        }
        return nginx;
    }

    /** docs/deploy/FILE with this test's paths and port. */
    private static String configure(String file, Path dir, int port) throws IOException {
        String project = System.getProperty("gateway.project.dir", "..");
        String template = Files.readString(Path.of(project, "docs/deploy", file));
        for (String required : REQUIRED) {
            if (!template.contains(required)) {
                fail("docs/deploy/" + file + " no longer contains '" + required + "': update " + Nginx.class.getSimpleName());
            }
        }
        String config = template
                .replace("worker_processes auto;", "worker_processes 1;")
                .replace("/run/nginx.pid", dir.resolve("nginx.pid").toString())
                .replace("/var/log/nginx/", dir.resolve("logs").toString() + File.separator)
                .replace("unix:/run/gateway/", "unix:" + dir + File.separator)
                .replace("listen 80;", "listen 127.0.0.1:" + port + ";")
                .replace("root /srv/app;", "root " + dir.resolve("www") + ";");
        // Temp folders inside the test directory: nginx must not need root-owned paths.
        String temps = "    client_body_temp_path " + dir.resolve("tmp-body") + ";\n"
                + "    proxy_temp_path " + dir.resolve("tmp-proxy") + ";\n"
                + "    fastcgi_temp_path " + dir.resolve("tmp-fastcgi") + ";\n"
                + "    uwsgi_temp_path " + dir.resolve("tmp-uwsgi") + ";\n"
                + "    scgi_temp_path " + dir.resolve("tmp-scgi") + ";\n";
        config = config.replace("http {\n", "http {\n" + temps);
        // As root, nginx's workers would drop to 'nobody' and could not enter the test's private
        // folder; in production the socket's group and --umask give the proxy access instead.
        return "root".equals(System.getProperty("user.name")) ? "user root;\n" + config : config;
    }

    /** {@code http://127.0.0.1:PORT/}. */
    URI base() {
        return base;
    }

    /** nginx's error log so far. */
    String errorLog() throws IOException {
        Path log = dir.resolve("logs/error.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private void awaitPort(int port) {
        Await.until(Duration.ofSeconds(10), "nginx to listen on " + port, () -> {
            if (!process.isAlive()) {
                fail("nginx exited: " + Files.readString(dir.resolve("logs/nginx.out")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Stops nginx (TERM, then KILL after 5 s); its worker process exits with it. */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> workers = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        workers.forEach(ProcessHandle::destroyForcibly);
    }
}
