package dev.gateway.server.app;

import dev.gateway.spi.Application;
import dev.gateway.spi.Environ;
import dev.gateway.spi.StartResponse;
import java.util.List;

/** An Application whose constructor throws. */
public final class FixtureFailingConstructor implements Application {

    public FixtureFailingConstructor() {
        throw new IllegalStateException("no config");
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) {
        return List.of();
    }
}
