package dev.gateway.server.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.Main;
import dev.gateway.server.support.Await;
import dev.gateway.server.support.ServerProcess;
import dev.gateway.testapps.Hello;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code gateway ctl} against the real server in a child JVM, for each worker class: every command,
 * concurrent clients, the socket's mode, and requests that are malformed or too long.
 */
class ControlSocketTest {

    private static final Duration GUARD = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"thread", "virtual", "process"})
    void everyCommandForEachWorkerClass(String workerClass) throws Exception {
        Path socket = dir.resolve("ctl");
        try (ServerProcess server = ServerProcess.start(Map.of(), "-k", workerClass, "-w", "2", "--threads", "2",
                "--control-socket", socket.toString(), Hello.class.getName())) {
            server.awaitLog("Control socket: " + socket, 1, GUARD);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
            awaitWorkers(socket, 2, server);
            sendRequests(server, 40);
            Await.until(GUARD, "40 requests in show stats (process workers: through their heartbeats)",
                    () -> ((Number) stats(socket).get("requests")).longValue() >= 40, server::log);
            Map<String, Object> stats = stats(socket);
            assertEquals(40L, ((Number) ((Map<?, ?>) stats.get("status")).get("2xx")).longValue(), stats.toString());
            assertEquals(40L, ((Number) ((Map<?, ?>) stats.get("methods")).get("GET")).longValue(), stats.toString());
            assertTrue(((Map<?, ?>) stats.get("latency")).get("p99_ms") instanceof Number, stats.toString());
            assertTrue(stats.get("accept_queue") instanceof Number, "Linux tells the accept queue: " + stats);

            Map<String, Object> listeners = ctl(socket, "show", "listeners");
            assertEquals(List.of("http://127.0.0.1:" + server.port()), listeners.get("listeners"));
            Map<?, ?> config = (Map<?, ?>) ctl(socket, "show", "config").get("config");
            assertEquals("2", config.get("workers"));
            assertEquals(workerClass, config.get("worker_class"));

            assertOk(ctl(socket, "worker", "add", "2"));
            awaitWorkers(socket, 4, server);
            assertOk(ctl(socket, "worker", "remove"));
            awaitWorkers(socket, 3, server);

            Object victim = awaitWorkers(socket, 3, server).get(0).get("id");
            assertEquals(victim, ctl(socket, "worker", "kill", String.valueOf(victim)).get("killed"));
            Await.until(GUARD, "worker " + victim + " replaced", () -> {
                List<Map<String, Object>> now = workers(socket);
                return now.size() == 3 && now.stream().noneMatch(w -> w.get("id").equals(victim));
            }, server::log);
            Await.until(GUARD, "the kill counted", () -> ((Number) ((Map<?, ?>) stats(socket).get("worker_exits")).get("retired")).longValue() >= 2,
                    server::log); // worker remove, worker kill
            Map<String, Object> refused = ctl(socket, "worker", "kill", "999");
            assertEquals(false, refused.get("ok"));

            // A reload reads the configuration again, as HUP does: -w 2 again.
            assertOk(ctl(socket, "reload"));
            Await.until(GUARD, "generation 1 serving", () -> {
                List<Map<String, Object>> now = workers(socket);
                return now.size() == 2 && now.stream().allMatch(w -> ((Number) w.get("generation")).intValue() == 1
                        && w.get("state").equals("serving"));
            }, server::log);
            assertOk(ctl(socket, "reopen"));
            server.awaitLog("Reopened", 1, GUARD);
            assertEquals(2, workers(socket).size());

            assertOk(ctl(socket, "shutdown", "graceful"));
            assertEquals(0, server.awaitExit(GUARD));
            assertFalse(Files.exists(socket), "the socket file is removed at exit");
            assertTrue(server.log().contains("Handling signal: hup"), "reload takes the HUP path");
        }
    }

    @Test
    void concurrentClientsTextOutputAndBadRequests() throws Exception {
        Path socket = dir.resolve("ctl");
        try (ServerProcess server = ServerProcess.start(Map.of(), "-w", "2", "--control-socket", socket.toString(),
                "--control-socket-mode", "0660", Hello.class.getName())) {
            server.awaitLog("Control socket: " + socket, 1, GUARD);
            assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
            awaitWorkers(socket, 2, server);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Map<String, Object>>> answers = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    String what = List.of("workers", "stats", "config", "listeners").get(i % 4);
                    answers.add(pool.submit(() -> ctl(socket, "show", what)));
                }
                for (Future<Map<String, Object>> answer : answers) {
                    assertOk(answer.get());
                }
            } finally {
                pool.shutdownNow();
            }

            Run table = run("ctl", "--socket", socket.toString(), "show", "workers");
            assertEquals(0, table.status, table.err);
            assertTrue(table.out.startsWith("ID  PID"), table.out);
            assertEquals(3, table.out.lines().count(), table.out);
            Run unknown = run("ctl", "--socket", socket.toString(), "frobnicate");
            assertEquals(1, unknown.status);
            assertTrue(unknown.err.contains("unknown command 'frobnicate'"), unknown.err);
            Run usage = run("ctl", "--socket", socket.toString());
            assertEquals(2, usage.status, usage.err);
            Run nobody = run("ctl", "--socket", dir.resolve("none").toString(), "show", "stats");
            assertEquals(1, nobody.status);
            assertTrue(nobody.err.contains("cannot reach a server"), nobody.err);

            try (var raw = java.nio.channels.SocketChannel.open(java.net.UnixDomainSocketAddress.of(socket))) {
                var out = java.nio.channels.Channels.newOutputStream(raw);
                var in = new LineReader(new java.io.BufferedInputStream(java.nio.channels.Channels.newInputStream(raw)), 1 << 20);
                out.write("not json\n{\"command\":7}\n[[[[\n{\"command\":\"show\",\"args\":[\"stats\"]}\n".getBytes(StandardCharsets.UTF_8));
                assertTrue(in.next().contains("\"error\":\"bad request: not a JSON object"));
                assertTrue(in.next().contains("no \\\"command\\\" string"));
                assertTrue(in.next().contains("bad request"));
                assertTrue(in.next().contains("\"ok\":true"));
                out.write(("{\"command\":\"" + "x".repeat(ControlRequest.MAX_LINE) + "\"}\n").getBytes(StandardCharsets.UTF_8));
                assertTrue(in.next().contains("request longer than"));
            }
            assertOk(ctl(socket, "show", "stats"));
            assertTrue(server.alive());
        }
    }

    @Test
    void aSecondServerOnTheSameSocketRunsWithoutOne() throws Exception {
        Path socket = dir.resolve("ctl");
        try (ServerProcess first = ServerProcess.start(Map.of(), "--control-socket", socket.toString(), Hello.class.getName());
             ServerProcess second = ServerProcess.start(Map.of(), "--control-socket", socket.toString(), Hello.class.getName())) {
            second.awaitLog("is in use by another server: running without one", 1, GUARD);
            Map<String, Object> listeners = ctl(socket, "show", "listeners");
            assertEquals(List.of("http://127.0.0.1:" + first.port()), listeners.get("listeners"));
            assertNotEquals(first.port(), second.port());
        }
    }

    @Test
    void noControlSocketMeansNone() throws Exception {
        Path socket = dir.resolve("ctl");
        try (ServerProcess server = ServerProcess.start(Map.of("XDG_RUNTIME_DIR", dir.toString()), "--no-control-socket",
                Hello.class.getName())) {
            assertFalse(server.log().contains("Control socket:"), server.log());
            assertFalse(Files.exists(socket));
            assertFalse(Files.exists(dir.resolve("gateway.ctl")));
        }
    }

    @Test
    void theDefaultPathIsUnderXdgRuntimeDir() throws Exception {
        try (ServerProcess server = ServerProcess.start(Map.of("XDG_RUNTIME_DIR", dir.toString()), Hello.class.getName())) {
            Path socket = dir.resolve("gateway.ctl");
            server.awaitLog("Control socket: " + socket, 1, GUARD);
            Run run = run(Map.of("XDG_RUNTIME_DIR", dir.toString()), "ctl", "show", "listeners");
            assertEquals("http://127.0.0.1:" + server.port() + "\n", run.out, run.err);
        }
    }

    /**
     * SO_PEERCRED at work: with the file mode opened to everyone (0666), a process of user nobody
     * connects, and is refused by its credentials. Arranging another user takes root (setpriv).
     */
    @Test
    void aClientOfAnotherUserIsRefusedByItsCredentials() throws Exception {
        boolean root = new ProcessBuilder("id", "-u").start().inputReader().readLine().equals("0");
        Path setpriv = Path.of("/usr/bin/setpriv");
        Path python = Path.of("/usr/bin/python3");
        org.junit.jupiter.api.Assumptions.assumeTrue(root, "running a client as another user needs root");
        // As root the test can run; in CI (which installs python3; setpriv is util-linux's) it must.
        boolean tools = Files.isExecutable(setpriv) && Files.isExecutable(python);
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(tools, "CI needs /usr/bin/setpriv and /usr/bin/python3 for this test");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(tools, "needs /usr/bin/setpriv and /usr/bin/python3");
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path socket = open.resolve("ctl");
        try (ServerProcess server = ServerProcess.start(Map.of(), "--control-socket", socket.toString(),
                "--control-socket-mode", "0666", Hello.class.getName())) {
            server.awaitLog("Control socket: " + socket, 1, GUARD);
            String script = "import socket,sys\ns=socket.socket(socket.AF_UNIX)\ns.connect(sys.argv[1])\n"
                    + "s.sendall(b'{\"command\":\"show\",\"args\":[\"config\"]}\\n')\nprint(s.makefile().readline().strip())\n";
            Process client = new ProcessBuilder(setpriv.toString(), "--reuid=65534", "--regid=65534", "--clear-groups",
                    python.toString(), "-c", script, socket.toString()).redirectErrorStream(true).start();
            try {
                String answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(client.waitFor(20, java.util.concurrent.TimeUnit.SECONDS));
                assertTrue(answer.contains("\"ok\":false") && answer.contains("permission denied"), answer);
            } finally {
                client.destroyForcibly();
            }
            server.awaitLog("refused a client of user", 1, GUARD);
            assertOk(ctl(socket, "show", "config")); // the owner still gets in
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static List<Map<String, Object>> awaitWorkers(Path socket, int count, ServerProcess server) throws IOException {
        Await.until(GUARD, count + " serving workers", () -> {
            List<Map<String, Object>> workers = workers(socket);
            return workers.size() == count && workers.stream().allMatch(w -> w.get("state").equals("serving"));
        }, server::log);
        return workers(socket);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> workers(Path socket) throws IOException {
        return (List<Map<String, Object>>) assertOk(ctl(socket, "show", "workers")).get("workers");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> stats(Path socket) throws IOException {
        return (Map<String, Object>) assertOk(ctl(socket, "show", "stats")).get("stats");
    }

    /** {@code gateway ctl --json WORDS}, as a user runs it, and its answer. */
    static Map<String, Object> ctl(Path socket, String... words) throws IOException {
        List<String> args = new ArrayList<>(List.of("ctl", "--socket", socket.toString(), "--json"));
        args.addAll(List.of(words));
        Run run = run(args.toArray(String[]::new));
        return Json.parseObject(run.out.strip());
    }

    private static Map<String, Object> assertOk(Map<String, Object> answer) {
        assertEquals(true, answer.get("ok"), answer.toString());
        return answer;
    }

    private static void sendRequests(ServerProcess server, int count) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient(); ExecutorService pool = Executors.newFixedThreadPool(4)) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/")).build();
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                statuses.add(pool.submit(() -> client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()));
            }
            for (Future<Integer> status : statuses) {
                assertEquals(200, status.get());
            }
        }
    }

    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        return run(Map.of(), args);
    }

    static Run run(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
