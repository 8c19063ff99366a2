package dev.gateway.server.http;

/**
 * One request handed to a worker, which a supervisor can end from outside when it runs past its
 * deadline. The http package offers this; the worker side decides when to use it (http knows nothing
 * of workers or the master).
 */
public interface AbortableRequest extends Runnable {

    /**
     * Ends the request from another thread because it ran too long: the client gets {@code 504 Gateway
     * Timeout} when no response head went out yet, else its connection is closed (a started response
     * cannot be replaced). Whatever the application thread writes afterwards is dropped. The caller
     * interrupts that thread itself.
     */
    void abortTimedOut();

    /**
     * True while the request is meant to outlive the request timeout: an accepted WebSocket. A
     * supervisor neither times it out nor counts it as a stuck request; it ends it with
     * {@link #goAway()} when the worker stops.
     */
    default boolean longLived() {
        return false;
    }

    /** Asks a long-lived request to end soon (a WebSocket gets a 1001 close); nothing for others. */
    default void goAway() {
    }

    /** {@code METHOD target}, for the error log. */
    String describe();
}
