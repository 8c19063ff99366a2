package dev.gateway.server.arbiter.apps;

import dev.gateway.spi.Application;
import dev.gateway.spi.Environ;
import dev.gateway.spi.StartResponse;

/** Loads in the master but not in a process worker (which sets {@code gateway.worker.id}). */
public final class FailsInWorker implements Application {

    public FailsInWorker() {
        if (System.getProperty("gateway.worker.id") != null) {
            throw new IllegalStateException("this application refuses to load in a worker");
        }
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) {
        throw new UnsupportedOperationException();
    }
}
