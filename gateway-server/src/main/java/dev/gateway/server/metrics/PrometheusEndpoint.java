package dev.gateway.server.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gateway.server.config.LoggerNames;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code metrics_bind}: {@code GET /metrics} in the Prometheus text format (or OpenMetrics, when the
 * scraper's Accept header asks for it), on a listener of its own in the master, never on the
 * application's. One thread serves it (the JDK's small HTTP server): a scrape reads counters, so it
 * never waits for a worker, and a hung application cannot delay it.
 *
 * <p>The formats come from the Prometheus Java client: its writers escape label values, order the
 * families, accumulate the histogram buckets into {@code le} series with {@code +Inf},
 * {@code _count} and {@code _sum}, and negotiate OpenMetrics, exactly as Prometheus parses them.
 */
public final class PrometheusEndpoint implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LoggerNames.ARBITER);

    private final HttpServer server;
    private final ExecutorService thread;

    private PrometheusEndpoint(HttpServer server, ExecutorService thread) {
        this.server = server;
        this.thread = thread;
    }

    /** Serves the metrics of {@code metrics} and of this JVM on {@code hostPort} ({@code HOST:PORT}, {@code [::1]:PORT}). */
    public static PrometheusEndpoint start(String hostPort, ServerMetrics metrics) throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        JvmMetrics.builder().register(registry);
        registry.register(new GatewayCollector(metrics));
        ExpositionFormats formats = ExpositionFormats.init();
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon).replaceAll("^\\[|\\]$", "");
        HttpServer server = HttpServer.create(new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1))), 64);
        server.createContext("/", exchange -> serve(exchange, registry, formats));
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "gateway-metrics");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(thread);
        server.start();
        log.info("Prometheus metrics at: http://{}:{}/metrics", hostPort.substring(0, colon), server.getAddress().getPort());
        return new PrometheusEndpoint(server, thread);
    }

    /** The bound port (the real one when 0 was asked for). */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void serve(HttpExchange exchange, PrometheusRegistry registry, ExpositionFormats formats) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!exchange.getRequestURI().getPath().equals("/metrics")) {
                reply(exchange, 404, "text/plain; charset=utf-8", "Not Found: the metrics are at /metrics\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                reply(exchange, 405, "text/plain; charset=utf-8", "Method Not Allowed\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            ExpositionFormatWriter writer = formats.findWriter(exchange.getRequestHeaders().getFirst("Accept"));
            ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
            writer.write(body, registry.scrape());
            reply(exchange, 200, writer.getContentType(), method.equals("HEAD") ? null : body.toByteArray());
        } catch (RuntimeException e) {
            log.error("A metrics scrape failed", e);
            reply(exchange, 500, "text/plain; charset=utf-8", "Internal Server Error\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void reply(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body == null ? -1 : body.length);
        if (body != null) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        thread.shutdownNow();
    }
}
