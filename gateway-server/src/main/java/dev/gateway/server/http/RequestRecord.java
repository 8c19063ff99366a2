package dev.gateway.server.http;

import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;

/**
 * The facts about one finished request, as an access log line or a metric needs them.
 *
 * @param remoteAddress   the client's address ({@code REMOTE_ADDR}), {@code ""} for a Unix socket
 * @param method          the request method
 * @param uri             the request target as sent
 * @param protocol        e.g. {@code HTTP/1.1}
 * @param status          the status code sent; 0 when no response went out (client gone)
 * @param bodyBytes       response body bytes sent
 * @param startMillis     when the request head was received (epoch milliseconds)
 * @param durationNanos   from the request head to the end of the response
 * @param requestHeaders  the request's headers
 * @param responseHeaders the application's response headers (empty when it sent none)
 * @param environ         the request's environ, or null when it was not built
 * @param receivedBytes   bytes received after the head: the request body read while the request ran, or a
 *                        WebSocket's message payloads; -1 when not counted
 */
public record RequestRecord(
        String remoteAddress,
        String method,
        String uri,
        String protocol,
        int status,
        long bodyBytes,
        long startMillis,
        long durationNanos,
        HttpHeaders requestHeaders,
        List<Header> responseHeaders,
        Environ environ,
        long receivedBytes) {

    /** A record whose received bytes were not counted (an HTTP request: its body size is in its headers). */
    public RequestRecord(String remoteAddress, String method, String uri, String protocol, int status, long bodyBytes,
                         long startMillis, long durationNanos, HttpHeaders requestHeaders, List<Header> responseHeaders,
                         Environ environ) {
        this(remoteAddress, method, uri, protocol, status, bodyBytes, startMillis, durationNanos, requestHeaders,
                responseHeaders, environ, -1);
    }
}
