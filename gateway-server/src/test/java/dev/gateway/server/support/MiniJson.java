package dev.gateway.server.support;

import java.util.Map;

/** Kept for tests written against its name; {@link JsonTree} does the parsing. */
public final class MiniJson {

    private MiniJson() {
    }

    /** Parses {@code {"key": value, ...}}. */
    public static Map<String, Object> parseObject(String text) {
        return JsonTree.parseObject(text);
    }
}
