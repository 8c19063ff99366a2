package dev.gateway.servlet.response;

import java.net.URI;

/**
 * The {@code Location} of {@code sendRedirect} (Servlet 6.1, HttpServletResponse.sendRedirect). Servlet 6.1
 * allows a relative location (RFC 9110 section 10.2.2); Tomcat 11 by default ({@code useRelativeRedirects})
 * sends the location as given to an HTTP/1.1 client and makes it absolute only for HTTP/1.0, whose
 * RFC 1945 asked for an absolute URI. This does the same.
 */
final class Redirects {

    private Redirects() {
    }

    /**
     * @param location   as the application gave it
     * @param protocol   the request's protocol
     * @param requestUrl the request URL, to resolve a relative location against
     */
    static String location(String location, String protocol, String requestUrl) {
        if (!"HTTP/1.0".equals(protocol) || hasScheme(location)) {
            return location;
        }
        try {
            return URI.create(requestUrl).resolve(location).toString();
        } catch (IllegalArgumentException e) {
            return location;
        }
    }

    private static boolean hasScheme(String location) {
        int colon = location.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        for (int i = 0; i < colon; i++) {
            char c = location.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }
}
