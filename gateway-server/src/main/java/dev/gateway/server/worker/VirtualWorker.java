package dev.gateway.server.worker;

import dev.gateway.server.hooks.ServerHooks;
import dev.gateway.server.hooks.WorkerInfo;
import dev.gateway.spi.Application;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code virtual} worker class: each request runs on its own virtual thread; one worker admits at
 * most {@code worker_connections} at once, like Gunicorn's gevent worker. One dispatcher thread takes
 * a request whenever a slot is free.
 */
final class VirtualWorker extends Worker {

    private final int connections;
    private final Semaphore slots;
    private final AtomicInteger named = new AtomicInteger();
    private volatile Thread dispatcher;

    VirtualWorker(WorkerInfo info, Application application, RequestQueue queue, ServerHooks hooks, long quota, int connections) {
        super(info, application, queue, hooks, quota);
        this.connections = connections;
        this.slots = new Semaphore(connections);
    }

    @Override
    void startTaking() {
        // Assigned before it starts, so that a retire right after the start can interrupt it.
        dispatcher = Thread.ofVirtual().name("gateway-vworker-" + info().id()).unstarted(this::dispatch);
        dispatcher.start();
    }

    @Override
    public boolean exited() {
        return !taking() && !dispatcher.isAlive() && slots.availablePermits() == connections;
    }

    @Override
    void restoreCapacity(ActiveRequest abandoned) {
        slots.release(); // the hung virtual thread no longer counts against worker_connections
    }

    private void startThread(Runnable request) {
        Thread.ofVirtual().name("gateway-vworker-" + info().id() + "-" + named.incrementAndGet()).start(() -> {
            if (runRequest(request)) {
                slots.release();
            }
        });
    }

    /**
     * Takes a slot, then a request, and starts it; under load, every request already waiting too.
     *
     * <p>Both waits are untimed. A virtual thread's timed wait arms a timer in the scheduler's
     * delay thread and disarms it when woken early: with a wait per request, that woke the delay
     * thread for each request, about a sixth of the server's CPU over HTTP/2 at 64 x 100 (perf,
     * docs/performance.md). What ends the waits instead: a closed queue hands out its end marker, and
     * {@link #wakeTakers} interrupts the dispatcher.
     */
    private void dispatch() {
        while (taking() && !queue.finished()) {
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                continue; // wakeTakers(): look at taking() again
            }
            Runnable request;
            try {
                request = queue.take();
            } catch (InterruptedException e) {
                request = null;
            }
            if (request == null) {
                slots.release(); // the queue closed, or wakeTakers()
                continue;
            }
            startThread(request);
            // Under load several requests wait at once: start them all before sleeping again, so
            // the dispatcher wakes once per burst rather than once per request.
            while (taking() && slots.tryAcquire()) {
                Runnable next = queue.pollNow();
                if (next == null) {
                    slots.release();
                    break;
                }
                startThread(next);
            }
        }
    }

    @Override
    void wakeTakers() {
        Thread waiting = dispatcher;
        if (waiting != null) {
            waiting.interrupt();
        }
    }
}
