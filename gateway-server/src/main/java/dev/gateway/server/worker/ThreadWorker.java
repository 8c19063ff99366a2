package dev.gateway.server.worker;

import dev.gateway.server.hooks.ServerHooks;
import dev.gateway.server.hooks.WorkerInfo;
import dev.gateway.server.os.BatchScheduling;
import dev.gateway.spi.Application;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code thread} worker class: {@code threads} platform threads, each running one request at a
 * time, like Gunicorn's sync ({@code --threads 1}) and gthread workers.
 */
final class ThreadWorker extends Worker {

    private final int threads;
    private final Set<Thread> lanes = ConcurrentHashMap.newKeySet();
    private final AtomicInteger named = new AtomicInteger();

    ThreadWorker(WorkerInfo info, Application application, RequestQueue queue, ServerHooks hooks, long quota, int threads) {
        super(info, application, queue, hooks, quota);
        this.threads = threads;
    }

    @Override
    void startTaking() {
        for (int i = 0; i < threads; i++) {
            startLane();
        }
    }

    @Override
    public boolean exited() {
        return !taking() && lanes.isEmpty();
    }

    @Override
    void restoreCapacity(ActiveRequest abandoned) {
        // The hung thread leaves its lane when (if ever) it returns; a new thread takes its place now.
        lanes.remove(abandoned.thread);
        if (taking()) {
            startLane();
        }
    }

    private void startLane() {
        Thread lane = new Thread(this::takeRequests, "gateway-worker-" + info().id() + "-" + named.incrementAndGet());
        lane.setDaemon(true);
        lanes.add(lane);
        lane.start();
    }

    private void takeRequests() {
        BatchScheduling.applyToCurrentThread();
        try {
            while (taking() && !queue.finished()) {
                Runnable request = queue.poll(POLL_MILLIS);
                if (request != null && !runRequest(request)) {
                    return; // timed out: a replacement thread already took this lane
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lanes.remove(Thread.currentThread());
        }
    }
}
