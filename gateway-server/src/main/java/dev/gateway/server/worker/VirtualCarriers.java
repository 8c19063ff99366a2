package dev.gateway.server.worker;

import dev.gateway.server.net.HttpServer;

/**
 * Sizes the JVM's virtual-thread scheduler for the {@code virtual} worker class: as many carrier
 * threads as the event loops leave cores, at least one, where the JDK would take one per core. The
 * carriers and the event loops share the cores; on 2 cores one carrier beside one event loop served
 * 15 to 30 % more hello-world requests per second than two carriers (docs/performance.md).
 *
 * <p>The loops counted are those of an HTTP/1.x server, also when HTTP/2 gives every core a loop
 * ({@link HttpServer#defaultIoThreads(boolean)}): those loops are busy only while frames arrive, and
 * a server of many cores keeps half of them for the application.
 *
 * <p>The scheduler reads its property once, when the first virtual thread starts, so this must run
 * before that. A value given on the JVM's command line ({@code GATEWAY_JAVA_OPTS=
 * -Djdk.virtualThreadScheduler.parallelism=N}) wins. Only the command-line server calls this: an
 * embedding JVM keeps its own scheduler.
 */
public final class VirtualCarriers {

    static final String PARALLELISM = "jdk.virtualThreadScheduler.parallelism";

    private VirtualCarriers() {
    }

    /** Sets the carrier count unless the JVM was given one; {@code ioThreads} 0 means the default. */
    public static void size(int ioThreads) {
        if (System.getProperty(PARALLELISM) != null) {
            return;
        }
        int loops = HttpServer.ioThreads(ioThreads, false);
        int cores = Runtime.getRuntime().availableProcessors();
        System.setProperty(PARALLELISM, String.valueOf(Math.max(1, cores - loops)));
    }
}
