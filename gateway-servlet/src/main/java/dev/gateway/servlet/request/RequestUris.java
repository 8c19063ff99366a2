package dev.gateway.servlet.request;

/** The pieces of request URLs: the path of a request target, and the origin of a request URL. */
public final class RequestUris {

    private RequestUris() {
    }

    /**
     * The path of {@code target} as received (not decoded): without the query and fragment, and without
     * scheme and authority for an absolute-form target (RFC 9112 section 3.2.2).
     */
    public static String path(String target) {
        if (target == null || target.equals("*")) {
            return target == null ? "/" : "*";
        }
        String path = target;
        int scheme = path.indexOf("://");
        if (scheme > 0 && !path.startsWith("/")) {
            int slash = path.indexOf('/', scheme + 3);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        int end = indexOfAny(path, '?', '#');
        return end < 0 ? path : path.substring(0, end);
    }

    private static int indexOfAny(String text, char a, char b) {
        int first = text.indexOf(a);
        int second = text.indexOf(b);
        return first < 0 ? second : second < 0 ? first : Math.min(first, second);
    }

    /** {@code scheme://host[:port]}, the port left out when it is the scheme's default. */
    public static String origin(String scheme, String host, int port) {
        StringBuilder origin = new StringBuilder(scheme).append("://").append(host);
        boolean defaultPort = "http".equals(scheme) && port == 80 || "https".equals(scheme) && port == 443;
        if (!defaultPort && port > 0) {
            origin.append(':').append(port);
        }
        return origin.toString();
    }
}
