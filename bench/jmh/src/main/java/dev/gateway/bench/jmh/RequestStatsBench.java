package dev.gateway.bench.jmh;

import dev.gateway.server.http.RequestRecord;
import dev.gateway.server.metrics.RequestStats;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What counting one request costs (the statistics behind {@code gateway ctl show stats} and the
 * Prometheus endpoint): the clock reads and the {@link RequestRecord} the exchange then makes, and
 * RequestStats' counters, on one thread and on four threads sharing one RequestStats (workers do).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RequestStatsBench {

    private final RequestStats stats = new RequestStats();

    /** What Exchange adds per request once it is observed: two clock reads, a record, the counters. */
    @Benchmark
    public RequestRecord countOneRequest() {
        long start = System.nanoTime();
        long startMillis = System.currentTimeMillis();
        stats.started();
        RequestRecord record = new RequestRecord("127.0.0.1", "GET", "/", "HTTP/1.1", 200, 13, startMillis,
                System.nanoTime() - start, EmptyHttpHeaders.INSTANCE, List.of(), null, 0);
        stats.completed(record);
        return record;
    }

    /** The same from four threads at once: the LongAdders' contention. */
    @Benchmark
    @Threads(4)
    public RequestRecord countOneRequestFourThreads() {
        return countOneRequest();
    }
}
