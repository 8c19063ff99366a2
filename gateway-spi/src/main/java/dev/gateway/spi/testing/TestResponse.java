package dev.gateway.spi.testing;

import dev.gateway.spi.Header;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What {@link TestClient} got back: the status and headers of the application's last successful
 * {@code start()} call, the body bytes as a client would receive them, and what the application
 * wrote to {@code gateway.errors}.
 *
 * <p>The headers are the application's own: the ones a server adds ({@code Date}, {@code Server},
 * {@code Content-Length} for a body of known length, {@code Transfer-Encoding}, {@code Connection})
 * are not invented here.
 *
 * @param status  the status line's code and reason, e.g. {@code "200 OK"}
 * @param headers the application's headers, in its order
 * @param body    the body bytes: empty for HEAD, 204 and 304, cut at the application's Content-Length
 * @param errors  the text the application wrote to {@code gateway.errors}
 */
public record TestResponse(String status, List<Header> headers, byte[] body, String errors) {

    /** The numeric status code, e.g. 200. */
    public int statusCode() {
        return Integer.parseInt(status.substring(0, 3));
    }

    /** The first value of header {@code name} (case-insensitive), or null. */
    public String header(String name) {
        return Header.firstValue(headers, name);
    }

    /** The body decoded as UTF-8. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
