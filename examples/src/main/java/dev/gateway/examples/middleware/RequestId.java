package dev.gateway.examples.middleware;

import dev.gateway.spi.Application;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import dev.gateway.spi.Middleware;
import dev.gateway.spi.StartResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Gives every request an id: in the environ ({@code example.request_id}) for the application, and in
 * the {@code X-Request-Id} response header for the client. An incoming {@code X-Request-Id} (from a
 * proxy) is kept. Shows the two sides of a middleware: it changes the environ on the way in and the
 * headers on the way out.
 */
public final class RequestId extends Middleware {

    /** The environ key holding the id. */
    public static final String KEY = "example.request_id";

    public RequestId(Application next) {
        super(next);
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        String incoming = environ.header("X-Request-Id");
        String id = incoming != null && !incoming.isBlank() && incoming.length() <= 200 ? incoming : UUID.randomUUID().toString();
        environ.put(KEY, id);
        return next().call(environ, (status, headers, excInfo) -> {
            List<Header> withId = new ArrayList<>(headers);
            withId.add(Header.of("X-Request-Id", id));
            return startResponse.start(status, withId, excInfo);
        });
    }
}
