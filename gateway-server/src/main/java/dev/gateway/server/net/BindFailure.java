package dev.gateway.server.net;

import dev.gateway.server.config.BindAddress;
import io.netty.channel.unix.Errors;
import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.regex.Pattern;

/**
 * A listener that could not be bound. {@link #retryable()} is true for the failures Gunicorn retries:
 * the address is in use (an old server still stopping) or not yet available (an interface still
 * coming up). Anything else (no permission, a bad path) will not change by waiting.
 */
public final class BindFailure extends IOException {

    /** EADDRINUSE and EADDRNOTAVAIL on Linux, as Netty's native transport reports them (negated). */
    private static final int ADDRESS_IN_USE = -98;
    private static final int ADDRESS_NOT_AVAILABLE = -99;

    /** Netty's native prefix to the system's words: {@code bind(..) failed with error(-98): }. */
    private static final Pattern NATIVE_PREFIX = Pattern.compile("^\\w+\\(\\.\\.\\) failed with error\\(-?\\d+\\): ");

    private final BindAddress address;
    private final String reason;
    private final boolean retryable;

    private BindFailure(BindAddress address, String reason, Throwable cause, boolean retryable) {
        super("cannot bind " + address + ": " + reason, cause);
        this.address = address;
        this.reason = reason;
        this.retryable = retryable;
    }

    /** The failure to bind {@code address} that {@code cause} reports. */
    public static BindFailure of(BindAddress address, Throwable cause) {
        String hint = address instanceof BindAddress.Tcp tcp ? tcp.hint() : "";
        // A bare number was surely meant as a port: no waiting makes it an address of this machine.
        return new BindFailure(address, reason(cause) + hint, cause, isRetryable(cause) && hint.isEmpty());
    }

    /** A Unix socket path another live server answers on: in use, as a TCP port would be. */
    static BindFailure unixSocketInUse(java.nio.file.Path path) {
        return new BindFailure(new BindAddress.Unix(path), "a running server is listening on it", null, true);
    }

    /** The address that could not be bound. */
    public BindAddress address() {
        return address;
    }

    /** Why, in the system's words ({@code Address already in use}), with a hint where one helps. */
    public String reason() {
        return reason;
    }

    /** Whether waiting may help: the address is in use or not available yet. */
    public boolean retryable() {
        return retryable;
    }

    private static String reason(Throwable cause) {
        if (cause == null) {
            return "unknown error";
        }
        if (cause instanceof UnresolvedAddressException || cause instanceof UnknownHostException) {
            return "unknown host";
        }
        return cause.getMessage() == null ? cause.toString() : NATIVE_PREFIX.matcher(cause.getMessage()).replaceFirst("");
    }

    private static boolean isRetryable(Throwable cause) {
        if (cause instanceof Errors.NativeIoException nativeError) {
            return nativeError.expectedErr() == ADDRESS_IN_USE || nativeError.expectedErr() == ADDRESS_NOT_AVAILABLE;
        }
        // NIO: the JDK reports both as BindException ("Address already in use", "Cannot assign requested address").
        return cause instanceof java.net.BindException;
    }
}
