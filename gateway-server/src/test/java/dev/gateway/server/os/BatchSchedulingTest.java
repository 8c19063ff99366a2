package dev.gateway.server.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** On Linux with JDK 25, as the build runs: the policy changes for the calling thread only. */
class BatchSchedulingTest {

    private static final int SCHED_OTHER = 0;
    private static final int SCHED_BATCH = 3;

    @Test
    void theCallingThreadBecomesBatchAndTheOthersStayAsTheyWere() throws Exception {
        int before = ThreadPolicy.ofCurrentThread();
        AtomicBoolean applied = new AtomicBoolean();
        AtomicInteger policy = new AtomicInteger(-1);
        AtomicInteger childPolicy = new AtomicInteger(-1);
        Thread thread = new Thread(() -> {
            applied.set(BatchScheduling.applyToCurrentThread());
            policy.set(read());
            Thread child = new Thread(() -> childPolicy.set(read()));
            child.start();
            join(child);
        });
        thread.start();
        thread.join(10_000);
        assertEquals(SCHED_OTHER, before);
        assertTrue(applied.get());
        assertEquals(SCHED_BATCH, policy.get());
        assertEquals(SCHED_BATCH, childPolicy.get(), "a thread started by a batch thread inherits the policy");
        assertEquals(before, ThreadPolicy.ofCurrentThread());
    }

    @Test
    void threadsCallingAtOnceAllBecomeBatch() throws Exception {
        // The first callers race to link sched_setscheduler; every one of them must get it.
        AtomicInteger batch = new AtomicInteger();
        Thread[] threads = new Thread[8];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                if (BatchScheduling.applyToCurrentThread() && read() == SCHED_BATCH) {
                    batch.incrementAndGet();
                }
            });
        }
        for (Thread thread : threads) {
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        assertEquals(threads.length, batch.get());
    }

    private static int read() {
        try {
            return ThreadPolicy.ofCurrentThread();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
