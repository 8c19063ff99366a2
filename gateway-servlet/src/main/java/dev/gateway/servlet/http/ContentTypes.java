package dev.gateway.servlet.http;

import java.util.Locale;

/** Reads the parts of a {@code Content-Type} value (RFC 9110 section 8.3): the media type and its charset. */
public final class ContentTypes {

    private ContentTypes() {
    }

    /** The media type without parameters, e.g. {@code text/html}; null for null. */
    public static String mediaType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    }

    /** The {@code charset} parameter, unquoted, or null. */
    public static String charset(String contentType) {
        if (contentType == null || contentType.indexOf(';') < 0) {
            return null;
        }
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                String value = parameter.substring(8).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    /** {@code contentType} without its charset parameter (other parameters kept). */
    public static String withoutCharset(String contentType) {
        if (contentType.indexOf(';') < 0) {
            return contentType.trim();
        }
        String[] parts = contentType.split(";");
        StringBuilder result = new StringBuilder(parts[0].trim());
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (!parameter.isEmpty() && !parameter.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                result.append(';').append(parameter);
            }
        }
        return result.toString();
    }
}
