package dev.gateway.server.http;

import dev.gateway.server.config.LoggerNames;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/2 stream, served straight from its frames by this one handler: the HEADERS become the
 * request ({@link Http2RequestHead}), which is checked like an HTTP/1.1 head and run as an
 * {@link Exchange} on a worker; DATA frames feed the request body as the application reads it; the
 * response goes out as frames ({@link ResponseWriter}).
 *
 * <p>The stream's channel runs with auto-read off and delivers one frame per read, and Netty opens
 * the stream's window (WINDOW_UPDATE) only for frames read: so an application that reads its upload
 * slowly keeps the client's window closed (RFC 9113 section 5.2). At most one read is outstanding.
 *
 * <p>A stream carries one request (RFC 9113 section 8.1), so it has no keep-alive or lingering of its
 * own: the stream ends with the response's END_STREAM, or with RST_STREAM when the server stops early.
 */
final class Http2StreamHandler extends ChannelDuplexHandler implements ExchangeOwner {

    private static final Logger log = LoggerFactory.getLogger(LoggerNames.ERROR);

    /** Body bytes an application left unread that are read and dropped so that the stream ends cleanly. */
    private static final long MAX_DRAIN_BYTES = 1 << 20;

    private enum Phase {
        /** Waiting for the stream's HEADERS. */
        AWAITING_HEAD,
        /** The exchange runs and its body is still arriving. */
        READING_BODY,
        /** The exchange runs (or the server answers) and nothing more is read. */
        RESPONDING,
        /** The response is complete; the unread rest of the body is read and dropped. */
        DRAINING,
        /** Done: the stream ended or is being reset. */
        CLOSED
    }

    private final HttpServerContext context;
    private final Http2StreamContext connection;
    /** Stream 1 of an h2c upgrade: the request that came over HTTP/1.1 (without a body), else null. */
    private HttpRequest upgraded;
    private ChannelHandlerContext ctx;
    private WritabilityGate gate;
    private Phase phase = Phase.AWAITING_HEAD;
    private Exchange current;
    private boolean head;
    /** A read was passed down and no frame has answered it yet. */
    private boolean awaitingFrame;
    /** Body bytes received so far, for {@code limit_request_body}. */
    private long received;
    /** The body crossed {@code limit_request_body}: the stream is reset after the response. */
    private boolean refusedBody;
    private long drainBudget;

    /**
     * @param connection what the streams of one connection share
     * @param upgraded   the request of an h2c upgrade's stream 1, else null
     */
    Http2StreamHandler(HttpServerContext context, Http2StreamContext connection, HttpRequest upgraded) {
        this.context = context;
        this.connection = connection;
        this.upgraded = upgraded;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.gate = new WritabilityGate(ctx.channel());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.fireChannelActive();
        if (upgraded != null) {
            HttpRequest request = upgraded;
            upgraded = null;
            onHead(request, true);
        } else {
            requestInput();
        }
    }

