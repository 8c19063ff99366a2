package dev.gateway.servlet;

/**
 * The web application could not be started: an initializer, a listener, a filter's {@code init} or a
 * load-on-startup servlet's {@code init} failed. What was started is stopped again before this is thrown.
 */
public final class DeploymentException extends RuntimeException {

    DeploymentException(String message, Throwable cause) {
        super(message, cause);
    }
}
