package dev.gateway.server.metrics;

import dev.gateway.server.http.RequestObserver;
import dev.gateway.server.http.RequestRecord;
import java.util.concurrent.atomic.LongAdder;

/**
 * The request counts of one server process, recorded once per request and read by whoever asks:
 * the control socket's {@code show stats}, the Prometheus endpoint and, in a process worker, the
 * heartbeat to the master, which sums the workers' {@link RequestStatsSnapshot}s. Counters only
 * grow; LongAdders keep the recording thread from contending with the others.
 */
public final class RequestStats implements RequestObserver {

    private final LongAdder[] byStatusClass = adders(RequestStatsSnapshot.STATUS_CLASSES);
    private final LongAdder[] byMethod = adders(RequestStatsSnapshot.METHODS.size() + 1);
    private final LongAdder[] durationBuckets = adders(RequestStatsSnapshot.BUCKET_BOUNDS_SECONDS.length + 1);
    private final LongAdder durationNanos = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder started = new LongAdder();
    private final LongAdder completed = new LongAdder();

    @Override
    public void started() {
        started.increment();
    }

    @Override
    public void completed(RequestRecord record) {
        byStatusClass[RequestStatsSnapshot.statusClass(record.status())].increment();
        byMethod[RequestStatsSnapshot.methodIndex(record.method())].increment();
        durationBuckets[RequestStatsSnapshot.bucket(record.durationNanos())].increment();
        durationNanos.add(record.durationNanos());
        bytesOut.add(record.bodyBytes());
        bytesIn.add(Math.max(0, record.receivedBytes()));
        completed.increment();
    }

    /** The counts now; {@code openConnections} is the caller's (it owns the connections). */
    public RequestStatsSnapshot snapshot(long openConnections) {
        long done = completed.sum();
        // Read completions first: a request that finishes meanwhile is then counted in flight, never negative.
        long inFlight = Math.max(0, started.sum() - done);
        return new RequestStatsSnapshot(sums(byStatusClass), sums(byMethod), sums(durationBuckets),
                durationNanos.sum(), bytesOut.sum(), bytesIn.sum(), inFlight, openConnections);
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] adders = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }

    private static long[] sums(LongAdder[] adders) {
        long[] values = new long[adders.length];
        for (int i = 0; i < adders.length; i++) {
            values[i] = adders[i].sum();
        }
        return values;
    }
}