    // ---- input: one frame per read ------------------------------------------------------------------

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        awaitingFrame = false;
        switch (phase) {
            case AWAITING_HEAD -> onFirstFrame(msg);
            case READING_BODY -> onBody(msg);
            case DRAINING -> onDrain(msg);
            case RESPONDING, CLOSED -> ReferenceCountUtil.release(msg);
        }
    }

    /** Every read passes here, the body stream's (from a worker, run on the event loop) included. */
    @Override
    public void read(ChannelHandlerContext ctx) {
        requestInput();
    }

    private void requestInput() {
        boolean takesInput = phase == Phase.AWAITING_HEAD || phase == Phase.READING_BODY || phase == Phase.DRAINING;
        if (takesInput && !awaitingFrame) {
            awaitingFrame = true;
            ctx.read();
        }
    }

    private void onFirstFrame(Object msg) {
        if (!(msg instanceof Http2HeadersFrame headers)) {
            // Netty's codec lets a stream begin only with HEADERS; anything else is not a request.
            ReferenceCountUtil.release(msg);
            reset(Http2Error.PROTOCOL_ERROR);
            return;
        }
        HttpRequest request = Http2RequestHead.of(headers.headers());
        if (request == null) {
            log.debug("malformed HTTP/2 request from {}: {}", connection.channel().remoteAddress(), headers.headers());
            reset(Http2Error.PROTOCOL_ERROR); // RFC 9113 section 8.1.1: a malformed request is a stream error
            return;
        }
        onHead(request, headers.isEndStream());
    }

    private void onHead(HttpRequest request, boolean endStream) {
        head = request.method().equals(HttpMethod.HEAD);
        RequestValidator.Rejection rejection = connection.validator().check(request);
        if (rejection == null) {
            rejection = bodyTooLarge(request);
        }
        if (rejection != null) {
            refuse(rejection);
            return;
        }
        ForwardedHeaders.Forwarded forwarded;
        try {
            forwarded = connection.validator().forwarded(request, connection.channel().remoteAddress(), context.site().scheme());
        } catch (BadRequestException e) {
            refuse(RequestValidator.decoderFailure(e));
            return;
        }
        if (context.health() != null && context.health().matches(request)) {
            answer(context.health().answer(request, false), endStream);
            return;
        }
        dispatch(request, forwarded, endStream);
    }

    /** {@code limit_request_body}: a declared length above it is refused before the application runs (413). */
    private RequestValidator.Rejection bodyTooLarge(HttpRequest request) {
        long declared = HttpUtil.getContentLength(request, -1L);
        if (context.limits().limitsBody() && declared > context.limits().requestBody()) {
            return RequestValidator.decoderFailure(RequestBodyLimit.tooLarge(
                    "Content-Length " + declared + " above the limit of " + context.limits().requestBody() + " bytes"));
        }
        return null;
    }

    private void dispatch(HttpRequest request, ForwardedHeaders.Forwarded forwarded, boolean endStream) {
        Channel channel = ctx.channel();
        RequestBodyStream body = endStream ? RequestBodyStream.empty(channel)
                : new RequestBodyStream(channel, HttpUtil.is100ContinueExpected(request) ? this::sendContinue : null);
        Exchange exchange = new Exchange(this, channel, context, request, body, gate, true, forwarded.scheme(),
                forwarded.scriptName() != null ? forwarded.scriptName() : context.site().scriptName(),
                connection.addresses().forwardedFor(forwarded.clientAddress()));
        current = exchange;
        phase = endStream ? Phase.RESPONDING : Phase.READING_BODY;
        try {
            context.workers().execute(exchange);
        } catch (RejectedExecutionException e) {
            current = null;
            body.discard();
            refuse(new RequestValidator.Rejection(HttpResponseStatus.SERVICE_UNAVAILABLE, "server is shutting down"));
        }
    }

    private void onBody(Object msg) {
        if (msg instanceof Http2DataFrame data) {
            received += data.content().readableBytes();
            if (context.limits().limitsBody() && received > context.limits().requestBody()) {
                data.release();
                refuseBody();
                return;
            }
            boolean readAhead = current.body().offer(data.content());
            if (data.isEndStream()) {
                endBody();
            } else if (readAhead) {
                requestInput(); // the next frame, while the application reads this one
            }
        } else if (msg instanceof Http2HeadersFrame trailers && trailers.isEndStream()) {
            endBody(); // trailers are not passed to the application (nor are they over HTTP/1.1)
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void endBody() {
        current.body().finish();
        phase = Phase.RESPONDING;
    }

    /** The body went past {@code limit_request_body}: the application's read fails (it answers 413). */
    private void refuseBody() {
        long limit = context.limits().requestBody();
        RequestValidator.Rejection rejection = RequestValidator.decoderFailure(RequestBodyLimit.tooLarge("body longer than " + limit + " bytes"));
        log.debug("bad request body from {}: {}", connection.channel().remoteAddress(), rejection.reason());
        refusedBody = true;
        phase = Phase.RESPONDING;
        current.body().fail(new RefusedBodyException(rejection.status(), rejection.reason()));
    }

    private void onDrain(Object msg) {
        boolean end = msg instanceof Http2DataFrame data ? data.isEndStream() : msg instanceof Http2HeadersFrame h && h.isEndStream();
        if (msg instanceof Http2DataFrame data) {
            drainBudget -= data.content().readableBytes();
        }
        ReferenceCountUtil.release(msg);
        if (end) {
            phase = Phase.CLOSED; // both sides ended: Netty closes the stream's channel
        } else if (drainBudget < 0) {
            reset(Http2Error.CANCEL);
        } else {
            requestInput();
        }
    }

    // ---- answers the server gives itself -----------------------------------------------------------

    /** A refused request: answered, then the stream ends (reset if the client is still sending). */
    private void refuse(RequestValidator.Rejection rejection) {
        log.debug("refused request from {}: {}", connection.channel().remoteAddress(), rejection.reason());
        phase = Phase.RESPONDING;
        writeResponse(ctx, ErrorResponses.of(rejection.status(), true), ctx.newPromise()).addListener(f -> close());
    }

    /** The readiness path, answered here on the event loop; an unread body is dropped. */
    private void answer(FullHttpResponse response, boolean endStream) {
        phase = Phase.RESPONDING;
        ChannelFuture written = writeResponse(ctx, response, ctx.newPromise());
        if (!endStream) {
            written.addListener(f -> drain());
        }
    }

    /** RFC 9110 section 10.1.1: the client may send the body (from the worker, at its first read). */
    private void sendContinue() {
        ctx.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status(HttpResponseStatus.CONTINUE.codeAsText()), false));
    }

    /**
     * The responses the server makes itself (errors, the readiness path, the 504 of a timeout) are
     * HTTP/1 objects: they become frames here. The application's responses are frames already.
     */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof FullHttpResponse response) {
            writeResponse(ctx, response, promise);
        } else {
            ctx.write(msg, promise);
        }
    }

    /**
     * HEADERS and, unless there is no content (or the request was HEAD, RFC 9110 section 9.3.2), one
     * DATA frame that ends the stream. Connection-specific fields are dropped (RFC 9113 section 8.2.2).
     */
    private ChannelFuture writeResponse(ChannelHandlerContext ctx, FullHttpResponse response, ChannelPromise promise) {
        Http2Headers headers = HttpConversionUtil.toHttp2Headers(response, false);
        boolean data = !head && response.content().isReadable();
        if (!data) {
            response.release();
            return ctx.writeAndFlush(new DefaultHttp2HeadersFrame(headers, true), promise);
        }
        ctx.write(new DefaultHttp2HeadersFrame(headers, false));
        return ctx.writeAndFlush(new DefaultHttp2DataFrame(response.content(), true), promise);
    }

    // ---- the end of the exchange -------------------------------------------------------------------

    @Override
    public void exchangeDone(Exchange exchange, ChannelFuture last, boolean keepAlive) {
        if (ctx.executor().isShuttingDown()) {
            exchange.body().discard(); // the worker outlived its server
            return;
        }
        if (last == null) {
            // Abandoned mid-response: what was written goes out, then the stream is reset, so the
            // client sees a cut response, never a complete-looking wrong one.
            ctx.executor().execute(() -> {
                ctx.flush();
                finishExchange(exchange, false);
            });
            return;
        }
        last.addListener(f -> finishExchange(exchange, keepAlive && f.isSuccess()));
    }

    private void finishExchange(Exchange exchange, boolean complete) {
        RequestBodyStream body = exchange.body();
        boolean bodyEnded = body.isFinished();
        body.discard();
        if (current != exchange || phase == Phase.CLOSED) {
            return;
        }
        current = null;
        if (!complete || refusedBody || !ctx.channel().isActive()) {
            close();
        } else if (bodyEnded) {
            phase = Phase.CLOSED; // both sides ended: Netty closes the stream's channel
        } else if (body.neverRead() && HttpUtil.is100ContinueExpected(exchange.request())) {
            close(); // the client waits for a 100 Continue that will not come
        } else {
            drain();
        }
    }

    /** Reads and drops the rest of a body nobody read, up to {@link #MAX_DRAIN_BYTES}. */
    private void drain() {
        if (phase == Phase.CLOSED) {
            return;
        }
        phase = Phase.DRAINING;
        drainBudget = MAX_DRAIN_BYTES;
        requestInput();
    }

    /** Ends the stream: closing its channel resets it (RST_STREAM CANCEL) if it is still open. */
    private void close() {
        phase = Phase.CLOSED;
        ctx.close();
    }

    private void reset(Http2Error error) {
        phase = Phase.CLOSED;
        ctx.writeAndFlush(new DefaultHttp2ResetFrame(error)).addListener(f -> ctx.close());
    }

    // ---- events ------------------------------------------------------------------------------------

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        gate.signal();
        ctx.fireChannelWritabilityChanged();
    }

    /** The stream ended: both sides done, reset by the client, or the connection gone. */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        phase = Phase.CLOSED;
        if (current != null) {
            current.body().fail(new ClientDisconnectedException("the stream was closed"));
        }
        gate.signal();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("HTTP/2 stream error from {}: {}", connection.channel().remoteAddress(), cause.toString());
        close();
    }
}
