package dev.gateway.examples.middleware;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import java.util.List;

/**
 * A small application wrapped in four middlewares. Read from the outside in: the server calls
 * {@link RequestId}, which calls {@link AccessTiming}, which calls {@link Gzip}, which calls
 * {@link ErrorPage}, which calls the application. Each one is an application to the one outside it and
 * a server to the one inside it. {@code /fail} throws, to show the error page.
 *
 * <pre>bin/gateway --classpath examples/target/classes dev.gateway.examples.middleware.MiddlewareChain
 * curl -i --compressed http://127.0.0.1:8000/</pre>
 */
public final class MiddlewareChain implements Application {

    private final Application chain = new RequestId(new AccessTiming(new Gzip(new ErrorPage(MiddlewareChain::app))));

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        return chain.call(environ, startResponse);
    }

    private static Iterable<byte[]> app(Environ environ, StartResponse startResponse) {
        if (environ.pathInfo().equals("/fail")) {
            throw new IllegalStateException("the application failed (on purpose)");
        }
        startResponse.start("200 OK", List.of(Header.of("Content-Type", "text/plain; charset=utf-8")));
        return Body.of("request " + environ.get(RequestId.KEY) + ": " + "hello ".repeat(50) + "\n");
    }
}
