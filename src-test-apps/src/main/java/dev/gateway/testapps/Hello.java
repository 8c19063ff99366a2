package dev.gateway.testapps;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code 200 OK}, {@code text/plain}, {@code Content-Length: 13}, {@code Hello, World!}, for any path. */
public final class Hello implements Application {

    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    private static final List<Header> HEADERS = List.of(
            Header.of("Content-Type", "text/plain"),
            Header.of("Content-Length", Integer.toString(BODY.length)));

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) {
        startResponse.start("200 OK", HEADERS);
        return Body.of(BODY);
    }
}
