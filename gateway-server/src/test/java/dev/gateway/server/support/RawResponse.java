package dev.gateway.server.support;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** A response as read off the wire by {@link RawClient}. */
public record RawResponse(String version, int status, String reason, List<String[]> headers, byte[] body) {

    /** The first value of header {@code name} (case-insensitive), or null. */
    public String header(String name) {
        for (String[] header : headers) {
            if (header[0].equalsIgnoreCase(name)) {
                return header[1];
            }
        }
        return null;
    }

    /** How many times header {@code name} appears. */
    public long count(String name) {
        return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).count();
    }

    /** The body as UTF-8 text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
