package dev.gateway.server.app;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import java.util.List;

/**
 * The application {@code bin/gateway-train} serves while the JVM records the classes a serving server
 * loads (its class-data sharing archive). It answers the shapes of exchange every application makes:
 * a small body with a Content-Length, a body read and echoed, and a body of several chunks sent
 * chunked. It lives in the server's jar so that a release archive can train without an application.
 */
public final class TrainingApplication implements Application {

    private static final List<Header> TEXT = List.of(Header.of("Content-Type", "text/plain; charset=utf-8"));

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        if (environ.requestMethod().equals("POST")) {
            byte[] body = environ.input().readAllBytes();
            startResponse.start("200 OK", List.of(Header.of("Content-Type", "application/octet-stream")));
            return Body.of(body);
        }
        if (environ.pathInfo().equals("/chunks")) {
            startResponse.start("200 OK", TEXT);
            return Body.of("one\n".getBytes(), "two\n".getBytes(), "three\n".getBytes());
        }
        startResponse.start("200 OK", TEXT);
        return Body.of("trained\n");
    }
}
