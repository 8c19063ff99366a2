package dev.gateway.server.http;

import dev.gateway.server.config.LoggerNames;
import dev.gateway.spi.Application;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls of a non-blocking application ({@link Application#nonBlocking()}) on the event loop that read
 * the request, instead of on a worker thread (docs/spec.md, "Threads"): which application may run
 * there now, which calls are running on which event loop, and what happens to one that blocked.
 *
 * <p>The workers offer their application when they start, so a reload moves the event loops to the
 * new generation with the workers. An application whose call took longer than
 * {@link Application#NON_BLOCKING_CALL_MILLIS} broke its promise (THREAD-2): its requests go to the
 * workers from then on.
 */
public final class EventLoopCalls {

    private static final Logger log = LoggerFactory.getLogger(LoggerNames.ERROR);
    /** A call longer than this stalled every connection of its event loop (docs/spec.md, THREAD-2). */
    private static final long BLOCKED_NANOS = TimeUnit.MILLISECONDS.toNanos(Application.NON_BLOCKING_CALL_MILLIS);

    /** The application the event loops call now; null: every request goes to a worker. */
    private volatile Application application;
    /** The application that blocked once: never offered to the event loops again. */
    private volatile Application demoted;
    /** The call running on each event loop that ever ran one (a slot per thread, reused). */
    private final Map<Thread, Running> running = new ConcurrentHashMap<>();

    /**
     * A worker started with {@code candidate}: the event loops call it from now on if it declares
     * itself non-blocking and nothing else must run around each request on a worker (hooks), else
     * every request goes to a worker.
     */
    public void offer(Application candidate, boolean workerOnlyHooks) {
        application = !workerOnlyHooks && candidate.nonBlocking() && candidate != demoted ? candidate : null;
    }

    /** Every request goes to a worker from now on (the server is stopping). */
    public void withdraw() {
        application = null;
    }

    /** The application to call on the event loop for a request that qualifies, or null. */
    Application application() {
        return application;
    }

    /** Runs {@code exchange} here, on the event loop, with {@code target}, and demotes a call that blocked. */
    void call(Exchange exchange, Application target) {
        Running slot = running.computeIfAbsent(Thread.currentThread(), Running::new);
        // The exchange's own times when it keeps them (for the observer): two clock reads fewer.
        long start = exchange.startNanos() != 0 ? exchange.startNanos() : System.nanoTime();
        slot.begin(start, exchange);
        try {
            exchange.respond(target);
        } finally {
            slot.end();
            long took = (exchange.reportedNanos() != 0 ? exchange.reportedNanos() : System.nanoTime()) - start;
            if (took > BLOCKED_NANOS) {
                demote(target, exchange.describe() + " took " + took / 1_000_000 + " ms", Thread.currentThread());
            }
        }
    }

    private void demote(Application target, String what, Thread loop) {
        if (demoted == target) {
            return;
        }
        demoted = target;
        if (application == target) {
            application = null;
        }
        log.warn("{} declares nonBlocking() but {} on event loop {} (more than {} ms): its requests go to the workers from now on",
                target.getClass().getName(), what, loop.getName(), Application.NON_BLOCKING_CALL_MILLIS);
    }

    /** How long the oldest call running on an event loop has run, in milliseconds; 0 when none runs. */
    public long oldestCallMillis() {
        long now = System.nanoTime();
        long oldest = 0;
        for (Running slot : running.values()) {
            oldest = Math.max(oldest, slot.ageMillis(now));
        }
        return oldest;
    }

    /**
     * Calls running longer than {@code timeoutMillis}: an event loop cannot be interrupted, so each
     * is logged once with its thread's stack, and its application demoted. Returns how many.
     */
    public int reportOverdue(long timeoutMillis) {
        long now = System.nanoTime();
        int overdue = 0;
        for (Running slot : running.values()) {
            Exchange exchange = slot.overdue(now, timeoutMillis);
            if (exchange != null) {
                Throwable stack = new Throwable("stack of " + slot.thread.getName() + " at the timeout");
                stack.setStackTrace(slot.thread.getStackTrace());
                log.error("REQUEST TIMEOUT on event loop {}: {} ran {} ms, past the timeout; an event loop cannot be interrupted",
                        slot.thread.getName(), exchange.describe(), slot.ageMillis(now), stack);
                Application blocked = application;
                if (blocked != null) {
                    demote(blocked, exchange.describe() + " ran past the timeout", slot.thread);
                }
                overdue++;
            }
        }
        return overdue;
    }

    /** One event loop's call in progress: written by the loop, read by whoever watches the timeouts. */
    private static final class Running {
        final Thread thread;
        private volatile long startNanos;
        private volatile Exchange exchange;
        private volatile Exchange reported;

        Running(Thread thread) {
            this.thread = thread;
        }

        /** The start is written first: whoever reads the new exchange reads its start too. */
        void begin(long now, Exchange what) {
            startNanos = now;
            exchange = what;
        }

        void end() {
            exchange = null;
        }

        long ageMillis(long now) {
            return exchange == null ? 0 : (now - startNanos) / 1_000_000;
        }

        /** The running exchange when it passed the timeout and was not reported yet, else null. */
        Exchange overdue(long now, long timeoutMillis) {
            Exchange current = exchange;
            if (current == null || current == reported || (now - startNanos) / 1_000_000 <= timeoutMillis) {
                return null;
            }
            reported = current;
            return current;
        }
    }
}
