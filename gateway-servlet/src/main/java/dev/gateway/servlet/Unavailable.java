package dev.gateway.servlet;

import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The answer of an application that was closed: 503, as a container answers for a stopped context. */
final class Unavailable {

    private static final byte[] BODY = "503 Service Unavailable\n".getBytes(StandardCharsets.US_ASCII);

    private Unavailable() {
    }

    static Iterable<byte[]> answer(StartResponse startResponse) {
        startResponse.start("503 Service Unavailable", List.of(Header.of("Content-Type", "text/plain;charset=UTF-8"),
                Header.of("Content-Length", Integer.toString(BODY.length))));
        return List.of(BODY.clone());
    }
}
