package dev.gateway.server.http;

import dev.gateway.server.config.LoggerNames;
import dev.gateway.server.websocket.ServerUpgrade;
import dev.gateway.server.websocket.WebSocketHandshake;
import dev.gateway.spi.Application;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/1.1 connection on its event loop: it reads a request head, checks it, hands it to a worker
 * as an {@link Exchange}, feeds the request body to the worker as the worker asks for it, and once the
 * response is written reads the next request (keep-alive) or ends the connection.
 *
 * <p>The connection is always in one {@link ConnectionPhase}:
 * <pre>
 * AWAITING_HEAD  valid head               -> READING_BODY  (the exchange runs on a worker, or here for a
 *                                                          non-blocking application's request without a body)
 *                valid head without body  -> RESPONDING    (it came whole: head and end in one message)
 *                head of the health path  -> DRAINING      (answered here; its body is dropped)
 *                refused head             -> RESPONDING    (4xx written)  -> LINGERING
 *                Upgrade: h2c             -> RESPONDING    (101 written)  -> HTTP/2, this handler leaves
 *                bad WebSocket handshake  -> RESPONDING    (400/403/426 written) -> LINGERING
 *                idle deadline, input end -> CLOSED      (a graceful stop: the deadline is CloseWhenIdle's grace)
 * READING_BODY   body piece               -> READING_BODY  (queued for the application)
 *                body end, bad framing    -> RESPONDING
 * READING_BODY,  response written, keep-alive, body ended   -> AWAITING_HEAD
 *  RESPONDING    response written, keep-alive, body unread  -> DRAINING
 *                response written, connection ends          -> LINGERING
 * DRAINING       body end                 -> AWAITING_HEAD (or LINGERING when stopping)
 *                more than the budget     -> CLOSED
 * LINGERING      client closed, linger time passed          -> CLOSED
 * RESPONDING     the application accepts a WebSocket        -> UPGRADED (101 written, WebSocket handlers ahead of this one)
 * UPGRADED       the socket closes                          -> CLOSED
 * </pre>
 *
 * <p><b>Responses go out in request order</b> (RFC 9112 section 9.3.2) because of how reads work,
 * not because of timing: auto-read is off and a flow-control handler below delivers one message per
 * read; every read, the body stream's included, passes {@link #read}, which lets it through only in
 * a phase that takes the next message of the stream. So there is at most one exchange per connection,
 * and the next request head is read only after the previous response's last write completed. A
 * message that arrives when the phase cannot take it (a handler below delivering unasked) is held
 * and replayed in order, never dropped or served early.
 */
public final class GatewayHandler extends ChannelDuplexHandler implements ExchangeOwner {

    private static final Logger log = LoggerFactory.getLogger(LoggerNames.ERROR);

    /** Body bytes an application left unread that the server reads and drops to reach the next request. */
    private static final long MAX_DRAIN_BYTES = 1 << 20;

    private final HttpServerContext context;
    private final RequestValidator validator;
    private ChannelHandlerContext ctx;
    /** Where a read starts that reaches the socket without taking a queued message: the flow-control handler's context. */
    private ChannelHandlerContext socketReads;
    private WritabilityGate gate;
    private IdleTimer idle;
    private ConnectionPhase phase = ConnectionPhase.AWAITING_HEAD;
    /** The running exchange (READING_BODY, RESPONDING), else null. */
    private Exchange current;
    /** Bytes DRAINING may still drop before the connection is given up. */
    private long drainBudget;
    /** A read was passed down and no message has answered it yet. */
    private boolean awaitingMessage;
    /** Messages that arrived in a phase that could not take them, in arrival order; normally always empty. */
    private ArrayDeque<Object> held;
    /** The decoder hit bad framing: the stream position is unknown, so the connection ends after the response. */
    private boolean broken;
    /** The client shut down its sending side: serve what was received, then close. */
    private boolean inputEnded;
    /** The server is stopping this connection gracefully ({@link CloseWhenIdle}): no request after the current one. */
    private boolean stopRequested;
    /** Formatted once per connection: the environ's address keys (a PROXY preamble replaces them). */
    private ConnectionAddresses addresses;

    public GatewayHandler(HttpServerContext context) {
        this.context = context;
        this.validator = new RequestValidator(context.rules());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    /** Added to a connection that is already open: after TLS's ALPN, or the HTTP/2 preface check. */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    private void start(ChannelHandlerContext ctx) {
        if (this.ctx != null) {
            return;
        }
        this.ctx = ctx;
        ChannelHandlerContext flowControl = ctx.pipeline().context(FlowControlHandler.class);
        this.socketReads = flowControl != null ? flowControl : ctx;
        this.gate = new WritabilityGate(ctx.channel());
        this.idle = new IdleTimer(ctx, this::close);
        awaitHead(context.timeouts().headerTimeout().toMillis());
    }

    // ---- input: one message per read, routed by phase ---------------------------------------------

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        awaitingMessage = false;
        switch (phase) {
            case AWAITING_HEAD -> onBetweenRequests(msg);
            case READING_BODY -> onBody(msg);
            case DRAINING -> onDrain(msg);
            case RESPONDING -> hold(msg);
            case UPGRADED -> ReferenceCountUtil.release(msg); // the WebSocket handlers ahead consume every frame
            case LINGERING -> {
                ReferenceCountUtil.release(msg);
                requestInput();
            }
            case CLOSED -> ReferenceCountUtil.release(msg);
        }
    }

    /**
     * Every read passes here: the body stream's (from a worker thread, run on the event loop) and the
     * handler's own. A held message is replayed first; otherwise the read goes down only when the
     * phase takes input.
     */
    @Override
    public void read(ChannelHandlerContext ctx) {
        requestInput();
    }

    /**
     * Asks for the next message (auto-read is off: nothing is read that nobody asked for). At most one
     * read is outstanding: the flow-control handler counts reads and would answer a second one with
     * the message after the one asked for.
     */
    private void requestInput() {
        if (held != null && !held.isEmpty() && phase != ConnectionPhase.RESPONDING) {
            channelRead(ctx, held.poll());
        } else if (phase.takesInput() && !awaitingMessage) {
            awaitingMessage = true;
            ctx.read();
        }
    }

    /** A message the phase cannot take (a handler below delivered it unasked): kept, in order. */
    private void hold(Object msg) {
        if (held == null) {
            held = new ArrayDeque<>(2);
        }
        held.add(msg);
    }

    private void onBetweenRequests(Object msg) {
        if (msg instanceof HttpRequest request) {
            idle.disarm();
            onRequestHead(request);
        } else if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
            // The input ended inside a body that nobody reads any more.
            content.release();
            close();
        } else {
            ReferenceCountUtil.release(msg);
            requestInput();
        }
    }

    private void onRequestHead(HttpRequest request) {
        SocketAddress peer = ctx.channel().remoteAddress();
        RequestValidator.Rejection rejection = validator.check(request);
        if (rejection != null) {
            reject(rejection);
            return;
        }
        ForwardedHeaders.Forwarded forwarded;
        try {
            forwarded = validator.forwarded(request, peer, context.site().scheme());
        } catch (BadRequestException e) {
            reject(RequestValidator.decoderFailure(e));
            return;
        }
        if (context.health() != null && context.health().matches(request)) {
            answerHealth(request);
            return;
        }
        boolean websocket = false;
        if (WebSocketHandshake.requested(request)) {
            WebSocketHandshake.Refusal refusal = WebSocketHandshake.check(request, context.websocket(), forwarded.scheme());
            if (refusal != null) {
                refuseWebSocket(refusal);
                return;
            }
            websocket = true;
        }
        if (!websocket && H2cUpgrade.requested(request, context, ctx.channel())) {
            phase = ConnectionPhase.RESPONDING;
            idle.cancel();
            if (H2cUpgrade.switchProtocols(ctx, request, context)) {
                return;
            }
        }
        dispatch(request, forwarded, websocket);
    }

    /** Hands the request to a worker; reading goes on as the application consumes the body. */
    private void dispatch(HttpRequest request, ForwardedHeaders.Forwarded forwarded, boolean websocket) {
        boolean hasBody = BodyFraming.announcesBody(request);
        RequestBodyStream body = hasBody
                ? new RequestBodyStream(ctx.channel(), expectsContinue(request) ? this::sendContinue : null)
                : RequestBodyStream.empty(ctx.channel());
        Exchange exchange = new Exchange(this, ctx.channel(), context, request, body, gate,
                HttpUtil.isKeepAlive(request) && !stopRequested, forwarded.scheme(),
                forwarded.scriptName() != null ? forwarded.scriptName() : context.site().scriptName(),
                addresses().forwardedFor(forwarded.clientAddress()));
        if (websocket) {
            exchange.offerWebSocket(this::switchToWebSocket);
        }
        current = exchange;
        // A request without a body comes whole from the decoder, its end included: nothing to read.
        phase = request instanceof LastHttpContent ? ConnectionPhase.RESPONDING : ConnectionPhase.READING_BODY;
        Application onEventLoop = eventLoopApplication(hasBody, websocket);
        if (onEventLoop != null) {
            callOnEventLoop(exchange, onEventLoop);
            return;
        }
        try {
            context.workers().execute(exchange);
        } catch (RejectedExecutionException e) {
            current = null;
            body.discard();
            reject(new RequestValidator.Rejection(HttpResponseStatus.SERVICE_UNAVAILABLE, "server is shutting down"));
            return;
        }
        if (phase == ConnectionPhase.READING_BODY) {
            requestInput(); // the first body message, without waiting for the worker
        } else {
            keepSocketReadable();
        }
    }

    /**
     * Keeps a read pending at the socket while a worker answers a request that came whole. With
     * auto-read off, Netty's epoll transport clears a socket's read interest when a read ends with
     * none pending, and sets it again at the next read: two epoll_ctl calls per request
     * (docs/performance.md, "Where the CPU goes, thread by thread"). The read starts below the
     * flow-control handler and so takes nothing from it: whatever arrives meanwhile, one socket read
     * at most, waits in its queue until the next request is asked for.
     */
    private void keepSocketReadable() {
        socketReads.read();
    }

    /**
     * The application to call here, on the event loop, for this request: the non-blocking one the
     * workers offered, for a request that cannot block it (no body to wait for, no WebSocket), else
     * null (docs/spec.md, "Threads").
     */
    private Application eventLoopApplication(boolean hasBody, boolean websocket) {
        EventLoopCalls calls = context.eventLoopCalls();
        if (calls == null || websocket || hasBody) {
            return null;
        }
        return calls.application();
    }

    /** RFC 9110 section 10.1.1: a 1.0 client never waits for 100 Continue, so it gets none. */
    private static boolean expectsContinue(HttpRequest request) {
        return request.protocolVersion() != HttpVersion.HTTP_1_0 && HttpUtil.is100ContinueExpected(request);
    }

    /**
     * Runs the exchange now, on this thread. The next request of a pipeline is read from the listener
     * that ends this exchange, while this call is still on the stack; Netty runs the listener of a
     * completed future in place only 8 levels deep and as a task below that, so a deep pipeline does
     * not nest calls without bound (EventLoopCallsTest, 2,000 requests on one connection).
     */
    private void callOnEventLoop(Exchange exchange, Application application) {
        context.eventLoopCalls().call(exchange, application);
    }

    private void onBody(Object msg) {
        if (!(msg instanceof HttpContent content) || msg instanceof HttpRequest) {
            hold(msg);
            return;
        }
        if (content.decoderResult().isFailure()) {
            content.release();
            onBadBody(content);
            return;
        }
        boolean readAhead = current.body().offer(content.content());
        if (content instanceof LastHttpContent) {
            current.body().finish();
            phase = ConnectionPhase.RESPONDING;
        } else if (readAhead) {
            requestInput(); // the next piece, while the application reads this one
        }
    }

    /**
     * Bad chunked framing inside a body, or a body past {@code limit_request_body}: the body read
     * fails, and the connection will not be reused.
     */
    private void onBadBody(HttpContent content) {
        RequestValidator.Rejection rejection = RequestValidator.decoderFailure(content.decoderResult().cause());
        log.debug("bad request body from {}: {}", ctx.channel().remoteAddress(), rejection.reason());
        broken = true;
        phase = ConnectionPhase.RESPONDING;
        current.body().fail(new RefusedBodyException(rejection.status(), rejection.reason()));
    }

    private void onDrain(Object msg) {
        if (!(msg instanceof HttpContent content) || msg instanceof HttpRequest) {
            hold(msg);
            return;
        }
        boolean failed = content.decoderResult().isFailure();
        drainBudget -= content.content().readableBytes();
        content.release();
        if (failed || drainBudget < 0) {
            close();
        } else if (content instanceof LastHttpContent) {
            nextRequest();
        } else {
            requestInput();
        }
    }

    // ---- answers the server gives itself -----------------------------------------------------------

    /**
     * The readiness path, answered here on the event loop so that no worker is needed; a body it came
     * with is then read and dropped like an unread body.
     */
    private void answerHealth(HttpRequest request) {
        boolean close = stopRequested || context.health().draining() || !HttpUtil.isKeepAlive(request);
        phase = ConnectionPhase.RESPONDING;
        ChannelFuture written = ctx.writeAndFlush(context.health().answer(request, close));
        if (close) {
            written.addListener(f -> linger());
        } else if (request instanceof LastHttpContent) {
            nextRequest(); // it came whole: nothing of it is left to read
        } else {
            drain();
        }
    }

    /** A refused request: answer, then end the connection; nothing behind it is read (no smuggling). */
    private void reject(RequestValidator.Rejection rejection) {
        refuse(ErrorResponses.of(rejection.status(), true), rejection.reason());
    }

    /** A WebSocket handshake the server refuses before the application sees it (RFC 6455 section 4.2.1). */
    private void refuseWebSocket(WebSocketHandshake.Refusal refusal) {
        refuse(refusal.response(ErrorResponses.of(refusal.status(), true)), "WebSocket handshake: " + refusal.reason());
    }

    private void refuse(FullHttpResponse response, String reason) {
        log.debug("refused request from {}: {}", ctx.channel().remoteAddress(), reason);
        phase = ConnectionPhase.RESPONDING;
        ctx.writeAndFlush(response).addListener(f -> linger());
    }

    /**
     * The application accepted the WebSocket (from its thread): on the event loop, the 101 goes out
     * through the HTTP encoder, the WebSocket handlers go in ahead of this handler, and the HTTP
     * handlers leave, the decoder last so that bytes it holds reach the frame decoder.
     */
    private Future<Void> switchToWebSocket(FullHttpResponse switching, ServerUpgrade.InstallStep install) {
        Promise<Void> switched = ctx.executor().newPromise();
        ctx.executor().execute(() -> {
            if (phase != ConnectionPhase.RESPONDING || !ctx.channel().isActive()) {
                switching.release();
                switched.setFailure(new ClientDisconnectedException("the connection closed before the WebSocket was accepted"));
                return;
            }
            phase = ConnectionPhase.UPGRADED;
            idle.cancel();
            ctx.writeAndFlush(switching);
            ChannelPipeline pipeline = ctx.pipeline();
            install.install(pipeline, ctx.name());
            for (String name : List.of("flow", "body-limit", HttpServerInitializer.ENCODER, "decoder")) {
                if (pipeline.get(name) != null) {
                    pipeline.remove(name);
                }
            }
            switched.setSuccess(null);
            if (context.observer() != null) {
                context.observer().webSocketOpened();
            }
        });
        return switched;
    }

    private void sendContinue() {
        ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
    }

    // ---- the end of an exchange --------------------------------------------------------------------

    /**
     * Called by the worker when the response is written (or abandoned: {@code last} null). The
     * decision runs on the event loop once the last write completed.
     */
    @Override
    public void exchangeDone(Exchange exchange, ChannelFuture last, boolean keepAlive) {
        if (exchange.upgraded()) {
            // The connection belongs to the WebSocket handlers, which close it at the session's end.
            exchange.body().discard();
            return;
        }
        if (ctx.executor().isShuttingDown()) {
            // The worker outlived its server (a request that ran past the stop): nothing to hand back to.
            exchange.body().discard();
            return;
        }
        if (last == null) {
            // Abandoned mid-response: what was already written still goes out, then the connection
            // ends, so the client sees a truncated response, never a complete-looking wrong one.
            ctx.channel().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> finishExchange(exchange, false));
            return;
        }
        last.addListener(f -> finishExchange(exchange, keepAlive && f.isSuccess()));
    }

    private void finishExchange(Exchange exchange, boolean keepAlive) {
        RequestBodyStream body = exchange.body();
        boolean bodyEnded = body.isFinished();
        body.discard();
        if (current != exchange || phase == ConnectionPhase.CLOSED) {
            return;
        }
        current = null;
        if (!keepAlive || broken || stopRequested || !ctx.channel().isActive()) {
            linger();
        } else if (bodyEnded) {
            nextRequest();
        } else if (body.neverRead() && HttpUtil.is100ContinueExpected(exchange.request())) {
            // The client is waiting for 100 Continue that will never come; its body may or may not
            // follow, so the connection cannot be reused safely.
            close();
        } else {
            drain();
        }
    }

    /** Reads and drops the rest of a body nobody read, up to {@link #MAX_DRAIN_BYTES}. */
    private void drain() {
        phase = ConnectionPhase.DRAINING;
        drainBudget = MAX_DRAIN_BYTES;
        requestInput();
    }

    /** The connection is between requests: keep-alive, unless the server is stopping. */
    private void nextRequest() {
        if (stopRequested) {
            linger();
        } else {
            awaitHead(context.timeouts().keepAlive().toMillis());
        }
    }

    /** Waits for the next request head; an idle or too-slow connection is closed after {@code millis}. */
    private void awaitHead(long millis) {
        phase = ConnectionPhase.AWAITING_HEAD;
        idle.arm(millis);
        requestInput();
        if (inputEnded && phase == ConnectionPhase.AWAITING_HEAD) {
            // Nothing was waiting in the flow-control queue, and nothing more can come.
            close();
        }
    }

    private void linger() {
        if (phase == ConnectionPhase.LINGERING || phase == ConnectionPhase.CLOSED) {
            return;
        }
        phase = ConnectionPhase.LINGERING;
        idle.cancel();
        LingeringClose.start(ctx, inputEnded, this::requestInput);
    }

    private void close() {
        phase = ConnectionPhase.CLOSED;
        ctx.close();
    }

    // ---- events ------------------------------------------------------------------------------------

    /**
     * A graceful stop of this connection ({@link CloseWhenIdle}), or the client shutting down its
     * sending side (half-close). Between requests both close at once (a partial head is Gunicorn's
     * NoMoreData); during an exchange the response still goes out and the connection closes after it.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == CloseWhenIdle.EVENT) {
            stopRequested = true;
            if (phase == ConnectionPhase.UPGRADED) {
                return; // a WebSocket lasts until graceful_timeout; the stop then closes it with 1001
            }
            if (phase == ConnectionPhase.AWAITING_HEAD) {
                // Closing an idle keep-alive connection races with a request the client may be sending
                // on it right now, which it would then see fail without an answer. A short grace lets
                // such a request in (answered with Connection: close); a quiet connection closes after it.
                idle.arm(Math.min(CloseWhenIdle.GRACE_MILLIS, Math.max(1, context.timeouts().keepAlive().toMillis())));
            }
            return;
        }
        if (event instanceof ChannelInputShutdownEvent) {
            onInputEnded();
        }
        ctx.fireUserEventTriggered(event);
    }

    private void onInputEnded() {
        inputEnded = true;
        switch (phase) {
            case LINGERING -> close();
            case AWAITING_HEAD, DRAINING -> {
                // Requests (or the body end) decoded before the end may still wait in the flow-control queue.
                ConnectionPhase before = phase;
                requestInput();
                if (phase == before) {
                    close();
                }
            }
            default -> {
                // READING_BODY, RESPONDING: the response goes out first; the decoder failed a body cut short.
            }
        }
    }

    /**
     * Netty's FlowControlHandler passes a read-complete on when a socket read ended without
     * delivering the message asked for (a partial head, a partial chunk line), and it forgets that
     * demand at that moment. With auto-read off nobody would ask again and the connection would
     * stall, so a demand still unanswered is renewed here.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (awaitingMessage && phase.takesInput() && ctx.channel().isActive()) {
            ctx.read();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        gate.signal();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        phase = ConnectionPhase.CLOSED;
        idle.cancel();
        if (current != null) {
            current.body().fail(new ClientDisconnectedException("client disconnected"));
        }
        if (held != null) {
            held.forEach(ReferenceCountUtil::release);
            held.clear();
        }
        gate.signal();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException || cause.getCause() instanceof javax.net.ssl.SSLException) {
            // A reset, or a TLS client that failed its handshake (no or untrusted certificate): the client's business.
            log.debug("connection error from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("unexpected error on connection from {}", ctx.channel().remoteAddress(), cause);
        }
        close();
    }

    /** The connection's addresses, with the client a PROXY preamble reported. */
    private ConnectionAddresses addresses() {
        if (addresses == null) {
            Channel connection = ctx.channel();
            addresses = ConnectionAddresses.of(connection).proxiedBy(connection.attr(ProxyProtocolDecoder.PROXIED).get());
        }
        return addresses;
    }
}
