package dev.gateway.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.Ticker;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The deadline of a connection waiting for a request head (header timeout, then keep-alive
 * timeout), on its event loop. Arming is a field write: a timer task is scheduled only when none is
 * pending or the pending one would run too late, so a busy keep-alive connection does not schedule
 * and cancel a task per request; the pending task re-arms itself while requests keep coming.
 */
final class IdleTimer {

    private final ChannelHandlerContext ctx;
    /** The event loop's clock (a test's EmbeddedChannel moves it by hand). */
    private final Ticker clock;
    private final Runnable onExpiry;
    /** When to give up (the clock's nanoTime), or 0 when disarmed. */
    private long deadline;
    /** The one pending check, if any. */
    private ScheduledFuture<?> check;
    /** When the pending check runs (the clock's nanoTime). */
    private long checkAt;

    /** @param onExpiry run on the event loop when an armed deadline passes */
    IdleTimer(ChannelHandlerContext ctx, Runnable onExpiry) {
        this.ctx = ctx;
        this.clock = ctx.executor().ticker();
        this.onExpiry = onExpiry;
    }

    /** Starts a deadline {@code millis} from now; 0 or less means no deadline. */
    void arm(long millis) {
        if (millis <= 0) {
            deadline = 0;
            return;
        }
        deadline = clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        if (check != null && checkAt - deadline > 0) {
            // A keep-alive timeout shorter than the header timeout the connection started with.
            check.cancel(false);
            check = null;
        }
        if (check == null) {
            schedule(deadline - clock.nanoTime());
        }
    }

    /** Stops the deadline (a head arrived); a pending check finds nothing to do and is not renewed. */
    void disarm() {
        deadline = 0;
    }

    /** Disarms and cancels the pending check: the connection is gone. */
    void cancel() {
        deadline = 0;
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }

    private void schedule(long nanos) {
        checkAt = clock.nanoTime() + nanos;
        check = ctx.executor().schedule(this::fire, nanos, TimeUnit.NANOSECONDS);
    }

    private void fire() {
        check = null;
        if (deadline == 0) {
            return;
        }
        long remaining = deadline - clock.nanoTime();
        if (remaining <= 0) {
            deadline = 0;
            onExpiry.run();
        } else {
            schedule(remaining);
        }
    }
}
