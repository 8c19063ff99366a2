package dev.gateway.server.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import dev.gateway.server.config.Config;
import dev.gateway.server.config.ConfigException;
import dev.gateway.server.config.LoggerNames;
import dev.gateway.server.config.Settings;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import org.slf4j.helpers.SubstituteLoggerFactory;

/**
 * Logger names, and the {@code logconfig} and {@code loglevel} settings. The error log is the
 * {@code gateway} logger tree ({@code gateway.arbiter}, {@code gateway.error}, ...); logback's
 * configuration (the built-in one, {@link DefaultLogConfiguration}: Gunicorn-style lines on stderr;
 * or {@code --log-config}) decides where it goes.
 */
public final class Logging {

    private Logging() {
    }

    /** Open once logback's own start, begun by {@link #startEarly}, is over; null when nobody began it. */
    private static volatile CountDownLatch earlyStart;

    /**
     * Begins logback's own start (finding it through slf4j, building the built-in configuration:
     * about 0.1 s) on a second thread, while the main thread parses the command line, which logs
     * nothing; then runs {@code andThen} on that thread. {@link #awaitStart} (and {@link #apply})
     * waits for logback's part: until it is over, slf4j would hand out stand-in loggers, and record
     * and replay with a warning what they log. Whatever {@code andThen} logs goes to logback itself,
     * as the built-in configuration (or {@code -Dlogback.configurationFile}) has it: a
     * {@code --log-config} file is read later, in {@link #apply}.
     * Called first thing by the command-line server's {@code main} and by each process worker's, as
     * Spring Boot begins its slow initialisations in the background.
     */
    public static void startEarly(Runnable andThen) {
        CountDownLatch started = new CountDownLatch(1);
        earlyStart = started;
        Thread.ofPlatform().daemon().name("gateway-early-start").start(() -> {
            try {
                awaitSlf4j();
                started.countDown();
                andThen.run();
            } catch (RuntimeException | LinkageError e) {
                // The main thread meets the same failure where it needs the library, and reports it there.
            } finally {
                started.countDown();
            }
        });
    }

    /**
     * Starts slf4j and its backend on this thread, or waits for the thread that is starting them:
     * meanwhile slf4j answers every thread but that one with its stand-in factory, whose loggers
     * record what they are given and replay it, with a warning, once the start is over.
     */
    private static void awaitSlf4j() {
        while (LoggerFactory.getILoggerFactory() instanceof SubstituteLoggerFactory) {
            LockSupport.parkNanos(1_000_000);
        }
    }

    /**
     * Waits until logback's start, begun by {@link #startEarly}, is over (at once when nobody began
     * it). Call it before anything that may log: what is logged while logback starts goes to slf4j's
     * stand-in loggers, which replay it with a warning on stderr. Reading the settings is such a
     * thing: their address ranges are the first use of Netty's {@code NetUtil}, which logs as it
     * initialises.
     */
    public static void awaitStart() {
        CountDownLatch started = earlyStart;
        if (started == null) {
            return;
        }
        boolean interrupted = false;
        while (started.getCount() > 0) {
            try {
                started.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the running configuration came from a {@code logconfig} file (not logback's own discovery). */
    private static boolean fromFile;

    /**
     * Sets logback up from the settings: the {@code logconfig} file when one is given (read again on
     * each call, so a reload picks up its edits), else logback's own configuration (the built-in
     * one); then the level of the gateway's loggers from {@code loglevel} (with a file, only
     * when {@code loglevel} was given explicitly: otherwise the file decides). Does nothing when
     * logback is not the slf4j backend (an embedding application chose its own).
     *
     * <p>A file resets logback: whatever was attached in code must be attached again afterwards.
     *
     * @throws ConfigException when logback reports an error in the file; logging is then back to
     *                         logback's own configuration
     */
    public static void apply(Config config) {
        awaitStart();
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        bridgeJavaUtilLogging();
        String file = config.get(Settings.LOGCONFIG);
        if (!file.isEmpty()) {
            configure(context, Path.of(file));
            if (config.source(Settings.LOGLEVEL) == Config.Source.DEFAULT) {
                return;
            }
        } else if (fromFile) {
            configureAsAtStart(context);
        }
        setLevel(context, config.get(Settings.LOGLEVEL));
    }

    /**
     * Routes java.util.logging (Jersey, {@code ServletContext.log}, the JDK's own) through slf4j, once:
     * its records then get the server's format and files. The built-in configuration keeps JUL's levels
     * in step with logback's (LevelChangePropagator), so a disabled record costs nothing.
     */
    private static synchronized void bridgeJavaUtilLogging() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }

    /** Replaces the whole configuration with {@code file}'s. */
    private static void configure(LoggerContext context, Path file) {
        long started = System.currentTimeMillis();
        context.reset();
        fromFile = true;
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(file.toFile());
        } catch (JoranException e) {
            // Logback records the cause as an ERROR status too; it is reported below.
        }
        for (Status status : context.getStatusManager().getCopyOfStatusList()) {
            if (status.getLevel() == Status.ERROR && status.getTimestamp() >= started) {
                configureAsAtStart(context);
                Throwable cause = status.getThrowable();
                throw new ConfigException("invalid value for --log-config: " + file + ": " + status.getMessage()
                        + (cause == null ? "" : " (" + cause.getMessage() + ")"));
            }
        }
    }

    /** What logback does when the JVM starts: {@code -Dlogback.configurationFile}, else the built-in configuration. */
    private static void configureAsAtStart(LoggerContext context) {
        context.reset();
        fromFile = false;
        try {
            new ContextInitializer(context).autoConfig();
        } catch (JoranException e) {
            // It worked when this JVM started; if it no longer does, logback prints its own status.
        }
    }

    private static void setLevel(LoggerContext context, String loglevel) {
        Level level = switch (loglevel.toLowerCase(Locale.ROOT)) {
            case "debug" -> Level.DEBUG;
            case "warning" -> Level.WARN;
            case "error", "critical" -> Level.ERROR;
            default -> Level.INFO;
        };
        Logger gateway = context.getLogger(LoggerNames.GATEWAY);
        gateway.setLevel(level);
    }
}
