package dev.gateway.spi.testing;

import dev.gateway.spi.server.ApplicationCall;
import dev.gateway.spi.server.ResponseState;
import java.io.ByteArrayOutputStream;

/**
 * The test client's side of a response: the {@link ResponseState} the application gets, and the body
 * bytes collected as the server would send them (see {@link TestClient} for what is mirrored).
 */
final class ResponseCollector implements ApplicationCall.Sink {

    private final boolean head;
    private final ResponseState state = new ResponseState(this::write);
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private long contentLength = -1;
    private boolean truncated;

    ResponseCollector(boolean head) {
        this.head = head;
    }

    ResponseState state() {
        return state;
    }

    byte[] body() {
        return body.toByteArray();
    }

    /** One chunk of the iteration; stops it where the server would stop sending (at the Content-Length). */
    @Override
    public boolean chunk(byte[] chunk) {
        write(chunk);
        return !truncated;
    }

    @Override
    public void end() {
        if (!state.headersSent()) {
            sendHead();
        }
    }

    /** The legacy write callable and the step of the iteration: the head goes with the first non-empty chunk. */
    private void write(byte[] chunk) {
        if (chunk == null) {
            throw new IllegalArgumentException("body chunk is null");
        }
        if (chunk.length == 0) {
            return;
        }
        if (!state.headersSent()) {
            sendHead();
        }
        if (!hasBody()) {
            return;
        }
        int length = chunk.length;
        if (contentLength >= 0 && body.size() + (long) length > contentLength) {
            length = (int) (contentLength - body.size());
            truncated = true;
        }
        body.write(chunk, 0, length);
    }

    private void sendHead() {
        state.requireStarted();
        contentLength = state.contentLength();
        state.markHeadersSent();
    }

    /** RFC 9110 sections 9.3.2, 15.3.5, 15.4.5: HEAD, 204 and 304 responses end at the head. */
    private boolean hasBody() {
        int code = state.statusCode();
        return !head && code != 204 && code != 304;
    }
}
