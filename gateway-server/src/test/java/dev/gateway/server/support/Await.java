package dev.gateway.server.support;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Waits for something a test can observe (a file, a log line, a count, a port) instead of sleeping
 * for a while and hoping: polls the condition briefly (5 ms at first, then up to every 50 ms) and
 * fails, naming what it waited for, when the deadline passes (a hang guard, never a pass).
 */
public final class Await {

    private static final long FIRST_PAUSE_MILLIS = 5;
    private static final long LONGEST_PAUSE_MILLIS = 50;

    /** A condition to wait for; it may throw, which ends the wait as a failure. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    private Await() {
    }

    /** Waits until {@code condition} holds; fails with {@code what} after {@code timeout}. */
    public static void until(Duration timeout, String what, Condition condition) {
        until(timeout, what, condition, () -> "");
    }

    /**
     * Waits until {@code condition} holds; fails after {@code timeout} with {@code what} and
     * {@code detail} (such as a server's log so far).
     */
    public static void until(Duration timeout, String what, Condition condition, Supplier<String> detail) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_PAUSE_MILLIS;
        while (!holds(what, condition)) {
            if (System.nanoTime() - deadline > 0) {
                String more = detail.get();
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what
                        + (more.isEmpty() ? "" : ":\n" + more));
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
            pause = Math.min(LONGEST_PAUSE_MILLIS, pause * 2);
        }
    }

    private static boolean holds(String what, Condition condition) {
        try {
            return condition.holds();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        } catch (Exception e) {
            throw new AssertionError("failed while waiting for " + what + ": " + e, e);
        }
    }
}
