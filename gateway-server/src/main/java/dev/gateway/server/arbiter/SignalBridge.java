package dev.gateway.server.arbiter;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns OS signals into master events, and does nothing else: a handler only enqueues, the master
 * loop does the work (as in Gunicorn's arbiter). QUIT is not available: the JVM keeps it for thread
 * dumps.
 */
final class SignalBridge {

    private static final Logger log = LoggerFactory.getLogger("gateway.arbiter");

    private SignalBridge() {
    }

    /**
     * Installs a handler for each event named after a signal that the JVM lets us handle; the handler
     * enqueues that event. Everything the handler touches is resolved here, at startup: a handler
     * that loaded a class on delivery would fail if the jar was replaced while the server ran.
     */
    static void install(Consumer<Arbiter.Event> enqueue, Arbiter.Event... events) {
        for (Arbiter.Event event : events) {
            try {
                Signal.handle(new Signal(event.name()), signal -> enqueue.accept(event));
            } catch (IllegalArgumentException e) {
                log.warn("Cannot handle SIG{} here: {}", event.name(), e.getMessage());
            }
        }
    }
}
