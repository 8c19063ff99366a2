package dev.gateway.server.log;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/** SIGUSR1: reopen the log files, so that logrotate can move them away (master and process workers alike). */
public final class LogFiles {

    private LogFiles() {
    }

    /** Stops and restarts every file appender (which reopens its file by name); returns how many. */
    public static int reopen() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return 0;
        }
        int reopened = 0;
        for (Logger logger : context.getLoggerList()) {
            for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
                if (it.next() instanceof FileAppender<ILoggingEvent> file) {
                    file.stop();
                    file.start();
                    reopened++;
                }
            }
        }
        return reopened;
    }
}
