package dev.gateway.server.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The server's metrics as Prometheus snapshots, built at each scrape from one
 * {@link RequestStatsSnapshot} (the sum over every worker, process workers and the ones gone
 * included), so the families of one scrape agree with each other.
 */
final class GatewayCollector implements MultiCollector {

    private static final String[] STATUS_CLASSES = {"none", "1xx", "2xx", "3xx", "4xx", "5xx"};

    private final ServerMetrics server;

    GatewayCollector(ServerMetrics server) {
        this.server = server;
    }

    @Override
    public MetricSnapshots collect() {
        RequestStatsSnapshot stats = server.requestStats();
        long acceptQueue = server.acceptQueue();
        List<MetricSnapshot> snapshots = new ArrayList<>(List.of(
                requestsByStatus(stats),
                requestsByMethod(stats),
                durations(stats),
                gauge("gateway_requests_in_flight", "Requests a worker is running now.", stats.inFlight()),
                gauge("gateway_connections_open", "Client connections open now.", stats.openConnections()),
                CounterSnapshot.builder().name("gateway_response_body_bytes").unit(Unit.BYTES)
                        .help("Response body bytes sent.")
                        .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(stats.bytesOut()).build()).build(),
                CounterSnapshot.builder().name("gateway_request_body_bytes").unit(Unit.BYTES)
                        .help("Request body bytes received.")
                        .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(stats.bytesIn()).build()).build(),
                gauge("gateway_workers", "Workers alive now.", server.workers()),
                workerExits(server.workerExits())));
        if (acceptQueue >= 0) {
            snapshots.add(gauge("gateway_accept_queue",
                    "Connections the kernel accepted on the TCP listeners and the server did not take yet.", acceptQueue));
        }
        return new MetricSnapshots(snapshots);
    }

    private static CounterSnapshot requestsByStatus(RequestStatsSnapshot stats) {
        CounterSnapshot.Builder counter = CounterSnapshot.builder().name("gateway_requests")
                .help("Requests completed, by the class of their status (none: the client left before a response).");
        for (int i = 0; i < STATUS_CLASSES.length; i++) {
            counter.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                    .labels(Labels.of("status_class", STATUS_CLASSES[i])).value(stats.byStatusClass()[i]).build());
        }
        return counter.build();
    }

    private static CounterSnapshot requestsByMethod(RequestStatsSnapshot stats) {
        CounterSnapshot.Builder counter = CounterSnapshot.builder().name("gateway_requests_by_method")
                .help("Requests completed, by method (other: every method not listed).");
        for (int i = 0; i <= RequestStatsSnapshot.METHODS.size(); i++) {
            String method = i < RequestStatsSnapshot.METHODS.size() ? RequestStatsSnapshot.METHODS.get(i) : "other";
            counter.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                    .labels(Labels.of("method", method)).value(stats.byMethod()[i]).build());
        }
        return counter.build();
    }

    private static HistogramSnapshot durations(RequestStatsSnapshot stats) {
        double[] bounds = Arrays.copyOf(RequestStatsSnapshot.BUCKET_BOUNDS_SECONDS, RequestStatsSnapshot.BUCKET_BOUNDS_SECONDS.length + 1);
        bounds[bounds.length - 1] = Double.POSITIVE_INFINITY;
        return HistogramSnapshot.builder().name("gateway_request_duration_seconds").unit(Unit.SECONDS)
                .help("From the request head to the end of the response.")
                .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, stats.durationBuckets()))
                        .sum(stats.durationNanos() / 1e9).build())
                .build();
    }

    private static CounterSnapshot workerExits(Map<String, Long> exits) {
        CounterSnapshot.Builder counter = CounterSnapshot.builder().name("gateway_worker_exits")
                .help("Workers gone, by reason: timeout, max_requests, crash, retired (reload, fewer workers, stop, kill).");
        for (String reason : ServerMetrics.EXIT_REASONS) {
            counter.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                    .labels(Labels.of("reason", reason)).value(exits.getOrDefault(reason, 0L)).build());
        }
        return counter.build();
    }

    private static GaugeSnapshot gauge(String name, String help, double value) {
        return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).build()).build();
    }
}
