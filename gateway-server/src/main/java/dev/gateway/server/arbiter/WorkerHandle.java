package dev.gateway.server.arbiter;

import dev.gateway.server.config.ExitCode;
import dev.gateway.server.hooks.WorkerInfo;

/**
 * The master's record of one worker (the code running inside it is {@code worker.Worker}, in this JVM
 * or in a child JVM). The master loop reads it to kill timed-out workers, reap dead ones and keep the
 * wanted number running; only the loop thread calls its methods.
 */
interface WorkerHandle {

    /** Which worker this is. */
    WorkerInfo info();

    /** True once the worker booted and takes requests (a process worker said READY). */
    boolean ready();

    /** True while the worker takes new requests: it counts towards the wanted number. */
    boolean taking();

    /** True once the worker is gone for good. */
    boolean exited();

    /** How it ended, for the log: "exit code 0", "killed by signal 9"; null while it runs. */
    String exitDescription();

    /**
     * When it ended by itself before becoming ready, in a way a restart would repeat:
     * {@link ExitCode#APP_LOAD_ERROR} or {@link ExitCode#WORKER_BOOT_ERROR}; null otherwise.
     */
    ExitCode bootFailure();

    /** True when the master ended it (retire, kill, timeout): its exit is no crash. */
    boolean endedByMaster();

    /** Stops it taking requests; it finishes the running ones, then exits. */
    void retire();

    /** Ends it now. */
    void kill();

    /** Requests it completed so far (as of its last heartbeat, for a process worker). */
    long requestsServed();

    /** Requests it runs now (as of its last heartbeat, for a process worker). */
    long inFlight();

    /** When it was started (System.nanoTime). */
    long startNanos();

    /** When it last sent a heartbeat (System.nanoTime); a worker in this JVM needs none: -1. */
    long lastBeatNanos();

    /**
     * Why it ended, as the metrics label it: {@code timeout}, {@code max_requests}, {@code crash} or
     * {@code retired} (a reload, fewer workers, a stop, {@code worker kill}); null while it runs.
     */
    String exitReason();

    /**
     * Applies {@code timeout}: a process worker silent (or stuck in one request) for longer is killed;
     * in a worker in this JVM each request running longer is answered 504 and its thread replaced.
     */
    void enforceTimeout(long timeoutMillis);
}
