package dev.gateway.server.worker;

import java.util.concurrent.atomic.AtomicBoolean;

/** A request a worker thread is running now: what a deadline check looks at. */
final class ActiveRequest {

    final Runnable request;
    final Thread thread;
    final long startNanos;
    /** Set once, by whoever ends the request first: its own thread (done) or the deadline (timed out). */
    private final AtomicBoolean ended = new AtomicBoolean();

    ActiveRequest(Runnable request, Thread thread) {
        this.request = request;
        this.thread = thread;
        this.startNanos = System.nanoTime();
    }

    /** Claims the end of this request; true for the first caller only. */
    boolean end() {
        return ended.compareAndSet(false, true);
    }

    long ageMillis(long nowNanos) {
        return (nowNanos - startNanos) / 1_000_000;
    }
}
