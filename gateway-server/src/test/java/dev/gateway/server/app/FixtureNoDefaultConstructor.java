package dev.gateway.server.app;

import dev.gateway.spi.Application;
import dev.gateway.spi.Environ;
import dev.gateway.spi.StartResponse;
import java.util.List;

/** An Application whose only constructor takes an argument. */
public final class FixtureNoDefaultConstructor implements Application {

    public FixtureNoDefaultConstructor(String name) {
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) {
        return List.of();
    }
}
