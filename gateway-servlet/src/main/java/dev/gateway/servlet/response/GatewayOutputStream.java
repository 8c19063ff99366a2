package dev.gateway.servlet.response;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;

/**
 * {@code getOutputStream()}: writes into the response's {@link OutputBuffer}. {@code flush()} commits the
 * response and sends the buffer, as in Tomcat 11 and Jetty 12; {@code close()} ends the body (section 5.7).
 * {@link #isReady()} is always true: writes may block (the server's backpressure), also under a
 * {@link WriteListener}.
 */
final class GatewayOutputStream extends ServletOutputStream {

    private final OutputBuffer buffer;
    private final java.util.function.Consumer<WriteListener> listeners;
    private final byte[] one = new byte[1];

    GatewayOutputStream(OutputBuffer buffer, java.util.function.Consumer<WriteListener> listeners) {
        this.buffer = buffer;
        this.listeners = listeners;
    }

    @Override
    public void write(int b) throws IOException {
        one[0] = (byte) b;
        buffer.write(one, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        buffer.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        if (!buffer.closed()) {
            buffer.flush();
        }
    }

    @Override
    public void close() throws IOException {
        if (!buffer.closed()) {
            buffer.close();
        }
    }

    @Override
    public boolean isReady() {
        return true;
    }

    /** Section 5.7.2, over blocking writes: see {@code dev.gateway.servlet.async.NonBlockingIo}. */
    @Override
    public void setWriteListener(WriteListener writeListener) {
        listeners.accept(writeListener);
    }
}
