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
 * close are still served. A worker that stops taking requests while the queue stays open ends too.
 */
class RequestQueueCloseTest {

    @ParameterizedTest
    @ValueSource(strings = {"thread", "virtual"})
    void idleWorkersEndAtOnceWhenTheQueueCloses(String workerClass) throws Exception {
        RequestQueue queue = new RequestQueue();
        Worker worker = started(workerClass, 1, queue, 0, 4, 100);
        serve(queue, 1);
        Thread.sleep(50); // every thread back to waiting for the next request

        long started = System.nanoTime();
        queue.close();
        worker.retire();
        awaitExit(worker);
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
        Worker worker = started(workerClass, 1, queue, 0, 2, 100);
        assertTrue(served.await(5, TimeUnit.SECONDS), served.getCount() + " not served");
        worker.retire();
        awaitExit(worker);
    }

    /**
     * A worker that retires while the queue stays open (a reload) ends at once, though the virtual
     * worker's dispatcher waits without a timeout, and the requests that come after it go to the next
     * worker.
     */
    @ParameterizedTest
    @ValueSource(strings = {"thread", "virtual"})
    void aRetiredWorkerEndsAndLeavesTheOpenQueueToTheNext(String workerClass) throws Exception {
        RequestQueue queue = new RequestQueue();
        Worker old = started(workerClass, 1, queue, 0, 4, 100);
        serve(queue, 1);
        Thread.sleep(50); // every thread back to waiting for the next request

        long started = System.nanoTime();
        old.retire();
        awaitExit(old);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < Worker.POLL_MILLIS * 3, "ended after " + millis + " ms");

        Worker next = started(workerClass, 2, queue, 0, 4, 100);
        serve(queue, 20);
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
        Worker worker = started(workerClass, 1, queue, 3, 1, 1);
        serve(queue, 3);
        awaitExit(worker);
        assertEquals(3, worker.served());
        queue.close();
    }

    /** A started worker whose application is never called (the requests here are plain tasks). */
    private static Worker started(String workerClass, int id, RequestQueue queue, long quota, int threads, int connections) {
        Worker worker = Worker.create(WorkerClass.of(workerClass), new WorkerInfo(id, 0, 0), (environ, start) -> null, queue,
                ServerHooks.NONE, quota, threads, connections);
        worker.start();
        return worker;
    }

    /** Puts {@code count} requests in and waits until they all ran. */
    private static void serve(RequestQueue queue, int count) throws InterruptedException {
        CountDownLatch served = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            queue.execute(served::countDown);
        }
        assertTrue(served.await(5, TimeUnit.SECONDS), served.getCount() + " of " + count + " not served");
    }

    private static void awaitExit(Worker worker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!worker.exited() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(worker.exited(), "the worker did not end within 5 s");
    }
}
