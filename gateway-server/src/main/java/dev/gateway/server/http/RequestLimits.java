package dev.gateway.server.http;

/**
 * Limits on the request head, with Gunicorn's names and meanings.
 *
 * @param requestLine      {@code limit_request_line}: bytes of the request line, CRLF not counted
 * @param requestFields    {@code limit_request_fields}: number of header fields
 * @param requestFieldSize {@code limit_request_field_size}: bytes of one header field line
 */
public record RequestLimits(int requestLine, int requestFields, int requestFieldSize) {

    /** Gunicorn's defaults: 4094, 100, 8190. */
    public static final RequestLimits DEFAULTS = new RequestLimits(4094, 100, 8190);
}
