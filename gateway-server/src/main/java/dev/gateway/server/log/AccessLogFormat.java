package dev.gateway.server.log;

import dev.gateway.server.http.RequestRecord;
import dev.gateway.spi.Header;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Gunicorn's {@code access_log_format}: a template of {@code %(atom)s} placeholders, compiled once
 * into a list of parts so that a line is one pass over the record. Every value is escaped, so a
 * client cannot forge a line or break a JSON template: Apache-style ({@code \"}, {@code \\},
 * {@code \xHH}) in a text template, JSON string escapes in a template that starts with <code>{</code>.
 */
public final class AccessLogFormat {

    /** Gunicorn's default, Apache's "combined" format. */
    public static final String DEFAULT = "%(h)s %(l)s %(u)s %(t)s \"%(r)s\" %(s)s %(b)s \"%(f)s\" \"%(a)s\"";

    /** The template {@code json} stands for: one object with every atom that needs no name. */
    static final String JSON = "{\"remote_addr\":\"%(h)s\",\"user\":\"%(u)s\",\"time\":\"%(t)s\",\"request\":\"%(r)s\","
            + "\"method\":\"%(m)s\",\"path\":\"%(U)s\",\"query\":\"%(q)s\",\"protocol\":\"%(H)s\",\"status\":%(s)s,"
            + "\"bytes\":%(B)s,\"referer\":\"%(f)s\",\"user_agent\":\"%(a)s\",\"duration_us\":%(D)s}";

    private static final DateTimeFormatter APACHE_TIME =
            DateTimeFormatter.ofPattern("'['dd/MMM/yyyy:HH:mm:ss Z']'", Locale.ENGLISH).withZone(ZoneId.systemDefault());
    private static final String PID = "<" + ProcessHandle.current().pid() + ">";
    /** The {@code t} atom of the current second: formatting a date per request is measurable at 20k requests/s. */
    private static volatile FormattedSecond lastSecond = new FormattedSecond(Long.MIN_VALUE, "");

    private record FormattedSecond(long second, String text) {
    }

    /** One piece of a line: writes its value for a record. */
    private interface Part {
        void append(RequestRecord record, StringBuilder line, boolean json);
    }

    private final List<Part> parts;
    private final boolean json;

    private AccessLogFormat(List<Part> parts, boolean json) {
        this.parts = parts;
        this.json = json;
    }

    /**
     * Compiles {@code format} ({@code json} for the built-in JSON object).
     *
     * @throws IllegalArgumentException naming the first unknown or unfinished placeholder
     */
    public static AccessLogFormat compile(String format) {
        String template = format.equals("json") ? JSON : format;
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '%' && template.startsWith("%%", i)) {
                literal.append('%');
                i += 2;
            } else if (c == '%' && template.startsWith("%(", i)) {
                int end = template.indexOf(")s", i);
                if (end < 0) {
                    throw new IllegalArgumentException("has an unfinished placeholder at " + template.substring(i));
                }
                if (!literal.isEmpty()) {
                    String text = literal.toString();
                    parts.add((record, line, asJson) -> line.append(text));
                    literal.setLength(0);
                }
                parts.add(atom(template.substring(i + 2, end)));
                i = end + 2;
            } else {
                literal.append(c);
                i++;
            }
        }
        if (!literal.isEmpty()) {
            String text = literal.toString();
            parts.add((record, line, asJson) -> line.append(text));
        }
        return new AccessLogFormat(List.copyOf(parts), template.stripLeading().startsWith("{"));
    }

    /** The validator of the setting: null when {@code format} compiles, else the reason. */
    public static String check(String format) {
        try {
            compile(format);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** The line for {@code record}. */
    public String format(RequestRecord record) {
        StringBuilder line = new StringBuilder(160);
        for (Part part : parts) {
            part.append(record, line, json);
        }
        return line.toString();
    }

    private static Part atom(String name) {
        if (name.length() > 3 && name.startsWith("{") && name.charAt(name.length() - 2) == '}') {
            String key = name.substring(1, name.length() - 2);
            return switch (name.charAt(name.length() - 1)) {
                case 'i' -> value(r -> r.requestHeaders().get(key));
                case 'o' -> value(r -> responseHeader(r, key));
                case 'e' -> value(r -> environValue(r, key));
                default -> throw new IllegalArgumentException("has an unknown placeholder %(" + name + ")s");
            };
        }
        return switch (name) {
            case "h" -> value(r -> r.remoteAddress().isEmpty() ? null : r.remoteAddress());
            case "l" -> value(r -> null);
            case "u" -> value(AccessLogFormat::basicAuthUser);
            case "t" -> value(r -> apacheTime(r.startMillis()));
            case "r" -> value(r -> r.method() + " " + r.uri() + " " + r.protocol());
            case "m" -> value(RequestRecord::method);
            case "U" -> value(r -> path(r.uri()));
            case "q" -> value(r -> query(r.uri()));
            case "H" -> value(RequestRecord::protocol);
            case "s" -> value(r -> Integer.toString(r.status()));
            case "B" -> value(r -> Long.toString(r.bodyBytes()));
            case "b" -> value(r -> r.bodyBytes() == 0 ? null : Long.toString(r.bodyBytes()));
            case "f" -> value(r -> r.requestHeaders().get("Referer"));
            case "a" -> value(r -> r.requestHeaders().get("User-Agent"));
            case "T" -> value(r -> Long.toString(r.durationNanos() / 1_000_000_000L));
            case "M" -> value(r -> Long.toString(r.durationNanos() / 1_000_000L));
            case "D" -> value(r -> Long.toString(r.durationNanos() / 1_000L));
            case "L" -> value(r -> String.format(Locale.ROOT, "%d.%06d", r.durationNanos() / 1_000_000_000L,
                    r.durationNanos() / 1_000L % 1_000_000L));
            case "p" -> value(r -> PID);
            case "I" -> value(r -> r.receivedBytes() < 0 ? null : Long.toString(r.receivedBytes()));
            default -> throw new IllegalArgumentException("has an unknown placeholder %(" + name + ")s");
        };
    }

    /** A part that writes a value, escaped; a missing value is written as {@code -}, as Gunicorn does. */
    private static Part value(java.util.function.Function<RequestRecord, String> getter) {
        return (record, line, json) -> {
            String value = getter.apply(record);
            if (value == null || value.isEmpty()) {
                line.append('-');
            } else if (json) {
                escapeJson(value, line);
            } else {
                escapeText(value, line);
            }
        };
    }

    /** Apache's escaping: quotes and backslashes get a backslash, control and non-ASCII bytes are \xHH. */
    static void escapeText(String value, StringBuilder line) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                line.append('\\').append(c);
            } else if (c < 0x20 || c >= 0x7f) {
                hex(line.append("\\x"), c & 0xff, 2);
            } else {
                line.append(c);
            }
        }
    }

    /** RFC 8259 section 7: the content of a JSON string. */
    static void escapeJson(String value, StringBuilder line) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                        hex(line.append("\\u"), c, 4);
                    } else {
                        line.append(c);
                    }
                }
            }
        }
    }

    private static void hex(StringBuilder line, int value, int digits) {
        String hex = Integer.toHexString(value);
        line.append("0".repeat(digits - hex.length())).append(hex);
    }

    private static String apacheTime(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        FormattedSecond cached = lastSecond;
        if (cached.second() != second) {
            cached = new FormattedSecond(second, APACHE_TIME.format(Instant.ofEpochSecond(second)));
            lastSecond = cached;
        }
        return cached.text();
    }

    private static String path(String uri) {
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    private static String query(String uri) {
        int query = uri.indexOf('?');
        return query < 0 ? null : uri.substring(query + 1);
    }

    private static String responseHeader(RequestRecord record, String name) {
        return Header.firstValue(record.responseHeaders(), name);
    }

    private static String environValue(RequestRecord record, String key) {
        if (record.environ() == null) {
            return null;
        }
        Object value = record.environ().get(key);
        if (value == null) {
            value = record.environ().get(key.toUpperCase(Locale.ROOT));
        }
        return value == null ? null : value.toString();
    }

    /** The user name of HTTP Basic authentication (RFC 7617), as Gunicorn's {@code u} atom. */
    private static String basicAuthUser(RequestRecord record) {
        String authorization = record.requestHeaders().get("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
