package dev.gateway.servlet.deploy;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where {@code ServletContext.log} goes: java.util.logging, logger {@code dev.gateway.servlet} (the
 * module depends on no logging library). A context log line has no request, so it cannot go to a
 * request's {@code gateway.errors}; failures while serving a request are written to that request's
 * {@code gateway.errors} instead (see {@code ServletApplication}).
 */
final class ContextLog {

    private final Logger logger = Logger.getLogger("dev.gateway.servlet");
    private final String contextName;

    ContextLog(String contextName) {
        this.contextName = contextName;
    }

    void info(String message) {
        logger.logp(Level.INFO, "ServletContext", contextName, message);
    }

    void error(String message, Throwable failure) {
        logger.logp(Level.SEVERE, "ServletContext", contextName, message, failure);
    }
}
