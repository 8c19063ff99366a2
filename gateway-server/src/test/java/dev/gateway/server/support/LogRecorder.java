package dev.gateway.server.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/** Records what one logger (and its children) logs while a test runs, instead of printing it. */
public final class LogRecorder implements AutoCloseable {

    /** One recorded line. */
    public record Line(Level level, String message, Throwable error) {
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            Throwable error = event.getThrowableProxy() instanceof ch.qos.logback.classic.spi.ThrowableProxy proxy
                    ? proxy.getThrowable() : null;
            lines.add(new Line(event.getLevel(), event.getFormattedMessage(), error));
        }
    };
    private final Logger logger;
    private final boolean wasAdditive;
    private final Level previousLevel;

    public LogRecorder(String loggerName) {
        this(loggerName, null);
    }

    /**
     * Records from {@code level} on (the test configuration keeps the arbiter's INFO lines out), or
     * at the configured level when null; the level is restored on {@link #close}.
     */
    public LogRecorder(String loggerName, Level level) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        logger = context.getLogger(loggerName);
        previousLevel = logger.getLevel();
        if (level != null) {
            logger.setLevel(level);
        }
        appender.setContext(context);
        appender.start();
        logger.addAppender(appender);
        wasAdditive = logger.isAdditive();
        logger.setAdditive(false);
    }

    /** Everything recorded so far. */
    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** The recorded lines at ERROR whose message contains {@code text}. */
    public List<Line> errorsMentioning(String text) {
        return lines.stream().filter(l -> l.level() == Level.ERROR && l.message().contains(text)).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setAdditive(wasAdditive);
        logger.setLevel(previousLevel);
        appender.stop();
    }
}
