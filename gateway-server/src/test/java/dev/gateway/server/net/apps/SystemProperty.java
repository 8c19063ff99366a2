package dev.gateway.server.net.apps;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import java.util.List;

/** Answers the value of the system property the query string names, or {@code null}, in the JVM that served the request. */
public final class SystemProperty implements Application {

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) {
        startResponse.start("200 OK", List.of(Header.of("Content-Type", "text/plain")));
        return Body.of(String.valueOf(System.getProperty(environ.queryString())));
    }
}
