package dev.gateway.server.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The request counts of one process at one moment, or the sum over several ({@link #plus}): what a
 * process worker sends the master with each heartbeat ({@link #encode}), and what {@code show stats}
 * and the Prometheus endpoint report.
 *
 * @param byStatusClass   requests by the first digit of their status, index 0 for no response (client gone)
 * @param byMethod        requests by method, in {@link #METHODS} order, then every other method
 * @param durationBuckets requests by duration, one count per {@link #BUCKET_BOUNDS_SECONDS} bucket
 *                        (not cumulative), then the ones above the last bound
 * @param durationNanos   the sum of the durations
 * @param bytesOut        response body bytes sent
 * @param bytesIn         request body bytes received
 * @param inFlight        requests started and not yet completed
 * @param openConnections client connections open
 */
public record RequestStatsSnapshot(long[] byStatusClass, long[] byMethod, long[] durationBuckets,
                                   long durationNanos, long bytesOut, long bytesIn, long inFlight, long openConnections) {

    /** 0 (none) and 1xx to 5xx. */
    static final int STATUS_CLASSES = 6;
    /** The methods counted by name (RFC 9110 section 9 and PATCH); the rest are "other", which bounds the labels. */
    public static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");
    /**
     * Upper bounds of the duration buckets, in seconds: the Prometheus client's defaults, with 1 ms
     * below for fast applications and 30 and 60 s above for slow ones up to the default timeout.
     */
    public static final double[] BUCKET_BOUNDS_SECONDS = {
        0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
    private static final long[] BUCKET_BOUNDS_NANOS = Arrays.stream(BUCKET_BOUNDS_SECONDS)
            .mapToLong(s -> Math.round(s * 1e9)).toArray();

    /** No requests. */
    public static RequestStatsSnapshot empty() {
        return new RequestStatsSnapshot(new long[STATUS_CLASSES], new long[METHODS.size() + 1],
                new long[BUCKET_BOUNDS_SECONDS.length + 1], 0, 0, 0, 0, 0);
    }

    /** Requests completed. */
    public long requests() {
        return Arrays.stream(byStatusClass).sum();
    }

    /** The sum of this and {@code other}, field by field. */
    public RequestStatsSnapshot plus(RequestStatsSnapshot other) {
        return new RequestStatsSnapshot(add(byStatusClass, other.byStatusClass), add(byMethod, other.byMethod),
                add(durationBuckets, other.durationBuckets), durationNanos + other.durationNanos,
                bytesOut + other.bytesOut, bytesIn + other.bytesIn, inFlight + other.inFlight,
                openConnections + other.openConnections);
    }

    /**
     * These counts without the gauges (in flight, open connections): what a worker that is gone
     * still contributes to the totals.
     */
    public RequestStatsSnapshot countersOnly() {
        return new RequestStatsSnapshot(byStatusClass, byMethod, durationBuckets, durationNanos, bytesOut, bytesIn, 0, 0);
    }

    /**
     * The {@code q}-quantile of the durations in seconds, estimated as Prometheus'
     * {@code histogram_quantile} does: linearly within the bucket it falls in; NaN without requests.
     */
    public double durationQuantile(double q) {
        long total = Arrays.stream(durationBuckets).sum();
        if (total == 0) {
            return Double.NaN;
        }
        double rank = q * total;
        long below = 0;
        for (int i = 0; i < durationBuckets.length; i++) {
            long count = durationBuckets[i];
            if (below + count >= rank && count > 0) {
                if (i == BUCKET_BOUNDS_SECONDS.length) {
                    return BUCKET_BOUNDS_SECONDS[i - 1]; // above the last bound: the bound is all that is known
                }
                double lower = i == 0 ? 0 : BUCKET_BOUNDS_SECONDS[i - 1];
                return lower + (BUCKET_BOUNDS_SECONDS[i] - lower) * (rank - below) / count;
            }
            below += count;
        }
        return BUCKET_BOUNDS_SECONDS[BUCKET_BOUNDS_SECONDS.length - 1];
    }

    /** One line of numbers, for the worker pipe. */
    public String encode() {
        StringBuilder line = new StringBuilder(160);
        for (long[] array : List.of(byStatusClass, byMethod, durationBuckets)) {
            for (long value : array) {
                line.append(value).append(' ');
            }
        }
        return line.append(durationNanos).append(' ').append(bytesOut).append(' ').append(bytesIn).append(' ')
                .append(inFlight).append(' ').append(openConnections).toString();
    }

    /** What {@link #encode} wrote. */
    public static RequestStatsSnapshot decode(String line) {
        String[] words = line.trim().split(" ");
        RequestStatsSnapshot shape = empty();
        int expected = shape.byStatusClass.length + shape.byMethod.length + shape.durationBuckets.length + 5;
        if (words.length != expected) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%d numbers, not %d", words.length, expected));
        }
        long[] values = Arrays.stream(words).mapToLong(Long::parseLong).toArray();
        int a = shape.byStatusClass.length;
        int b = a + shape.byMethod.length;
        int c = b + shape.durationBuckets.length;
        return new RequestStatsSnapshot(Arrays.copyOfRange(values, 0, a), Arrays.copyOfRange(values, a, b),
                Arrays.copyOfRange(values, b, c), values[c], values[c + 1], values[c + 2], values[c + 3], values[c + 4]);
    }

    static int statusClass(int status) {
        return status >= 100 && status < 600 ? status / 100 : 0;
    }

    static int methodIndex(String method) {
        int index = METHODS.indexOf(method);
        return index >= 0 ? index : METHODS.size();
    }

    static int bucket(long nanos) {
        for (int i = 0; i < BUCKET_BOUNDS_NANOS.length; i++) {
            if (nanos <= BUCKET_BOUNDS_NANOS[i]) {
                return i;
            }
        }
        return BUCKET_BOUNDS_NANOS.length;
    }

    private static long[] add(long[] a, long[] b) {
        long[] sum = a.clone();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += b[i];
        }
        return sum;
    }
}
