package dev.gateway.servlet.host;

import dev.gateway.spi.FileBody;
import dev.gateway.spi.Header;
import dev.gateway.spi.server.ApplicationCall;
import dev.gateway.spi.server.ResponseState;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.Collection;

/**
 * What the application returns, onto an {@link HttpServletResponse}: status and headers when the head
 * goes out (with the first non-empty chunk, at a {@code write()} call, or at the end of an empty body,
 * as on gateway), each chunk written and flushed at once (PEP 3333, "Buffering and Streaming"), a
 * {@link FileBody} copied by the kernel's file transfer instead of being iterated. The container owns
 * the framing: {@code Content-Length} when the length is known, chunked or close-delimited otherwise.
 *
 * <p>The body is cut at the application's {@code Content-Length}; a body shorter than it fails the
 * response, so the container ends the connection instead of leaving the client waiting (as gateway does).
 */
final class ServletResponseSink implements ApplicationCall.Sink {

    private final HttpServletResponse response;
    private final boolean head;
    private final ResponseState state = new ResponseState(this::write);
    private ServletOutputStream out;
    private long declaredLength = -1;
    private long sent;
    /** Whether the body's bytes go out at all: not for HEAD, 204 and 304 (RFC 9110 sections 9.3.2, 15.3.5, 15.4.5). */
    private boolean hasBody;
    private boolean known;

    ServletResponseSink(HttpServletResponse response, boolean head) {
        this.response = response;
        this.head = head;
    }

    /** The {@code StartResponse} the application gets. */
    ResponseState state() {
        return state;
    }

    /** True once the head went to the container (committed or about to be). */
    boolean headSent() {
        return state.headersSent();
    }

    /**
     * Sets the length of a body whose length is known before it is iterated (a one-chunk
     * {@link Collection}), as gateway sends it with {@code Content-Length}; a {@link FileBody} is sent whole.
     */
    @Override
    public boolean sendWhole(Iterable<byte[]> body) throws IOException {
        if (state.headersSent()) {
            return false;
        }
        if (body instanceof FileBody file) {
            state.requireStarted();
            sendFile(file);
            return true;
        }
        // A body of at most one chunk: its length is that chunk's, which chunk() or end() reads.
        known = body instanceof Collection<?> chunks && chunks.size() <= 1;
        return false;
    }

    @Override
    public boolean chunk(byte[] chunk) throws IOException {
        if (!state.headersSent()) {
            sendHead(known ? chunk.length : -1);
        }
        return writeBody(chunk);
    }

    @Override
    public void end() throws IOException {
        if (!state.headersSent()) {
            sendHead(known ? 0 : -1);
        }
        if (hasBody && declaredLength >= 0 && sent < declaredLength) {
            throw new IllegalStateException("the body ended after " + sent + " of the " + declaredLength
                    + " bytes its Content-Length announced");
        }
    }

    /** The legacy write callable: sends {@code data} now, the head first if it has not gone out. */
    private void write(byte[] data) throws IOException {
        if (data == null) {
            throw new IllegalArgumentException("write() got null");
        }
        if (data.length == 0) {
            return;
        }
        state.requireStarted();
        if (!state.headersSent()) {
            sendHead(-1);
        }
        writeBody(data);
    }

    /** Writes and flushes one chunk; false once the body reached its Content-Length (the rest is cut). */
    private boolean writeBody(byte[] chunk) throws IOException {
        if (!hasBody) {
            return true;
        }
        int length = chunk.length;
        if (declaredLength >= 0 && sent + length > declaredLength) {
            length = (int) (declaredLength - sent);
        }
        try {
            out.write(chunk, 0, length);
            out.flush();
        } catch (IOException e) {
            throw new ClientGoneException(e);
        }
        sent += length;
        return declaredLength < 0 || sent < declaredLength;
    }

    /** Sends a file region: the JDK's transfer from the file channel, without the application iterating it. */
    private void sendFile(FileBody file) throws IOException {
        sendHead(file.count());
        long count = declaredLength >= 0 ? Math.min(file.count(), declaredLength) : file.count();
        if (!hasBody) {
            return;
        }
        try {
            WritableByteChannel target = Channels.newChannel(out);
            for (long done = 0; done < count; ) {
                long n = file.channel().transferTo(file.position() + done, count - done, target);
                if (n <= 0) {
                    throw new IllegalStateException("the file is shorter than its FileBody region");
                }
                done += n;
                sent += n;
            }
            out.flush();
        } catch (IOException e) {
            throw new ClientGoneException(e);
        }
        if (sent < declaredLength) {
            throw new IllegalStateException("the file body has " + sent + " bytes but its Content-Length says " + declaredLength);
        }
    }

    /**
     * Hands status and headers to the container. Hop-by-hop headers never get here (the start rules
     * refuse them); the container adds its own {@code Date}, {@code Connection} and framing.
     *
     * @param knownLength the body's length when known before it is sent, else -1
     */
    private void sendHead(long knownLength) throws IOException {
        state.requireStarted();
        int code = state.statusCode();
        long appLength = state.contentLength();
        hasBody = !head && code != 204 && code != 304;
        declaredLength = appLength >= 0 ? appLength : knownLength;
        response.setStatus(code);
        for (Header header : state.headers()) {
            if (!header.name().equalsIgnoreCase("Content-Length")) {
                response.addHeader(header.name(), header.value());
            }
        }
        // HEADER-5: no Content-Length on a 204; a 304 keeps none either (its body is the cached one's).
        if (declaredLength >= 0 && code != 204 && code != 304) {
            response.setContentLengthLong(declaredLength);
        }
        state.markHeadersSent();
        out = response.getOutputStream();
    }

    /** Writing to the client failed: it went away. Nothing to answer, and nothing to log as an error. */
    static final class ClientGoneException extends IOException {
        ClientGoneException(IOException cause) {
            super("the client went away: " + cause.getMessage(), cause);
        }
    }
}
