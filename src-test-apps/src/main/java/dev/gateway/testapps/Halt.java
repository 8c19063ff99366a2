package dev.gateway.testapps;

import dev.gateway.spi.Application;
import dev.gateway.spi.Environ;
import dev.gateway.spi.StartResponse;

/** Halts the JVM it runs in, with status 42 (for process-worker tests: the master must survive). */
public final class Halt implements Application {

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) {
        Runtime.getRuntime().halt(42);
        throw new AssertionError("unreachable");
    }
}
