package dev.gateway.servlet.response;

import dev.gateway.spi.BodyWriter;
import java.io.IOException;
import java.util.Arrays;

/**
 * The response body on its way out (Servlet 6.1 section 5.1 "Buffering"): bytes collect in a buffer of
 * {@link #capacity()} bytes; when a write does not fit, the response commits ({@code start()} through
 * {@link Committer}) and the buffered bytes go to the server's write callable, chunk by chunk, so a large
 * response is never held whole. Each write callable returns once the server took the bytes and waits
 * while the client is slow, so the server's backpressure reaches the servlet.
 *
 * <p>Once the response's Content-Length is reached the body is closed (section 5.5: "the amount of
 * content specified in setContentLength has been written") and the response counts as committed;
 * bytes past it are dropped, as the client could not tell them from the next response. A body that
 * completes this way before anything was sent is held whole ({@link #heldWhole()}) and handed back
 * when the request ends, head and body in one write: Spring's message converters set the length of
 * every body they know, and sending it through the write callable cost three writes to the
 * connection instead of one. After {@code sendError} or {@code sendRedirect} the body
 * is suspended: writes are ignored until the container writes an error page.
 */
final class OutputBuffer {

    /** Commits the response: calls {@code start()} once and returns the write callable. */
    interface Committer {
        BodyWriter commit() throws IOException;

        /** False for 204 and 304 responses, which have no body (RFC 9110 sections 15.3.5 and 15.4.5). */
        boolean bodyAllowed();

        /** The Content-Length the application set, or -1. */
        long contentLength();
    }

    private static final int INITIAL = 1024;

    private final Committer committer;
    private int capacity;
    private byte[] buffer = new byte[0];
    private int count;
    private long written;
    private BodyWriter writer;
    private boolean closed;
    private boolean suspended;
    /** The Content-Length was reached before anything was sent: the whole body is in the buffer. */
    private boolean complete;

    OutputBuffer(Committer committer, int capacity) {
        this.committer = committer;
        this.capacity = capacity;
    }

    int capacity() {
        return capacity;
    }

    /** Section 5.1 setBufferSize: only before any content was written. */
    void setCapacity(int capacity) {
        if (written > 0 || writer != null) {
            throw new IllegalStateException("setBufferSize() after content was written");
        }
        this.capacity = Math.max(0, capacity);
    }

    boolean committed() {
        return writer != null || complete;
    }

    /** True when the whole body, as long as its Content-Length, waits in the buffer, nothing sent yet. */
    boolean heldWhole() {
        return complete && writer == null;
    }

    /** Bytes accepted for the body so far (buffered or sent). */
    long written() {
        return written;
    }

    boolean closed() {
        return closed;
    }

    void write(byte[] bytes, int offset, int length) throws IOException {
        if (closed || suspended || length <= 0) {
            return;
        }
        long limit = committer.contentLength();
        int accepted = limit >= 0 ? (int) Math.min(length, Math.max(0, limit - written)) : length;
        if (count + accepted > capacity) {
            flush();
            if (accepted >= capacity) {
                written += accepted;
                send(bytes, offset, accepted);
                closeIfComplete(limit);
                return;
            }
        }
        ensureRoom(accepted);
        System.arraycopy(bytes, offset, buffer, count, accepted);
        count += accepted;
        written += accepted;
        closeIfComplete(limit);
    }

    private void closeIfComplete(long limit) throws IOException {
        if (limit >= 0 && written >= limit) {
            if (writer == null && count == written) {
                closed = true;
                complete = true;
            } else {
                close();
            }
        }
    }

    /** Grows the buffer as needed, up to its capacity: a small response does not allocate the whole buffer. */
    private void ensureRoom(int length) {
        int needed = count + length;
        if (needed > buffer.length) {
            int size = Math.max(needed, Math.min(capacity, Math.max(INITIAL, buffer.length * 2)));
            buffer = Arrays.copyOf(buffer, size);
        }
    }

    /** Commits the response and sends what is buffered (section 5.1 flushBuffer). */
    void flush() throws IOException {
        if (writer == null) {
            writer = committer.commit();
        }
        if (count > 0) {
            int length = count;
            count = 0;
            send(buffer, 0, length);
        }
    }

    private void send(byte[] bytes, int offset, int length) throws IOException {
        if (writer == null) {
            writer = committer.commit();
        }
        if (!committer.bodyAllowed()) {
            return;
        }
        boolean whole = offset == 0 && length == bytes.length;
        // The server is done with the array when write() returns (docs/spec.md, BodyWriter): the buffer is reused.
        writer.write(whole ? bytes : Arrays.copyOfRange(bytes, offset, offset + length));
    }

    /** Closes the body: later writes are ignored; the response is committed and what is buffered sent. */
    void close() throws IOException {
        closed = true;
        flush();
    }

    /** Marks the body closed without sending: the container sends it when the request ends. */
    void markClosed() {
        closed = true;
    }

    /** Drops the buffered bytes (section 5.1 resetBuffer). */
    void clear() {
        if (committed()) {
            throw new IllegalStateException("the response is committed");
        }
        count = 0;
        written = 0;
    }

    /** Ignores writes until {@link #resume()} (after sendError and sendRedirect). */
    void suspend() {
        suspended = true;
    }

    /** Accepts writes again, for the container's error page. */
    void resume() {
        suspended = false;
        closed = false;
    }

    /** Everything buffered, for a response that never sent anything: the container sends it as one chunk. */
    byte[] takeAll() {
        byte[] all = count == buffer.length ? buffer : Arrays.copyOf(buffer, count);
        buffer = new byte[0];
        count = 0;
        return all;
    }
}
