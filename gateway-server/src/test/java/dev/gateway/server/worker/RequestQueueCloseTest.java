package dev.gateway.server.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.config.WorkerClass;
import dev.gateway.server.hooks.ServerHooks;
import dev.gateway.server.hooks.WorkerInfo;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Closing the request queue wakes the threads waiting on it: a stopping server's idle workers end at
 * once, not at the end of their poll ({@link Worker#POLL_MILLIS}); the requests queued before the
 * close are still served.
 */
class RequestQueueCloseTest {

    @ParameterizedTest
    @ValueSource(strings = {"thread", "virtual"})
    void idleWorkersEndAtOnceWhenTheQueueCloses(String workerClass) throws Exception {
        RequestQueue queue = new RequestQueue();
        Worker worker = Worker.create(WorkerClass.of(workerClass), new WorkerInfo(1, 0, 0), (environ, start) -> null, queue,
                ServerHooks.NONE, 0, 4, 100);
        worker.start();
        CountDownLatch served = new CountDownLatch(1);
        queue.execute(served::countDown);
        assertTrue(served.await(5, TimeUnit.SECONDS));
        Thread.sleep(50); // every thread back to waiting for the next request

        long started = System.nanoTime();
        queue.close();
        worker.retire();
        while (!worker.exited()) {
            Thread.sleep(1);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < Worker.POLL_MILLIS / 2, "ended after " + millis + " ms");
        assertThrows(RejectedExecutionException.class, () -> queue.execute(() -> { }));
    }

    @ParameterizedTest
    @ValueSource(strings = {"thread", "virtual"})
    void requestsQueuedBeforeTheCloseAreStillServed(String workerClass) throws Exception {
        RequestQueue queue = new RequestQueue();
        CountDownLatch served = new CountDownLatch(5);
        for (int i = 0; i < 5; i++) {
            queue.execute(served::countDown);
        }
        queue.close();
        Worker worker = Worker.create(WorkerClass.of(workerClass), new WorkerInfo(1, 0, 0), (environ, start) -> null, queue,
                ServerHooks.NONE, 0, 2, 100);
        worker.start();
        assertTrue(served.await(5, TimeUnit.SECONDS), served.getCount() + " not served");
        worker.retire();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!worker.exited() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(worker.exited());
    }

    /**
     * A worker that retires while the queue stays open (a reload, {@code max_requests}) ends at once,
     * though the virtual worker's dispatcher waits without a timeout, and the requests that come
     * after it go to the next worker.
     */
    @ParameterizedTest
    @ValueSource(strings = {"thread", "virtual"})
    void aRetiredWorkerEndsAndLeavesTheOpenQueueToTheNext(String workerClass) throws Exception {
        RequestQueue queue = new RequestQueue();
        Worker old = Worker.create(WorkerClass.of(workerClass), new WorkerInfo(1, 0, 0), (environ, start) -> null, queue,
                ServerHooks.NONE, 0, 4, 100);
        old.start();
        CountDownLatch first = new CountDownLatch(1);
        queue.execute(first::countDown);
        assertTrue(first.await(5, TimeUnit.SECONDS));
        Thread.sleep(50); // every thread back to waiting for the next request

        long started = System.nanoTime();
        old.retire();
        awaitExit(old);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < Worker.POLL_MILLIS * 3, "ended after " + millis + " ms");

        Worker next = Worker.create(WorkerClass.of(workerClass), new WorkerInfo(2, 0, 0), (environ, start) -> null, queue,
                ServerHooks.NONE, 0, 4, 100);
        next.start();
        CountDownLatch served = new CountDownLatch(20);
        for (int i = 0; i < 20; i++) {
            queue.execute(served::countDown);
        }
        assertTrue(served.await(5, TimeUnit.SECONDS), served.getCount() + " not served");
        assertEquals(1, old.served());
        queue.close();
        next.retire();
        awaitExit(next);
    }

    /** {@code max_requests}: the worker retires by itself after its quota, from a request's thread, and ends. */
    @ParameterizedTest
    @ValueSource(strings = {"thread", "virtual"})
    void aWorkerEndsAfterItsQuota(String workerClass) throws Exception {
        RequestQueue queue = new RequestQueue();
        Worker worker = Worker.create(WorkerClass.of(workerClass), new WorkerInfo(1, 0, 0), (environ, start) -> null, queue,
                ServerHooks.NONE, 3, 1, 1);
        worker.start();
        CountDownLatch served = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            queue.execute(served::countDown);
        }
        assertTrue(served.await(5, TimeUnit.SECONDS), served.getCount() + " not served");
        awaitExit(worker);
        assertEquals(3, worker.served());
        queue.close();
    }

    private static void awaitExit(Worker worker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!worker.exited() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(worker.exited(), "the worker did not end within 5 s");
    }
}
