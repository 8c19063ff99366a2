package dev.gateway.spi.testing;

import dev.gateway.spi.Header;
import dev.gateway.spi.websocket.Message;
import dev.gateway.spi.websocket.WebSocket;
import dev.gateway.spi.websocket.WebSocketClosedException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The client's end of an in-process WebSocket that {@link TestClient#websocket} opened: what this end
 * sends, the application receives, and the other way round. When the application declined the
 * upgrade, {@link #accepted()} is false and {@link #response()} holds its HTTP response.
 *
 * <pre>{@code
 * try (TestWebSocket socket = new TestClient(new Echo()).websocket("/echo")) {
 *     socket.sendText("hello");
 *     assertEquals("hello", socket.receive().text());
 * }   // close(1000); then join() rethrows what the application threw, or a Lint violation
 * }</pre>
 */
public final class TestWebSocket implements WebSocket, AutoCloseable {

    private final MemoryWebSocket end;
    private final TestResponse declined;
    private final List<Header> headers;
    private final CompletableFuture<Void> finished;

    private TestWebSocket(MemoryWebSocket end, TestResponse declined, List<Header> headers, CompletableFuture<Void> finished) {
        this.end = end;
        this.declined = declined;
        this.headers = headers;
        this.finished = finished;
    }

    static TestWebSocket accepted(MemoryWebSocket end, List<Header> headers, CompletableFuture<Void> finished) {
        return new TestWebSocket(end, null, headers, finished);
    }

    static TestWebSocket declined(TestResponse response, CompletableFuture<Void> finished) {
        return new TestWebSocket(null, response, List.of(), finished);
    }

    /** True when the application accepted the upgrade. */
    public boolean accepted() {
        return end != null;
    }

    /** The application's HTTP response when it declined the upgrade, else {@code null}. */
    public TestResponse response() {
        return declined;
    }

    /** The extra headers the application accepted with. */
    public List<Header> headers() {
        return headers;
    }

    /**
     * Waits until the application's {@code call()} returned, then rethrows what it threw, or the first
     * Lint violation of the call.
     */
    public void join() throws Exception {
        try {
            finished.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw (Error) e.getCause();
        }
    }

    /** The next message from the application, or {@code null} once the session ended (or never began). */
    @Override
    public Message receive() throws IOException {
        return end == null ? null : end.receive();
    }

    @Override
    public void sendText(String text) throws IOException {
        open().sendText(text);
    }

    @Override
    public void sendBinary(byte[] data) throws IOException {
        open().sendBinary(data);
    }

    @Override
    public OutputStream sendStream(boolean text) throws IOException {
        return open().sendStream(text);
    }

    @Override
    public void ping(byte[] data) throws IOException {
        open().ping(data);
    }

    /**
     * Sends a close (nothing when declined, or when this end closed already), then waits for the
     * application's call to end and rethrows its failure ({@link #join()}).
     */
    @Override
    public void close(int code, String reason) throws IOException {
        if (end != null && end.isOpen()) {
            end.close(code, reason);
        }
    }

    /** {@code close(1000, "")}, then {@link #join()}: the end of a try-with-resources block. */
    @Override
    public void close() throws IOException {
        close(NORMAL_CLOSURE, "");
        try {
            while (end != null && end.receive() != null) {
                // what the application still sent before it saw the close
            }
            join();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    @Override
    public int closeCode() {
        return end == null ? -1 : end.closeCode();
    }

    @Override
    public String closeReason() {
        return end == null ? "" : end.closeReason();
    }

    @Override
    public String subprotocol() {
        return end == null ? null : end.subprotocol();
    }

    @Override
    public boolean isOpen() {
        return end != null && end.isOpen();
    }

    private MemoryWebSocket open() throws WebSocketClosedException {
        if (end == null) {
            throw new WebSocketClosedException("the application declined the upgrade (" + declined.statusCode() + ")");
        }
        return end;
    }
}
