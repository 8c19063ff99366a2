package dev.gateway.server.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Epoch milliseconds from a monotonic reading agree with the wall clock, near and far from its last read. */
class WallClockTest {

    /** Two clock reads a scheduler may separate; a loaded machine gets this much slack. */
    private static final long SLACK_MILLIS = 50;

    @Test
    void agreesWithTheWallClockNow() {
        for (int i = 0; i < 1_000; i++) {
            assertNear(System.currentTimeMillis(), WallClock.millisAt(System.nanoTime()));
        }
    }

    @Test
    void readingsSecondsAwayFromTheLastReadAreStillRight() {
        long seconds = TimeUnit.SECONDS.toNanos(5);
        assertNear(System.currentTimeMillis() + 5_000, WallClock.millisAt(System.nanoTime() + seconds));
        assertNear(System.currentTimeMillis() - 5_000, WallClock.millisAt(System.nanoTime() - seconds));
        assertNear(System.currentTimeMillis(), WallClock.millisAt(System.nanoTime()));
    }

    @Test
    void laterReadingsNeverGoBackWithinASecond() {
        long start = System.nanoTime();
        long previous = WallClock.millisAt(start);
        for (long nanos = start; nanos < start + TimeUnit.MILLISECONDS.toNanos(900); nanos += 100_000) {
            long millis = WallClock.millisAt(nanos);
            assertTrue(millis >= previous, millis + " after " + previous);
            previous = millis;
        }
    }

    private static void assertNear(long expected, long actual) {
        assertTrue(Math.abs(expected - actual) <= SLACK_MILLIS, "expected about " + expected + ", got " + actual);
    }
}
