package dev.gateway.server.http;

import java.util.concurrent.TimeUnit;

/**
 * Epoch milliseconds for a {@link System#nanoTime} reading, so that a request's start costs one clock
 * read instead of two. The wall clock is read again once a second has passed since the last read: a
 * step of the system clock (NTP, an operator) shows within a second, and the monotonic clock's drift
 * over one second is far below a millisecond.
 */
final class WallClock {

    private static final long REREAD_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** A reading of both clocks, taken together. */
    private record Base(long nanos, long millis) {
    }

    private static volatile Base base = read();

    private WallClock() {
    }

    /** The epoch milliseconds of the moment {@code System.nanoTime()} returned {@code nanos}. */
    static long millisAt(long nanos) {
        Base current = base;
        long since = nanos - current.nanos();
        if (since >= REREAD_NANOS || since <= -REREAD_NANOS) {
            current = read();
            base = current;
            since = nanos - current.nanos();
        }
        return current.millis() + Math.floorDiv(since, 1_000_000L);
    }

    private static Base read() {
        return new Base(System.nanoTime(), System.currentTimeMillis());
    }
}
