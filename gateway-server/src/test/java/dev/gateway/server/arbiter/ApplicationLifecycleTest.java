package dev.gateway.server.arbiter;

import static dev.gateway.server.arbiter.SignalsTest.awaitWorkers;
import static dev.gateway.server.arbiter.SignalsTest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.arbiter.apps.Lifespan;
import dev.gateway.server.config.ExitCode;
import dev.gateway.server.support.ServerProcess;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application lifecycle (docs/spec.md, "Lifecycle") as the command line runs it: which instance is
 * started and stopped, by whom and when, for in-JVM and process workers, across a reload and when
 * the start fails. {@link Lifespan} logs each step with its pid and instance id, and refuses a request
 * outside startup() and shutdown().
 */
class ApplicationLifecycleTest {

    private static final String APP = Lifespan.class.getName();
    private static final Duration GUARD = Duration.ofSeconds(30);
    private static final Pattern STEP = Pattern.compile("lifespan (startup|shutdown) (\\d+) (\\w+)");

    @Test
    void processWorkersEachStartAndStopTheirOwnInstance() throws Exception {
        try (ServerProcess server = ServerProcess.start(Map.of(), "-k", "process", "-w", "2", "--threads", "2", APP)) {
            awaitWorkers(server, "process", 2);
            Set<Long> workers = new HashSet<>(server.workerProcesses().stream().map(ProcessHandle::pid).toList());
            assertEquals(16, concurrentOk(server, 16), server.log());
            server.signal("TERM");
            assertEquals(ExitCode.OK.code(), server.awaitExit(GUARD));
            List<String[]> steps = steps(server.log());
            assertEquals(workers, pids(steps, "startup"), "each worker JVM started its own instance:\n" + server.log());
            assertEquals(workers, pids(steps, "shutdown"), "and stopped it when it exited:\n" + server.log());
            assertEquals(4, steps.size(), "once each:\n" + server.log());
            assertFalse(pids(steps, "startup").contains(server.pid()), "the master loads the application but never starts it");
        }
    }

    @Test
    void threadWorkersShareOneInstancePerGenerationAndAReloadReplacesIt() throws Exception {
        try (ServerProcess server = ServerProcess.start(Map.of(), "-k", "thread", "-w", "2", "--threads", "2", APP)) {
            awaitWorkers(server, "thread", 2);
            assertEquals(16, concurrentOk(server, 16), server.log());
            server.signal("HUP");
            server.awaitLog("lifespan shutdown", 1, GUARD); // the first generation's instance, once its workers exited
            assertEquals(16, concurrentOk(server, 16), server.log());
            server.signal("TERM");
            assertEquals(ExitCode.OK.code(), server.awaitExit(GUARD));
            List<String[]> steps = steps(server.log());
            List<String> order = steps.stream().map(s -> s[0] + " " + s[2]).toList();
            assertEquals(4, order.size(), server.log());
            String first = steps.get(0)[2];
            String second = steps.get(1)[2];
            assertEquals(List.of("startup " + first, "startup " + second, "shutdown " + first, "shutdown " + second), order,
                    "the new instance starts before the old one stops; each once:\n" + server.log());
        }
    }

    @Test
    void anApplicationThatCannotStartFailsTheBootWithStatus3(@TempDir Path dir) throws Exception {
        Path failWhile = Files.createFile(dir.resolve("fail"));
        for (String workerClass : List.of("thread", "process")) {
            try (ServerProcess server = ServerProcess.launch(Map.of("LIFESPAN_FAIL_WHILE", failWhile.toString()),
                    "-k", workerClass, "-w", "2", APP)) {
                assertEquals(ExitCode.WORKER_BOOT_ERROR.code(), server.awaitExit(GUARD), workerClass + ":\n" + server.log());
                assertTrue(server.log().contains("lifespan cannot start"), "the application's failure is logged:\n" + server.log());
                assertEquals(0, server.count("lifespan shutdown"), "what failed to start is never stopped (LIFE-2)");
            }
        }
    }

    @Test
    void aReloadWhoseApplicationCannotStartKeepsTheRunningOne(@TempDir Path dir) throws Exception {
        Path failWhile = dir.resolve("fail");
        try (ServerProcess server = ServerProcess.start(Map.of("LIFESPAN_FAIL_WHILE", failWhile.toString()), "-k", "thread", "-w", "1", APP)) {
            awaitWorkers(server, "thread", 1);
            Files.createFile(failWhile);
            server.signal("HUP");
            server.awaitLog("Reload failed", 1, GUARD);
            assertEquals(8, concurrentOk(server, 8), server.log());
            server.signal("TERM");
            assertEquals(ExitCode.OK.code(), server.awaitExit(GUARD));
            List<String[]> steps = steps(server.log());
            assertEquals(2, steps.size(), "the running instance started and stopped once:\n" + server.log());
        }
    }

    /** Sends {@code count} requests at once; returns how many got 200 (Lifespan answers 500 outside its lifecycle). */
    private static int concurrentOk(ServerProcess server, int count) {
        HttpClient client = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            responses.add(client.sendAsync(get(server, "/"), HttpResponse.BodyHandlers.ofString()));
        }
        return (int) responses.stream().map(CompletableFuture::join).filter(r -> r.statusCode() == 200).count();
    }

    /** Each logged step as {step, pid, instance}, in order. */
    private static List<String[]> steps(String log) {
        List<String[]> steps = new ArrayList<>();
        Matcher m = STEP.matcher(log);
        while (m.find()) {
            steps.add(new String[] {m.group(1), m.group(2), m.group(3)});
        }
        return steps;
    }

    private static Set<Long> pids(List<String[]> steps, String step) {
        Set<Long> pids = new HashSet<>();
        steps.stream().filter(s -> s[0].equals(step)).forEach(s -> pids.add(Long.parseLong(s[1])));
        return pids;
    }
}
