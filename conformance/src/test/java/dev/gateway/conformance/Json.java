package dev.gateway.conformance;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the flat JSON objects the test apps answer with (strings, numbers, booleans). */
final class Json {

    private final String text;
    private int at;

    private Json(String text) {
        this.text = text;
    }

    static Map<String, Object> object(String text) {
        Json json = new Json(text);
        Map<String, Object> values = new LinkedHashMap<>();
        json.expect('{');
        json.skipSpaces();
        if (json.peek() == '}') {
            return values;
        }
        do {
            json.skipSpaces();
            String key = json.string();
            json.skipSpaces();
            json.expect(':');
            json.skipSpaces();
            values.put(key, json.value());
            json.skipSpaces();
        } while (json.next() == ',');
        return values;
    }

    private Object value() {
        char c = peek();
        if (c == '"') {
            return string();
        }
        int start = at;
        while (at < text.length() && ",}".indexOf(text.charAt(at)) < 0 && !Character.isWhitespace(text.charAt(at))) {
            at++;
        }
        String word = text.substring(start, at);
        return switch (word) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            case "null" -> null;
            default -> Long.parseLong(word);
        };
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        for (char c = next(); c != '"'; c = next()) {
            if (c == '\\') {
                char e = next();
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> out.append(e);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private void skipSpaces() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private char peek() {
        return text.charAt(at);
    }

    private char next() {
        return text.charAt(at++);
    }

    private void expect(char c) {
        if (next() != c) {
            throw new IllegalArgumentException("expected " + c + " at " + (at - 1) + " in " + text);
        }
    }
}
