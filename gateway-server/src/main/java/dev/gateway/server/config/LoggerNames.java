package dev.gateway.server.config;

/**
 * The server's logger names, for every package that logs (the logging setup in {@code log}
 * configures them; Gunicorn's are {@code gunicorn.error} and {@code gunicorn.access}).
 */
public final class LoggerNames {

    private LoggerNames() {
    }

    /** The parent of all of them. */
    public static final String GATEWAY = "gateway";
    /** The master's lifecycle: starting, listening, booting and exiting workers, signals. */
    public static final String ARBITER = "gateway.arbiter";
    /** One line per request (the access log). */
    public static final String ACCESS = "gateway.access";
    /** Errors from applications and connections. */
    public static final String ERROR = "gateway.error";
}
