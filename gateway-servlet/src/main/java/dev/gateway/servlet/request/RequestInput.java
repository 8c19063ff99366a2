package dev.gateway.servlet.request;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code getInputStream()}: the request body read straight from {@code gateway.input}, never buffered
 * whole, so a large upload streams (and the server's backpressure holds). The server's stream ends
 * at the end of the body ({@code gateway.input_terminated}); this one also counts, so
 * {@link #isFinished()} can tell. {@link #isReady()} is always true: reads may block, also under a
 * {@link ReadListener}.
 */
public final class RequestInput extends ServletInputStream {

    private final InputStream in;
    private final long contentLength;
    private final ReadListenerSupport listeners;
    private long read;
    private boolean finished;

    /**
     * @param in            {@code gateway.input}
     * @param contentLength the body's length, -1 when unknown (chunked)
     */
    public RequestInput(InputStream in, long contentLength, ReadListenerSupport listeners) {
        this.in = in;
        this.contentLength = contentLength;
        this.listeners = listeners;
        this.finished = contentLength == 0;
    }

    @Override
    public int read() throws IOException {
        if (finished) {
            return -1;
        }
        int b = in.read();
        account(b < 0 ? -1 : 1);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (finished) {
            return -1;
        }
        int n = in.read(b, off, len);
        account(n);
        return n;
    }

    private void account(int n) {
        if (n < 0) {
            finished = true;
        } else {
            read += n;
            finished = contentLength >= 0 && read >= contentLength;
        }
    }

    @Override
    public int available() throws IOException {
        return finished ? 0 : in.available();
    }

    @Override
    public boolean isFinished() {
        return finished;
    }

    @Override
    public boolean isReady() {
        return true;
    }

    /** Section 5.7.1, over blocking reads: see {@link dev.gateway.servlet.async.NonBlockingIo}. */
    @Override
    public void setReadListener(ReadListener readListener) {
        listeners.register(this, readListener);
    }

    /** Starts the callbacks of a {@link ReadListener} for a stream. */
    @FunctionalInterface
    public interface ReadListenerSupport {
        void register(ServletInputStream in, ReadListener listener);
    }

    /** The server owns {@code gateway.input} (INPUT-5): closing this stream does not close it. */
    @Override
    public void close() {
        finished = true;
    }
}
