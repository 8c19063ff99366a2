package dev.gateway.servlet.request;

import dev.gateway.servlet.http.HttpDates;
import dev.gateway.spi.Environ;
import dev.gateway.spi.EnvironKeys;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The request headers as the environ carries them: {@code HTTP_FOO_BAR} becomes the header
 * {@code foo-bar} (the environ keeps no original case, so names are reported in lower case, as HTTP/2
 * does; lookups ignore case as Servlet 6.1 section 3.6 requires), plus {@code content-type} and
 * {@code content-length}. A header sent several times arrives joined with commas (cookies with
 * {@code ; }), so {@link #values} holds one value for it.
 */
public final class RequestHeaders {

    private final Map<String, String> headers = new LinkedHashMap<>();

    /** The headers of {@code environ}. */
    public RequestHeaders(Environ environ) {
        for (Map.Entry<String, Object> entry : environ.entrySet()) {
            String key = entry.getKey();
            if (key.startsWith("HTTP_") && entry.getValue() instanceof String value) {
                headers.put(key.substring(5).toLowerCase(Locale.ROOT).replace('_', '-'), value);
            }
        }
        putIfPresent(environ, EnvironKeys.CONTENT_TYPE, "content-type");
        putIfPresent(environ, EnvironKeys.CONTENT_LENGTH, "content-length");
    }

    private void putIfPresent(Environ environ, String key, String name) {
        String value = environ.getString(key);
        if (value != null) {
            headers.put(name, value);
        }
    }

    /** The value of {@code name}, any case, or null. */
    public String get(String name) {
        return name == null ? null : headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The values of {@code name}: one element, or none. */
    public Enumeration<String> values(String name) {
        String value = get(name);
        return Collections.enumeration(value == null ? List.of() : List.of(value));
    }

    /** The header names, lower case. */
    public Enumeration<String> names() {
        return Collections.enumeration(List.copyOf(headers.keySet()));
    }

    /** Section 3.6 getDateHeader: -1 when absent, {@link IllegalArgumentException} when not a date. */
    public long date(String name) {
        String value = get(name);
        if (value == null) {
            return -1;
        }
        long millis = HttpDates.parse(value);
        if (millis < 0) {
            throw new IllegalArgumentException("header " + name + " is not an HTTP date: " + value);
        }
        return millis;
    }

    /** Section 3.6 getIntHeader: -1 when absent, {@link NumberFormatException} when not an int. */
    public int integer(String name) {
        String value = get(name);
        return value == null ? -1 : Integer.parseInt(value.trim());
    }
}
