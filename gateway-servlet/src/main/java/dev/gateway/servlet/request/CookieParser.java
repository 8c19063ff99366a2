package dev.gateway.servlet.request;

import jakarta.servlet.http.Cookie;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the {@code Cookie} request header as RFC 6265 section 4.2.1 defines it ({@code name=value}
 * pairs separated by {@code ;}), leniently as Tomcat's RFC 6265 processor does: a pair with an invalid
 * name is skipped, surrounding double quotes are removed from a value, names starting with {@code $}
 * (RFC 2109 attributes) are ignored.
 */
public final class CookieParser {

    private CookieParser() {
    }

    /** The cookies in {@code header}; empty for null. */
    public static List<Cookie> parse(String header) {
        List<Cookie> cookies = new ArrayList<>();
        if (header == null) {
            return cookies;
        }
        for (String pair : header.split(";")) {
            int equals = pair.indexOf('=');
            String name = (equals < 0 ? pair : pair.substring(0, equals)).trim();
            String value = equals < 0 ? "" : unquote(pair.substring(equals + 1).trim());
            if (isToken(name) && !name.startsWith("$")) {
                try {
                    cookies.add(new Cookie(name, value));
                } catch (IllegalArgumentException e) {
                    // a name Cookie refuses (reserved): skipped
                }
            }
        }
        return cookies;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }

    /** RFC 9110 section 5.6.2 token. */
    static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 32 || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
