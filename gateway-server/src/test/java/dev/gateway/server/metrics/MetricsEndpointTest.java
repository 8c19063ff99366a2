package dev.gateway.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.support.Await;
import dev.gateway.server.support.ServerProcess;
import dev.gateway.testapps.Hello;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --metrics-bind}: scraped with the JDK's HTTP client while concurrent requests run against
 * several workers; the counters match the requests sent, summed over process workers, across
 * worker replacements ({@code --max-requests}) too.
 */
class MetricsEndpointTest {

    private static final Duration GUARD = Duration.ofSeconds(30);
    private static final Pattern METRICS_AT = Pattern.compile("Prometheus metrics at: http://127\\.0\\.0\\.1:(\\d+)/metrics");

    @ParameterizedTest
    @ValueSource(strings = {"thread", "process"})
    void countersMatchTheRequestsSentAcrossWorkersAndReplacements(String workerClass) throws Exception {
        try (ServerProcess server = ServerProcess.start(Map.of(), "-k", workerClass, "-w", "2", "--threads", "4",
                "--max-requests", "40", "--metrics-bind", "127.0.0.1:0", "--no-control-socket", Hello.class.getName());
             HttpClient client = HttpClient.newHttpClient()) {
            URI metrics = metricsUri(server);
            HttpResponse<String> first = client.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, first.statusCode());
            assertTrue(first.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"), first.headers().toString());
            assertEquals(0, value(first.body(), "gateway_requests_total{status_class=\"2xx\"}"));
            assertTrue(first.body().contains("jvm_memory_used_bytes{area=\"heap\"}"), "the master JVM's own metrics");
            assertTrue(first.body().contains("jvm_threads_current"), "the master JVM's own metrics");
            assertTrue(value(first.body(), "gateway_accept_queue") >= 0, "the kernel's accept queue (Linux)");

            int sent = 200;
            AtomicBoolean loading = new AtomicBoolean(true);
            List<String> scrapes = new ArrayList<>();
            Thread scraper = Thread.ofPlatform().start(() -> {
                while (loading.get()) {
                    try {
                        scrapes.add(client.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body());
                    } catch (Exception e) {
                        scrapes.add("failed: " + e);
                        return;
                    }
                }
            });
            try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                HttpRequest hello = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build();
                List<Future<String>> bodies = new ArrayList<>();
                for (int i = 0; i < sent; i++) {
                    bodies.add(pool.submit(() -> client.send(hello, HttpResponse.BodyHandlers.ofString()).body()));
                }
                for (Future<String> body : bodies) {
                    assertEquals("Hello, World!", body.get(), "the application's listener serves the application, not metrics");
                }
            } finally {
                loading.set(false);
                scraper.join(GUARD.toMillis());
            }
            assertTrue(scrapes.stream().noneMatch(s -> s.startsWith("failed")), scrapes.toString());
            double previous = 0;
            for (String scrape : scrapes) {
                double now = value(scrape, "gateway_requests_total{status_class=\"2xx\"}");
                assertTrue(now >= previous, "a counter went down: " + previous + " then " + now);
                previous = now;
            }

            String[] last = new String[1];
            Await.until(GUARD, sent + " requests counted (process workers: through their heartbeats)", () -> {
                last[0] = client.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
                return value(last[0], "gateway_requests_total{status_class=\"2xx\"}") == sent
                        && value(last[0], "gateway_requests_in_flight") == 0;
            }, () -> last[0] + "\n" + server.log());
            String body = last[0];
            assertEquals(sent, value(body, "gateway_requests_by_method_total{method=\"GET\"}"));
            assertEquals(sent, value(body, "gateway_request_duration_seconds_count"));
            assertEquals(sent, value(body, "gateway_request_duration_seconds_bucket{le=\"+Inf\"}"));
            assertTrue(value(body, "gateway_request_duration_seconds_bucket{le=\"0.001\"}")
                    <= value(body, "gateway_request_duration_seconds_bucket{le=\"0.005\"}"), "buckets accumulate");
            assertTrue(value(body, "gateway_request_duration_seconds_sum") > 0);
            assertEquals(sent * "Hello, World!".length(), value(body, "gateway_response_body_bytes_total"));
            // 200 requests over workers of 40 each: at least one was replaced, and its counts stayed.
            Await.until(GUARD, "workers gone at max_requests, 2 alive", () -> {
                last[0] = client.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
                return value(last[0], "gateway_worker_exits_total{reason=\"max_requests\"}") >= 1
                        && value(last[0], "gateway_workers") == 2;
            }, () -> last[0] + "\n" + server.log());
            assertEquals(sent, value(last[0], "gateway_requests_total{status_class=\"2xx\"}"));

            HttpResponse<String> elsewhere = client.send(HttpRequest.newBuilder(metrics.resolve("/other")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, elsewhere.statusCode());
            HttpResponse<String> openMetrics = client.send(HttpRequest.newBuilder(metrics)
                    .header("Accept", "application/openmetrics-text; version=1.0.0").build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(openMetrics.body().endsWith("# EOF\n"), "OpenMetrics when asked for");
        }
    }

    @org.junit.jupiter.api.Test
    void requestBodyBytesAreCounted() throws Exception {
        try (ServerProcess server = ServerProcess.start(Map.of(), "-w", "2", "--threads", "2", "--metrics-bind", "127.0.0.1:0",
                "--no-control-socket", dev.gateway.testapps.BodyDigest.class.getName());
             HttpClient client = HttpClient.newHttpClient();
             ExecutorService pool = Executors.newFixedThreadPool(4)) {
            URI metrics = metricsUri(server);
            HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1000])).build();
            List<Future<String>> bodies = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                bodies.add(pool.submit(() -> client.send(post, HttpResponse.BodyHandlers.ofString()).body()));
            }
            for (Future<String> body : bodies) {
                assertTrue(body.get().startsWith("POST / 1000 "), body.get());
            }
            String[] last = new String[1];
            Await.until(GUARD, "10 POSTs counted", () -> {
                last[0] = client.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
                return value(last[0], "gateway_requests_by_method_total{method=\"POST\"}") == 10;
            }, () -> last[0]);
            assertEquals(10_000, value(last[0], "gateway_request_body_bytes_total"));
        }
    }

    private static URI metricsUri(ServerProcess server) {
        server.awaitLog("Prometheus metrics at:", 1, GUARD);
        Matcher m = METRICS_AT.matcher(server.log());
        assertTrue(m.find(), server.log());
        return URI.create("http://127.0.0.1:" + m.group(1) + "/metrics");
    }

    /** The value of the series named exactly {@code series} (name and labels), failing when it is missing. */
    static double value(String exposition, String series) {
        for (String line : exposition.lines().toList()) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]);
            }
        }
        throw new AssertionError("no series " + series + " in:\n" + exposition);
    }
}
