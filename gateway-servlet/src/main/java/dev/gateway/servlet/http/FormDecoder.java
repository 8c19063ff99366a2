package dev.gateway.servlet.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decodes {@code application/x-www-form-urlencoded} data (the query string and form bodies; WHATWG URL
 * standard section 5.1): {@code &}-separated {@code name=value} pairs, {@code +} for a space,
 * {@code %XX} for a byte, the bytes then decoded with the given charset. A parameter with a malformed
 * escape ({@code %} not followed by two hex digits) is a client error, answered 400 as Tomcat 11 does.
 */
public final class FormDecoder {

    private FormDecoder() {
    }

    /**
     * Adds the pairs of {@code data} to {@code into}, in order.
     *
     * @param data    the encoded data as a string of bytes (one char per byte)
     * @param charset how the decoded bytes are turned into text
     * @throws ClientErrorException 400 for a malformed escape
     */
    public static void decode(String data, Charset charset, Map<String, List<String>> into) {
        if (data == null || data.isEmpty()) {
            return;
        }
        for (String pair : data.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = unescapeParameter(equals < 0 ? pair : pair.substring(0, equals), charset);
            String value = equals < 0 ? "" : unescapeParameter(pair.substring(equals + 1), charset);
            into.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
    }

    private static String unescapeParameter(String text, Charset charset) {
        for (int i = text.indexOf('%'); i >= 0; i = text.indexOf('%', i + 1)) {
            if (i + 2 >= text.length() || hex(text.charAt(i + 1)) < 0 || hex(text.charAt(i + 2)) < 0) {
                throw new ClientErrorException(400, "a request parameter has a malformed %-escape");
            }
        }
        return unescape(text, charset);
    }

    /**
     * Undoes {@code +} and {@code %XX} in {@code text}, then decodes the bytes with {@code charset}; a
     * malformed escape is kept as it is, as browsers do.
     */
    public static String unescape(String text, Charset charset) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0) {
                bytes.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
                i += 2;
            } else {
                bytes.write(c & 0xFF);
            }
        }
        return bytes.toString(charset);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
