package dev.gateway.server.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The waits the tests rely on must end as soon as the condition holds, and fail loudly when it never does. */
class AwaitTest {

    @Test
    void returnsOnceTheConditionHolds() {
        AtomicInteger polls = new AtomicInteger();
        Await.until(Duration.ofSeconds(10), "the third poll", () -> polls.incrementAndGet() >= 3);
        assertEquals(3, polls.get());
    }

    @Test
    void failsNamingWhatItWaitedForAndTheDetail() {
        long start = System.nanoTime();
        AssertionError error = assertThrows(AssertionError.class,
                () -> Await.until(Duration.ofMillis(100), "a condition that never holds", () -> false, () -> "the detail"));
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(100).toNanos(), "not before the deadline");
        assertTrue(error.getMessage().contains("waiting for a condition that never holds"), error.getMessage());
        assertTrue(error.getMessage().endsWith(":\nthe detail"), error.getMessage());
    }

    @Test
    void aConditionThatThrowsEndsTheWait() {
        IllegalStateException thrown = new IllegalStateException("broken");
        assertSame(thrown, assertThrows(IllegalStateException.class, () -> Await.until(Duration.ofSeconds(10), "x", () -> {
            throw thrown;
        })));
        AssertionError wrapped = assertThrows(AssertionError.class, () -> Await.until(Duration.ofSeconds(10), "a file", () -> {
            throw new IOException("unreadable");
        }));
        assertTrue(wrapped.getCause() instanceof IOException, String.valueOf(wrapped.getCause()));
    }
}
