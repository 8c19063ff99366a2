package dev.gateway.server.metrics;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

/**
 * Gunicorn's log counters: every warning is {@code log.warning}, every error {@code log.error}, or
 * {@code log.exception} when it carries a stack trace. A logback appender on the root logger, so it
 * counts whatever is logged, wherever the lines go.
 */
public final class LogMetrics extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final StatsD statsd;

    private LogMetrics(StatsD statsd) {
        this.statsd = statsd;
    }

    /** Starts counting; null when logback is not the slf4j backend. */
    public static LogMetrics install(StatsD statsd) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return null;
        }
        LogMetrics metrics = new LogMetrics(statsd);
        metrics.setContext(context);
        metrics.setName("gateway-statsd-log-metrics");
        metrics.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(metrics);
        return metrics;
    }

    @Override
    protected void append(ILoggingEvent event) {
        Level level = event.getLevel();
        if (level == Level.ERROR) {
            statsd.increment(event.getThrowableProxy() != null ? "log.exception" : "log.error");
        } else if (level == Level.WARN) {
            statsd.increment("log.warning");
        }
    }

    /** Stops counting. */
    @Override
    public void close() {
        ((LoggerContext) getContext()).getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(this);
        stop();
    }
}
