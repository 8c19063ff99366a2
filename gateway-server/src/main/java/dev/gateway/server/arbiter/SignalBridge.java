package dev.gateway.server.arbiter;

import dev.gateway.server.config.LoggerNames;
import dev.gateway.server.os.NativeFunction;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns OS signals into master events, and does nothing else: a handler only enqueues, the master
 * loop does the work (as in Gunicorn's arbiter). QUIT is not available: the JVM keeps it for thread
 * dumps.
 */
final class SignalBridge {

    private static final Logger log = LoggerFactory.getLogger(LoggerNames.ARBITER);
    /** {@code SIG_DFL}, the C library's "default action" handler. */
    private static final long SIG_DFL = 0;

    private SignalBridge() {
    }

    /**
     * Installs a handler for each event named after a signal that the JVM lets us handle; the handler
     * enqueues that event. Everything the handler touches is resolved here, at startup: a handler
     * that loaded a class on delivery would fail if the jar was replaced while the server ran.
     */
    static void install(Consumer<Arbiter.Event> enqueue, Arbiter.Event... events) {
        for (Arbiter.Event event : events) {
            Signal signal = new Signal(event.name());
            SignalHandler handler = s -> enqueue.accept(event);
            try {
                // SIG_IGN back means it was ignored; if asking again does not give our handler, the JVM kept it so.
                if (Signal.handle(signal, handler) == SignalHandler.SIG_IGN && Signal.handle(signal, handler) != handler) {
                    installOverIgnored(signal, handler);
                }
            } catch (IllegalArgumentException e) {
                log.warn("Cannot handle SIG{} here: {}", event.name(), e.getMessage());
            }
        }
    }

    /**
     * A process inherits ignored signals: a script's {@code gateway ... &} starts it with INT ignored,
     * {@code nohup} with HUP ignored. For HUP, INT and TERM the JVM takes that as the user's wish and
     * installs no handler, silently, so {@code kill -INT} did nothing. Gunicorn installs its handlers
     * regardless; so does this: the default action back through the C library, then our handler.
     */
    private static void installOverIgnored(Signal signal, SignalHandler handler) {
        if (restoreDefault(signal.getNumber())) {
            Signal.handle(signal, handler);
        }
        if (Signal.handle(signal, handler) == handler) {
            log.info("SIG{} was ignored when the server started (a background job of a script? nohup?): handled anyway",
                    signal.getName());
        } else {
            log.warn("SIG{} was ignored when the server started and stays ignored: this JVM cannot undo that before JDK 22",
                    signal.getName());
        }
    }

    /** {@code signal(number, SIG_DFL)} through the C library; false when it could not run. */
    private static boolean restoreDefault(int number) {
        try {
            Optional<NativeFunction> signal = NativeFunction.find("signal", long.class, int.class, long.class);
            return signal.isPresent() && signal.get().call(number, SIG_DFL) != -1; // SIG_ERR
        } catch (Throwable e) {
            log.debug("signal({}, SIG_DFL) failed", number, e);
            return false;
        }
    }
}
