package dev.gateway.testapps;

import dev.gateway.spi.Environ;
import dev.gateway.spi.Middleware;
import dev.gateway.spi.StartResponse;

/**
 * {@link BodyDigest} declared non-blocking (docs/spec.md, "Threads"): gateway answers its requests
 * without a body on the event loop and those with one on a worker, so one pipelined connection mixes
 * both paths.
 */
public final class BodyDigestOnEventLoop extends Middleware {

    public BodyDigestOnEventLoop() {
        super(new BodyDigest());
    }

    @Override
    public boolean nonBlocking() {
        return true;
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        return next().call(environ, startResponse);
    }
}
