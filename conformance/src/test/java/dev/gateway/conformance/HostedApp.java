package dev.gateway.conformance;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application a deployed WAR names: it answers {@code SCRIPT_NAME PATH_INFO started=N}, and counts
 * its lifecycle calls in static counters (the container creates the instance, by name).
 */
public final class HostedApp implements Application {

    /** startup() calls of every instance. */
    public static final AtomicInteger STARTUPS = new AtomicInteger();
    /** shutdown() calls of every instance. */
    public static final AtomicInteger SHUTDOWNS = new AtomicInteger();
    /** The instance a {@code CLASS:field} name gives. */
    public static final Application FIELD = new HostedApp();

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) {
        startResponse.start("200 OK", List.of(Header.of("Content-Type", "text/plain")));
        return Body.of(environ.scriptName() + " " + environ.pathInfo() + " started=" + STARTUPS.get());
    }

    @Override
    public void startup() {
        STARTUPS.incrementAndGet();
    }

    @Override
    public void shutdown() {
        SHUTDOWNS.incrementAndGet();
    }
}
