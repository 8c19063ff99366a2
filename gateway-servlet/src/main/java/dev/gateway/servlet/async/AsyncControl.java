package dev.gateway.servlet.async;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The asynchronous state of one request (Servlet 6.1 section 2.3.3.3), shared by the request's worker
 * thread and the application's threads.
 *
 * <p>The gateway contract answers a request when {@code call()} returns, so the worker thread does not
 * return while the request is asynchronous: after a dispatch it waits here ({@link #awaitAction}) for
 * {@code complete()}, {@code dispatch()} or the timeout, as Jetty's blocking fallback does. The server's
 * own per-request timeout still applies: it interrupts the waiting thread, which then ends the request.
 * Writes from another thread go to the server while the worker waits; the hand-over through this
 * object's lock orders them before the worker finishes the response.
 */
public final class AsyncControl {

    /** What the worker thread does next. */
    public enum Action { DISPATCH, COMPLETE, TIMEOUT }

    private enum State { NONE, STARTED, DISPATCH_PENDING, COMPLETE_PENDING, DISPATCHING, COMPLETED }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final long defaultTimeout;
    private State state = State.NONE;
    private boolean supported;
    private GatewayAsyncContext context;
    private String dispatchPath;
    private long timeout;

    /** @param defaultTimeout the timeout of a new async context, in millis (Tomcat's default is 30 s) */
    public AsyncControl(long defaultTimeout) {
        this.defaultTimeout = defaultTimeout;
    }

    /** Whether the current dispatch's servlet and filters all support async; set by the filter chain. */
    public boolean isSupported() {
        return supported;
    }

    public void setSupported(boolean supported) {
        this.supported = supported;
    }

    /**
     * {@code startAsync} (section 2.3.3.3): allowed in a dispatch whose servlet and filters support async,
     * once per dispatch; a second start (in an async dispatch) tells the listeners {@code onStartAsync}
     * and forgets them, as the spec requires.
     */
    public AsyncContext start(ServletRequest request, ServletResponse response, boolean original) {
        lock.lock();
        try {
            if (!supported) {
                throw new IllegalStateException("startAsync(): a servlet or filter of this request does not support async");
            }
            if (state != State.NONE && state != State.DISPATCHING) {
                throw new IllegalStateException("startAsync() called twice in one dispatch, or after complete()");
            }
            List<AsyncListener> previous = context == null ? List.of() : context.takeListeners();
            context = new GatewayAsyncContext(this, request, response, original);
            timeout = defaultTimeout;
            state = State.STARTED;
            AsyncEvent event = new AsyncEvent(context, request, response);
            for (AsyncListener listener : previous) {
                try {
                    listener.onStartAsync(event);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            return context;
        } finally {
            lock.unlock();
        }
    }

    /** Section 2.3.3.3 isAsyncStarted: from startAsync until the container acts on dispatch() or complete(). */
    public boolean isStarted() {
        lock.lock();
        try {
            return state == State.STARTED || state == State.DISPATCH_PENDING || state == State.COMPLETE_PENDING;
        } finally {
            lock.unlock();
        }
    }

    /** The context of the last startAsync. */
    public AsyncContext context() {
        lock.lock();
        try {
            if (context == null || !isStarted()) {
                throw new IllegalStateException("the request is not in asynchronous mode");
            }
            return context;
        } finally {
            lock.unlock();
        }
    }

    /** The async context, or null when the request never went async (for the listeners at the end). */
    public GatewayAsyncContext current() {
        lock.lock();
        try {
            return context;
        } finally {
            lock.unlock();
        }
    }

    long timeout() {
        lock.lock();
        try {
            return timeout;
        } finally {
            lock.unlock();
        }
    }

    void setTimeout(long millis) {
        lock.lock();
        try {
            timeout = millis;
        } finally {
            lock.unlock();
        }
    }

    /** {@code AsyncContext.dispatch}: the container dispatches to {@code path} after the current dispatch returns. */
    void dispatch(String path) {
        lock.lock();
        try {
            if (state != State.STARTED) {
                throw new IllegalStateException("dispatch(): the request is not in asynchronous mode, or"
                        + " dispatch() or complete() was called already");
            }
            dispatchPath = path;
            state = State.DISPATCH_PENDING;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** {@code AsyncContext.complete}: the response ends after the current dispatch returns. */
    void complete() {
        lock.lock();
        try {
            if (state == State.COMPLETE_PENDING || state == State.COMPLETED) {
                return;
            }
            if (state != State.STARTED && state != State.DISPATCH_PENDING) {
                throw new IllegalStateException("complete(): the request is not in asynchronous mode");
            }
            state = State.COMPLETE_PENDING;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** True while nobody called complete() or dispatch() since startAsync (after a timeout: nobody answered it). */
    public boolean awaiting() {
        lock.lock();
        try {
            return state == State.STARTED;
        } finally {
            lock.unlock();
        }
    }

    /** True when the request is asynchronous after its dispatch returned: the worker must wait. */
    public boolean pending() {
        lock.lock();
        try {
            return state == State.STARTED || state == State.DISPATCH_PENDING || state == State.COMPLETE_PENDING;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits, on the worker thread, for what to do next: an async dispatch (its path from
     * {@link #takeDispatchPath()}), completion, or the timeout (then the listeners hear onTimeout and, if
     * none of them completed or dispatched, the container answers 500, section 2.3.3.3).
     *
     * @throws InterruptedIOException when the server interrupted the thread (its request timeout)
     */
    public Action awaitAction() throws InterruptedIOException {
        lock.lock();
        try {
            long limit = timeout;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limit);
            while (state == State.STARTED) {
                if (limit <= 0) {
                    changed.await();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return Action.TIMEOUT;
                    }
                    changed.awaitNanos(left);
                }
            }
            if (state == State.DISPATCH_PENDING) {
                state = State.DISPATCHING;
                return Action.DISPATCH;
            }
            state = State.COMPLETED;
            return Action.COMPLETE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            state = State.COMPLETED;
            throw new InterruptedIOException("interrupted while the request was asynchronous (the server's timeout)");
        } finally {
            lock.unlock();
        }
    }

    /** The path of the dispatch {@link #awaitAction} returned. */
    public String takeDispatchPath() {
        lock.lock();
        try {
            return dispatchPath;
        } finally {
            lock.unlock();
        }
    }

    /** After the async dispatch returned without a new startAsync: the request is done. */
    public void dispatchReturned() {
        lock.lock();
        try {
            if (state == State.DISPATCHING) {
                state = State.COMPLETED;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Marks the request complete whatever its state (after a timeout nobody answered, or a failure). */
    public void forceComplete() {
        lock.lock();
        try {
            state = State.COMPLETED;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Tells every listener {@code onTimeout} (section 2.3.3.3), on the worker thread. */
    public void fireTimeout() {
        GatewayAsyncContext ctx = current();
        if (ctx != null) {
            ctx.fire((listener, event) -> listener.onTimeout(event), null);
        }
    }

    /** Tells every listener {@code onError}. */
    public void fireError(Throwable failure) {
        GatewayAsyncContext ctx = current();
        if (ctx != null) {
            ctx.fire((listener, event) -> listener.onError(event), failure);
        }
    }

    /** Tells every listener {@code onComplete}. */
    public void fireComplete() {
        GatewayAsyncContext ctx = current();
        if (ctx != null) {
            ctx.fire((listener, event) -> listener.onComplete(event), null);
        }
    }
}
