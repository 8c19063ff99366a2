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

    /** Installs a handler for each name that the JVM lets us handle; enqueues the name on delivery. */
    static void install(Consumer<String> enqueue, String... names) {
        for (String name : names) {
            try {
                Signal.handle(new Signal(name), signal -> enqueue.accept(signal.getName()));
            } catch (IllegalArgumentException e) {
                log.warn("Cannot handle SIG{} here: {}", name, e.getMessage());
            }
        }
    }
}
