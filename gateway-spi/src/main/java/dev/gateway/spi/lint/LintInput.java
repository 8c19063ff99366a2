package dev.gateway.spi.lint;

import java.io.IOException;
import java.io.InputStream;

/** The INPUT rules: how the application reads {@code gateway.input}, and what the server's stream returns. */
final class LintInput extends InputStream {

    private final Lint lint;
    private final InputStream in;
    /** CONTENT_LENGTH, or -1 when the request has none (chunked or no body). */
    private final long contentLength;
    private long total;
    private boolean ended;

    LintInput(Lint lint, InputStream in, long contentLength) {
        this.lint = lint;
        this.in = in;
        this.contentLength = contentLength;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b < -1 || b > 255) {
            throw lint.fail(Rule.INPUT_2, "gateway.input read() returned " + b + "; it returns -1 or a byte 0-255");
        }
        account(b < 0 ? -1 : 1);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (b == null || off < 0 || len < 0 || len > b.length - off) {
            throw lint.fail(Rule.INPUT_1, "gateway.input read(b, " + off + ", " + len + ") with "
                    + (b == null ? "a null buffer" : "a buffer of " + b.length + " bytes"));
        }
        int n = in.read(b, off, len);
        if (n < -1 || n > len || n == 0 && len > 0) {
            throw lint.fail(Rule.INPUT_2, "gateway.input read(b, off, " + len + ") returned " + n
                    + "; it returns -1 or 1 to " + len);
        }
        if (len > 0) {
            account(n);
        }
        return n;
    }

    private void account(int n) {
        if (n < 0) {
            if (!ended && contentLength >= 0 && total != contentLength) {
                throw lint.fail(Rule.INPUT_4, "gateway.input ended after " + total + " bytes; CONTENT_LENGTH is " + contentLength);
            }
            ended = true;
            return;
        }
        if (ended) {
            throw lint.fail(Rule.INPUT_3, "gateway.input returned bytes after it returned -1");
        }
        total += n;
        if (contentLength >= 0 && total > contentLength) {
            throw lint.fail(Rule.INPUT_4, "gateway.input has more than CONTENT_LENGTH=" + contentLength + " bytes");
        }
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() {
        throw lint.fail(Rule.INPUT_5, "the application closed gateway.input; the server owns it");
    }
}
