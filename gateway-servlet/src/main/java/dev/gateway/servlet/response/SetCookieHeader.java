package dev.gateway.servlet.response;

import dev.gateway.servlet.http.HttpDates;
import jakarta.servlet.http.Cookie;
import java.util.Locale;
import java.util.Map;

/**
 * Formats a {@link Cookie} as a {@code Set-Cookie} value (RFC 6265 section 4.1), as Tomcat's RFC 6265
 * cookie processor does: {@code Max-Age} with a matching {@code Expires}, then {@code Domain},
 * {@code Path}, {@code Secure}, {@code HttpOnly}, then every other attribute set with
 * {@link Cookie#setAttribute} ({@code SameSite}, {@code Partitioned}, ...; Servlet 6.0), an empty value
 * meaning a flag. A value with a char RFC 6265 does not allow is refused.
 */
public final class SetCookieHeader {

    private static final java.util.Set<String> HANDLED = java.util.Set.of("max-age", "expires", "domain", "path", "secure", "httponly");

    private SetCookieHeader() {
    }

    /**
     * The header value for {@code cookie}.
     *
     * @throws IllegalArgumentException when the value has a char outside RFC 6265's cookie-octet
     */
    public static String format(Cookie cookie) {
        checkValue(cookie.getValue());
        StringBuilder header = new StringBuilder(cookie.getName()).append('=');
        if (cookie.getValue() != null) {
            header.append(cookie.getValue());
        }
        int maxAge = cookie.getMaxAge();
        if (maxAge >= 0) {
            header.append("; Max-Age=").append(maxAge);
            long expires = maxAge == 0 ? 10_000 : System.currentTimeMillis() + maxAge * 1000L;
            header.append("; Expires=").append(HttpDates.format(expires));
        }
        appendIfSet(header, "Domain", cookie.getDomain());
        appendIfSet(header, "Path", cookie.getPath());
        if (cookie.getSecure()) {
            header.append("; Secure");
        }
        if (cookie.isHttpOnly()) {
            header.append("; HttpOnly");
        }
        for (Map.Entry<String, String> attribute : cookie.getAttributes().entrySet()) {
            if (!HANDLED.contains(attribute.getKey().toLowerCase(Locale.ROOT))) {
                header.append("; ").append(attribute.getKey());
                if (!attribute.getValue().isEmpty()) {
                    header.append('=').append(attribute.getValue());
                }
            }
        }
        return header.toString();
    }

    private static void appendIfSet(StringBuilder header, String name, String value) {
        if (value != null && !value.isEmpty()) {
            header.append("; ").append(name).append('=').append(value);
        }
    }

    /** RFC 6265 section 4.1.1: cookie-octet, optionally within double quotes. */
    private static void checkValue(String value) {
        if (value == null) {
            return;
        }
        String inner = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c <= 0x20 || c >= 0x7F || c == '"' || c == ',' || c == ';' || c == '\\') {
                throw new IllegalArgumentException("invalid character in cookie value: " + value);
            }
        }
    }
}
