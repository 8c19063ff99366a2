package dev.gateway.spi.server;

import dev.gateway.spi.Header;

/**
 * The checks a server applies to what an application passes to {@code start()}: status syntax, header
 * name and value syntax, and hop-by-hop headers. Each check returns {@code null} when the input is
 * fine, else a one-line description of the problem. Change with care: these checks are what keeps an
 * application's mistake from becoming a header injected on the wire.
 */
public final class ResponseRules {

    private ResponseRules() {
    }

    /**
     * Headers that describe one connection, not the response: the server owns them (PEP 3333,
     * "hop-by-hop" headers; RFC 9110 section 7.6.1). Compared with {@code equalsIgnoreCase}, which
     * looks at the lengths first: most names have a length none of these has, so a check costs a few
     * comparisons and no lower-cased copy.
     */
    private static final String[] HOP_BY_HOP = {
        "connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
        "proxy-authenticate", "proxy-authorization", "proxy-connection"};
    /** RFC 9110 section 5.6.2: tchar, by ASCII code. */
    private static final boolean[] TCHAR = tokenChars();

    /**
     * A status is three digits from 200 to 599, one space, and a reason phrase without control
     * characters. 1xx codes are interim responses (RFC 9110 section 15.2) that only the server sends
     * ({@code 100 Continue}); an application's status is always the final one.
     */
    public static String checkStatus(String status) {
        if (status == null) {
            return "status is null";
        }
        if (status.length() < 5 || status.charAt(3) != ' ') {
            return "status " + quote(status) + " is not of the form \"NNN Reason\"";
        }
        for (int i = 0; i < 3; i++) {
            if (status.charAt(i) < '0' || status.charAt(i) > '9') {
                return "status " + quote(status) + " does not start with a three-digit code";
            }
        }
        int code = statusCode(status);
        if (code < 200 || code > 599) {
            return "status code " + code + " is outside 200-599 (1xx interim responses belong to the server)";
        }
        for (int i = 4; i < status.length(); i++) {
            if (isControl(status.charAt(i))) {
                return "status " + quote(status) + " contains a control character";
            }
        }
        return null;
    }

    /** The numeric code of a status that passed {@link #checkStatus}. */
    public static int statusCode(String status) {
        return (status.charAt(0) - '0') * 100 + (status.charAt(1) - '0') * 10 + (status.charAt(2) - '0');
    }

    /**
     * A header name is an RFC 9110 token (section 5.1), its value has no CR, LF, NUL or other control
     * character but HTAB (section 5.5), every char is a byte (ISO-8859-1), and it is not hop-by-hop.
     */
    public static String checkHeader(Header header) {
        if (header == null) {
            return "header is null";
        }
        String problem = checkHeaderName(header.name());
        if (problem == null && isHopByHop(header.name())) {
            problem = "header " + quote(header.name()) + " is hop-by-hop; the server owns it";
        }
        return problem != null ? problem : checkHeaderValue(header.name(), header.value());
    }

    /** A header name is a non-empty RFC 9110 token (section 5.1). */
    public static String checkHeaderName(String name) {
        if (name.isEmpty()) {
            return "header name is empty";
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isTokenChar(name.charAt(i))) {
                return "header name " + quote(name) + " is not a token";
            }
        }
        return null;
    }

    /**
     * A header value has no control character but HTAB (RFC 9110 section 5.5: CR, LF and NUL would
     * inject headers), and every char is a byte (at most U+00FF).
     */
    public static String checkHeaderValue(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xFF) {
                return "header " + quote(name) + " value has a char above U+00FF (not a byte)";
            }
            if (c != '\t' && isControl(c)) {
                return "header " + quote(name) + " value contains a control character (CR, LF, NUL, ...)";
            }
        }
        return null;
    }

    /** True for the hop-by-hop headers an application must not send. */
    public static boolean isHopByHop(String name) {
        for (String hopByHop : HOP_BY_HOP) {
            if (hopByHop.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** RFC 9110 section 5.6.2: tchar. */
    public static boolean isTokenChar(char c) {
        return c < TCHAR.length && TCHAR[c];
    }

    private static boolean[] tokenChars() {
        boolean[] tchar = new boolean[128];
        for (char c = '0'; c <= '9'; c++) {
            tchar[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            tchar[c] = true;
            tchar[c - 'a' + 'A'] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            tchar[c] = true;
        }
        return tchar;
    }

    private static boolean isControl(char c) {
        return c < 0x20 || c == 0x7F;
    }

    /** {@code s} in double quotes, control characters escaped and cut at 80 chars: safe to log. */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append(s.length() > 80 ? "...\"" : "\"").toString();
    }
}
