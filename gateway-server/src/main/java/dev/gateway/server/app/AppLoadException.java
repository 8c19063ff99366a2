package dev.gateway.server.app;

/** The application could not be loaded; the message is one line naming what was missing and what was tried. */
public final class AppLoadException extends Exception {

    public AppLoadException(String message) {
        super(message);
    }

    public AppLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
