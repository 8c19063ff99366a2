package dev.gateway.server.cli;

/** The command line is malformed: unknown flag, missing argument, missing APP. Its message is one line. */
public final class UsageException extends RuntimeException {

    private final boolean pointsToHelp;

    public UsageException(String message) {
        this(message, true);
    }

    /** @param pointsToHelp whether {@code --help} would help; false when the message names a doc of its own */
    public UsageException(String message, boolean pointsToHelp) {
        super(message);
        this.pointsToHelp = pointsToHelp;
    }

    /** Whether the error should be followed by "Try 'gateway --help'". */
    public boolean pointsToHelp() {
        return pointsToHelp;
    }
}
