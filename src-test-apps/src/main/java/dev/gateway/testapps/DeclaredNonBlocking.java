package dev.gateway.testapps;

import dev.gateway.spi.Application;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Middleware;
import dev.gateway.spi.StartResponse;

/**
 * Another application declared non-blocking ({@link Application#nonBlocking()}), whatever it does:
 * gateway calls its requests without a body on the event loop (docs/spec.md, "Threads"). The
 * subclasses name the application, so that process workers can load them by class name.
 */
abstract class DeclaredNonBlocking extends Middleware {

    DeclaredNonBlocking(Application next) {
        super(next);
    }

    @Override
    public final boolean nonBlocking() {
        return true;
    }

    @Override
    public final Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        return next().call(environ, startResponse);
    }
}
