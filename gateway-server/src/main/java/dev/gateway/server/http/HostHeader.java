package dev.gateway.server.http;

/**
 * The syntax of a {@code Host} field value (RFC 9110 section 7.2): {@code uri-host [ ":" port ]}, where
 * uri-host is an IP literal in brackets, an IPv4 address or a reg-name (RFC 3986 section 3.2.2), and
 * port is digits. The value names the server in the environ ({@code SERVER_NAME}, {@code SERVER_PORT})
 * and often drives virtual hosting and redirects downstream, so a malformed one is refused.
 */
final class HostHeader {

    private HostHeader() {
    }

    /** True when {@code value} is a well-formed Host value (an empty one is allowed by the grammar). */
    static boolean isValid(String value) {
        int hostEnd;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0 || !isIpLiteral(value, 1, close)) {
                return false;
            }
            hostEnd = close + 1;
        } else {
            hostEnd = value.indexOf(':');
            if (hostEnd < 0) {
                hostEnd = value.length();
            }
            for (int i = 0; i < hostEnd; i++) {
                if (!isRegNameChar(value.charAt(i))) {
                    return false;
                }
            }
        }
        if (hostEnd == value.length()) {
            return true;
        }
        if (value.charAt(hostEnd) != ':' || value.length() - hostEnd - 1 > 5) {
            return false;
        }
        for (int i = hostEnd + 1; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** IPv6 or IPvFuture inside brackets: hex digits, ':', '.', and the 'v' form's unreserved chars. */
    private static boolean isIpLiteral(String value, int start, int end) {
        if (start == end) {
            return false;
        }
        for (int i = start; i < end; i++) {
            char c = value.charAt(i);
            boolean ok = c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.'
                    || c == 'v' || c == 'V' || isRegNameChar(c) && c != '%';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** RFC 3986 reg-name: unreserved, pct-encoded ('%' kept as a char here) and sub-delims. */
    private static boolean isRegNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~%!$&'()*+,;=".indexOf(c) >= 0;
    }
}
