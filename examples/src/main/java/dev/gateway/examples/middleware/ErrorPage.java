package dev.gateway.examples.middleware;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import dev.gateway.spi.Middleware;
import dev.gateway.spi.StartResponse;
import java.util.List;

/**
 * Turns an application's exception into a friendly HTML 500 page, using {@code start} with
 * {@code excInfo} as PEP 3333 describes: allowed because nothing was sent yet. The exception goes to
 * {@code gateway.errors}, never to the client.
 */
public final class ErrorPage extends Middleware {

    public ErrorPage(Application next) {
        super(next);
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) {
        try {
            return next().call(environ, startResponse);
        } catch (Exception e) {
            e.printStackTrace(environ.errors());
            startResponse.start("500 Internal Server Error", List.of(Header.of("Content-Type", "text/html; charset=utf-8")), e);
            return Body.of("<!doctype html><title>Sorry</title><h1>Something went wrong</h1><p>We have been told.</p>\n");
        }
    }
}
