package dev.gateway.spi.server;

/**
 * An application named by an {@link ApplicationSpec} could not be loaded. The message is one line that
 * names what was missing or what failed, fit for a log or a command line; the cause, when there is one,
 * is what the application's own code threw.
 */
public final class ApplicationLoadException extends Exception {

    /** A failure described by {@code message} alone. */
    public ApplicationLoadException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public ApplicationLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
