package dev.gateway.testapps;

import dev.gateway.spi.Environ;
import dev.gateway.spi.Middleware;
import dev.gateway.spi.StartResponse;

/**
 * {@link Sleep} declared non-blocking, which it is not: gateway calls it on the event loop, where a
 * sleep stalls the loop (docs/spec.md, "Threads"). For the tests of what the server does then.
 */
public final class SleepOnEventLoop extends Middleware {

    public SleepOnEventLoop() {
        super(new Sleep());
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
