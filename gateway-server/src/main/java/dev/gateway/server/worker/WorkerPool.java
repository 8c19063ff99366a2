package dev.gateway.server.worker;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * Where application calls run: the workers of one worker class. The event loops hand each request to
 * {@link #execute}; a pool never runs a task on the calling thread.
 */
public interface WorkerPool extends Executor {

    /** The value of {@code gateway.multithread}: true when two requests may run at once. */
    boolean multithread();

    /** Stops taking new requests; those already taken run to their end. */
    void shutdown();

    /** Waits up to {@code timeout} for every taken request to finish; true when all did. */
    boolean awaitTermination(Duration timeout) throws InterruptedException;

    /** Interrupts whatever still runs. */
    void shutdownNow();
}
