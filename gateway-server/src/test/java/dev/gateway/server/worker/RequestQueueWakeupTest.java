package dev.gateway.server.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.config.WorkerClass;
import dev.gateway.server.hooks.ServerHooks;
import dev.gateway.server.hooks.WorkerInfo;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How the request queue wakes the threads that wait on it: requests an event loop queues in one turn
 * share one wake-up at the turn's end, threads that find more waiting wake the next, and no request is
 * ever left waiting while a thread is idle, whoever queued it and however the threads wait.
 */
class RequestQueueWakeupTest {

    /** I/O event loops, as the server's: they defer the wake-up to the end of their turn. */
    private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    /** Plain event loops, which run no task at the end of a turn: they wake a thread at once. */
    private final EventLoopGroup plainLoops = new DefaultEventLoopGroup(1);
    private final List<Worker> workers = new ArrayList<>();
    private final RequestQueue queue = new RequestQueue();

    @AfterEach
    void stop() throws InterruptedException {
        queue.close();
        workers.forEach(Worker::retire);
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        plainLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }

    /**
     * Eight requests that each wait until all eight run, queued in one turn of an event loop, and eight
     * threads that wait for requests without a timeout: only one thread is woken at the turn's end, so
     * the others must be woken by the threads that find more waiting, or the eight never meet.
     */
    @Test
    void aBurstQueuedInOneTurnReachesAThreadEach() throws Exception {
        List<Thread> takers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread taker = new Thread(this::takeUntilClosed, "taker-" + i);
            taker.setDaemon(true);
            takers.add(taker);
            taker.start();
        }
        CountDownLatch running = new CountDownLatch(8);
        CountDownLatch done = new CountDownLatch(8);
        loops.next().execute(() -> {
            for (int i = 0; i < 8; i++) {
                queue.execute(() -> {
                    running.countDown();
                    try {
                        if (running.await(5, TimeUnit.SECONDS)) {
                            done.countDown();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
        });
        assertTrue(done.await(10, TimeUnit.SECONDS), (8 - running.getCount()) + " of 8 requests ran at once");
        queue.close();
        for (Thread taker : takers) {
            taker.join(5_000);
            assertTrue(!taker.isAlive(), taker.getName() + " still waits after the queue closed");
        }
    }

    /** Runs requests until the queue is closed; waits for each without a timeout. */
    private void takeUntilClosed() {
        try {
            for (Runnable request = queue.take(); request != null; request = queue.take()) {
                request.run();
                queue.done();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A request queued by an event loop that then has nothing more to do is served at once: its turn
     * ends. The virtual worker's dispatcher waits without a timeout, so a lost wake-up would hang it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"I/O", "plain"})
    void aLoneRequestFromAnEventLoopIsServed(String loopKind) throws Exception {
        start("virtual", 2);
        EventLoop loop = (loopKind.equals("I/O") ? loops : plainLoops).next();
        for (int i = 0; i < 50; i++) {
            CountDownLatch served = new CountDownLatch(1);
            loop.execute(() -> queue.execute(served::countDown));
            assertTrue(served.await(5, TimeUnit.SECONDS), "request " + i + " not served");
        }
    }

    /**
     * Randomized: event loops and plain threads queue requests in bursts of random size and at random
     * pauses, while two workers' threads take them; every request runs exactly once. Replay a seed with
     * {@code -Dgateway.queue.seed}.
     */
    @ParameterizedTest
    @ValueSource(strings = {"thread", "virtual"})
    void everyRequestRunsExactlyOnce(String workerClass) throws Exception {
        long seed = Long.getLong("gateway.queue.seed", System.nanoTime());
        System.out.println("RequestQueueWakeupTest seed " + seed + " (" + workerClass + ")");
        Random random = new Random(seed);
        start(workerClass, 3);
        start(workerClass, 2);
        int producers = 4;
        int perProducer = 5_000;
        AtomicIntegerArray runs = new AtomicIntegerArray(producers * perProducer);
        CountDownLatch served = new CountDownLatch(producers * perProducer);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int first = p * perProducer;
            long producerSeed = random.nextLong();
            boolean onLoop = p % 2 == 0;
            EventLoop loop = (p == 0 ? plainLoops : loops).next();
            Thread producer = new Thread(() -> produce(new Random(producerSeed), first, perProducer, onLoop ? loop : null, runs, served));
            threads.add(producer);
            producer.start();
        }
        boolean all = served.await(60, TimeUnit.SECONDS);
        for (Thread producer : threads) {
            producer.join(5_000);
        }
        assertTrue(all, served.getCount() + " requests not served (seed " + seed + ")");
        for (int i = 0; i < runs.length(); i++) {
            assertEquals(1, runs.get(i), "request " + i + " ran " + runs.get(i) + " times (seed " + seed + ")");
        }
        // A worker counts a request done just after it ran (after the latch): wait for that, bounded.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!queue.drained() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(queue.drained(), "the queue counts requests still pending");
    }

    /** Queues {@code count} requests from {@code first} on in bursts, on {@code loop} when given, else on this thread. */
    private void produce(Random random, int first, int count, EventLoop loop, AtomicIntegerArray runs, CountDownLatch served) {
        int next = first;
        int end = first + count;
        while (next < end) {
            int burst = Math.min(end - next, 1 + random.nextInt(random.nextBoolean() ? 3 : 40));
            int from = next;
            Runnable queueBurst = () -> {
                for (int id = from; id < from + burst; id++) {
                    int request = id;
                    queue.execute(() -> {
                        runs.incrementAndGet(request);
                        served.countDown();
                    });
                }
            };
            if (loop != null) {
                loop.execute(queueBurst);
            } else {
                queueBurst.run();
            }
            next += burst;
            if (random.nextInt(4) == 0) {
                pause(random.nextInt(300));
            }
        }
    }

    private static void pause(int micros) {
        long until = System.nanoTime() + micros * 1_000L;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    private void start(String workerClass, int threads) {
        Worker worker = Worker.create(WorkerClass.of(workerClass), new WorkerInfo(workers.size() + 1, 0, 0),
                (environ, start) -> null, queue, ServerHooks.NONE, 0, threads, threads);
        worker.start();
        workers.add(worker);
    }
}
