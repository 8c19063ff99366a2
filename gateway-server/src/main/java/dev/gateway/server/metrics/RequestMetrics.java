package dev.gateway.server.metrics;

import dev.gateway.server.http.RequestObserver;
import dev.gateway.server.http.RequestRecord;

/**
 * Gunicorn's per-request metrics, in one datagram: {@code requests} (counter),
 * {@code request.duration} (timer, milliseconds) and {@code request.status.CODE} (counter); and
 * {@code websockets}, a gauge of the open WebSockets, moved by +1 at each 101 and -1 at each close
 * (StatsD's relative gauge: several workers and processes add up on the collector).
 */
public final class RequestMetrics implements RequestObserver {

    private final StatsD statsd;

    public RequestMetrics(StatsD statsd) {
        this.statsd = statsd;
    }

    @Override
    public void completed(RequestRecord record) {
        StringBuilder packet = new StringBuilder(128);
        statsd.line(packet, "requests", 1, "c").append('\n');
        statsd.line(packet, "request.duration", record.durationNanos() / 1_000_000L, "ms").append('\n');
        statsd.line(packet, "request.status." + record.status(), 1, "c");
        if (record.status() == 101) {
            statsd.line(packet.append('\n'), "websockets", "-1", "g");
        }
        statsd.send(packet);
    }

    @Override
    public void webSocketOpened() {
        statsd.send(statsd.line(new StringBuilder(), "websockets", "+1", "g"));
    }

    @Override
    public void close() {
        statsd.close();
    }
}
