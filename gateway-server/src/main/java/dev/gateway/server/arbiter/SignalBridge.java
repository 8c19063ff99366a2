package dev.gateway.server.arbiter;

import dev.gateway.server.config.LoggerNames;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
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

    /**
     * {@code signal(number, SIG_DFL)} through the JDK's foreign function API, final since JDK 22 and
     * found by reflection (the build targets 21). A pointer goes as a {@code long}, as on every 64-bit
     * platform the server runs on. False when it could not run.
     */
    private static boolean restoreDefault(int number) {
        if (Runtime.version().feature() < 22) {
            return false;
        }
        try {
            Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
            Class<?> layoutType = Class.forName("java.lang.foreign.MemoryLayout");
            Class<?> valueLayoutType = Class.forName("java.lang.foreign.ValueLayout");
            Class<?> descriptorType = Class.forName("java.lang.foreign.FunctionDescriptor");
            Class<?> optionType = Class.forName("java.lang.foreign.Linker$Option");
            Object linker = linkerType.getMethod("nativeLinker").invoke(null);
            Object lookup = linkerType.getMethod("defaultLookup").invoke(linker);
            Object function = ((Optional<?>) Class.forName("java.lang.foreign.SymbolLookup").getMethod("find", String.class)
                    .invoke(lookup, "signal")).orElseThrow();
            Object[] parameters = (Object[]) Array.newInstance(layoutType, 2);
            parameters[0] = valueLayoutType.getField("JAVA_INT").get(null);
            parameters[1] = valueLayoutType.getField("JAVA_LONG").get(null);
            Object descriptor = descriptorType.getMethod("of", layoutType, parameters.getClass())
                    .invoke(null, parameters[1], parameters);
            MethodHandle signal = (MethodHandle) linkerType
                    .getMethod("downcallHandle", Class.forName("java.lang.foreign.MemorySegment"), descriptorType, optionType.arrayType())
                    .invoke(linker, function, descriptor, Array.newInstance(optionType, 0));
            return (long) signal.invokeWithArguments(number, SIG_DFL) != -1; // SIG_ERR
        } catch (Throwable e) {
            log.debug("signal({}, SIG_DFL) failed", number, e);
            return false;
        }
    }
}
