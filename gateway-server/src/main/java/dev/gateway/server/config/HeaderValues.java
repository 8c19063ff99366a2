package dev.gateway.server.config;

import dev.gateway.spi.server.ResponseRules;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Setting values that name HTTP header fields ({@code secure_scheme_headers},
 * {@code forwarder_headers}), and the token rule (RFC 9110 section 5.6.2) the request parser uses:
 * the contract's own ({@link ResponseRules#isTokenChar}), so that requests and responses share one.
 */
public final class HeaderValues {

    private HeaderValues() {
    }

    /** True when the byte is a tchar (RFC 9110 section 5.6.2), a character a token may hold. */
    public static boolean isTchar(byte b) {
        return ResponseRules.isTokenChar((char) (b & 0xFF));
    }

    /** True when {@code text} is a non-empty token (RFC 9110 section 5.6.2), e.g. a field name. */
    public static boolean isToken(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!ResponseRules.isTokenChar(text.charAt(i))) {
                return false;
            }
        }
        return !text.isEmpty();
    }

    /**
     * {@code NAME=VALUE} items as a map from header name to the value meaning https; throws
     * IllegalArgumentException naming a malformed item (the setting's validator).
     */
    public static Map<String, String> secureSchemeHeaders(List<String> items) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String item : items) {
            int equals = item.indexOf('=');
            String name = equals < 0 ? "" : item.substring(0, equals).strip();
            String value = equals < 0 ? "" : item.substring(equals + 1).strip();
            // RFC 9110 section 5.1: a field name is a token.
            if (name.isEmpty() || value.isEmpty() || !isToken(name)) {
                throw new IllegalArgumentException("'" + item + "' is not HEADER=VALUE");
            }
            headers.put(name, value);
        }
        return Collections.unmodifiableMap(headers);
    }

    /**
     * The names of {@code forwarder_headers}, upper-cased (header names are case-insensitive, RFC 9110
     * section 5.1); throws IllegalArgumentException naming one that is not a field name (a token).
     */
    public static Set<String> forwarderHeaders(List<String> names) {
        Set<String> upper = new HashSet<>();
        for (String name : names) {
            if (!isToken(name)) {
                throw new IllegalArgumentException("'" + name + "' is not a header name");
            }
            upper.add(name.toUpperCase(Locale.ROOT));
        }
        return Set.copyOf(upper);
    }
}
