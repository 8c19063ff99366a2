package dev.gateway.server.http;

import dev.gateway.server.config.LoggerNames;
import dev.gateway.server.websocket.ServerUpgrade;
import dev.gateway.server.websocket.ServerWebSocket;
import dev.gateway.spi.Application;
import dev.gateway.spi.Environ;
import dev.gateway.spi.EnvironKeys;
import dev.gateway.spi.FileBody;
import dev.gateway.spi.server.EnvironBuilder;
import dev.gateway.spi.server.OutsideScriptName;
import dev.gateway.spi.websocket.WebSocket;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request and its response, run on a worker thread: build the environ, call the application,
 * send what it returns, and always close the body (PEP 3333: {@code close()} is called after success,
 * error or client disconnect). Then hand the channel back to its {@link ExchangeOwner}.
 */
final class Exchange implements AbortableRequest {

    private static final Logger log = LoggerFactory.getLogger(LoggerNames.ERROR);

    private final ExchangeOwner owner;
    private final Channel channel;
    private final HttpServerContext context;
    private final HttpRequest request;
    private final RequestBodyStream body;
    private final WritabilityGate gate;
    private final ResponseWriter out;
    private final String scheme;
    private final String scriptName;
    private final ConnectionAddresses addresses;
    /** Set when the application threw an error the JVM cannot recover from; rethrown after cleanup. */
    private VirtualMachineError fatal;
    /** The status of an error response the server sent instead of the application's, else 0. */
    private int serverStatus;
    /** When the head arrived (System.nanoTime and epoch millis); read only when someone observes requests. */
    private final long startNanos;
    private final long startMillis;
    /** When the response was reported to the observer (System.nanoTime), else 0. */
    private long reportedNanos;
    /** The WebSocket offer of a valid handshake, else null. */
    private volatile ServerUpgrade upgrade;
    /** The application threw after accepting the WebSocket: its session closes with 1011. */
    private boolean sessionFailed;

    /**
     * @param scheme  the URL scheme of this request (the listener's, or a trusted proxy's)
     * @param scriptName the application's mount point for this request (the setting's, or a trusted proxy's)
     * @param addresses the connection's addresses (a PROXY preamble's client already applied)
     */
    Exchange(ExchangeOwner owner, Channel channel, HttpServerContext context, HttpRequest request,
             RequestBodyStream body, WritabilityGate gate, boolean keepAliveRequested, String scheme,
             String scriptName, ConnectionAddresses addresses) {
        this.scheme = scheme;
        this.scriptName = scriptName;
        this.addresses = addresses;
        this.owner = owner;
        this.channel = channel;
        this.context = context;
        this.request = request;
        this.body = body;
        this.gate = gate;
        boolean isHead = request.method().equals(HttpMethod.HEAD);
        this.out = new ResponseWriter(channel, gate, request.protocolVersion(), isHead, keepAliveRequested);
        boolean observed = context.observer() != null;
        this.startNanos = observed ? System.nanoTime() : 0;
        this.startMillis = observed ? WallClock.millisAt(startNanos) : 0;
    }

    /** Puts a WebSocket offer in this request's environ: its handshake was valid (RFC 6455 section 4.2.1). */
    void offerWebSocket(ServerUpgrade.Switcher switcher) {
        upgrade = new ServerUpgrade(request, channel, context.websocket(), out.state()::started, switcher);
    }

    /** True once the application accepted the WebSocket: the 101 went out, the socket is the session's. */
    boolean upgraded() {
        ServerUpgrade offer = upgrade;
        return offer != null && offer.session() != null;
    }

    /**
     * An open WebSocket, and a Server-Sent Events stream whose head went out, are meant to last: the
     * request timeout does not apply to them (a vanished client ends them at their next write).
     */
    @Override
    public boolean longLived() {
        return upgraded() || eventStream();
    }

    /** A WebSocket gets a 1001 close; an event stream is cut, and its client reconnects (as EventSource does). */
    @Override
    public void goAway() {
        if (upgraded()) {
            upgrade.session().goAway();
        } else if (eventStream()) {
            channel.close();
        }
    }

    /** The response is {@code text/event-stream} and under way (the WHATWG HTML standard, section 9.2). */
    private boolean eventStream() {
        if (!out.headSent()) {
            return false;
        }
        String type = out.state().header("Content-Type");
        return type != null && type.regionMatches(true, 0, "text/event-stream", 0, "text/event-stream".length());
    }

    RequestBodyStream body() {
        return body;
    }

    HttpRequest request() {
        return request;
    }

