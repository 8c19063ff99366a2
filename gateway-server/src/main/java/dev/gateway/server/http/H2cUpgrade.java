package dev.gateway.server.http;

import dev.gateway.server.config.LoggerNames;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.util.AttributeKey;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * The {@code Upgrade: h2c} handshake (RFC 7540 section 3.2; deprecated by RFC 9113, but Java's
 * HttpClient still opens cleartext HTTP/2 this way): a body-less HTTP/1.1 request from a trusted
 * peer that asks for it gets {@code 101 Switching Protocols}, the connection becomes HTTP/2 with the
 * client's {@code HTTP2-Settings} applied, and the request is answered on stream 1 by the same path
 * as any stream ({@link Http2StreamInitializer} picks it up from {@link #REQUEST}).
 */
final class H2cUpgrade {

    /** The upgraded request, kept on the connection until stream 1's handler takes it. */
    static final AttributeKey<HttpRequest> REQUEST = AttributeKey.valueOf(H2cUpgrade.class, "request");

    private static final String HTTP2_SETTINGS = "HTTP2-Settings";

    private H2cUpgrade() {
    }

    /**
     * True when {@code request} asks for h2c and may have it: the setting allows it, the peer is
     * trusted, it is HTTP/1.1 without a body, and it names {@code Upgrade} and {@code HTTP2-Settings}
     * in {@code Connection} with exactly one {@code HTTP2-Settings} field.
     */
    static boolean requested(HttpRequest request, HttpServerContext context, Channel channel) {
        HttpHeaders headers = request.headers();
        return context.http2().upgrade()
                && request.protocolVersion() == HttpVersion.HTTP_1_1
                && tokens(headers.getAll(HttpHeaderNames.UPGRADE)).contains("h2c")
                && tokens(headers.getAll(HttpHeaderNames.CONNECTION)).containsAll(List.of("upgrade", "http2-settings"))
                && headers.getAll(HTTP2_SETTINGS).size() == 1
                && !BodyFraming.announcesBody(request)
                && context.rules().forwardedAllowIps().contains(channel.remoteAddress());
    }

    /**
     * Answers 101, then replaces the HTTP/1.1 handlers with HTTP/2's and opens stream 1 for the
     * request. Returns false, having done nothing, when the client's settings do not decode.
     *
     * @param ctx the context of the connection's {@link GatewayHandler}, which is removed
     */
    static boolean switchProtocols(ChannelHandlerContext ctx, HttpRequest request, HttpServerContext context) {
        Http2Settings settings;
        try {
            settings = decodeSettings(request.headers().get(HTTP2_SETTINGS));
        } catch (IllegalArgumentException e) {
            return false;
        }
        FullHttpResponse switching = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
        switching.headers().set("Connection", "Upgrade").set("Upgrade", "h2c");
        ctx.writeAndFlush(switching).addListener(f -> {
            if (f.isSuccess()) {
                becomeHttp2(ctx, request, settings, context);
            } else {
                ctx.close();
            }
        });
        return true;
    }

    private static void becomeHttp2(ChannelHandlerContext ctx, HttpRequest request, Http2Settings settings,
                                    HttpServerContext context) {
        ChannelPipeline pipeline = ctx.pipeline();
        request.setProtocolVersion(Http2RequestHead.HTTP_2);
        for (String name : List.of("Upgrade", HTTP2_SETTINGS, "Connection")) {
            request.headers().remove(name);
        }
        pipeline.channel().attr(REQUEST).set(request);
        // HTTP/2's writes must not pass HTTP/1.1's encoder: those handlers go first. The decoder goes
        // last, once the codec is in place: the bytes it holds (the client's preface, if it came
        // early) then flow on to the codec.
        for (String name : List.of("gateway", "flow", "body-limit", HttpServerInitializer.ENCODER)) {
            if (pipeline.get(name) != null) {
                pipeline.remove(name);
            }
        }
        Http2FrameCodec codec = Http2Pipeline.install(pipeline, context);
        try {
            // Before the client's preface can reach the codec: stream 1 exists, half closed by the client.
            codec.onHttpServerUpgrade(settings);
        } catch (Http2Exception e) {
            LoggerFactory.getLogger(LoggerNames.ERROR).debug("h2c upgrade from {} failed: {}", pipeline.channel().remoteAddress(), e.toString());
            pipeline.channel().close();
            return;
        }
        pipeline.remove("decoder");
    }

    /** RFC 7540 section 3.2.1: the payload of a SETTINGS frame, base64url-encoded. */
    static Http2Settings decodeSettings(String value) {
        byte[] payload = Base64.getUrlDecoder().decode(value.strip().replace("=", ""));
        if (payload.length % 6 != 0) {
            throw new IllegalArgumentException("HTTP2-Settings is not a list of settings");
        }
        Http2Settings settings = new Http2Settings();
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        while (buffer.hasRemaining()) {
            char id = buffer.getChar();
            long setting = buffer.getInt() & 0xFFFFFFFFL;
            settings.put(id, Long.valueOf(setting));
        }
        return settings;
    }

    private static List<String> tokens(List<String> values) {
        return values.stream().flatMap(v -> java.util.Arrays.stream(v.split(",")))
                .map(t -> t.strip().toLowerCase(Locale.ROOT)).filter(t -> !t.isEmpty()).toList();
    }
}
