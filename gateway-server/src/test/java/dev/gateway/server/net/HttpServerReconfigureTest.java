package dev.gateway.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.config.BindAddress;
import dev.gateway.server.config.Config;
import dev.gateway.server.config.Settings;
import dev.gateway.server.http.HttpServerContext;
import dev.gateway.server.http.RequestObserver;
import dev.gateway.server.support.Await;
import dev.gateway.server.support.RawClient;
import dev.gateway.server.worker.HttpContexts;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * A reload gives new connections a new context ({@link HttpServer#reconfigure}); a replaced context is
 * kept while a connection accepted with it is open, and closed (its observer: a StatsD socket) by the
 * first reload after its last connection ended, so that reloads do not pile contexts up.
 */
class HttpServerReconfigureTest {

    private final Set<String> closed = ConcurrentHashMap.newKeySet();

    @Test
    void aReplacedContextIsKeptWhileItsConnectionsLastAndClosedAfter() throws Exception {
        Config config = Config.defaults().with(Settings.HEALTH_PATH, "/-/ready", Config.Source.API);
        ExecutorService workers = Executors.newSingleThreadExecutor();
        HttpServerContext base = HttpContexts.forWorkers(config, workers, false, false);
        HttpServer server = new HttpServer(observed(base, "a"), 1, ListenerOptions.withBacklog(16));
        try {
            int port = ((InetSocketAddress) server.bind(BindAddress.parse("127.0.0.1:0"))).getPort();
            try (RawClient client = new RawClient(port).timeout(10_000)) {
                // The readiness path is answered on the event loop: no worker needed to prove the connection is set up.
                assertEquals(200, client.send("GET /-/ready HTTP/1.1\r\nHost: h\r\n\r\n").read().status());
                server.reconfigure(observed(base, "b"));
                assertEquals(1, server.replacedContexts(), "a still serves an open connection");
                assertEquals(Set.of(), closed);
                assertEquals(200, client.send("GET /-/ready HTTP/1.1\r\nHost: h\r\n\r\n").read().status());
            }
            Await.until(Duration.ofSeconds(10), "the server to count the closed connection off", () -> server.openConnections() == 0);
            server.reconfigure(observed(base, "c"));
            assertEquals(0, server.replacedContexts());
            assertEquals(Set.of("a", "b"), closed, "b served no connection, a none any more");
            try (RawClient client = new RawClient(port).timeout(10_000)) {
                assertEquals(200, client.send("GET /-/ready HTTP/1.1\r\nHost: h\r\n\r\n").read().status());
            }
        } finally {
            server.shutdown();
            workers.shutdownNow();
        }
        assertTrue(closed.contains("c"), "the current context closes with the server");
    }

    /** {@code base} with an observer that records its own closing under {@code name}. */
    private HttpServerContext observed(HttpServerContext base, String name) {
        RequestObserver observer = new RequestObserver() {
            @Override
            public void completed(dev.gateway.server.http.RequestRecord record) {
            }

            @Override
            public void close() {
                closed.add(name);
            }
        };
        return new HttpServerContext(base.application(), base.workers(), base.site(), base.limits(), base.rules(),
                base.timeouts(), observer, base.health(), base.tls(), base.maxConnections(), base.http2());
    }
}
