package dev.gateway.bench.apps;

import dev.gateway.spi.Application;
import dev.gateway.spi.Environ;
import dev.gateway.spi.StartResponse;

/**
 * {@link PeersBench}'s hello and JSON declared non-blocking ({@link Application#nonBlocking()}), so
 * gateway answers them on its event loops as Vert.x and Undertow answer on their I/O threads. It has
 * no {@code /blocking}: a call that sleeps would break the promise (docs/spec.md, THREAD-2).
 */
public final class PeersBenchOnEventLoop implements Application {

    private final PeersBench answers = new PeersBench();

    @Override
    public boolean nonBlocking() {
        return true;
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws InterruptedException {
        if ("/blocking".equals(environ.pathInfo())) {
            throw new IllegalArgumentException("/blocking is not served on the event loop");
        }
        return answers.call(environ, startResponse);
    }
}
