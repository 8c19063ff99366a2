package dev.gateway.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Enforces {@code limit_request_body} between the decoder and the {@link GatewayHandler}, so one
 * client cannot make an application buffer or store an unbounded body. A head declaring a larger
 * Content-Length comes out failed (the request is refused with 413 before the application is called
 * and before any {@code 100 Continue}); a chunked body is counted as it arrives, and the piece that
 * crosses the limit comes out failed, which fails the application's read (RFC 9110 section 15.5.14).
 */
final class RequestBodyLimit extends ChannelInboundHandlerAdapter {

    private final long limit;
    /** Body bytes of the current request so far. */
    private long received;
    /** The current request already crossed the limit: its remaining pieces pass untouched. */
    private boolean exceeded;

    /** @param limit the largest body accepted, in bytes (positive) */
    RequestBodyLimit(long limit) {
        this.limit = limit;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            received = 0;
            exceeded = false;
            checkDeclaredLength(request);
        }
        if (msg instanceof HttpContent content && !exceeded && !content.decoderResult().isFailure()) {
            received += content.content().readableBytes();
            if (received > limit) {
                exceeded = true;
                content.setDecoderResult(DecoderResult.failure(tooLarge("body longer than " + limit + " bytes")));
            }
        }
        ctx.fireChannelRead(msg);
    }

    private void checkDeclaredLength(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            return;
        }
        // The decoder has validated Content-Length by now: a present value is a single number.
        long declared = HttpUtil.getContentLength(request, -1L);
        if (declared > limit) {
            exceeded = true;
            request.setDecoderResult(DecoderResult.failure(
                    tooLarge("Content-Length " + declared + " above the limit of " + limit + " bytes")));
        }
    }

    static BadRequestException tooLarge(String detail) {
        return new BadRequestException(BadRequestException.Kind.LIMIT_REQUEST_BODY, detail);
    }
}
