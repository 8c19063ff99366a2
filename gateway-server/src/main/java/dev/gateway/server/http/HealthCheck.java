package dev.gateway.server.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * The readiness path ({@code health_path}): answered by the connection's event loop before any
 * worker sees the request, so busy or hung workers cannot starve it. {@code 200} while serving,
 * {@code 503} once a graceful stop began ({@link #startDraining}), so a load balancer stops sending.
 */
public final class HealthCheck {

    private static final byte[] READY = "ready\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DRAINING = "draining\n".getBytes(StandardCharsets.US_ASCII);

    private final String path;
    private volatile boolean draining;

    /** @param path the exact request target answered, e.g. {@code /-/ready} */
    public HealthCheck(String path) {
        this.path = path;
    }

    /** A check of {@code path}, or null when the path is empty (the feature is off). */
    public static HealthCheck forPath(String path) {
        return path == null || path.isEmpty() ? null : new HealthCheck(path);
    }

    /** From now on the answer is 503: the server is stopping. */
    public void startDraining() {
        draining = true;
    }

    /** True once {@link #startDraining} was called. */
    public boolean draining() {
        return draining;
    }

    /** True for a GET or HEAD of exactly the health path (a query string is not allowed). */
    boolean matches(HttpRequest request) {
        HttpMethod method = request.method();
        return (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) && request.uri().equals(path);
    }

    /**
     * The answer to {@code request}.
     *
     * @param close true when the connection ends after it (the answer then says so)
     */
    FullHttpResponse answer(HttpRequest request, boolean close) {
        boolean ready = !draining;
        byte[] body = ready ? READY : DRAINING;
        HttpResponseStatus status = ready ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE;
        boolean head = request.method().equals(HttpMethod.HEAD);
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), status,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        response.headers()
                .set("Content-Type", HttpHeaderValues.TEXT_PLAIN)
                .set("Content-Length", body.length)
                .set("Cache-Control", HttpHeaderValues.NO_STORE)
                .set("Date", DateHeader.now())
                .set("Server", "gateway");
        if (close) {
            response.headers().set("Connection", HttpHeaderValues.CLOSE);
        } else if (request.protocolVersion() == HttpVersion.HTTP_1_0) {
            response.headers().set("Connection", HttpHeaderValues.KEEP_ALIVE);
        }
        return response;
    }
}
