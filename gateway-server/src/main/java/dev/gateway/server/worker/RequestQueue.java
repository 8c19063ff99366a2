package dev.gateway.server.worker;

import dev.gateway.server.http.EventLoopCalls;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests waiting for a worker, shared by every worker in this JVM, as Gunicorn's workers share one
 * listening socket: whichever worker is free takes the next request. So a worker that hangs, dies or
 * retires never strands a request that is waiting, and a new worker starts taking at once.
 *
 * <p>The event loops put requests in through {@link #execute}; that is the plain {@link Executor} the
 * http package sees.
 */
public final class RequestQueue implements Executor {

    /**
     * Put behind the last request when the queue closes. Whoever takes it puts it back and gets no
     * request: so every thread waiting for one wakes now, finds the queue {@link #finished}, and ends,
     * instead of at the end of its poll.
     */
    private static final Runnable END = () -> { };

    private final LinkedBlockingQueue<Runnable> waiting = new LinkedBlockingQueue<>();
    /** Requests put in and not yet finished (waiting, running, or just taken by a thread). */
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Requests of a non-blocking application that skip the queue and run on their event loop. */
    private final EventLoopCalls eventLoopCalls = new EventLoopCalls();

    @Override
    public void execute(Runnable request) {
        if (closed.get()) {
            throw new RejectedExecutionException("the server is stopping");
        }
        pending.incrementAndGet();
        waiting.add(request);
    }

    /** What the workers of this queue let the event loops call themselves (docs/spec.md, "Threads"). */
    public EventLoopCalls eventLoopCalls() {
        return eventLoopCalls;
    }

    /** A worker finished (or gave up on) a request it took. */
    void done() {
        pending.decrementAndGet();
    }

    /** True when no request is waiting or running: a graceful stop may close the connections. */
    public boolean drained() {
        return pending.get() == 0;
    }

    /** The next request, or null when none arrived within {@code millis} or the queue is {@link #finished}. */
    Runnable poll(long millis) throws InterruptedException {
        return passOn(waiting.poll(millis, TimeUnit.MILLISECONDS));
    }

    /** The next request, waiting as long as it takes; null when the queue is {@link #finished}. */
    Runnable take() throws InterruptedException {
        return passOn(waiting.take());
    }

    /** The next request if one is waiting now, else null. */
    Runnable pollNow() {
        return passOn(waiting.poll());
    }

    private Runnable passOn(Runnable taken) {
        if (taken == END) {
            waiting.add(END); // for the next thread waiting
            return null;
        }
        return taken;
    }

    /** True once closed and every request taken: a thread waiting for requests can end. */
    boolean finished() {
        return closed.get() && waiting.peek() == END;
    }

    /** Refuses new requests from now on (those waiting are still served), and wakes the threads waiting for one. */
    public void close() {
        eventLoopCalls.withdraw();
        if (closed.compareAndSet(false, true)) {
            waiting.add(END);
        }
    }
}
