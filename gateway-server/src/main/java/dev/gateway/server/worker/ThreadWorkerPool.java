package dev.gateway.server.worker;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code thread} worker class: {@code workers x threads} platform threads in this JVM, like
 * Gunicorn's sync ({@code --threads 1}) and gthread workers. Requests beyond that wait in a queue
 * until a thread is free; their connections are already accepted, so none is lost.
 */
public final class ThreadWorkerPool implements WorkerPool {

    private final ThreadPoolExecutor executor;
    private final int size;

    public ThreadWorkerPool(int workers, int threads) {
        this.size = workers * threads;
        AtomicInteger counter = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), task -> {
            int n = counter.getAndIncrement();
            Thread thread = new Thread(task, "gateway-worker-" + (n / threads + 1) + "-" + (n % threads + 1));
            thread.setDaemon(true);
            return thread;
        });
        executor.prestartAllCoreThreads();
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }

    @Override
    public boolean multithread() {
        return size > 1;
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
