package dev.gateway.examples.framework;

import dev.gateway.spi.Header;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What a handler returns: status, headers and a body, sent by {@link Router} with a Content-Length. */
public record Response(String status, List<Header> headers, byte[] body) {

    /** A JSON response of {@code value} (maps, lists, strings, numbers, booleans, null). */
    public static Response json(String status, Object value) {
        return new Response(status, List.of(Header.of("Content-Type", "application/json")),
                Json.write(value).getBytes(StandardCharsets.UTF_8));
    }

    /** A {@code 200 OK} JSON response. */
    public static Response ok(Object value) {
        return json("200 OK", value);
    }
}
