package dev.gateway.server.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.http.RequestRecord;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The counts per request, their sum over workers, their trip through the worker pipe, and the percentile estimate. */
class RequestStatsTest {

    @Test
    void countsFromSeveralThreadsAtOnce() throws Exception {
        RequestStats stats = new RequestStats();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 1000; i++) {
                        stats.started();
                        stats.completed(record(i % 10 == 0 ? "POST" : "GET", i % 50 == 0 ? 503 : 200, 2_000_000, 13));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        stats.started(); // one still running
        RequestStatsSnapshot snapshot = stats.snapshot(7);
        assertEquals(4000, snapshot.requests());
        assertEquals(3920, snapshot.byStatusClass()[2]);
        assertEquals(80, snapshot.byStatusClass()[5]);
        assertEquals(400, snapshot.byMethod()[RequestStatsSnapshot.METHODS.indexOf("POST")]);
        assertEquals(4000 * 13, snapshot.bytesOut());
        assertEquals(4000 * 5, snapshot.bytesIn());
        assertEquals(1, snapshot.inFlight());
        assertEquals(7, snapshot.openConnections());
        assertEquals(4000, snapshot.durationBuckets()[1], "2 ms is in the (1 ms, 5 ms] bucket");
    }

    @Test
    void encodeDecodeAndSum() {
        RequestStats stats = new RequestStats();
        stats.started();
        stats.completed(record("BREW", 0, 90_000_000_000L, 0));
        RequestStatsSnapshot one = stats.snapshot(2);
        RequestStatsSnapshot back = RequestStatsSnapshot.decode(one.encode());
        assertArrayEquals(one.byMethod(), back.byMethod());
        assertArrayEquals(one.durationBuckets(), back.durationBuckets());
        assertEquals(5, back.bytesIn());
        assertEquals(1, back.byStatusClass()[0], "no response");
        assertEquals(1, back.byMethod()[RequestStatsSnapshot.METHODS.size()], "other method");
        RequestStatsSnapshot sum = back.plus(back.countersOnly());
        assertEquals(2, sum.requests());
        assertEquals(2, sum.openConnections(), "a worker gone adds no open connections");
        assertThrows(IllegalArgumentException.class, () -> RequestStatsSnapshot.decode("1 2 3"));
    }

    @Test
    void quantilesInterpolateWithinTheirBucket() {
        RequestStats stats = new RequestStats();
        for (int i = 0; i < 100; i++) {
            stats.completed(record("GET", 200, i < 90 ? 3_000_000 : 200_000_000, 1));
        }
        RequestStatsSnapshot snapshot = stats.snapshot(0);
        double p50 = snapshot.durationQuantile(0.5);
        assertTrue(p50 > 0.001 && p50 <= 0.005, "p50 " + p50);
        double p99 = snapshot.durationQuantile(0.99);
        assertTrue(p99 > 0.1 && p99 <= 0.25, "p99 " + p99);
        assertTrue(Double.isNaN(new RequestStats().snapshot(0).durationQuantile(0.5)));
    }

    private static RequestRecord record(String method, int status, long nanos, long bytes) {
        return new RequestRecord("127.0.0.1", method, "/", "HTTP/1.1", status, bytes, 0, nanos,
                EmptyHttpHeaders.INSTANCE, List.of(), null, 5);
    }
}
