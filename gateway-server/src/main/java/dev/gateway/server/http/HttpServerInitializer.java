package dev.gateway.server.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.flow.FlowControlHandler;

/**
 * Wires the pipeline of each accepted connection, and nothing else: the PROXY protocol preamble
 * reader when enabled, TLS when configured, then the protocol: HTTP/1.1 ({@link #installHttp1}: the
 * strict request decoder, the body-size limit when set, the response encoder, a flow-control handler
 * so that each {@code read()} yields at most one message, and the {@link GatewayHandler}), or HTTP/2
 * ({@link Http2Pipeline}) when TLS's ALPN chose {@code h2} ({@link AlpnProtocols}) or a trusted
 * cleartext peer opened with the HTTP/2 preface ({@link PriorKnowledgeDetector}).
 */
public final class HttpServerInitializer extends ChannelInitializer<Channel> {

    /** The name of Netty's response encoder: a {@link ResponseWriter} writes its bytes below it. */
    static final String ENCODER = "encoder";

    /**
     * What an HTTP/1.1 connection holds beyond the socket's own buffer before the worker writing the
     * response waits ({@link WritabilityGate}). A worker's write counts as pending before the event
     * loop has written it, so with Netty's default (high 64 KiB, low 32 KiB) one 64 KiB chunk stopped
     * the worker at once, and worker and event loop took turns; 256 KiB lets the worker stay a few
     * chunks ahead. Downloads of 64 KiB chunks: 733-855 instead of 512-535 MB/s cold, 1,164-1,283
     * instead of 715-1,104 warm (docs/performance.md, "Downloads: a deeper response queue").
     */
    static final WriteBufferWaterMark RESPONSE_QUEUE = new WriteBufferWaterMark(128 * 1024, 256 * 1024);

    private final HttpServerContext context;

    public HttpServerInitializer(HttpServerContext context) {
        this.context = context;
    }

    /** The settings the connections it wires get. */
    public HttpServerContext context() {
        return context;
    }

    @Override
    protected void initChannel(Channel channel) {
        // A client may shut down its sending side after its request and still wait for the answer.
        channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast("read-guard", new InputShutdownReadGuard());
        if (context.rules().acceptsProxyProtocol()) {
            pipeline.addLast("proxy", new ProxyProtocolDecoder(context.rules().proxyProtocol(), context.rules().proxyAllowIps()));
        }
        if (context.tls() != null) {
            // After the PROXY preamble, which a proxy sends in clear before the TLS handshake.
            pipeline.addLast("tls", context.tls().newHandler(channel.alloc()));
        }
        if (context.tls() != null && context.http2().overTls()) {
            pipeline.addLast("alpn", new AlpnProtocols(context));
        } else if (context.tls() == null && context.http2().priorKnowledge()) {
            pipeline.addLast("h2c", new PriorKnowledgeDetector(context));
        } else {
            installHttp1(pipeline, context);
        }
    }

    /** The HTTP/1.1 handlers, at the end of {@code pipeline}. */
    static void installHttp1(ChannelPipeline pipeline, HttpServerContext context) {
        pipeline.channel().config().setWriteBufferWaterMark(RESPONSE_QUEUE);
        pipeline.addLast("decoder", new RequestDecoder(context.limits(), context.rules()));
        if (context.limits().limitsBody()) {
            pipeline.addLast("body-limit", new RequestBodyLimit(context.limits().requestBody()));
        }
        pipeline.addLast(ENCODER, new HttpResponseEncoder());
        // The decoder may produce a head and its body end from one socket read; this holds the
        // second until asked, so the handler sees one message per read() (backpressure).
        pipeline.addLast("flow", new FlowControlHandler());
        pipeline.addLast("gateway", new GatewayHandler(context));
    }
}
