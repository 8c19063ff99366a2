package dev.gateway.server.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Collects Netty's leak reports ({@code LEAK: ByteBuf.release() was not called ...}), which Netty logs
 * at ERROR through {@code io.netty.util.ResourceLeakDetector}. Surefire runs with the detector at
 * paranoid level, so every buffer is tracked; a test fails when {@link #reports()} is not empty.
 */
public final class LeakWatcher implements AutoCloseable {

    private static final String LOGGER = "io.netty.util.ResourceLeakDetector";

    private final List<String> reports = new CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            reports.add(event.getFormattedMessage());
        }
    };
    private final Logger logger;

    public LeakWatcher() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        logger = context.getLogger(LOGGER);
        appender.setContext(context);
        appender.start();
        logger.addAppender(appender);
        // Reports go to the test's assertion message, not to the console as well.
        logger.setAdditive(false);
    }

    /** Asks the JVM to collect garbage so that leaked buffers become visible to the detector. */
    public static void collectGarbage() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
    }

    /** The leak reports seen so far. */
    public List<String> reports() {
        return List.copyOf(reports);
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setAdditive(true);
        appender.stop();
    }
}
