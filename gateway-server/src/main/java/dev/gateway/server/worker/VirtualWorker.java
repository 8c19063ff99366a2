package dev.gateway.server.worker;

import dev.gateway.server.hooks.ServerHooks;
import dev.gateway.server.hooks.WorkerInfo;
import dev.gateway.spi.Application;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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
    public void start() {
        dispatcher = Thread.ofVirtual().name("gateway-vworker-" + info().id()).start(this::dispatch);
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

    private void dispatch() {
        try {
            while (taking() && !queue.finished()) {
                if (!slots.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                Runnable request = queue.poll(POLL_MILLIS);
                if (request == null) {
                    slots.release();
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
