package dev.gateway.server.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client the project does not write, Java's {@code java.net.http.WebSocket}, with its callbacks
 * turned into a queue of whole text messages and a future of the server's close code.
 */
public final class JdkSocket implements WebSocket.Listener {

    public final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    public final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    public WebSocket socket;

    /** Opens {@code uri}, offering {@code subprotocols}. */
    public static JdkSocket open(HttpClient client, URI uri, String... subprotocols) throws Exception {
        JdkSocket listener = new JdkSocket();
        WebSocket.Builder builder = client.newWebSocketBuilder();
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        listener.socket = builder.buildAsync(uri, listener).get(20, TimeUnit.SECONDS);
        return listener;
    }

    /** Sends {@code text} and returns the next message. */
    public String echo(String text) throws Exception {
        socket.sendText(text, true).get(20, TimeUnit.SECONDS);
        return next();
    }

    /** The next whole text message (20 s at most). */
    public String next() throws InterruptedException {
        String text = texts.poll(20, TimeUnit.SECONDS);
        if (text == null) {
            throw new AssertionError("no message within 20 s");
        }
        return text;
    }

    /** The code of the server's close (20 s at most). */
    public int closeCode() throws Exception {
        return closed.get(20, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            texts.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null; // the client answers the close at once
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }
}
