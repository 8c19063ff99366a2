package dev.gateway.server.os;

import dev.gateway.server.config.LoggerNames;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the calling thread under Linux's {@code SCHED_BATCH} policy (sched(7)): the same share of the
 * CPU as before, but a thread that wakes up no longer preempts the one running. A worker thread is
 * woken for every request the event loop hands it; on a busy core it used to preempt the event loop
 * at once, which then could not read, parse or write other connections until it got the core back.
 * Under {@code SCHED_BATCH} the worker waits for the loop's slice to end instead, and the two switch
 * less often (docs/performance.md, "Worker threads under SCHED_BATCH").
 *
 * <p>Threads the worker thread starts inherit the policy. Elsewhere than Linux, on a JDK before 22,
 * or where the call fails, nothing changes.
 */
public final class BatchScheduling {

    private static final Logger log = LoggerFactory.getLogger(LoggerNames.ARBITER);
    /** {@code SCHED_BATCH} in Linux's {@code <sched.h>}. */
    private static final int SCHED_BATCH = 3;

    private BatchScheduling() {
    }

    /** Applies {@code SCHED_BATCH} to the calling thread; false when it could not. */
    public static boolean applyToCurrentThread() {
        Optional<Call> call = Call.INSTANCE;
        if (call.isEmpty()) {
            return false;
        }
        try {
            // pid 0 is the calling thread (sched_setscheduler(2)); a batch thread's priority must be 0.
            return call.get().setScheduler.call(0, SCHED_BATCH, call.get().zeroPriority) == 0;
        } catch (Throwable e) {
            log.debug("sched_setscheduler(0, SCHED_BATCH) failed", e);
            return false;
        }
    }

    /** The linked call, once per JVM: linking costs tens of milliseconds. */
    private record Call(NativeFunction setScheduler, long zeroPriority) {

        static final Optional<Call> INSTANCE = link();

        private static Optional<Call> link() {
            if (!System.getProperty("os.name", "").startsWith("Linux")) {
                return Optional.empty();
            }
            try {
                Optional<NativeFunction> function = NativeFunction.find("sched_setscheduler", int.class, int.class, int.class, long.class);
                if (function.isEmpty()) {
                    return Optional.empty();
                }
                // struct sched_param { int sched_priority; }, zeroed.
                return Optional.of(new Call(function.get(), NativeFunction.zeroedMemory(Integer.BYTES)));
            } catch (ReflectiveOperationException | RuntimeException e) {
                log.debug("sched_setscheduler is not available", e);
                return Optional.empty();
            }
        }
    }
}
