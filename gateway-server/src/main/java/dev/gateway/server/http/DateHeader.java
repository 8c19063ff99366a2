package dev.gateway.server.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The {@code Date} header value (RFC 9110 section 6.6.1: a server with a clock must send it), formatted
 * once per second rather than once per response.
 */
final class DateHeader {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private record Cached(long second, String value) {
    }

    private static volatile Cached cached = new Cached(-1, "");

    private DateHeader() {
    }

    /** The current time in IMF-fixdate form, e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    static String now() {
        long second = System.currentTimeMillis() / 1000;
        Cached current = cached;
        if (current.second() != second) {
            current = new Cached(second, format(second));
            cached = current;
        }
        return current.value();
    }

    private static String format(long epochSecond) {
        String value = IMF_FIXDATE.format(Instant.ofEpochSecond(epochSecond));
        // RFC_1123_DATE_TIME writes single-digit days without the leading zero IMF-fixdate requires.
        return value.charAt(6) == ' ' ? value.substring(0, 5) + "0" + value.substring(5) : value;
    }
}
