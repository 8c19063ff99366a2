package dev.gateway.spi.server;

import dev.gateway.spi.Application;
import dev.gateway.spi.Environ;

/**
 * One call of an application as every host makes it (docs/spec.md, "The server side"): call it,
 * refuse a {@code null} body, iterate the body once handing each non-empty chunk to the host, end the
 * response, and close the body always and exactly once (BODY-3 to BODY-5), on the calling thread
 * (THREAD-1). The in-process test client and the servlet host run their calls through it; the Netty
 * server, which frames and schedules its own writes, keeps the same steps in its exchange.
 *
 * <pre>{@code
 * ResponseState state = new ResponseState(host::write);
 * ApplicationCall.run(application, environ, state, host);   // host implements ApplicationCall.Sink
 * }</pre>
 */
public final class ApplicationCall {

    private ApplicationCall() {
    }

    /** Where a host puts the response: the head goes out with the first non-empty chunk, or at the end. */
    public interface Sink {

        /**
         * Takes over a whole body the host can send better than chunk by chunk (a {@link dev.gateway.spi.FileBody}
         * sent with zero copy), then ends the response. The body is still closed by {@link #run}.
         *
         * @return true when the host sent the body; false to have it iterated
         */
        default boolean sendWhole(Iterable<byte[]> body) throws Exception {
            return false;
        }

        /**
         * Sends one non-empty chunk now (PEP 3333, "Buffering and Streaming"); the first one sends the head.
         *
         * @return false when the host wants no more chunks (the body reached its Content-Length)
         */
        boolean chunk(byte[] chunk) throws Exception;

        /** Ends the response after the last chunk: sends the head if no chunk did. */
        void end() throws Exception;

        /**
         * True once the application accepted a protocol upgrade during its call (a WebSocket, WS-5 in
         * docs/spec.md): no head is due then, and the body is iterated and closed but sends nothing.
         */
        default boolean upgraded() {
            return false;
        }
    }

    /**
     * Calls {@code application} and sends its body into {@code sink}; the body is closed whatever happens.
     *
     * @throws Exception what the application, its body or the sink threw; a failure of {@code close()}
     *                   is thrown when nothing else failed, else added to that failure as suppressed
     */
    public static void run(Application application, Environ environ, ResponseState state, Sink sink) throws Exception {
        Iterable<byte[]> body = null;
        Throwable failure = null;
        try {
            body = application.call(environ, state);
            if (body == null) {
                throw new IllegalStateException("the application returned null instead of a body");
            }
            send(body, state, sink);
        } catch (Exception | Error e) {
            failure = e;
            throw e;
        } finally {
            close(body, failure);
        }
    }

    private static void send(Iterable<byte[]> body, ResponseState state, Sink sink) throws Exception {
        if (sink.upgraded()) {
            body.forEach(chunk -> { });
            return;
        }
        if (sink.sendWhole(body)) {
            return;
        }
        for (byte[] chunk : body) {
            if (chunk == null) {
                throw new IllegalArgumentException("body chunk is null");
            }
            if (chunk.length > 0) {
                state.requireStarted();
                if (!sink.chunk(chunk)) {
                    break;
                }
            }
        }
        state.requireStarted();
        sink.end();
    }

    /** Closes the body as a server must: always, once; a failure of close() is reported, not lost. */
    private static void close(Iterable<byte[]> body, Throwable failure) throws Exception {
        if (!(body instanceof AutoCloseable closeable)) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception | Error e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
    }
}
