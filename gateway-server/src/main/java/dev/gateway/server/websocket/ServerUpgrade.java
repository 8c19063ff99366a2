package dev.gateway.server.websocket;

import dev.gateway.spi.Header;
import dev.gateway.spi.server.WebSocketRules;
import dev.gateway.spi.websocket.WebSocket;
import dev.gateway.spi.websocket.WebSocketUpgrade;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

/**
 * The upgrade offer the server puts in the environ of a valid handshake ({@code gateway.websocket}).
 * {@code accept()} runs on the application's thread: it checks the application's choices (WS-2 to
 * WS-4, as exceptions), negotiates compression, has the connection's handler send the 101 and switch
 * the pipeline on the event loop, and returns the session once that is done.
 */
public final class ServerUpgrade implements WebSocketUpgrade {

    /** What the connection's HTTP handler offers: send the 101, install the WebSocket handlers, drop HTTP's. */
    @FunctionalInterface
    public interface Switcher {
        /**
         * Runs on the event loop: writes {@code response}, calls {@code install} with the pipeline and
         * the name to install before, removes the HTTP handlers. The future fails when the connection
         * cannot switch (closed, or not between a request and its response).
         */
        Future<Void> switchProtocols(FullHttpResponse response, InstallStep install);
    }

    /** The WebSocket handlers' installation, given the name of the handler they go before. */
    @FunctionalInterface
    public interface InstallStep {
        void install(ChannelPipeline pipeline, String before);
    }

    private final HttpRequest request;
    private final Channel channel;
    private final WebSocketOptions options;
    private final BooleanSupplier responseStarted;
    private final Switcher switcher;
    private final List<String> subprotocols;
    private volatile ServerWebSocket session;

    /**
     * @param responseStarted tells whether the application already called {@code start()}
     */
    public ServerUpgrade(HttpRequest request, Channel channel, WebSocketOptions options, BooleanSupplier responseStarted,
                         Switcher switcher) {
        this.request = request;
        this.channel = channel;
        this.options = options;
        this.responseStarted = responseStarted;
        this.switcher = switcher;
        this.subprotocols = WebSocketRules.subprotocols(request.headers().getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL));
    }

    @Override
    public List<String> subprotocols() {
        return subprotocols;
    }

    @Override
    public synchronized WebSocket accept(String subprotocol, List<Header> headers) throws IOException {
        if (session != null) {
            throw new IllegalStateException("accept() was already called");
        }
        if (responseStarted.getAsBoolean()) {
            throw new IllegalStateException("accept() after start(): the response was already begun");
        }
        String problem = WebSocketRules.checkAccept(subprotocols, subprotocol, headers);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        WebSocketServerExtension extension = WebSocketCompression.negotiate(request, options);
        FullHttpResponse switching = WebSocketHandshake.switching(request, subprotocol,
                extension == null ? null : WebSocketCompression.responseHeader(extension), headers);
        WebSocketFrameHandler frames = new WebSocketFrameHandler(options.maxMessageSize());
        ServerWebSocket opened = new ServerWebSocket(channel, frames, subprotocol);
        frames.attach(opened);
        await(switcher.switchProtocols(switching, (pipeline, before) ->
                WebSocketPipeline.install(pipeline, before, options, extension, frames)));
        session = opened;
        return opened;
    }

    private static void await(Future<Void> switched) throws IOException {
        try {
            switched.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while switching to WebSocket");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException("cannot switch to WebSocket", e.getCause());
        }
    }

    /** The session, once accepted; null while (or when) the application did not accept. */
    public ServerWebSocket session() {
        return session;
    }
}
