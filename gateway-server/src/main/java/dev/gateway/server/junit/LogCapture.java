package dev.gateway.server.junit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import dev.gateway.server.config.LoggerNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Collects the gateway's log lines (the {@code gateway} logger tree) in memory while a test runs, so
 * they can be printed when it fails and dropped when it passes. Does nothing when logback is not the
 * logging backend.
 */
final class LogCapture {

    private final List<String> lines = new ArrayList<>();
    private boolean wasAdditive = true;
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            String line = "[" + Instant.ofEpochMilli(event.getTimeStamp()) + "] [" + event.getThreadName() + "] ["
                    + event.getLevel() + "] " + event.getFormattedMessage();
            if (event.getThrowableProxy() != null) {
                line += System.lineSeparator() + ThrowableProxyUtil.asString(event.getThrowableProxy());
            }
            synchronized (lines) {
                lines.add(line);
            }
        }
    };

    void start() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            appender.setContext(context);
            appender.start();
            Logger logger = context.getLogger(LoggerNames.GATEWAY);
            logger.addAppender(appender);
            // The lines go to the capture only, so a passing test prints nothing.
            wasAdditive = logger.isAdditive();
            logger.setAdditive(false);
        }
    }

    void stop() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            Logger logger = context.getLogger(LoggerNames.GATEWAY);
            logger.detachAppender(appender);
            logger.setAdditive(wasAdditive);
            appender.stop();
        }
    }

    void clear() {
        synchronized (lines) {
            lines.clear();
        }
    }

    /** Prints what was captured to stderr, under a heading naming the failed test. */
    void print(String testName) {
        synchronized (lines) {
            if (lines.isEmpty()) {
                return;
            }
            System.err.println("---- gateway log for failed test " + testName + " ----");
            lines.forEach(System.err::println);
            System.err.println("---- end of gateway log ----");
        }
    }
}
