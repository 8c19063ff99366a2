package dev.gateway.server.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.config.ConfigException;
import dev.gateway.server.config.Settings;
import dev.gateway.server.config.WorkerClass;
import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.testapps.Hello;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The embedding API: ephemeral ports, several servers in one JVM, graceful close. */
class EmbeddingTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static HttpResponse<String> get(java.net.URI uri) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void twoServersAtOnceInOneJvm() throws Exception {
        Application other = (environ, start) -> {
            start.start("200 OK", List.of());
            return Body.of("other");
        };
        try (RunningGateway first = Gateway.builder(new Hello()).start();
             RunningGateway second = Gateway.builder(other).set(Settings.WORKERS, 2).start()) {
            assertNotEquals(first.port(), second.port());
            assertEquals("Hello, World!", get(first.baseUri()).body());
            assertEquals("other", get(second.baseUri()).body());
        }
    }

    @Test
    void closeLetsARequestInFlightFinishThenRefusesConnections() throws Exception {
        CountDownLatch called = new CountDownLatch(1);
        Application slow = (environ, start) -> {
            called.countDown();
            Thread.sleep(500); // slow on purpose: still running when close() is called
            start.start("200 OK", List.of());
            return Body.of("finished");
        };
        RunningGateway gateway = Gateway.builder(slow).start();
        java.net.URI uri = gateway.baseUri();
        CompletableFuture<HttpResponse<String>> inFlight =
                CLIENT.sendAsync(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(called.await(5, TimeUnit.SECONDS));
        gateway.close();
        HttpResponse<String> response = inFlight.get(5, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        assertEquals("finished", response.body());
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                        .get(5, TimeUnit.SECONDS));
        assertTrue(refused.getCause() instanceof ConnectException, refused.getCause().toString());
    }

    @Test
    void processWorkersNeedTheApplicationByClassName() throws Exception {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> Gateway.builder(new Hello()).set(Settings.WORKER_CLASS, WorkerClass.PROCESS).start());
        assertTrue(refused.getMessage().contains("Gateway.builder(\"com.example.App\")"), refused.getMessage());
        try (RunningGateway gateway = Gateway.builder("dev.gateway.testapps.Hello")
                .set(Settings.WORKER_CLASS, WorkerClass.PROCESS).set(Settings.WORKERS, 1).start()) {
            assertEquals("Hello, World!", get(gateway.baseUri()).body());
        }
    }

    @Test
    void settingsAreValidatedLikeTheCommandLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> Gateway.builder(new Hello()).set(Settings.WORKERS, 0));
        assertTrue(e.getMessage().contains("workers"), e.getMessage());
    }

    @Test
    void aPortInUseIsAClearError() {
        try (RunningGateway first = Gateway.builder(new Hello()).start()) {
            Gateway second = Gateway.builder(new Hello()).bind("127.0.0.1:" + first.port());
            Exception e = assertThrows(java.io.UncheckedIOException.class, second::start);
            assertTrue(e.getMessage().contains("cannot bind 127.0.0.1:" + first.port()), e.getMessage());
        }
    }
}
