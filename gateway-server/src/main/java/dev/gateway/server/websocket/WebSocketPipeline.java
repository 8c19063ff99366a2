package dev.gateway.server.websocket;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * Wires the handlers of an upgraded connection, and nothing else. From the socket inwards: the frame
 * encoder (first, so that every close frame, the decoder's own included, passes it), the frame
 * decoder, permessage-deflate when agreed, the UTF-8 check of text messages (after inflation), the
 * idle timer, and the {@link WebSocketFrameHandler}.
 */
public final class WebSocketPipeline {

    private WebSocketPipeline() {
    }

    /**
     * Adds the WebSocket handlers before the handler named {@code before}; the caller then removes
     * the HTTP handlers, its decoder last, so that bytes it still holds reach the frame decoder.
     */
    static void install(ChannelPipeline pipeline, String before, WebSocketOptions options,
                        WebSocketServerExtension extension, WebSocketFrameHandler frames) {
        pipeline.addBefore(before, "ws-encoder", new WebSocket13FrameEncoder(false));
        pipeline.addBefore(before, "ws-decoder", new WebSocket13FrameDecoder(decoderConfig(options, extension != null)));
        if (extension != null) {
            pipeline.addBefore(before, "ws-deflate-encoder", extension.newExtensionEncoder());
            pipeline.addBefore(before, "ws-deflate-decoder", extension.newExtensionDecoder());
        }
        // Violations are turned into close frames by the frame handler, which owns every close.
        pipeline.addBefore(before, "ws-utf8", new Utf8FrameValidator(false));
        long idle = options.idleTimeout().toMillis();
        if (idle > 0) {
            pipeline.addBefore(before, "ws-idle", new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS));
        }
        pipeline.addBefore(before, "ws-frames", frames);
    }

    /**
     * RFC 6455 section 5.1: a client masks every frame, and a server fails the connection otherwise;
     * reserved bits only with an extension that defines them (section 5.2).
     */
    static WebSocketDecoderConfig decoderConfig(WebSocketOptions options, boolean extensions) {
        return WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(options.maxFrameSize())
                .expectMaskedFrames(true)
                .allowMaskMismatch(false)
                .allowExtensions(extensions)
                .closeOnProtocolViolation(false)
                .build();
    }
}
