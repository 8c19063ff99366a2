package dev.gateway.server.arbiter;

/**
 * The master's exit statuses: a protocol for whoever runs it (systemd, a shell script, a test).
 * Documented in docs/settings.md. The distinct boot and load codes let the master halt instead of
 * respawning workers in a loop, as Gunicorn's do.
 */
public final class ExitCodes {

    private ExitCodes() {
    }

    /** Clean stop. */
    public static final int OK = 0;
    /** Unexpected failure, or a listener could not be bound. */
    public static final int ERROR = 1;
    /** Bad command line: unknown flag, missing APP. */
    public static final int USAGE = 2;
    /** A worker failed to boot (Gunicorn's WORKER_BOOT_ERROR). */
    public static final int WORKER_BOOT_ERROR = 3;
    /** The application could not be loaded (Gunicorn's APP_LOAD_ERROR). */
    public static final int APP_LOAD_ERROR = 4;
    /** A setting has a bad value, or the config file is unreadable or names an unknown setting. */
    public static final int CONFIG_ERROR = 5;
}
