package dev.gateway.server.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Lines of UTF-8 from a stream, bounded: a line longer than the limit is returned as soon as it
 * passes it (longer than the limit, so the caller can refuse it) without reading the rest, so a
 * client cannot make the reader hold an unbounded line.
 */
public final class LineReader {

    private final InputStream in;
    private final int limit;

    public LineReader(InputStream in, int limit) {
        this.in = in;
        this.limit = limit;
    }

    /** The next line without its LF (and CR); null at the end of the stream. */
    public String next() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0; ) {
            if (b == '\n') {
                return text(line);
            }
            line.write(b);
            if (line.size() > limit) {
                return text(line);
            }
        }
        return line.size() > 0 ? text(line) : null;
    }

    private static String text(ByteArrayOutputStream line) {
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}
