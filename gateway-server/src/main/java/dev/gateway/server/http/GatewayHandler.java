package dev.gateway.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-connection state machine on the event loop: it waits for a complete request head, checks
 * it, hands it to a worker as an {@link Exchange}, feeds the request body to the worker as the worker
 * asks for it, and after the response either reads the next request (keep-alive, pipelined requests
 * in order) or closes. The channel runs with auto-read off, so nothing is read that nobody asked for.
 */
public final class GatewayHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger("gateway.error");

    /** Body bytes an application left unread that the server reads and drops to reach the next request. */
    private static final long MAX_DRAIN_BYTES = 1 << 20;

    /** How long a closing connection keeps reading and dropping what the client still sends. */
    private static final long LINGER_MILLIS = 2000;

    private final HttpServerContext context;
    private final RequestValidator validator;
    private ChannelHandlerContext ctx;
    private WritabilityGate gate;
    private Exchange current;
    private long drainBudget = -1;
    /** While waiting for a request head: when to give up (System.nanoTime), else 0. */
    private long idleDeadline;
    /** The one pending idle check of this connection, if any; it re-arms itself while requests keep coming. */
    private ScheduledFuture<?> idleCheck;
    /** When the pending idle check runs (System.nanoTime). */
    private long idleCheckAt;
    /** The decoder hit bad framing: the stream position is unknown, so the connection ends after the response. */
    private boolean broken;
    /** The client shut down its sending side: serve what was received, then close. */
    private boolean inputShutdown;
    /** Formatted once per connection: the environ's address keys (a PROXY preamble replaces them). */
    private ConnectionAddresses addresses;
    /** The last response went out and the connection is ending: input is read and dropped. */
    private boolean ending;
    /** The server is stopping this connection gracefully ({@link CloseWhenIdle}): no request after the current one. */
    private boolean closing;

    public GatewayHandler(HttpServerContext context) {
        this.context = context;
        this.validator = new RequestValidator(context.rules());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.gate = new WritabilityGate(ctx.channel());
        awaitRequest(context.headerTimeout().toMillis());
        ctx.fireChannelActive();
    }

    private ConnectionAddresses addresses() {
        if (addresses == null) {
            addresses = ConnectionAddresses.of(ctx.channel());
        }
        return addresses;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (ending) {
            ReferenceCountUtil.release(msg);
            readMore();
            return;
        }
        if (msg instanceof ProxyProtocolDecoder.ProxiedAddress address) {
            addresses = addresses().proxiedBy(address);
            readMore();
            return;
        }
        if (msg instanceof HttpRequest request && !onRequestHead(request)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpContent content) {
            onContent(content);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Starts an exchange for a valid head; returns false when the request was refused. */
    private boolean onRequestHead(HttpRequest request) {
        cancelIdleTimer();
        SocketAddress peer = ctx.channel().remoteAddress();
        RequestValidator.Rejection rejection = validator.check(request, peer);
        if (rejection != null) {
            reject(rejection);
            return false;
        }
        ForwardedHeaders.Forwarded forwarded;
        try {
            forwarded = validator.forwarded(request, peer, context.scheme());
        } catch (BadRequestException e) {
            reject(RequestValidator.decoderFailure(e));
            return false;
        }
        if (forwarded.host() != null) {
            request.headers().set(HttpHeaderNames.HOST, forwarded.host());
        }
        if (context.health() != null && context.health().matches(request)) {
            answerHealth(request);
            return false;
        }
        // RFC 9110 section 10.1.1: a 1.0 client never waits for 100 Continue, so it gets none.
        boolean expectContinue = HttpUtil.is100ContinueExpected(request) && request.protocolVersion() == HttpVersion.HTTP_1_1;
        RequestBodyStream body = new RequestBodyStream(ctx.channel(), expectContinue ? this::sendContinue : null);
        current = new Exchange(this, ctx.channel(), context, request, body, gate, HttpUtil.isKeepAlive(request) && !closing,
                forwarded.scheme(), forwarded.scriptName() != null ? forwarded.scriptName() : context.scriptName(),
                addresses().forwardedFor(forwarded.clientAddress()));
        try {
            context.workers().execute(current);
        } catch (RejectedExecutionException e) {
            current = null;
            body.discard();
            reject(new RequestValidator.Rejection(HttpResponseStatus.SERVICE_UNAVAILABLE, "server is shutting down"));
            return false;
        }
        // Fetch the first body message (for a body-less request: its empty end) without waiting for
        // the worker; later reads happen as the application consumes the body.
        readMore();
        return true;
    }

    private void onContent(HttpContent content) {
        if (content.decoderResult().isFailure()) {
            content.release();
            onBadBody(content);
            return;
        }
        boolean last = content instanceof LastHttpContent;
        if (drainBudget >= 0) {
            drain(content.content(), last);
            return;
        }
        if (current == null) {
            content.release();
            return;
        }
        current.body().offer(content.content());
        if (last) {
            current.body().finish();
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
        if (current != null) {
            current.body().fail(new RefusedBodyException(rejection.status(), rejection.reason()));
        } else {
            ctx.close();
        }
    }

    private void drain(ByteBuf bytes, boolean last) {
        drainBudget -= bytes.readableBytes();
        bytes.release();
        if (drainBudget < 0) {
            ctx.close();
        } else if (last) {
            drainBudget = -1;
            awaitRequest(context.keepAlive().toMillis());
        } else {
            readMore();
        }
    }

    /**
     * The readiness path, answered here on the event loop so that no worker is needed; its (empty)
     * body end is then read and dropped like an unread body, and the connection waits for the next request.
     */
    private void answerHealth(HttpRequest request) {
        boolean close = closing || context.health().draining() || !HttpUtil.isKeepAlive(request);
        ChannelFuture written = ctx.writeAndFlush(context.health().answer(request, close));
        if (close) {
            written.addListener(f -> closeGracefully());
            return;
        }
        drainBudget = MAX_DRAIN_BYTES;
        readMore();
    }

    /** A refused request: answer, close, and read nothing more (no request smuggled behind it). */
    private void reject(RequestValidator.Rejection rejection) {
        log.debug("refused request from {}: {}", ctx.channel().remoteAddress(), rejection.reason());
        ctx.writeAndFlush(ErrorResponses.of(rejection.status(), true)).addListener(f -> closeGracefully());
    }

    /**
     * Ends the connection after the last response without losing it: closing while the client is
     * still sending makes the kernel answer with a reset, which can destroy the response on its way.
     * So the sending side shuts down first, and what still arrives is read and dropped until the
     * client closes its side or {@link #LINGER_MILLIS} pass.
     */
    private void closeGracefully() {
        Channel channel = ctx.channel();
        if (ending) {
            return;
        }
        ending = true;
        cancelIdleTimer();
        if (!channel.isActive() || inputShutdown || !(channel instanceof DuplexChannel duplex)) {
            ctx.close();
            return;
        }
        duplex.shutdownOutput().addListener(f -> {
            ctx.executor().schedule(() -> ctx.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
            readMore();
        });
    }

    private void sendContinue() {
        ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
    }

    /**
     * Called by the worker when the response is written (or abandoned: {@code last} null). Runs the
     * decision on the event loop once the last write completed.
     */
    void exchangeDone(Exchange exchange, ChannelFuture last, boolean keepAlive) {
        if (last == null) {
            // Abandoned mid-response: what was already written still goes out, then the connection
            // ends, so the client sees a truncated response, never a complete-looking wrong one.
            ctx.channel().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> finishExchange(exchange, false));
            return;
        }
        last.addListener(f -> finishExchange(exchange, keepAlive && f.isSuccess()));
    }

    private void finishExchange(Exchange exchange, boolean keepAlive) {
        if (current == exchange) {
            current = null;
        }
        RequestBodyStream body = exchange.body();
        boolean finished = body.isFinished();
        body.discard();
        if (!keepAlive || broken || closing || !ctx.channel().isActive()) {
            closeGracefully();
        } else if (finished) {
            awaitRequest(context.keepAlive().toMillis());
        } else if (body.neverRead() && HttpUtil.is100ContinueExpected(exchange.request())) {
            // The client is waiting for 100 Continue that will never come; its body may or may not
            // follow, so the connection cannot be reused safely.
            ctx.close();
        } else {
            drainBudget = MAX_DRAIN_BYTES;
            readMore();
        }
    }

    /**
     * Waits for the next request head; an idle or too-slow connection is closed after {@code millis}.
     * Setting a deadline is a field write: the timer task is scheduled only when none is pending or
     * the pending one would run too late (a keep-alive timeout shorter than the header timeout the
     * connection started with), so a busy keep-alive connection does not schedule and cancel a task
     * per request.
     */
    private void awaitRequest(long millis) {
        if (millis > 0) {
            idleDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            if (idleCheck != null && idleCheckAt - idleDeadline > 0) {
                idleCheck.cancel(false);
                idleCheck = null;
            }
            if (idleCheck == null) {
                scheduleIdleCheck(idleDeadline - System.nanoTime());
            }
        } else {
            idleDeadline = 0;
        }
        readMore();
        if (inputShutdown && current == null && !ending) {
            // Nothing was waiting in the flow-control queue, and nothing more can come.
            ctx.close();
        }
    }

    /** Asks for the next message (auto-read is off: nothing is read that nobody asked for). */
    private void readMore() {
        ctx.read();
    }

    /**
     * The client shut down its sending side (half-close). Between requests there is nothing to
     * answer (a partial head is Gunicorn's NoMoreData): close. During an exchange the response still
     * goes out; the connection closes after it.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == CloseWhenIdle.EVENT) {
            closing = true;
            if (current == null && drainBudget < 0) {
                ctx.close();
            }
            return;
        }
        if (event instanceof ChannelInputShutdownEvent) {
            inputShutdown = true;
            if (ending) {
                ctx.close();
            } else if (current == null && drainBudget < 0) {
                // A request decoded before the end may still wait in the flow-control queue.
                readMore();
                if (current == null) {
                    ctx.close();
                }
            }
        }
        ctx.fireUserEventTriggered(event);
    }

    private void checkIdle() {
        idleCheck = null;
        if (idleDeadline == 0 || !ctx.channel().isActive()) {
            return;
        }
        long remaining = idleDeadline - System.nanoTime();
        if (remaining <= 0) {
            ctx.close();
        } else {
            scheduleIdleCheck(remaining);
        }
    }

    private void scheduleIdleCheck(long nanos) {
        idleCheckAt = System.nanoTime() + nanos;
        idleCheck = ctx.executor().schedule(this::checkIdle, nanos, TimeUnit.NANOSECONDS);
    }

    private void cancelIdleTimer() {
        idleDeadline = 0;
    }

    /**
     * Netty's FlowControlHandler passes a read-complete on only when a socket read ended without
     * delivering the message asked for (a partial head, a partial chunk line), and it forgets that
     * demand at that moment. With auto-read off nobody would ask again and the connection would
     * stall, so the demand is renewed here.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            readMore();
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
        cancelIdleTimer();
        if (idleCheck != null) {
            idleCheck.cancel(false);
            idleCheck = null;
        }
        if (current != null) {
            current.body().fail(new ClientDisconnectedException("client disconnected"));
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
        ctx.close();
    }
}
