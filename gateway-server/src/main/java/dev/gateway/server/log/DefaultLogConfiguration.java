package dev.gateway.server.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import dev.gateway.server.config.LoggerNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The server's logging when nobody chose another: Gunicorn-style error log lines on stderr,
 * {@code gateway} at INFO, Netty at WARN, java.util.logging's levels kept in step. It is what the
 * shipped {@code logback.xml} (this package's resource, the distribution's {@code conf/logback.xml})
 * says, built in code: reading XML was most of logback's start, about a tenth of a second of every
 * server's and every process worker's start (docs/performance.md, "Logging configured in code").
 *
 * <p>logback finds this class through its {@link Configurator} service and runs it before its own
 * discovery. It steps aside, and logback reads XML as it always does, when the JVM names a file
 * ({@code -Dlogback.configurationFile}) other than an unchanged copy of the shipped one, or when the
 * class path holds a {@code logback.xml} or {@code logback-test.xml}.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class DefaultLogConfiguration extends ContextAwareBase implements Configurator {

    /** Gunicorn's error log line, {@code [2026-11-22 15:30:00 +0000] [1234] [INFO] message}: the shipped file's pattern, with the pid in place. */
    static final String ERROR_PATTERN = "[%d{yyyy-MM-dd HH:mm:ss Z}] [" + ProcessHandle.current().pid() + "] [%level] %msg%n";

    /** The shipped file, beside this class. */
    public static final String SHIPPED = "logback.xml";

    /** logback's own properties that name a configuration file. */
    private static final String FILE_PROPERTY = "logback.configurationFile";
    private static final String MODEL_FILE_PROPERTY = "logback.scmoFile";

    /** Larger than any copy of the shipped file: a bigger one is not read to compare. */
    private static final long SHIPPED_SIZE_LIMIT = 16 * 1024;

    /** For logback's service loader. */
    public DefaultLogConfiguration() {
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (!applies(System.getProperty(FILE_PROPERTY), System.getProperty(MODEL_FILE_PROPERTY),
                DefaultLogConfiguration.class.getClassLoader())) {
            addInfo("A logging configuration is named or on the class path: logback reads it");
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        build(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * Whether logback's own discovery would find nothing but the shipped configuration: no file
     * named, or the named one an unchanged copy; no model file; none on the class path.
     */
    static boolean applies(String namedFile, String namedModel, ClassLoader loader) {
        if (namedFile != null) {
            return isUnchangedCopy(namedFile);
        }
        return namedModel == null && loader.getResource("logback-test.xml") == null && loader.getResource("logback.xml") == null;
    }

    /** True when {@code name} is a file path whose bytes are the shipped file's; a URL or a class path resource is not compared. */
    private static boolean isUnchangedCopy(String name) {
        try {
            Path file = Path.of(name);
            if (!Files.isRegularFile(file) || Files.size(file) > SHIPPED_SIZE_LIMIT) {
                return false;
            }
            try (InputStream shipped = DefaultLogConfiguration.class.getResourceAsStream(SHIPPED)) {
                return shipped != null && Arrays.equals(shipped.readAllBytes(), Files.readAllBytes(file));
            }
        } catch (InvalidPathException | IOException | SecurityException e) {
            return false; // logback reports what it makes of that name
        }
    }

    /** What the shipped file says, on {@code context}. */
    static void build(LoggerContext context) {
        keepJavaUtilLoggingLevelsInStep(context);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stderr(context));
        context.getLogger(LoggerNames.GATEWAY).setLevel(Level.INFO);
        context.getLogger("io.netty").setLevel(Level.WARN);
    }

    /** A java.util.logging record that logback would drop is then never built, then bridged. */
    private static void keepJavaUtilLoggingLevelsInStep(LoggerContext context) {
        LevelChangePropagator propagator = new LevelChangePropagator();
        propagator.setContext(context);
        propagator.setResetJUL(true);
        context.addListener(propagator);
        propagator.start();
    }

    private static ConsoleAppender<ILoggingEvent> stderr(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(ERROR_PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setName("STDERR");
        console.setContext(context);
        console.setTarget("System.err");
        console.setEncoder(encoder);
        console.start();
        return console;
    }
}
