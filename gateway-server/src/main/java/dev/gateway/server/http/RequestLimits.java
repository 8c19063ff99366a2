package dev.gateway.server.http;

/**
 * Limits on the request head, with Gunicorn's names and meanings. The accessors give the limits in
 * force: out-of-range settings are clamped the way Gunicorn clamps them.
 *
 * @param requestLine      {@code limit_request_line}: bytes of the request line, CRLF not counted
 * @param requestFields    {@code limit_request_fields}: number of header fields
 * @param requestFieldSize {@code limit_request_field_size}: bytes of one header field line, CRLF and
 *                         continuation lines counted
 * @param requestBody      {@code limit_request_body}: bytes of a request body; 0 for no limit
 */
public record RequestLimits(int requestLine, int requestFields, int requestFieldSize, long requestBody) {

    /** Gunicorn's defaults: 4094, 100, 8190, and no body limit. */
    public static final RequestLimits DEFAULTS = new RequestLimits(4094, 100, 8190, 0);

    private static final int MAX_REQUEST_LINE = 8190;
    private static final int MAX_HEADERS = 32768;
    private static final int DEFAULT_FIELD_SIZE = 8190;

    /** The request-line limit in force: 0, negative and above 8190 mean 8190. */
    public int maxRequestLine() {
        return requestLine <= 0 || requestLine > MAX_REQUEST_LINE ? MAX_REQUEST_LINE : requestLine;
    }

    /** The field-count limit in force: 0 and above 32768 mean 32768. */
    public int maxFields() {
        return requestFields <= 0 || requestFields > MAX_HEADERS ? MAX_HEADERS : requestFields;
    }

    /** The field-line size limit in force: 0 and negative mean 8190. */
    public int maxFieldSize() {
        return requestFieldSize <= 0 ? DEFAULT_FIELD_SIZE : requestFieldSize;
    }

    /** True when request bodies are limited. */
    public boolean limitsBody() {
        return requestBody > 0;
    }

    /** The bound on all header bytes together, as Gunicorn computes it: fields x (field size + CRLF) + 4. */
    public long maxHeaderBytes() {
        return (long) maxFields() * (maxFieldSize() + 2) + 4;
    }
}
