package dev.gateway.testapps;

import dev.gateway.spi.Application;
import dev.gateway.spi.Environ;
import dev.gateway.spi.StartResponse;

/** Throws from {@code call}: the server must answer 500 and stay up. */
public final class Crash implements Application {

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) {
        throw new IllegalStateException("Crash: this application always fails (on purpose)");
    }
}
