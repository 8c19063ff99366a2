package dev.gateway.server.worker;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The {@code virtual} worker class: each request runs on its own virtual thread, at most
 * {@code workers x worker_connections} at once, like Gunicorn's gevent worker. A request past the
 * limit waits for a slot on its own virtual thread.
 */
public final class VirtualWorkerPool implements WorkerPool {

    private final ExecutorService executor;
    private final Semaphore slots;

    public VirtualWorkerPool(int workers, int workerConnections) {
        this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("gateway-vworker-", 1).factory());
        this.slots = new Semaphore(workers * workerConnections);
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(() -> {
            slots.acquireUninterruptibly();
            try {
                task.run();
            } finally {
                slots.release();
            }
        });
    }

    @Override
    public boolean multithread() {
        return true;
    }

    @Override
    public void shutdown() {
        executor.shutdown();
    }

    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void shutdownNow() {
        executor.shutdownNow();
    }
}
