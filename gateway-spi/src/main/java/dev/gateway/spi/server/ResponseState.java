package dev.gateway.spi.server;

import dev.gateway.spi.BodyWriter;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import java.util.List;

/**
 * The {@link StartResponse} a server hands to the application: it records status and headers, applies
 * {@link ResponseRules}, and enforces the once-only and {@code excInfo} rules of PEP 3333. The server
 * reads the recorded status and headers when it sends the head, and marks them sent.
 *
 * <p>Used by one request on one thread at a time.
 */
public final class ResponseState implements StartResponse {

    private final BodyWriter writer;
    private String status;
    private int statusCode;
    private List<Header> headers = List.of();
    private volatile boolean headersSent; // read by the server's supervisor threads (timeouts) too

    /** A state whose {@code start} returns {@code writer} as the legacy write callable. */
    public ResponseState(BodyWriter writer) {
        this.writer = writer;
    }

    @Override
    public BodyWriter start(String status, List<Header> headers, Throwable excInfo) {
        if (excInfo != null) {
            if (headersSent) {
                throw rethrow(excInfo);
            }
        } else if (this.status != null) {
            throw new IllegalStateException("start() called a second time without excInfo");
        }
        String problem = ResponseRules.checkStatus(status);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (headers == null) {
            throw new IllegalArgumentException("headers is null");
        }
        for (Header header : headers) {
            problem = ResponseRules.checkHeader(header);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }
        this.status = status;
        this.statusCode = ResponseRules.statusCode(status);
        this.headers = List.copyOf(headers);
        return writer;
    }

    /** True once {@code start} succeeded. */
    public boolean started() {
        return status != null;
    }

    /** The status line's code and reason, e.g. {@code "200 OK"}; null before {@code start}. */
    public String status() {
        return status;
    }

    /** The numeric status code; 0 before {@code start}. */
    public int statusCode() {
        return statusCode;
    }

    /** The application's headers, in its order. */
    public List<Header> headers() {
        return headers;
    }

    /** The first value of header {@code name} (case-insensitive), or null. */
    public String header(String name) {
        return Header.firstValue(headers, name);
    }

    /** True once the server sent the head; from then on {@code start} with excInfo rethrows. */
    public boolean headersSent() {
        return headersSent;
    }

    /** Called by the server when the head goes on the wire. */
    public void markHeadersSent() {
        headersSent = true;
    }

    private static RuntimeException rethrow(Throwable excInfo) {
        if (excInfo instanceof RuntimeException runtime) {
            return runtime;
        }
        if (excInfo instanceof Error error) {
            throw error;
        }
        return new IllegalStateException("start() with excInfo after the headers were sent", excInfo);
    }
}
