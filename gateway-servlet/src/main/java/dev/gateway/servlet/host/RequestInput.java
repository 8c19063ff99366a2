package dev.gateway.servlet.host;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code gateway.input} on a Servlet container: the request's input stream, asked for only when the
 * application first reads. Some containers answer {@code Expect: 100-continue} as soon as the stream is
 * asked for (Jetty does); gateway sends {@code 100 Continue} at the first read of a non-zero length, so
 * an application that answers without reading never invites the body. Opening the stream lazily keeps
 * that on such containers.
 */
final class RequestInput extends InputStream {

    private final HttpServletRequest request;
    private InputStream stream;

    RequestInput(HttpServletRequest request) {
        this.request = request;
    }

    private InputStream stream() throws IOException {
        if (stream == null) {
            stream = request.getInputStream();
        }
        return stream;
    }

    @Override
    public int read() throws IOException {
        return stream().read();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        return stream().read(buffer, offset, length);
    }

    @Override
    public int available() throws IOException {
        return stream == null ? 0 : stream.available();
    }

    /** The container owns the stream (INPUT-5): closing ours leaves it alone. */
    @Override
    public void close() {
    }
}
