package dev.gateway.server.net;

import io.netty.channel.unix.Errors;
import java.io.IOException;

/**
 * A listener that could not be bound. {@link #retryable()} is true for the failures Gunicorn retries:
 * the address is in use (an old server still stopping) or not yet available (an interface still
 * coming up). Anything else (no permission, a bad path) will not change by waiting.
 */
public final class BindFailure extends IOException {

    /** EADDRINUSE and EADDRNOTAVAIL on Linux, as Netty's native transport reports them (negated). */
    private static final int ADDRESS_IN_USE = -98;
    private static final int ADDRESS_NOT_AVAILABLE = -99;

    private final boolean retryable;

    private BindFailure(String message, Throwable cause, boolean retryable) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** The failure to bind {@code address} that {@code cause} reports. */
    public static BindFailure of(BindAddress address, Throwable cause) {
        String reason = cause == null ? "unknown error" : cause.getMessage() == null ? cause.toString() : cause.getMessage();
        return new BindFailure("cannot bind " + address + ": " + reason, cause, isRetryable(cause));
    }

    /** A Unix socket path another live server answers on: in use, as a TCP port would be. */
    static BindFailure unixSocketInUse(java.nio.file.Path path) {
        return new BindFailure("cannot bind unix:" + path + ": a running server is listening on it", null, true);
    }

    /** Whether waiting may help: the address is in use or not available yet. */
    public boolean retryable() {
        return retryable;
    }

    private static boolean isRetryable(Throwable cause) {
        if (cause instanceof Errors.NativeIoException nativeError) {
            return nativeError.expectedErr() == ADDRESS_IN_USE || nativeError.expectedErr() == ADDRESS_NOT_AVAILABLE;
        }
        // NIO: the JDK reports both as BindException ("Address already in use", "Cannot assign requested address").
        return cause instanceof java.net.BindException;
    }
}