    /** When the head arrived (System.nanoTime), or 0 when nobody observes requests. */
    long startNanos() {
        return startNanos;
    }

    /** When the response was reported to the observer (System.nanoTime), or 0 when it was not (yet). */
    long reportedNanos() {
        return reportedNanos;
    }

    /** On a worker thread: the application is that of the worker running it. */
    @Override
    public void run() {
        respond(context.application());
    }

    /** Builds the environ, calls {@code target}, sends the response and hands the connection back. */
    void respond(Application target) {
        Iterable<byte[]> result = null;
        ChannelFuture last = null;
        boolean closeLater = false;
        Environ environ = null;
        if (context.observer() != null) {
            context.observer().started(); // a worker (or the event loop) took it: in flight until report()
        }
        try {
            EnvironBuilder builder = environBuilder();
            environ = builder.build();
            if (upgrade != null) {
                environ.put(EnvironKeys.WEBSOCKET, upgrade);
            }
            // Outside the mount point the server answers itself (404), like the test client does.
            Application application = builder.outsideScriptName() ? OutsideScriptName.INSTANCE : target;
            result = application.call(environ, out.state());
            if (result == null) {
                throw new IllegalStateException("the application returned null instead of a body");
            }
            if (upgraded()) {
                discardAfterUpgrade(result);
            } else {
                last = out.sendBody(result);
                if (out.bodyShort()) {
                    log.error("{} {}: the body ended after {} of the {} bytes its Content-Length announced; closing the connection",
                            request.method(), request.uri(), out.bodyBytesSent(), out.declaredLength());
                }
                if (result instanceof FileBody) {
                    // Zero copy: the kernel reads the file after this method returns; close it once sent.
                    Iterable<byte[]> body = result;
                    last.addListener(f -> closeBody(body));
                    closeLater = true;
                }
            }
        } catch (ClientDisconnectedException e) {
            log.debug("{} {}: {}", request.method(), request.uri(), e.getMessage());
        } catch (ResponseWriter.ContentLengthExceededException e) {
            log.warn("{} {}: {}", request.method(), request.uri(), e.getMessage());
        } catch (Throwable t) {
            last = failed(out, t);
        } finally {
            if (!closeLater) {
                closeBody(result);
            }
        }
        if (upgraded()) {
            endSession(environ);
        } else if (context.observer() != null) {
            report(context.observer(), environ);
        }
        owner.exchangeDone(this, last, last != null && out.keepAlive());
        if (fatal != null) {
            throw fatal;
        }
    }

    /**
     * Errors a request cannot recover from. An OutOfMemoryError or StackOverflowError from one request
     * is that request's failure (its memory or stack is gone with it); other VM errors are not.
     */
    private static boolean isFatal(Throwable t) {
        return t instanceof VirtualMachineError && !(t instanceof OutOfMemoryError) && !(t instanceof StackOverflowError);
    }

    @Override
    public void abortTimedOut() {
        out.abandon();
        // On the event loop, so the check of the head and the 504 cannot interleave with the
        // application thread's own writes (those are queued behind this task and then dropped).
        channel.eventLoop().execute(() -> {
            if (!out.headSent() && channel.isActive()) {
                channel.writeAndFlush(ErrorResponses.of(HttpResponseStatus.GATEWAY_TIMEOUT, true))
                        .addListener(ChannelFutureListener.CLOSE);
            } else {
                channel.close();
            }
        });
    }

    @Override
    public String describe() {
        return request.method() + " " + request.uri();
    }

    /** The environ of this request, ready to build, through the one builder the test client uses too. */
    private EnvironBuilder environBuilder() {
        EnvironBuilder builder = new EnvironBuilder()
                .requestLine(request.method().name(), request.uri(), request.protocolVersion().text())
                // The decoder applied header_map and forwarder_headers: every name with _ left may pass.
                .keepUnderscoreHeaders(true);
        for (Map.Entry<String, String> header : request.headers()) {
            builder.header(header.getKey(), header.getValue());
        }
        return builder.remote(addresses.remoteAddress(), addresses.remotePort())
                .local(addresses.localName(), addresses.localPort())
                .scheme(scheme)
                .scriptName(scriptName)
                .input(body)
                .errors(context.site().errors())
                .concurrency(context.site().multithread(), context.site().multiprocess());
    }

