package dev.gateway.server.worker;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** A request a worker thread is running now: what a deadline check looks at. */
final class ActiveRequest {

    private static final VarHandle ENDED;

    static {
        try {
            ENDED = MethodHandles.lookup().findVarHandle(ActiveRequest.class, "ended", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Runnable request;
    final Thread thread;
    final long startNanos;
    /** Set once, by whoever ends the request first: its own thread (done) or the deadline (timed out). */
    @SuppressWarnings("unused") // through ENDED
    private volatile boolean ended;

    ActiveRequest(Runnable request, Thread thread) {
        this.request = request;
        this.thread = thread;
        this.startNanos = System.nanoTime();
    }

    /** Claims the end of this request; true for the first caller only. */
    boolean end() {
        return ENDED.compareAndSet(this, false, true);
    }

    long ageMillis(long nowNanos) {
        return (nowNanos - startNanos) / 1_000_000;
    }

    /**
     * The worker keeps its running requests in a hash set: an identity hash would be made for each
     * request, by the JVM, on its first use (a slow path worth a few per cent of a hello's request
     * thread). Equality stays identity; the thread's hash is made once per thread.
     */
    @Override
    public int hashCode() {
        return Long.hashCode(startNanos) * 31 + thread.hashCode();
    }

    @Override
    public boolean equals(Object other) {
        return this == other;
    }
}
