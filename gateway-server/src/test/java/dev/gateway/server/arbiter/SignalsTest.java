package dev.gateway.server.arbiter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.config.ExitCode;
import dev.gateway.server.arbiter.apps.WhoAmI;
import dev.gateway.server.support.Load;
import dev.gateway.server.support.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The master's signals and worker lifecycle, on the real server in a child JVM, for each worker class
 * where the behaviour applies. Each test kills what it started, whatever happens.
 */
class SignalsTest {

    private static final String APP = WhoAmI.class.getName();
    private static final Duration GUARD = Duration.ofSeconds(30);

    @ParameterizedTest
    @ValueSource(strings = {"thread", "virtual", "process"})
    void termWaitsForTwentyRequestsInFlightThenExitsZero(String workerClass, @TempDir Path markers) throws Exception {
        try (ServerProcess server = ServerProcess.start(Map.of("MARKERS", markers.toString()),
                "-k", workerClass, "-w", "2", "--threads", "10", "-t", "30", "--graceful-timeout", "10", APP)) {
            awaitWorkers(server, workerClass, 2);
            HttpClient client = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                inFlight.add(client.sendAsync(get(server, "/?ms=1500"), HttpResponse.BodyHandlers.ofString()));
            }
            // 21: the 20 and the first request of awaitWorkers.
            server.await("20 requests in flight", GUARD, () -> countFiles(markers) >= 21);
            server.signal("TERM");
            for (CompletableFuture<HttpResponse<String>> response : inFlight) {
                assertEquals(200, response.get().statusCode());
            }
            assertEquals(0, server.awaitExit(GUARD), server.log());
            assertTrue(server.log().contains("Handling signal: term"));
        }
    }

    @Test
    void intStopsAtOnce(@TempDir Path markers) throws Exception {
        try (ServerProcess server = ServerProcess.start(Map.of("MARKERS", markers.toString()),
                "-w", "1", "--graceful-timeout", "20", APP)) {
            CompletableFuture<HttpResponse<String>> slow = HttpClient.newHttpClient()
                    .sendAsync(get(server, "/?ms=20000"), HttpResponse.BodyHandlers.ofString());
            server.await("the slow request in flight", GUARD, () -> countFiles(markers) >= 1);
            server.signal("INT");
            // A quick stop does not wait out the 20 s request (nor the 20 s graceful timeout).
            assertEquals(0, server.awaitExit(Duration.ofSeconds(10)), server.log());
            assertTrue(slow.handle((r, e) -> e != null || r.statusCode() != 200).get());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"thread", "process"})
    void intDuringAGracefulStopEndsItAtOnceAndASecondTermChangesNothing(String workerClass, @TempDir Path markers) throws Exception {
        try (ServerProcess server = ServerProcess.start(Map.of("MARKERS", markers.toString()),
                "-k", workerClass, "-w", "1", "--graceful-timeout", "30", APP)) {
            awaitWorkers(server, workerClass, 1);
            CompletableFuture<HttpResponse<String>> hanging = HttpClient.newHttpClient()
                    .sendAsync(get(server, "/?ms=60000"), HttpResponse.BodyHandlers.ofString());
            server.await("the request in flight", GUARD, () -> countFiles(markers) >= 2);
            server.signal("TERM");
            server.awaitLog("Stopping gracefully: up to 30 s", 1, GUARD);
            server.signal("TERM");
            server.awaitLog("Ignoring signal: term (the master is draining)", 1, GUARD);
            Thread.sleep(300);
            assertTrue(server.alive(), "still draining: the request runs for 60 s\n" + server.log());

            long sent = System.nanoTime();
            server.signal("INT");
            // Well before the 30 s graceful timeout (and the 60 s request).
            assertEquals(0, server.awaitExit(Duration.ofSeconds(10)), server.log());
            long seconds = (System.nanoTime() - sent) / 1_000_000_000L;
            assertTrue(seconds < 5, "exited " + seconds + " s after INT:\n" + server.log());
            assertTrue(server.log().contains("Stopping at once: the requests still running are ended"), server.log());
            assertEquals(1, server.count("Stopping gracefully"), "the second TERM did not restart the drain:\n" + server.log());
            assertTrue(hanging.handle((r, e) -> e != null || r.statusCode() != 200).get());
            if (workerClass.equals("process")) {
                // The master's own SIGKILL, said as what it was; "killed by signal" is kept for a worker that died by itself.
                assertTrue(server.log().contains("): stopped by the master"), server.log());
                assertFalse(server.log().contains("killed by signal"), server.log());
            }
        }
    }

    @Test
    void intIgnoredWhenTheServerStartedIsHandledAnyway() throws Exception {
        // A script's `bin/gateway ... &` starts the JVM with SIGINT ignored; the JVM then installs no handler for it.
        try (ServerProcess server = ServerProcess.startIgnoring("INT", Map.of(), "-w", "1", APP)) {
            assertTrue(server.log().contains("SIGINT was ignored when the server started"), server.log());
            server.signal("INT");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(10)), server.log());
            assertTrue(server.log().contains("Handling signal: int"), server.log());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"thread", "virtual", "process"})
    void hupUnderLoadStartsANewGenerationWithoutAFailedRequest(String workerClass) throws Exception {
        try (ServerProcess server = ServerProcess.start(Map.of(), "-k", workerClass, "-w", "2", "--threads", "4", APP)) {
            awaitWorkers(server, workerClass, 2);
            Load load = Load.start(uri(server, "/?ms=5"), 4);
            server.await("load", GUARD, () -> load.ok() > 20);
            java.util.Set<String> oldGeneration = java.util.Set.copyOf(load.bodies());
            server.signal("HUP");
            server.awaitLog("Retiring worker of generation 0", 2, GUARD);
            int before = load.ok();
            server.await("requests after the reload", GUARD, () -> load.ok() > before + 100);
            load.stop();
            assertEquals(0, load.failed(), "failures: " + load.failures());
            // Bodies are "pid instance": one application instance per generation in the thread class,
            // one per JVM in the process class. Which JVM accepts a connection is the kernel's choice,
            // so the check is that the new generation answered, not how many of its JVMs did.
            assertTrue(load.bodies().stream().anyMatch(b -> !oldGeneration.contains(b)),
                    "no answer from the new generation; before: " + oldGeneration + ", all: " + load.bodies());
            assertTrue(server.log().contains("Reloading: starting worker generation 1"));
            // HTTP/1.1 only: half the cores run event loops (HttpServer.defaultIoThreads).
            int loops = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
            String network = "epoll transport, " + WorkerLauncher.eventLoops(loops)
                    + (workerClass.equals("process") ? " in each worker" : "");
            assertTrue(server.log().contains("Using worker: " + workerClass + " (" + network + ")"), server.log());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"thread", "virtual", "process"})
    void maxRequestsRecyclesWorkersUnderLoadWithoutAFailedRequest(String workerClass) throws Exception {
        try (ServerProcess server = ServerProcess.start(Map.of(), "-k", workerClass, "-w", "2", "--threads", "2",
                "--max-requests", "40", "--max-requests-jitter", "5", APP)) {
            awaitWorkers(server, workerClass, 2);
            Load load = Load.start(uri(server, "/"), 4);
            server.await("recycled workers", GUARD, () -> server.count("Booting worker with id") >= 5);
            load.stop();
            assertEquals(0, load.failed(), "failures: " + load.failures());
            assertTrue(server.log().contains("(max_requests)"), server.log());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"thread", "process"})
    void ttinAndTtouChangeTheNumberOfWorkers(String workerClass) throws Exception {
        try (ServerProcess server = ServerProcess.start(Map.of(), "-k", workerClass, "-w", "1", APP)) {
            awaitWorkers(server, workerClass, 1);
            // One at a time: two signals of a kind that arrive together are delivered once (POSIX).
            server.signal("TTIN");
            server.awaitLog("Number of workers: 1 -> 2", 1, GUARD);
            server.signal("TTIN");
            server.awaitLog("Booting worker with id: 3", 1, GUARD);
            awaitWorkers(server, workerClass, 3);
            server.signal("TTOU");
            server.awaitLog("Retiring worker (pid:", 1, GUARD);
            awaitWorkers(server, workerClass, 2);
            assertTrue(server.log().contains("Number of workers: 2 -> 3"));
            assertTrue(server.log().contains("Number of workers: 3 -> 2"));
        }
    }

    @Test
    void workerBootFailureStopsTheMasterWithExitCode3() throws Exception {
        try (ServerProcess server = ServerProcess.launch(Map.of(), "--hooks", "dev.gateway.server.arbiter.apps.FailingHooks", APP)) {
            assertEquals(ExitCode.WORKER_BOOT_ERROR.code(), server.awaitExit(GUARD), server.log());
            assertEquals(1, server.count("failed to boot"), server.log());
        }
    }

    @Test
    void appLoadFailureInAProcessWorkerStopsTheMasterWithExitCode4() throws Exception {
        try (ServerProcess server = ServerProcess.launch(Map.of(), "-k", "process", "-w", "2",
                "dev.gateway.server.arbiter.apps.FailsInWorker")) {
            assertEquals(ExitCode.APP_LOAD_ERROR.code(), server.awaitExit(GUARD), server.log());
            assertTrue(server.log().contains("cannot load the application"), server.log());
        }
    }

    @Test
    void pidFileHoldsTheMasterPidAndUsr1IsHandled(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("gateway.pid");
        try (ServerProcess server = ServerProcess.start(Map.of(), "--pid", pidFile.toString(), APP)) {
            assertEquals(String.valueOf(server.pid()), Files.readString(pidFile).trim());
            server.signal("USR1");
            server.awaitLog("Handling signal: usr1", 1, GUARD);
            server.signal("TERM");
            assertEquals(0, server.awaitExit(GUARD));
            assertFalse(Files.exists(pidFile), "the pid file is removed at exit");
        }
    }

    @Test
    void aPidFileOfALiveProcessIsRefusedAndAStaleOneReplaced(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("gateway.pid");
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
        try (ServerProcess refused = ServerProcess.launch(Map.of(), "--pid", pidFile.toString(), APP)) {
            assertEquals(ExitCode.CONFIG_ERROR.code(), refused.awaitExit(GUARD), refused.log());
            assertTrue(refused.log().contains("already running on PID " + ProcessHandle.current().pid()), refused.log());
        }
        assertEquals(String.valueOf(ProcessHandle.current().pid()), Files.readString(pidFile).trim(), "another master's file is left alone");

        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        Files.writeString(pidFile, exited.pid() + "\n");
        try (ServerProcess server = ServerProcess.start(Map.of(), "--pid", pidFile.toString(), APP)) {
            assertEquals(String.valueOf(server.pid()), Files.readString(pidFile).trim());
        }
    }

    /** Waits until {@code count} workers run (for process workers: that many child JVMs said READY and live). */
    static void awaitWorkers(ServerProcess server, String workerClass, int count) {
        if (workerClass.equals("process")) {
            server.await(count + " ready worker JVMs", GUARD, () -> {
                List<ProcessHandle> alive = server.workerProcesses();
                return alive.size() == count && alive.stream().allMatch(p -> server.log().contains("Worker ready (pid:" + p.pid() + ","));
            });
        } else {
            server.await(count + " workers", GUARD, () -> server.count("Booting worker with id") - exits(server) == count);
        }
        // The first request is also the proof that the workers serve.
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(get(server, "/"), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static int exits(ServerProcess server) {
        return server.count("Worker exiting (pid:");
    }

    static HttpRequest get(ServerProcess server, String path) {
        return HttpRequest.newBuilder(uri(server, path)).timeout(GUARD).build();
    }

    static URI uri(ServerProcess server, String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static long countFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        } catch (IOException e) {
            return 0;
        }
    }
}
