package dev.gateway.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.gateway.server.arbiter.apps.RecordingHooks;
import dev.gateway.server.config.LoggerNames;
import dev.gateway.server.config.Settings;
import dev.gateway.server.config.WorkerClass;
import dev.gateway.server.embed.Gateway;
import dev.gateway.server.embed.RunningGateway;
import dev.gateway.server.support.Await;
import dev.gateway.server.support.LogRecorder;
import dev.gateway.server.support.RawClient;
import dev.gateway.server.support.RawResponse;
import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import dev.gateway.testapps.SleepOnEventLoop;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A non-blocking application ({@link Application#nonBlocking()}) is called on the event loop for a
 * request without a body and on a worker for every other (docs/spec.md, "Threads"); one whose call
 * blocks goes back to the workers; a call past the timeout is logged with its event loop's stack.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EventLoopCallsTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Answers {@code PATH BYTES-READ THREAD}; {@code /slow} sleeps 300 ms, {@code /hang} 2.5 s, {@code /fail} throws. */
    private static final class WhereAmI implements Application {
        private final boolean nonBlocking;

        WhereAmI(boolean nonBlocking) {
            this.nonBlocking = nonBlocking;
        }

        @Override
        public boolean nonBlocking() {
            return nonBlocking;
        }

        @Override
        public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
            String path = environ.pathInfo();
            switch (path) {
                case "/slow" -> Thread.sleep(300); // breaks the promise on purpose
                case "/hang" -> Thread.sleep(2_500);
                case "/fail" -> throw new IllegalStateException("failing on purpose");
                default -> {
                }
            }
            int read = environ.input().readAllBytes().length;
            startResponse.start("200 OK", List.of(Header.of("Content-Type", "text/plain")));
            return Body.of(path + " " + read + " " + Thread.currentThread().getName());
        }
    }

    private static Gateway server(Application application, String workerClass) {
        return Gateway.builder(application).set(Settings.WORKER_CLASS, WorkerClass.of(workerClass))
                .set(Settings.THREADS, 4).set(Settings.IO_THREADS, 2);
    }

    private static String get(RunningGateway gateway, String path) throws Exception {
        return send(gateway, HttpRequest.newBuilder(gateway.baseUri().resolve(path)).build()).body();
    }

    private static HttpResponse<String> send(RunningGateway gateway, HttpRequest request) throws Exception {
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static boolean onEventLoop(String answer) {
        return answer.substring(answer.lastIndexOf(' ') + 1).startsWith("gateway-io");
    }

    @ParameterizedTest(name = "-k {0}")
    @ValueSource(strings = {"thread", "virtual"})
    void requestsWithoutABodyRunOnTheEventLoopAndTheOthersOnAWorker(String workerClass) throws Exception {
        try (RunningGateway gateway = server(new WhereAmI(true), workerClass).start()) {
            String plain = get(gateway, "/plain");
            assertTrue(plain.startsWith("/plain 0 ") && onEventLoop(plain), plain);
            String posted = send(gateway, HttpRequest.newBuilder(gateway.baseUri().resolve("/posted"))
                    .POST(HttpRequest.BodyPublishers.ofString("abc")).build()).body();
            assertTrue(posted.startsWith("/posted 3 ") && !onEventLoop(posted), posted);
            HttpResponse<String> head = send(gateway, HttpRequest.newBuilder(gateway.baseUri().resolve("/head"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
            assertEquals(200, head.statusCode());
            assertEquals("", head.body());
        }
    }

    @Test
    void anApplicationThatDoesNotDeclareItRunsOnTheWorkers() throws Exception {
        try (RunningGateway gateway = server(new WhereAmI(false), "thread").start()) {
            String answer = get(gateway, "/");
            assertFalse(onEventLoop(answer), answer);
        }
    }

    @Test
    void requestHooksKeepEveryRequestOnTheWorkers() throws Exception {
        try (RunningGateway gateway = server(new WhereAmI(true), "thread").set(Settings.HOOKS, RecordingHooks.class.getName()).start()) {
            String answer = get(gateway, "/");
            assertFalse(onEventLoop(answer), answer);
        }
    }

    /**
     * Thousands of requests written at once on each of several connections: each is answered on the
     * event loop, in order, and the depth of the pipeline does not nest one call in another.
     */
    @Test
    void deepPipelinesOnConcurrentConnectionsAreAnsweredInOrder() throws Exception {
        int connections = 6;
        int depth = 2_000;
        try (RunningGateway gateway = server(new WhereAmI(true), "thread").start();
             ExecutorService clients = Executors.newFixedThreadPool(connections)) {
            List<Future<String>> runs = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                int connection = c;
                runs.add(clients.submit(() -> pipeline(gateway.port(), connection, depth)));
            }
            for (Future<String> run : runs) {
                assertEquals("ok", run.get(50, TimeUnit.SECONDS));
            }
        }
    }

    private static String pipeline(int port, int connection, int depth) throws Exception {
        StringBuilder wire = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            wire.append("GET /c").append(connection).append("/r").append(i).append(" HTTP/1.1\r\nHost: h\r\n\r\n");
        }
        try (RawClient client = new RawClient(port).timeout(20_000)) {
            client.send(wire.toString());
            for (int i = 0; i < depth; i++) {
                RawResponse response = client.read();
                String body = new String(response.body(), StandardCharsets.UTF_8);
                String expected = "/c" + connection + "/r" + i + " 0 ";
                if (response.status() != 200 || !body.startsWith(expected) || !onEventLoop(body)) {
                    return "response " + i + " was " + response.status() + " " + body + ", expected " + expected;
                }
            }
        }
        return "ok";
    }

    @Test
    void aCallThatBlocksSendsTheApplicationBackToTheWorkers() throws Exception {
        try (LogRecorder log = new LogRecorder(LoggerNames.ERROR, Level.WARN);
             RunningGateway gateway = server(new WhereAmI(true), "thread").start()) {
            String slow = get(gateway, "/slow");
            assertTrue(onEventLoop(slow), slow);
            String after = get(gateway, "/after");
            assertTrue(after.startsWith("/after 0 ") && !onEventLoop(after), after);
            assertFalse(log.lines().stream().filter(line -> line.level() == Level.WARN)
                    .filter(line -> line.message().contains("declares nonBlocking()")).toList().isEmpty(), log.lines().toString());
        }
    }

    @Test
    void aFailingCallIsA500AndTheNextRequestIsServed() throws Exception {
        try (RunningGateway gateway = server(new WhereAmI(true), "thread").start()) {
            HttpResponse<String> failed = send(gateway, HttpRequest.newBuilder(gateway.baseUri().resolve("/fail")).build());
            assertEquals(500, failed.statusCode());
            assertFalse(failed.body().contains("failing on purpose"), failed.body());
            String next = get(gateway, "/next");
            assertTrue(onEventLoop(next), next);
        }
    }

    /**
     * An event loop cannot be interrupted: a call past the timeout has the loop's stack logged, its
     * application goes to the workers, and the other event loop goes on serving meanwhile.
     */
    @Test
    void aCallPastTheTimeoutIsLoggedWithItsStackAndTheOtherLoopServes() throws Exception {
        try (LogRecorder log = new LogRecorder(LoggerNames.ERROR);
             RunningGateway gateway = server(new WhereAmI(true), "thread").set(Settings.TIMEOUT, 1).start()) {
            URI hang = gateway.baseUri().resolve("/hang");
            CompletableFuture<HttpResponse<String>> hanging = HttpClient.newHttpClient()
                    .sendAsync(HttpRequest.newBuilder(hang).build(), HttpResponse.BodyHandlers.ofString());
            Await.until(Duration.ofSeconds(10), "the timeout of the call on the event loop is logged",
                    () -> !log.errorsMentioning("REQUEST TIMEOUT on event loop").isEmpty(), () -> log.lines().toString());
            LogRecorder.Line line = log.errorsMentioning("REQUEST TIMEOUT on event loop").get(0);
            assertTrue(line.error() != null && line.error().getStackTrace().length > 0, "no stack: " + line);
            String meanwhile = get(gateway, "/meanwhile"); // a new connection, on a worker now
            assertTrue(meanwhile.startsWith("/meanwhile 0 ") && !onEventLoop(meanwhile), meanwhile);
            assertEquals(200, hanging.get(10, TimeUnit.SECONDS).statusCode());
        }
    }

    /**
     * A process worker whose event loop is stuck in a call reports the call as its oldest request: the
     * master kills it past the timeout and a new worker serves, while the stuck call would still sleep.
     * (The worker logs the loop's stack to its own standard error first, which the test cannot read.)
     */
    @Test
    void aProcessWorkerStuckOnItsEventLoopIsReplaced() throws Exception {
        try (RunningGateway gateway = Gateway.builder(SleepOnEventLoop.class.getName()).set(Settings.WORKER_CLASS, WorkerClass.PROCESS)
                .set(Settings.WORKERS, 1).set(Settings.TIMEOUT, 1).start()) {
            HttpClient hangingClient = HttpClient.newHttpClient();
            CompletableFuture<HttpResponse<String>> hanging = hangingClient.sendAsync(
                    HttpRequest.newBuilder(gateway.baseUri().resolve("/?ms=30000")).build(), HttpResponse.BodyHandlers.ofString());
            ExecutionException cut = assertThrows(ExecutionException.class, () -> hanging.get(20, TimeUnit.SECONDS));
            assertInstanceOf(IOException.class, cut.getCause());
            Await.until(Duration.ofSeconds(20), "a new worker answers", () -> {
                try {
                    return get(gateway, "/?ms=0").equals("slept 0 ms\n");
                } catch (IOException e) {
                    return false; // the new worker is still starting
                }
            });
        }
    }
}
