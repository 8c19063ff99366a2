package dev.gateway.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Cleartext HTTP/2 with prior knowledge (RFC 9113 section 3.3): a connection whose first bytes are
 * the client preface is HTTP/2, any other is HTTP/1.1. HTTP/2 is served only to a peer trusted like
 * a proxy ({@code forwarded_allow_ips}); from another peer the preface reaches the HTTP/1.1 decoder,
 * which refuses it as an unsupported version.
 */
final class PriorKnowledgeDetector extends ByteToMessageDecoder {

    /** RFC 9113 section 3.4: the client connection preface. */
    private static final ByteBuf PREFACE = Unpooled.unreleasableBuffer(
            Unpooled.wrappedBuffer("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));

    private final HttpServerContext context;

    PriorKnowledgeDetector(HttpServerContext context) {
        this.context = context;
    }

    /** When a client that sends nothing is given up (the header timeout, as for an HTTP/1.1 head). */
    private ScheduledFuture<?> deadline;

    /** Auto-read is off: ask for the first bytes, and give the client the header timeout to send them. */
    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        super.channelActive(ctx);
        long millis = context.timeouts().headerTimeout().toMillis();
        if (millis > 0) {
            deadline = ctx.executor().schedule(() -> {
                ctx.close();
            }, millis, TimeUnit.MILLISECONDS);
        }
        ctx.read();
    }

    /** Not bytes: the PROXY preamble reader's failed request, which only HTTP/1.1 can answer (400 or 403). */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!(msg instanceof ByteBuf)) {
            choose(ctx, false);
            ctx.fireChannelRead(msg);
            return;
        }
        super.channelRead(ctx, msg);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int n = Math.min(in.readableBytes(), PREFACE.readableBytes());
        if (!ByteBufUtil.equals(in, in.readerIndex(), PREFACE, 0, n)) {
            choose(ctx, false);
        } else if (n == PREFACE.readableBytes()) {
            choose(ctx, context.rules().forwardedAllowIps().contains(ctx.channel().remoteAddress()));
        }
        // else: a prefix of the preface so far; ByteToMessageDecoder reads on (auto-read off).
    }

    /**
     * Still undecided after a socket read (the preface is split, or a PROXY preamble came alone and
     * its reader left): ask for more, since with auto-read off nobody else will.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        super.channelReadComplete(ctx);
        if (ctx.channel().isActive() && !ctx.isRemoved()) {
            ctx.read();
        }
    }

    /** Wires the protocol behind this handler, then leaves: the bytes read so far go on to it. */
    private void choose(ChannelHandlerContext ctx, boolean http2) {
        if (deadline != null) {
            deadline.cancel(false);
        }
        if (http2) {
            Http2Pipeline.install(ctx.pipeline(), context);
        } else {
            HttpServerInitializer.installHttp1(ctx.pipeline(), context);
        }
        ctx.pipeline().remove(this);
    }
}
