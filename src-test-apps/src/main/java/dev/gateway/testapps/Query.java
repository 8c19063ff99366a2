package dev.gateway.testapps;

import dev.gateway.spi.Environ;

/** Reads numeric query parameters for the test apps. */
final class Query {

    private Query() {
    }

    /** The value of {@code name=} in QUERY_STRING as a long, or {@code fallback}. */
    static long number(Environ environ, String name, long fallback) {
        String query = environ.queryString();
        if (query == null) {
            return fallback;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                try {
                    return Long.parseLong(pair.substring(eq + 1));
                } catch (NumberFormatException e) {
                    return fallback;
                }
            }
        }
        return fallback;
    }
}
