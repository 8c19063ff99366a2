package dev.gateway.spi;

import java.util.Objects;

/**
 * One response header as the application hands it to {@link StartResponse#start}: a name and a value,
 * both Strings whose chars stand for bytes one to one (ISO-8859-1).
 *
 * <p>Rules (docs/spec.md, HEADER-1 to HEADER-5): the name is an RFC 9110 token; the value contains no
 * control character but HTAB (no CR, LF or NUL) and no char above U+00FF; hop-by-hop headers ({@code Connection}, {@code Keep-Alive}, {@code Transfer-Encoding},
 * {@code TE}, {@code Trailer}, {@code Upgrade}, {@code Proxy-*}) belong to the server and are refused;
 * at most one {@code Content-Length}, of decimal digits. This record checks nothing itself; the
 * server ({@code ResponseRules}) and {@code Lint} do.
 *
 * @param name  the header name, e.g. {@code Content-Type}
 * @param value the header value, e.g. {@code text/plain}
 */
public record Header(String name, String value) {

    /** Creates a header; both parts must be non-null. */
    public Header {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    /** The value of the first header in {@code headers} named {@code name} (case-insensitive), or null. */
    public static String firstValue(java.util.List<Header> headers, String name) {
        for (Header header : headers) {
            if (header.name().equalsIgnoreCase(name)) {
                return header.value();
            }
        }
        return null;
    }

    /** Shorthand for {@code new Header(name, value)}. */
    public static Header of(String name, String value) {
        return new Header(name, value);
    }
}
