package dev.gateway.server.cli;

/** The command line is malformed: unknown flag, missing argument, missing APP. Its message is one line. */
public final class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
