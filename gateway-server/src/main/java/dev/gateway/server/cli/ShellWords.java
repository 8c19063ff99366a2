package dev.gateway.server.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits {@code GATEWAY_CMD_ARGS} into arguments the way a POSIX shell splits words: whitespace
 * separates, single quotes keep everything literally, double quotes keep whitespace, a backslash
 * escapes the next character outside single quotes. No expansion of any kind.
 */
public final class ShellWords {

    private ShellWords() {
    }

    /**
     * The words of {@code text}.
     *
     * @throws UsageException for an unterminated quote or a trailing backslash
     */
    public static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\\') {
                if (++i == text.length()) {
                    throw new UsageException("GATEWAY_CMD_ARGS ends with a lone backslash");
                }
                word.append(text.charAt(i));
                inWord = true;
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new UsageException("GATEWAY_CMD_ARGS has an unterminated " + quote + " quote");
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
