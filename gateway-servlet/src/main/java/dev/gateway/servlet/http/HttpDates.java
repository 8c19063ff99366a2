package dev.gateway.servlet.http;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * HTTP dates (RFC 9110 section 5.6.7): formatted as IMF-fixdate, parsed from IMF-fixdate, the obsolete
 * RFC 850 form and asctime, as a recipient must accept.
 */
public final class HttpDates {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final List<DateTimeFormatter> OBSOLETE = List.of(
            DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US),
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US));

    private HttpDates() {
    }

    /** {@code millis} since the epoch as an IMF-fixdate, e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    public static String format(long millis) {
        return IMF_FIXDATE.format(Instant.ofEpochMilli(millis));
    }

    /** The date {@code value} stands for, in millis since the epoch; -1 when it is no HTTP date. */
    public static long parse(String value) {
        String text = value.trim();
        try {
            return Instant.from(IMF_FIXDATE.parse(text)).toEpochMilli();
        } catch (DateTimeParseException e) {
            // try the obsolete forms
        }
        for (DateTimeFormatter format : OBSOLETE) {
            try {
                return LocalDateTime.parse(text, format).toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeParseException e) {
                // next form
            }
        }
        return -1;
    }
}
