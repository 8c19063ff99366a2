package dev.gateway.spi;

import java.util.Objects;

/**
 * An {@link Application} that wraps another: to the server it is the application, to the wrapped
 * application it is the server (PEP 3333, "Middleware: Components that Play Both Sides"). It may
 * change the environ before calling {@link #next()}, change status and headers by wrapping the
 * {@link StartResponse}, and wrap the returned body. It must keep the contract on both sides: call
 * the next application's body {@code close()} when its own is closed, not iterate a body it
 * passes through, and pass {@code excInfo} on unchanged. Returning the next application's body itself
 * when it is not changed keeps a {@link FileBody} (zero copy) and a one-chunk
 * {@link java.util.Collection} ({@code Content-Length}) visible to the server (docs/spec.md,
 * "Middleware"). {@link #startup()} and {@link #shutdown()} are passed on to the wrapped application;
 * a middleware with resources of its own overrides them and calls {@code super}. A middleware is
 * blocking ({@link #nonBlocking()} false) whatever it wraps: one that never blocks itself overrides
 * it with {@code return next().nonBlocking();}.
 *
 * <pre>{@code
 * final class RequestId extends Middleware {
 *     RequestId(Application next) { super(next); }
 *     public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
 *         environ.put("example.request_id", UUID.randomUUID().toString());
 *         return next().call(environ, startResponse);
 *     }
 * }
 * }</pre>
 */
public abstract class Middleware implements Application {

    private final Application next;

    /** Wraps {@code next}. */
    protected Middleware(Application next) {
        this.next = Objects.requireNonNull(next, "next");
    }

    /** The wrapped application. */
    public final Application next() {
        return next;
    }

    /** Starts the wrapped application. */
    @Override
    public void startup() throws Exception {
        next.startup();
    }

    /** Stops the wrapped application. */
    @Override
    public void shutdown() throws Exception {
        next.shutdown();
    }
}
