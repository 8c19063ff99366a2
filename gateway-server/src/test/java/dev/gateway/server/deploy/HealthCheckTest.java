package dev.gateway.server.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.config.Config;
import dev.gateway.server.config.Settings;
import dev.gateway.server.embed.Gateway;
import dev.gateway.server.embed.RunningGateway;
import dev.gateway.server.config.BindAddress;
import dev.gateway.server.net.HttpServer;
import dev.gateway.server.support.RawClient;
import dev.gateway.server.support.RawResponse;
import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Header;
import dev.gateway.testapps.Hello;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@code --health-path}: answered by the server itself, before (and without) any worker. */
class HealthCheckTest {

    @Test
    void answersWhileEveryWorkerIsBlocked() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        Application blocking = (environ, start) -> {
            calls.incrementAndGet();
            entered.countDown();
            release.await(30, TimeUnit.SECONDS);
            start.start("200 OK", List.of(Header.of("Content-Type", "text/plain")));
            return Body.of("done");
        };
        try (RunningGateway gateway = Gateway.builder(blocking).set(Settings.HEALTH_PATH, "/-/ready")
                .set(Settings.WORKERS, 1).set(Settings.THREADS, 1).start()) {
            CompletableFuture<HttpResponse<String>> busy = HttpClient.newHttpClient().sendAsync(
                    HttpRequest.newBuilder(gateway.baseUri().resolve("/work")).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            try (RawClient client = new RawClient(gateway.port()).timeout(10_000)) {
                // Twice on one keep-alive connection, then HEAD: the only worker thread is still blocked.
                for (int i = 0; i < 2; i++) {
                    RawResponse ready = client.send("GET /-/ready HTTP/1.1\r\nHost: h\r\n\r\n").read();
                    assertEquals(200, ready.status());
                    assertEquals("ready\n", ready.text());
                    assertEquals("no-store", ready.header("Cache-Control"));
                }
                RawResponse head = client.send("HEAD /-/ready HTTP/1.1\r\nHost: h\r\n\r\n").read("HEAD");
                assertEquals(200, head.status());
                assertEquals(0, head.body().length);
            } finally {
                release.countDown();
            }
            assertEquals("done", busy.get(10, TimeUnit.SECONDS).body());
            assertEquals(1, calls.get());
        }
    }

    @Test
    void offByDefaultThePathIsTheApplications() throws Exception {
        try (RunningGateway gateway = Gateway.builder(new Hello()).start(); RawClient client = new RawClient(gateway.port())) {
            assertEquals("Hello, World!", client.send("GET /-/ready HTTP/1.1\r\nHost: h\r\n\r\n").read().text());
        }
    }

    @Test
    void onlyTheExactPathWithGetOrHeadIsTheServers() throws Exception {
        try (RunningGateway gateway = Gateway.builder(new Hello()).set(Settings.HEALTH_PATH, "/-/ready").start();
             RawClient client = new RawClient(gateway.port())) {
            assertEquals("Hello, World!", client.send("GET /-/ready?x=1 HTTP/1.1\r\nHost: h\r\n\r\n").read().text());
            assertEquals("Hello, World!", client.send("POST /-/ready HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n").read().text());
            assertEquals("ready\n", client.send("GET /-/ready HTTP/1.1\r\nHost: h\r\n\r\n").read().text());
        }
    }

    /**
     * A graceful stop first closes the listeners ({@link HttpServer#stopAccepting}); from then on the
     * readiness path answers 503 and ends the connection, while the connection is still open.
     */
    @Test
    void turns503WhenAGracefulStopBegins() throws Exception {
        Config config = Config.defaults().with(Settings.HEALTH_PATH, "/-/ready", Config.Source.API);
        ExecutorService workers = Executors.newSingleThreadExecutor();
        HttpServer server = new HttpServer(dev.gateway.server.worker.HttpContexts.forWorkers(config, workers, false, false), 1,
                dev.gateway.server.net.ListenerOptions.withBacklog(16));
        try {
            InetSocketAddress bound = (InetSocketAddress) server.bind(BindAddress.parse("127.0.0.1:0"));
            try (RawClient client = new RawClient(bound.getPort()).timeout(10_000)) {
                assertEquals(200, client.send("GET /-/ready HTTP/1.1\r\nHost: h\r\n\r\n").read().status());
                server.stopAccepting();
                RawResponse draining = client.send("GET /-/ready HTTP/1.1\r\nHost: h\r\n\r\n").read();
                assertEquals(503, draining.status());
                assertEquals("draining\n", draining.text());
                assertEquals("close", draining.header("Connection"));
                assertEquals(-1, client.input().read());
            }
        } finally {
            server.shutdown();
            workers.shutdownNow();
        }
    }
}
