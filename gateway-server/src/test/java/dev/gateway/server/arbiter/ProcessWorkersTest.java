package dev.gateway.server.arbiter;

import static dev.gateway.server.arbiter.SignalsTest.awaitWorkers;
import static dev.gateway.server.arbiter.SignalsTest.get;
import static dev.gateway.server.arbiter.SignalsTest.uri;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.arbiter.apps.WhoAmI;
import dev.gateway.server.support.Load;
import dev.gateway.server.support.ServerProcess;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What only the {@code process} worker class does: child JVMs that can be killed, and that die with the master. */
class ProcessWorkersTest {

    private static final String APP = WhoAmI.class.getName();
    private static final Duration GUARD = Duration.ofSeconds(30);

    @Test
    void hungWorkerIsKilledAfterItsTimeoutAndReplaced() throws Exception {
        try (ServerProcess server = ServerProcess.start(Map.of(), "-k", "process", "-w", "1", "-t", "2", APP)) {
            awaitWorkers(server, "process", 1);
            long victim = server.workerProcesses().get(0).pid();
            HttpClient client = HttpClient.newHttpClient();
            long start = System.nanoTime();
            Throwable failure = client.sendAsync(get(server, "/?ms=60000"), HttpResponse.BodyHandlers.ofString())
                    .handle((response, error) -> error).get(20, TimeUnit.SECONDS);
            long millis = (System.nanoTime() - start) / 1_000_000;
            // The worker is killed with its request: the client sees its connection end, not a response.
            assertTrue(failure != null, "the hung request must not get a response");
            assertTrue(millis < 10_000, "cut off after " + millis + " ms with a 2 s timeout (hang guard)");
            server.awaitLog("WORKER TIMEOUT (pid:" + victim + ")", 1, GUARD);
            // First the stack of the thread that ran the hung request (what the application was doing),
            // and not the rest of the dump (GC and compiler threads, event loops), which is at debug level.
            assertTrue(server.log().contains("\"gateway-worker-1-"), "the request thread's stack is logged:\n" + server.log());
            assertTrue(server.log().contains("WhoAmI.call"), "with the application's frame:\n" + server.log());
            assertFalse(server.log().contains("Full thread dump"), "the whole dump is not in the error log");
            awaitWorkers(server, "process", 1);
            assertNotEquals(victim, server.workerProcesses().get(0).pid());
        }
    }

    /** A worker that may speak HTTP/2 runs an event loop per core, and the master's log says so. */
    @Test
    void theLogNamesTheEventLoopsOfEachWorker() throws Exception {
        try (ServerProcess server = ServerProcess.start(Map.of(), "-k", "process", "-w", "1",
                "--http2-cleartext", "prior-knowledge", APP)) {
            awaitWorkers(server, "process", 1);
            String loops = WorkerLauncher.eventLoops(Runtime.getRuntime().availableProcessors());
            assertTrue(server.log().contains("Using worker: process (epoll transport, " + loops + " in each worker)"), server.log());
        }
        try (ServerProcess server = ServerProcess.start(Map.of(), "-k", "process", "-w", "1", "--io-threads", "3", APP)) {
            awaitWorkers(server, "process", 1);
            assertTrue(server.log().contains("Using worker: process (epoll transport, 3 event loops in each worker)"), server.log());
        }
    }

    /**
     * A worker's log holds the server's lines only. slf4j warns on stderr and replays what was logged
     * while logback was still starting: when the worker's main thread asked for its logger first, it
     * started logback itself, and Netty's set-up on the early thread logged through slf4j's stand-ins.
     */
    @Test
    void workersLogOnlyTheServersLinesFromTheirStart() throws Exception {
        try (ServerProcess server = ServerProcess.start(Map.of(), "-k", "process", "-w", "3", APP)) {
            awaitWorkers(server, "process", 3);
            assertFalse(server.log().contains("SLF4J"), server.log());
        }
    }

    @Test
    void killedWorkerIsReplacedWhileClientsKeepGettingAnswers() throws Exception {
        try (ServerProcess server = ServerProcess.start(Map.of(), "-k", "process", "-w", "2", "--threads", "2", APP)) {
            awaitWorkers(server, "process", 2);
            List<ProcessHandle> before = server.workerProcesses();
            Load load = Load.start(uri(server, "/"), 4);
            server.await("load", GUARD, () -> load.ok() > 50);
            ServerProcess.signal(before.get(0).pid(), "KILL");
            server.awaitLog("Booting worker with id: 3", 1, GUARD);
            int atReplacement = load.ok();
            server.await("requests after the replacement", GUARD, () -> load.ok() > atReplacement + 200);
            load.stop();
            assertTrue(server.log().contains("died: killed by signal 9"), server.log());
            // The port never closed and queued connections moved to the live worker: a failure can
            // only be a request the killed worker was running at that instant (at most its 2 threads).
            assertTrue(load.failed() <= 2, "failures: " + load.failed() + " " + load.failures());
            assertTrue(load.failures().stream().noneMatch(f -> f.contains("ConnectException")), load.failures().toString());
            assertEquals(2, server.workerProcesses().size());
        }
    }

    @Test
    void workersExitWhenTheMasterDies() throws Exception {
        try (ServerProcess server = ServerProcess.start(Map.of(), "-k", "process", "-w", "2", APP)) {
            awaitWorkers(server, "process", 2);
            List<ProcessHandle> workers = server.workerProcesses();
            ServerProcess.signal(server.pid(), "KILL");
            for (ProcessHandle worker : workers) {
                worker.onExit().get(20, TimeUnit.SECONDS);
                assertFalse(worker.isAlive());
            }
        }
    }
}
