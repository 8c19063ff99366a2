package dev.gateway.servlet.http;

/**
 * The request itself is at fault (a form body over the size limit, a path that cannot be
 * canonicalized): the container answers with {@link #status()} instead of 500. An
 * {@link IllegalStateException}, as Jetty throws for an oversized form.
 */
public final class ClientErrorException extends IllegalStateException {

    private final int status;

    /** A failure answered with {@code status}, e.g. 400 or 413. */
    public ClientErrorException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The status code to answer with. */
    public int status() {
        return status;
    }
}
