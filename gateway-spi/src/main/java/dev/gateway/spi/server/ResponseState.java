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

    /**
     * Throws unless {@code start} succeeded: a host calls it before the head goes out (START-4).
     *
     * @throws IllegalStateException when the application produced body bytes, or ended its body, without {@code start()}
     */
    public void requireStarted() {
        if (status == null) {
            throw new IllegalStateException("the application returned a body without calling start()");
        }
    }

    /**
     * The length the application's {@code Content-Length} header gives, or -1 when it gave none
     * (HEADER-4). Spaces around the digits are tolerated.
     *
     * @throws IllegalStateException when the header is given twice (a client and a proxy could then
     *                               disagree on where the response ends) or is not decimal digits
     */
    public long contentLength() {
        String value = null;
        for (Header header : headers) {
            if (header.name().equalsIgnoreCase("Content-Length")) {
                if (value != null) {
                    throw new IllegalStateException("the application sent Content-Length more than once");
                }
                value = header.value();
            }
        }
        if (value == null) {
            return -1;
        }
        String digits = value.trim();
        long length = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9' || length > (Long.MAX_VALUE - 9) / 10) {
                length = -1;
                break;
            }
            length = length * 10 + (c - '0');
        }
        if (digits.isEmpty() || length < 0) {
            throw new IllegalStateException("the application sent an invalid Content-Length: \"" + value + "\"");
        }
        return length;
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
