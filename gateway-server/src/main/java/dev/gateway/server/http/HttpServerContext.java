package dev.gateway.server.http;

import dev.gateway.server.websocket.WebSocketOptions;
import dev.gateway.spi.Application;
import io.netty.handler.ssl.SslContext;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * What every connection of one server shares: the application, where its calls run, and the HTTP
 * settings. Built from the configuration by the server that owns the listeners, at start and at each
 * reload (connections keep the context they were accepted with).
 *
 * @param application    the application (already wrapped in any middleware)
 * @param workers        where application calls run; never an event loop
 * @param site           what every request's environ says of the server
 * @param limits         request-size limits
 * @param rules          parser strictness and trust (PROXY protocol, scheme headers)
 * @param timeouts       how long a connection may wait for a request head
 * @param observer       told about every finished request (access log, metrics); null for none
 * @param health         the readiness path the server answers itself, or null for none
 * @param tls            the TLS context of every listener, or null for plain HTTP
 * @param maxConnections open connections the server accepts before refusing new ones; 0 for no limit
 * @param http2          how HTTP/2 is offered ({@link Http2Options#OFF}: HTTP/1.1 only)
 * @param websocket      the WebSocket limits, timeouts and origins
 * @param eventLoopCalls which application the event loops may call themselves, or null: none
 */
public record HttpServerContext(
        Application application,
        Executor workers,
        Site site,
        RequestLimits limits,
        HttpRules rules,
        Timeouts timeouts,
        RequestObserver observer,
        HealthCheck health,
        SslContext tls,
        int maxConnections,
        Http2Options http2,
        WebSocketOptions websocket,
        EventLoopCalls eventLoopCalls) {

    /** A context with the default WebSocket settings whose requests all go to the workers. */
    public HttpServerContext(Application application, Executor workers, Site site, RequestLimits limits, HttpRules rules,
                             Timeouts timeouts, RequestObserver observer, HealthCheck health, SslContext tls,
                             int maxConnections, Http2Options http2) {
        this(application, workers, site, limits, rules, timeouts, observer, health, tls, maxConnections, http2,
                WebSocketOptions.DEFAULTS, null);
    }

    /**
     * What every request's environ says of the server.
     *
     * @param scheme       {@code http} or {@code https}
     * @param scriptName   the mount point, {@code ""} for none
     * @param errors       {@code gateway.errors}
     * @param multithread  the value of {@code gateway.multithread}
     * @param multiprocess the value of {@code gateway.multiprocess}
     */
    public record Site(String scheme, String scriptName, PrintWriter errors, boolean multithread, boolean multiprocess) {
    }

    /**
     * How long a connection may wait for a request head.
     *
     * @param keepAlive     an idle keep-alive connection, for its next request
     * @param headerTimeout a new connection, for its first request head
     */
    public record Timeouts(Duration keepAlive, Duration headerTimeout) {
    }
}
