package dev.gateway.servlet.multipart;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Copies a stream up to the next occurrence of a delimiter, byte by byte, without reading past it
 * (Knuth-Morris-Pratt: the bytes that might still start the delimiter are held back, and at most the
 * delimiter's length of them).
 */
final class DelimiterSearch {

    private final byte[] delimiter;
    private final int[] fallback;

    DelimiterSearch(byte[] delimiter) {
        this.delimiter = delimiter;
        this.fallback = fallback(delimiter);
    }

    /** KMP failure function: for each prefix, the length of its longest proper prefix that is also its suffix. */
    private static int[] fallback(byte[] pattern) {
        int[] table = new int[pattern.length];
        for (int i = 1, k = 0; i < pattern.length; i++) {
            while (k > 0 && pattern[i] != pattern[k]) {
                k = table[k - 1];
            }
            if (pattern[i] == pattern[k]) {
                k++;
            }
            table[i] = k;
        }
        return table;
    }

    /**
     * Copies {@code in} to {@code out} (which may be null: the bytes are dropped) up to the delimiter,
     * which is consumed and not copied.
     *
     * @return true when the delimiter was found, false when the stream ended first
     */
    boolean copyUntilDelimiter(InputStream in, OutputStream out) throws IOException {
        int matched = 0;
        for (int c = in.read(); c >= 0; c = in.read()) {
            byte b = (byte) c;
            int next = matched;
            while (next > 0 && delimiter[next] != b) {
                next = fallback[next - 1];
            }
            if (delimiter[next] == b) {
                next++;
            }
            // The window was delimiter[0, matched) + b; it is now delimiter[0, next): the rest goes out.
            int released = matched + 1 - next;
            if (out != null) {
                for (int i = 0; i < released; i++) {
                    out.write(i < matched ? delimiter[i] : b);
                }
            }
            matched = next;
            if (matched == delimiter.length) {
                return true;
            }
        }
        return false;
    }
}
