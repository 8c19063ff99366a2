package dev.gateway.examples;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A parsed {@code QUERY_STRING}: {@code a=1&b=two} → {a=1, b=two}, UTF-8 percent-decoding. */
public record QueryParams(Map<String, String> values) {

    /** Parses a query string; the last of repeated names wins. */
    public static QueryParams parse(String query) {
        Map<String, String> values = new LinkedHashMap<>();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                values.put(decode(name), decode(value));
            }
        }
        return new QueryParams(values);
    }

    /** The value of {@code name}, or null. */
    public String get(String name) {
        return values.get(name);
    }

    /** The value of {@code name} as a number, or {@code fallback} when absent or not a number. */
    public long number(String name, long fallback) {
        try {
            String value = values.get(name);
            return value == null ? fallback : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
