package dev.gateway.server.worker;

import dev.gateway.server.config.LoggerNames;
import dev.gateway.server.config.WorkerClass;
import dev.gateway.server.hooks.ServerHooks;
import dev.gateway.server.hooks.WorkerInfo;
import dev.gateway.server.http.AbortableRequest;
import dev.gateway.spi.Application;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The code that runs inside one worker (the master's record of it is {@code arbiter.WorkerHandle}):
 * threads that take requests from the shared {@link RequestQueue} and run them with this worker's
 * application. A worker stops taking requests when it is retired or has served its
 * {@code max_requests} quota; the requests it is running finish, and then it has exited.
 *
 * <p>Threads cannot be killed, so a request running past its deadline is ended from outside
 * ({@link #expireOverdue}): the client gets 504 (or its connection closed), the thread is interrupted
 * and its stack logged, and the subclass restores the capacity at once.
 */
public abstract class Worker {

    private static final Logger log = LoggerFactory.getLogger(LoggerNames.ERROR);
    private static final ThreadLocal<Worker> CURRENT = new ThreadLocal<>();
    /** How often an idle thread looks whether its worker still takes requests (a closed queue wakes it at once). */
    static final long POLL_MILLIS = 200;

    private final WorkerInfo info;
    private final Application application;
    private final ServerHooks hooks;
    private final long quota;
    final RequestQueue queue;
    final Set<ActiveRequest> active = ConcurrentHashMap.newKeySet();
    private final AtomicLong served = new AtomicLong();
    private volatile boolean taking = true;
    private volatile long sessionGraceMillis = -1;
    private final java.util.concurrent.atomic.AtomicBoolean goAwayScheduled = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * @param quota requests to serve before retiring by itself ({@code max_requests} + jitter); 0 for no limit
     */
    Worker(WorkerInfo info, Application application, RequestQueue queue, ServerHooks hooks, long quota) {
        this.info = info;
        this.application = application;
        this.queue = queue;
        this.hooks = hooks;
        this.quota = quota;
    }

    /** The {@code thread} or {@code virtual} worker class, as configured. */
    public static Worker create(WorkerClass workerClass, WorkerInfo info, Application application, RequestQueue queue,
                                ServerHooks hooks, long quota, int threads, int workerConnections) {
        return workerClass == WorkerClass.VIRTUAL
                ? new VirtualWorker(info, application, queue, hooks, quota, workerConnections)
                : new ThreadWorker(info, application, queue, hooks, quota, threads);
    }

    /**
     * Starts the worker's threads: it takes requests from now on. A non-blocking application is
     * offered to the event loops too, unless request hooks must run around each request on a worker.
     */
    public final void start() {
        startTaking();
        queue.eventLoopCalls().offer(application, hooks != ServerHooks.NONE);
    }

    /** Starts the threads that take requests. */
    abstract void startTaking();

    /** True once it stopped taking requests and every request it took has ended. */
    public abstract boolean exited();

    /** Who this worker is. */
    public WorkerInfo info() {
        return info;
    }

    /** True while it takes new requests. */
    public boolean taking() {
        return taking;
    }

    /** Stops taking requests; the running ones finish. */
    public void retire() {
        stopTaking();
        scheduleGoAway();
    }

    /** Stops taking requests and interrupts the running ones (quick stop). */
    public void kill() {
        stopTaking();
        for (ActiveRequest request : active) {
            request.thread.interrupt();
        }
    }

    /** True once it served its {@code max_requests} quota (it retires by itself). */
    public boolean quotaServed() {
        return quota > 0 && served.get() >= quota;
    }

    /** Requests this worker served so far. */
    public long served() {
        return served.get();
    }

    /** Requests running now. */
    public int running() {
        return active.size();
    }

    /**
     * How long the oldest running request has run, in milliseconds; 0 when none runs. A request
     * running on an event loop counts: an event loop stuck in one is as stuck as a worker thread.
     */
    public long oldestRequestMillis() {
        long now = System.nanoTime();
        long onWorker = active.stream().filter(r -> !longLived(r)).mapToLong(r -> r.ageMillis(now)).max().orElse(0);
        return Math.max(onWorker, queue.eventLoopCalls().oldestCallMillis());
    }

    /**
     * Ends every request that has run longer than {@code timeoutMillis}: 504 (or the connection
     * closed), thread interrupted, stack logged, capacity restored. Returns how many it ended.
     */
    public int expireOverdue(long timeoutMillis) {
        long now = System.nanoTime();
        int expired = 0;
        for (ActiveRequest request : active) {
            if (request.ageMillis(now) > timeoutMillis && !longLived(request) && request.end()) {
                active.remove(request);
                queue.done();
                timeOut(request, now);
                expired++;
            }
        }
        return expired + queue.eventLoopCalls().reportOverdue(timeoutMillis);
    }

    /** An accepted WebSocket: exempt from the request timeout and from the heartbeat's stuck-request age. */
    private static boolean longLived(ActiveRequest request) {
        return request.request instanceof AbortableRequest r && r.longLived();
    }

    /**
     * How long long-lived requests (WebSockets) may go on once this worker stops taking requests (a
     * reload, {@code max_requests}): {@code graceful_timeout}, after which they are asked to end
     * (1001). Negative: they are left to the stop that closes every connection.
     */
    public void sessionGrace(long millis) {
        this.sessionGraceMillis = millis;
    }

    /** Stopped taking: after the grace, the long-lived requests still running are asked to go away. */
    private void scheduleGoAway() {
        long grace = sessionGraceMillis;
        if (grace < 0 || goAwayScheduled.getAndSet(true)) {
            return;
        }
        Thread.ofVirtual().name("gateway-goaway-" + info.id()).start(() -> {
            try {
                long deadline = System.nanoTime() + grace * 1_000_000L;
                while (System.nanoTime() - deadline < 0 && !active.isEmpty()) { // a running request may still accept a socket
                    Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, (deadline - System.nanoTime()) / 1_000_000L)));
                }
            } catch (InterruptedException e) {
                return;
            }
            for (ActiveRequest request : active) {
                if (longLived(request) && request.request instanceof AbortableRequest r) {
                    r.goAway();
                }
            }
        });
    }

    private void timeOut(ActiveRequest request, long now) {
        String what = request.request instanceof AbortableRequest r ? r.describe() : request.request.toString();
        Throwable stack = new Throwable("stack of " + request.thread.getName() + " at the timeout");
        stack.setStackTrace(request.thread.getStackTrace());
        log.error("REQUEST TIMEOUT (worker:{} thread:{}): {} ran {} ms, past the timeout; answering 504 and replacing the thread",
                info.id(), request.thread.getName(), what, request.ageMillis(now), stack);
        if (request.request instanceof AbortableRequest r) {
            r.abortTimedOut();
        }
        request.thread.interrupt();
        restoreCapacity(request);
    }

    /** Turns {@link #taking} false, and wakes what waits for a request without a timeout so that it sees it. */
    private void stopTaking() {
        taking = false;
        wakeTakers();
    }

    /**
     * {@link #taking} just turned false: wake whatever waits for a request without a timeout. Threads
     * that wait with a timeout see it within {@link #POLL_MILLIS}.
     */
    void wakeTakers() {
    }

    /** A request thread was given up on: put a fresh one in its place. */
    abstract void restoreCapacity(ActiveRequest abandoned);

    /**
     * Runs one request on the calling thread with this worker's application and hooks.
     *
     * @return false when the request was timed out meanwhile (its thread was given up on)
     */
    final boolean runRequest(Runnable request) {
        ActiveRequest entry = new ActiveRequest(request, Thread.currentThread());
        active.add(entry);
        // "GET /path" is built only for hooks that take it: most servers have none.
        boolean hooked = hooks != ServerHooks.NONE;
        String what = hooked ? describe(request) : "";
        useWorker();
        useApplicationLoader(entry.thread);
        try {
            if (hooked) {
                callHook(() -> hooks.preRequest(info, what), "pre_request");
            }
            request.run();
            if (hooked) {
                callHook(() -> hooks.postRequest(info, what), "post_request");
            }
        } catch (Throwable t) {
            log.error("Error in worker {} running {}", info.id(), describe(request), t);
        } finally {
            active.remove(entry);
        }
        boolean ours = entry.end();
        if (ours) {
            queue.done();
        } else {
            Thread.interrupted(); // the deadline interrupted us; this thread is done anyway
        }
        countServed();
        return ours;
    }

    private static String describe(Runnable request) {
        return request instanceof AbortableRequest r ? r.describe() : "";
    }

    /**
     * Marks the calling thread as this worker's. A thread serves one worker for its whole life (a
     * lane, or a virtual thread per request), so the mark is set once and never removed: setting
     * and removing it per request allocated a thread-local entry each time.
     */
    private void useWorker() {
        if (CURRENT.get() != this) {
            CURRENT.set(this);
        }
    }

    /**
     * Frameworks find their classes and resources through the thread's context class loader, which
     * a request thread inherited from the server: give it the application's, as a Servlet container
     * does for every request. A thread serves one worker, so it is set once, not restored.
     */
    private void useApplicationLoader(Thread thread) {
        ClassLoader loader = application.getClass().getClassLoader();
        if (thread.getContextClassLoader() != loader) {
            thread.setContextClassLoader(loader);
        }
    }

    /** A failing hook is logged; it must not keep the request from running or its connection from ending. */
    private static void callHook(Runnable hook, String name) {
        try {
            hook.run();
        } catch (RuntimeException e) {
            log.error("The {} hook failed", name, e);
        }
    }

    private void countServed() {
        long count = served.incrementAndGet();
        if (quota > 0 && count >= quota && taking) {
            stopTaking();
            scheduleGoAway();
            LoggerFactory.getLogger(LoggerNames.ARBITER)
                    .info("Worker {} served its {} requests (max_requests): retiring after its current ones", info.id(), quota);
        }
    }

    /**
     * The application of the worker running on this thread. Each worker holds the application it was
     * started with, so after a reload old workers finish with the old one and new workers use the new one.
     */
    static Application applicationOfCurrentThread() {
        Worker worker = CURRENT.get();
        if (worker == null) {
            throw new IllegalStateException("not on a worker thread");
        }
        return worker.application;
    }
}
