package dev.gateway.server.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Logger names and the {@code loglevel} setting. The error log is the {@code gateway} logger tree
 * ({@code gateway.arbiter}, {@code gateway.error}, ...); logback's configuration decides where it
 * goes (stderr, Gunicorn-style lines, by default).
 */
public final class Logging {

    private Logging() {
    }

    /** The master's lifecycle: starting, listening, booting and exiting workers, signals. */
    public static final String ARBITER = "gateway.arbiter";
    /** One line per request (the access log); see {@link AccessLog}. */
    public static final String ACCESS = "gateway.access";
    /** Errors from applications and connections. */
    public static final String ERROR = "gateway.error";

    /**
     * Sets the level of the gateway's loggers from a {@code loglevel} value ({@code debug},
     * {@code info}, {@code warning}, {@code error}, {@code critical}). Does nothing when logback is not
     * the slf4j backend (an embedding application chose its own).
     */
    public static void setLevel(String loglevel) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Level level = switch (loglevel.toLowerCase(Locale.ROOT)) {
            case "debug" -> Level.DEBUG;
            case "warning" -> Level.WARN;
            case "error", "critical" -> Level.ERROR;
            default -> Level.INFO;
        };
        Logger gateway = context.getLogger("gateway");
        gateway.setLevel(level);
    }
}
