package dev.gateway.server.worker;

import dev.gateway.server.http.EventLoopCalls;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Requests waiting for a worker, shared by every worker in this JVM, as Gunicorn's workers share one
 * listening socket: whichever worker is free takes the next request. So a worker that hangs, dies or
 * retires never strands a request that is waiting, and a new worker starts taking at once.
 *
 * <p>The event loops put requests in through {@link #execute}; that is the plain {@link Executor} the
 * http package sees.
 *
 * <p><b>Waking the threads that wait.</b> Waking a parked thread costs a system call, and the thread's
 * parking again another; with one wake per request that pair was most of what the hand-off to a
 * worker cost (docs/performance.md, "the hand-off's system calls"). So:
 * <ul>
 *   <li>A request put in by an event loop wakes a thread once that loop's turn ends
 *       ({@link LoopTurnWakeups}), however many requests the turn read: the requests of one turn
 *       share one wake-up. A request put in by any other thread wakes one at once.</li>
 *   <li>A thread that takes a request and sees more waiting wakes one more, unless another woken
 *       thread is still on its way: so a burst spreads over as many threads as it needs (a blocking
 *       application gets every lane), one wake-up at a time, and a burst one thread clears alone wakes
 *       few.</li>
 * </ul>
 * No request is left waiting while a thread is idle: a thread registers as idle before it looks at the
 * queue a last time and parks, and whoever puts a request in wakes an idle thread after putting it in,
 * so one of the two sees the other.
 */
public final class RequestQueue implements Executor {

    /**
     * Put behind the last request when the queue closes. Whoever takes it puts it back and gets no
     * request: so every thread waiting for one wakes now, finds the queue {@link #finished}, and ends,
     * instead of at the end of its poll.
     */
    private static final Runnable END = () -> { };

    private final ConcurrentLinkedQueue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    /** Threads parked until a request comes, the latest first (its caches are the warmest). */
    private final ConcurrentLinkedDeque<Thread> idle = new ConcurrentLinkedDeque<>();
    /** Threads woken for a request that have not yet looked at the queue. */
    private final AtomicInteger waking = new AtomicInteger();
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
        waiting.offer(request);
        if (!LoopTurnWakeups.deferToTurnEnd(this)) {
            wakeOne();
        }
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
        return await(TimeUnit.MILLISECONDS.toNanos(millis), true);
    }

    /** The next request, waiting as long as it takes; null when the queue is {@link #finished}. */
    Runnable take() throws InterruptedException {
        return await(0, false);
    }

    /** The next request if one is waiting now, else null. */
    Runnable pollNow() {
        return taken(waiting.poll());
    }

    /**
     * Wakes the thread that went idle last, if any: a request is waiting. Counted as {@link #waking}
     * until that thread looks at the queue.
     */
    void wakeOne() {
        if (waiting.isEmpty()) {
            return; // taken meanwhile by a thread that was awake
        }
        Thread sleeper = idle.pollFirst();
        if (sleeper != null) {
            waking.incrementAndGet();
            LockSupport.unpark(sleeper);
        }
    }

    /** @param timeoutNanos how long to wait when {@code timed}; the clock is read only when there is something to wait for */
    private Runnable await(long timeoutNanos, boolean timed) throws InterruptedException {
        Thread self = Thread.currentThread();
        long deadline = 0;
        boolean deadlineSet = false;
        while (true) {
            Runnable request = waiting.poll();
            if (request != null) {
                return taken(request);
            }
            idle.addFirst(self);
            request = waiting.poll(); // a last look, now that whoever puts one in will wake us
            if (request != null) {
                leaveIdle(self);
                return taken(request);
            }
            if (!timed) {
                LockSupport.park(this);
            } else {
                long now = System.nanoTime();
                if (!deadlineSet) {
                    deadline = now + timeoutNanos;
                    deadlineSet = true;
                }
                if (deadline - now <= 0) {
                    giveUp(self);
                    return null;
                }
                LockSupport.parkNanos(this, deadline - now);
            }
            if (Thread.interrupted()) {
                giveUp(self);
                throw new InterruptedException();
            }
            leaveIdle(self);
        }
    }

    /**
     * Leaves the idle list.
     *
     * @return true if a waker took us off it first: we are the thread it counted as {@link #waking}
     */
    private boolean leaveIdle(Thread self) {
        if (idle.removeFirstOccurrence(self)) {
            return false;
        }
        waking.decrementAndGet();
        return true;
    }

    /** Stops waiting without a request: a wake-up meant for us goes to another idle thread. */
    private void giveUp(Thread self) {
        if (leaveIdle(self)) {
            wakeOne();
        }
    }

    private Runnable taken(Runnable request) {
        if (request == END) {
            waiting.offer(END); // for the next thread waiting
            wakeOne();
            return null;
        }
        if (request != null && waking.get() == 0 && !waiting.isEmpty()) {
            wakeOne(); // more are waiting and nobody is on the way for them
        }
        return request;
    }

    /** True once closed and every request taken: a thread waiting for requests can end. */
    boolean finished() {
        return closed.get() && waiting.peek() == END;
    }

    /** Refuses new requests from now on (those waiting are still served), and wakes the threads waiting for one. */
    public void close() {
        eventLoopCalls.withdraw();
        if (closed.compareAndSet(false, true)) {
            waiting.offer(END);
            wakeOne();
        }
    }
}
