package dev.gateway.server.worker;

import io.netty.channel.SingleThreadIoEventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.netty.util.internal.ThreadExecutorMap;

/**
 * Wakes a request thread once per turn of an event loop rather than once per request.
 *
 * <p>An event loop's turn reads every socket that is ready and then runs its tasks. Requests it
 * queues during the turn wait in the {@link RequestQueue}; when the turn ends, one thread is woken for
 * them, and threads that find more waiting wake the next ({@link RequestQueue}). The wait this adds is
 * the rest of the turn, which the event loop spends reading other requests; on a loaded server it saved
 * the pair of system calls (the wake and the park) that each request otherwise cost.
 */
final class LoopTurnWakeups implements Runnable {

    private static final FastThreadLocal<LoopTurnWakeups> OF_THIS_LOOP = new FastThreadLocal<>() {
        @Override
        protected LoopTurnWakeups initialValue() {
            return new LoopTurnWakeups();
        }
    };

    /** The queue to wake at the end of this turn. */
    private RequestQueue queue;
    private boolean scheduled;

    private LoopTurnWakeups() {
    }

    /**
     * Arranges for {@code queue} to wake a thread when the calling event loop's turn ends.
     *
     * @return false when the caller is not an I/O event loop: it wakes a thread itself, now
     */
    static boolean deferToTurnEnd(RequestQueue queue) {
        if (!(Thread.currentThread() instanceof FastThreadLocalThread)) {
            return false;
        }
        EventExecutor executor = ThreadExecutorMap.currentExecutor();
        // Only an I/O event loop (epoll, NIO, ...) runs the tasks left for the end of its turn; a
        // DefaultEventLoop never does.
        if (!(executor instanceof SingleThreadIoEventLoop loop)) {
            return false;
        }
        OF_THIS_LOOP.get().add(queue, loop);
        return true;
    }

    private void add(RequestQueue target, SingleThreadIoEventLoop loop) {
        if (queue != null && queue != target) {
            // Another queue on the same loop in one turn: each server has event loops of its own,
            // so this does not happen; if it does, the first queue is woken now rather than never.
            queue.wakeOne();
        }
        queue = target;
        if (!scheduled) {
            scheduled = true;
            loop.executeAfterEventLoopIteration(this);
        }
    }

    /** The turn ended: wake a thread for the requests it queued. */
    @Override
    public void run() {
        scheduled = false;
        RequestQueue target = queue;
        queue = null;
        if (target != null) {
            target.wakeOne();
        }
    }
}