    /**
     * The application failed: before the head went out the client gets a 500 (and the stack trace
     * goes to the error log only); after it, all we can do is end the connection.
     */
    private ChannelFuture failed(ResponseWriter out, Throwable t) {
        if (out.abandoned()) {
            // Timed out: the timeout was logged with this thread's stack, and the client has its 504.
            log.debug("{} {} ended after its timeout: {}", request.method(), request.uri(), t.toString());
            serverStatus = HttpResponseStatus.GATEWAY_TIMEOUT.code();
            return null;
        }
        if (upgraded() && t instanceof java.io.IOException) {
            // The peer closed or went away while the application sent or received: the session's end.
            log.debug("{} {}: the WebSocket session ended: {}", request.method(), request.uri(), t.toString());
            return null;
        }
        RefusedBodyException refused = causeOf(t, RefusedBodyException.class);
        if (refused != null) {
            log.debug("{} {}: {}", request.method(), request.uri(), t.toString());
        } else {
            log.error("Error handling request {} {}", request.method(), request.uri(), t);
        }
        if (isFatal(t)) {
            // The JVM itself is broken (InternalError, UnknownError): end this connection, then let
            // run() rethrow once the handler has the connection back, so the worker can be replaced.
            fatal = (VirtualMachineError) t;
            return null;
        }
        if (upgraded()) {
            sessionFailed = true; // the 101 was the response; the session closes with 1011
            return null;
        }
        if (out.headSent() || !channel.isActive()) {
            return null;
        }
        // A body that broke its framing or its size limit is the client's fault, whatever the
        // application made of it.
        HttpResponseStatus status = refused != null ? refused.status() : HttpResponseStatus.INTERNAL_SERVER_ERROR;
        serverStatus = status.code();
        return channel.writeAndFlush(ErrorResponses.of(status, true));
    }

    /**
     * After accepting, the body is empty (WS-5); a non-empty one cannot go anywhere after the 101 and
     * is iterated and dropped, so that a middleware's body still runs and closes as usual.
     */
    private void discardAfterUpgrade(Iterable<byte[]> result) {
        long dropped = 0;
        for (byte[] chunk : result) {
            dropped += chunk.length;
        }
        if (dropped > 0) {
            log.warn("{} {}: the application returned {} body bytes after accepting the WebSocket (WS-5); dropped",
                    request.method(), request.uri(), dropped);
        }
    }

    /**
     * The application's call is over: a session it left open is closed (1000, or 1011 when it threw),
     * and the access log gets its one line for the socket when the connection closes.
     */
    private void endSession(Environ environ) {
        ServerWebSocket session = upgrade.session();
        session.callEnded(sessionFailed ? WebSocket.INTERNAL_ERROR : WebSocket.NORMAL_CLOSURE);
        RequestObserver observer = context.observer();
        if (observer != null) {
            channel.closeFuture().addListener(f -> report(observer, environ));
        }
    }

    /** Tells the observer what this request was; an observer's failure never reaches the client. */
    private void report(RequestObserver observer, Environ environ) {
        if (upgraded()) {
            reportSession(observer, environ);
            return;
        }
        reportedNanos = System.nanoTime();
        int status = out.headSent() ? out.state().statusCode() : out.abandoned() ? HttpResponseStatus.GATEWAY_TIMEOUT.code() : serverStatus;
        long bytes = out.headSent() || status == 0 ? out.bodyBytesSent() : ErrorResponses.bodyLength(HttpResponseStatus.valueOf(status));
        RequestRecord record = new RequestRecord(addresses.remoteAddress(), request.method().name(), request.uri(),
                request.protocolVersion().text(), status, bytes, startMillis, reportedNanos - startNanos,
                request.headers(), out.headSent() ? out.state().headers() : java.util.List.of(), environ, body.bytesReceived());
        try {
            observer.completed(record);
        } catch (RuntimeException e) {
            log.warn("A request observer failed for {} {}", request.method(), request.uri(), e);
        }
    }


    /** A WebSocket's line: status 101, payload bytes out and in, from the handshake to the connection's end. */
    private void reportSession(RequestObserver observer, Environ environ) {
        ServerWebSocket session = upgrade.session();
        RequestRecord record = new RequestRecord(addresses.remoteAddress(), request.method().name(), request.uri(),
                request.protocolVersion().text(), HttpResponseStatus.SWITCHING_PROTOCOLS.code(), session.bytesOut(),
                startMillis, System.nanoTime() - startNanos, request.headers(), java.util.List.of(), environ,
                session.bytesIn());
        try {
            observer.completed(record);
        } catch (RuntimeException e) {
            log.warn("A request observer failed for {} {}", request.method(), request.uri(), e);
        }
    }

    private static <T extends Throwable> T causeOf(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private void closeBody(Iterable<byte[]> result) {
        if (result instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Throwable t) {
                log.error("Error closing the response body of {} {}", request.method(), request.uri(), t);
            }
        }
    }
}
